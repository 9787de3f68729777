"""A netizen's phone is kept only for the retention period (gongkai purge_personal_data)."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils import timezone

from gongkai.questions import services
from gongkai.questions.models import Question


def test_old_phones_are_blanked_questions_and_counts_stay(interview, settings):
    settings.GONGKAI_PERSONAL_DATA_RETENTION_DAYS = 365
    old, _ = services.ask_question(
        interview,
        nickname="老网友",
        text="去年的问题",
        kind="consult",
        phone="13800000001",
        now=timezone.now() - dt.timedelta(days=400),
    )
    recent, _ = services.ask_question(
        interview, nickname="新网友", text="今年的问题", kind="consult", phone="13800000002"
    )
    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    assert "questions.Question: 1 rows blanked" in out.getvalue()
    assert Question.objects.count() == 2
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.phone_encrypted, old.text, old.nickname) == ("", "去年的问题", "老网友")
    assert recent.phone_encrypted == "13800000002"
