"""What was taken back never comes back on a replay (pen-test issue 11, item 2): a reconnecting
viewer (``Last-Event-ID: 0``) must not receive a deleted feed line, a rejected or merged
question, the text of a question from before a moderator's correction, nor any payload after
the retention period. The moderator acts through the staff pages (Django test client), the
viewer through the ``/live/`` endpoint."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from gongkai.interviews import services as interview_services
from gongkai.interviews.models import Interview, SpeakerKind
from gongkai.live.models import LiveEvent
from gongkai.questions import services as question_services
from tests.fixtures.data import agriculture_interview
from tests.live.helpers import Stream, parse_frames, run

pytestmark = pytest.mark.django_db(transaction=True)

ID_NUMBER = "610826199001011234"
PHONE = "13912345678"
ASKED = f"我的身份证{ID_NUMBER}，电话{PHONE}，补贴何时到账？"
REDACTED = "我的补贴何时到账？"


@pytest.fixture
def interview(programme) -> Interview:
    return agriculture_interview(programme)


def replay_from_zero(channel: str) -> str:
    """Everything a viewer reconnecting with ``Last-Event-ID: 0`` receives (the whole text)."""
    newest = LiveEvent.objects.filter(channel=channel).latest("id").pk

    async def scenario():
        stream = Stream(f"/live/{channel}/", headers=[("Last-Event-ID", "0")])
        await stream.wait_for(lambda s: any(int(e["id"]) == newest for e in s.events()))
        await stream.disconnect()
        return stream.text

    return run(scenario())


def removals(text: str) -> set[str]:
    """The element ids the replayed events remove from the page."""
    frames = [f for f in parse_frames(text) if "data" in f]
    return {d["key"] for d in map(json.loads, (f["data"] for f in frames)) if d["mode"] == "remove"}


def approved_question(interview: Interview, personas, text: str = ASKED):
    question, _ = question_services.ask_question(
        interview, nickname="网友甲", text=text, kind="consult"
    )
    question_services.approve_question(question, by=personas["service_center"])
    return question


def test_replay_returns_the_corrected_text_only(interview, personas, client_as):
    question = approved_question(interview, personas)
    question_services.answer_question(
        question,
        by=personas["service_center"],
        text="本月底前发放。",
        speaker="局长",
        mode="live",
        publish_now=True,
    )
    response = client_as("service_center").post(
        reverse("questions:question-correct", args=[question.pk]), {"text": REDACTED}
    )
    assert response.status_code == 302

    text = replay_from_zero(interview.channel)
    assert ID_NUMBER not in text and PHONE not in text
    assert REDACTED in text and "本月底前发放。" in text
    assert "question.updated" in text


def test_replay_returns_nothing_of_a_rejected_question(interview, personas, client_as):
    question = approved_question(interview, personas)
    response = client_as("service_center").post(
        reverse("questions:question-reject", args=[question.pk]),
        {"reason": "duplicate", "confirmed": "1"},
    )
    assert response.status_code == 302

    text = replay_from_zero(interview.channel)
    assert ID_NUMBER not in text and "补贴何时到账" not in text
    assert removals(text) == {f"question-{question.pk}"}


def test_replay_returns_nothing_of_a_merged_duplicate(interview, personas):
    kept = approved_question(interview, personas, text="补贴什么时候发放？")
    duplicate = approved_question(interview, personas)
    question_services.merge_questions(duplicate, into=kept, by=personas["service_center"])

    text = replay_from_zero(interview.channel)
    assert ID_NUMBER not in text and "补贴什么时候发放？" in text


def test_replay_returns_nothing_of_a_deleted_feed_line(interview, personas, client_as):
    line = interview_services.add_feed_line(
        interview,
        speaker_kind=SpeakerKind.HOST,
        speaker_name="",
        text="打错了的一行，含电话13912345678",
        by=personas["media_center"],
    )
    response = client_as("media_center").post(
        reverse("interviews:feed-remove", args=[interview.pk, line.pk]), {"confirmed": "1"}
    )
    assert response.status_code in (200, 302)

    text = replay_from_zero(interview.channel)
    assert "打错了的一行" not in text and PHONE not in text
    assert removals(text) == {f"feed-line-{line.pk}"}


def test_live_events_follow_the_personal_data_retention(interview, personas, settings):
    settings.GONGKAI_PERSONAL_DATA_RETENTION_DAYS = 730
    approved_question(interview, personas)
    fresh = approved_question(interview, personas, text="新问题：路灯何时修好？")
    old = timezone.now() - dt.timedelta(days=731)
    LiveEvent.objects.exclude(payload__question_id=fresh.pk).update(created_at=old)

    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    text = replay_from_zero(interview.channel)
    assert ID_NUMBER not in text
    assert "路灯何时修好" in text  # within the period: kept
