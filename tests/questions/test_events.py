"""Schema tests for every live event this app publishes (contract in gongkai/live/services.py)."""

import pytest

from gongkai.live import events
from gongkai.live.models import LiveEvent
from gongkai.questions import services

BASE_KEYS = {"target", "key", "mode", "html", "question_id"}


def _events(interview, type_):
    return list(LiveEvent.objects.filter(channel=interview.channel, type=type_))


def _check_base(event, question, mode):
    payload = event.payload
    events.check(event.type, payload)  # exactly the registry's schema for this type
    assert BASE_KEYS <= set(payload)
    assert payload["target"] == f"questions-{question.interview_id}"
    assert payload["key"] == f"question-{question.pk}"
    assert payload["mode"] == mode
    assert payload["question_id"] == question.pk
    assert isinstance(payload["html"], str)
    message = event.as_message()
    assert set(message) == {"id", "channel", "type", "payload"}
    assert message["channel"] == f"interview-{question.interview_id}"


@pytest.fixture
def approved(interview, personas):
    question, _ = services.ask_question(
        interview, nickname="网友乙", text="<b>路灯</b>什么时候修？", kind="consult"
    )
    services.approve_question(question, by=personas["service_center"])
    return question


def test_event_question_approved_schema(interview, approved):
    (event,) = _events(interview, "question.approved")
    _check_base(event, approved, "append")
    html = event.payload["html"]
    assert html.startswith(f'<li id="question-{approved.pk}"')
    assert "&lt;b&gt;路灯&lt;/b&gt;" in html  # escaped, never raw
    assert "网友乙" in html


def test_event_question_answered_schema(interview, approved, personas):
    services.answer_question(
        approved,
        by=personas["service_center"],
        text="下周修好",
        speaker="镇长",
        mode="live",
        publish_now=True,
    )
    (event,) = _events(interview, "question.answered")
    _check_base(event, approved, "replace")
    assert event.payload["answer_mode"] in {"live", "written"}
    assert "下周修好" in event.payload["html"]


def test_event_question_updated_schema(interview, approved, personas):
    services.correct_question(approved, by=personas["service_center"], text="路灯什么时候修好？")
    (event,) = _events(interview, "question.updated")
    _check_base(event, approved, "replace")
    assert "路灯什么时候修好？" in event.payload["html"]


def test_event_question_removed_schema(interview, approved, personas):
    services.reject_question(approved, by=personas["service_center"], reason="duplicate")
    (event,) = _events(interview, "question.removed")
    _check_base(event, approved, "remove")
    assert event.payload["html"] == ""


def test_event_not_published_for_pending_or_private(interview, personas):
    pending, _ = services.ask_question(interview, nickname="a", text="问题一二三", kind="consult")
    private, _ = services.ask_question(
        interview, nickname="b", text="问题四五六", kind="consult", is_public=False
    )
    services.correct_question(pending, by=personas["service_center"], text="问题一二三四")
    services.approve_question(private, by=personas["service_center"])
    services.answer_question(
        private,
        by=personas["service_center"],
        text="x",
        speaker="y",
        mode="written",
        publish_now=True,
    )
    assert LiveEvent.objects.filter(channel=interview.channel).count() == 0
