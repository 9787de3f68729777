"""Question and answer dates show their year when it is not the current one, localised
(issue 14.6; the format itself: tests/lib/test_datefilters.py)."""

import datetime as dt

from gongkai.interviews.models import InterviewStatus
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.questions import services


def test_archived_question_and_answer_dates_show_their_year(
    client, make_interview, personas, settings
):
    interview = make_interview(InterviewStatus.LIVE)
    question, _ = services.ask_question(
        interview, nickname="网友", text="去年的问题", kind="consult", phone="13900000000"
    )
    question.asked_at = dt.datetime(2023, 5, 8, 9, 15, tzinfo=COUNTY_TZ)
    question.save(update_fields=["asked_at"])
    services.approve_question(question, by=personas["service_center"])
    html = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "2023年5月8日 09:15" in html and "05-08" not in html
    english = client.get(f"/interviews/{interview.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    page = english.content.decode()
    assert "8 May 2023 09:15" in page and "2023年5月8日" not in page
