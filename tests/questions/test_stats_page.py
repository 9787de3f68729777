"""The one 互动数据 page (issue 14.7): the figures, then per unit (with charts), per interview and
the reply-time spread; /questions/stats/ leads there. Numbers worked out by hand."""

import datetime as dt
import re

from gongkai.interviews.models import InterviewStatus
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.questions import services
from gongkai.questions.models import Answer

T = dt.datetime(2023, 5, 8, 9, 0, tzinfo=COUNTY_TZ)


def _answered(interview, personas, after: dt.timedelta, rating=None):
    question, _ = services.ask_question(interview, nickname="网友", text="问题内容", kind="consult")
    services.approve_question(question, by=personas["service_center"])
    services.answer_question(
        question,
        by=personas["service_center"],
        text="答复",
        speaker="局长",
        mode="written",
        publish_now=True,
    )
    question.asked_at = T
    question.save(update_fields=["asked_at"])
    Answer.objects.filter(question=question).update(published_at=T + after)
    if rating:
        services.rate_answer(question, satisfaction=rating)
    return question


def test_data_page_breaks_down_by_unit_interview_and_reply_time(client, make_interview, personas):
    """县农业农村局: two answers after 0.5 and 2.5 days (average 1.5), rated 5 and 3 (4.0);
    镇靖镇: one after 6 days and one approved, unanswered (completion 50 %). Overall average
    (0.5 + 2.5 + 6) / 3 = 3.0 days; spread: ≤1 day 1, 1–3 days 1, 5–10 days 1."""
    agri = make_interview(InterviewStatus.LIVE, topic="农业访谈")
    town = make_interview(InterviewStatus.LIVE, topic="镇访谈", unit="镇靖镇")
    _answered(agri, personas, dt.timedelta(hours=12), rating=5)
    _answered(agri, personas, dt.timedelta(days=2, hours=12), rating=3)
    _answered(town, personas, dt.timedelta(days=6))
    waiting, _ = services.ask_question(town, nickname="网友", text="还在等", kind="consult")
    services.approve_question(waiting, by=personas["service_center"])

    page = client.get("/data/").content.decode()
    by_unit = page.split('id="stats-by-unit"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th>((?:<td>[^<]*</td>)+)</tr>", by_unit)
    cells = {name: re.findall(r"<td>([^<]*)</td>", tds) for name, tds in rows}
    assert cells["县农业农村局"] == ["2", "2", "2", "100.0%", "100.0%", "1.5", "4.0"]
    assert cells["镇靖镇"] == ["2", "2", "1", "50.0%", "100.0%", "6.0", "–"]
    assert "农业访谈" in page.split('id="stats-by-interview"')[1]
    assert "留言从收到到答复公开，平均用时 3.0 天。" in page
    spread = page.split('id="reply-time-buckets"')[1].split("</table>")[0]
    assert re.findall(r"<td class=\"bar-value\">([^<]+)</td>", spread) == [
        "1（33.3%）",
        "1（33.3%）",
        "0（0.0%）",
        "1（33.3%）",
        "0（0.0%）",
    ]
    # The chart of average reply time: the longest (镇靖镇, 6.0) is the full bar.
    chart = page.split('id="chart-reply_days"')[1].split("</figure>")[0]
    assert re.findall(r'<rect width="([\d.]+)"', chart) == ["25.0", "100.0"]
    for key in ("questions", "reply_rate", "satisfaction"):
        assert f'id="chart-{key}"' in page


def test_old_statistics_address_leads_to_the_one_page(client, programme):
    response = client.get("/questions/stats/")
    assert response.status_code == 301 and response["Location"] == "/data/"


def test_menu_names_the_one_page(client, programme):
    page = client.get("/").content.decode()
    assert '<a href="/data/"' in page and "/questions/stats/" not in page
