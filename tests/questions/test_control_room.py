"""The questions panel of the control room: approved questions newest first (filter unanswered),
"正在回答" shown on the live page, the live answer recorded against the question, with htmx
and without JavaScript."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.live.models import LiveEvent
from gongkai.questions import services
from gongkai.questions.models import Question
from tests.conftest import ALL_PERSONAS


@pytest.fixture
def asked(interview, personas):
    """Three approved questions (the second the newest), one pending."""
    now = timezone.now()
    made = []
    for i, (text, minutes) in enumerate(
        [("请问补贴何时发放？", 30), ("农机购置有补贴吗？", 5), ("高标准农田建在哪里？", 20)]
    ):
        q, _ = services.ask_question(interview, nickname=f"网友{i}", text=text, kind="consult")
        Question.objects.filter(pk=q.pk).update(asked_at=now - dt.timedelta(minutes=minutes))
        services.approve_question(q, by=personas["service_center"])
        made.append(Question.objects.get(pk=q.pk))
    services.ask_question(interview, nickname="待审", text="还没审核的问题", kind="consult")
    return made


def control(interview) -> str:
    return f"/interviews/staff/{interview.pk}/control/"


def test_panel_lists_approved_questions_newest_first(client_as, interview, asked):
    html = client_as("service_center").get(control(interview)).content.decode()
    assert 'id="control-questions"' in html
    newest, middle, oldest = (
        html.index("农机购置有补贴吗？"),
        html.index("高标准农田建在哪里？"),
        html.index("请问补贴何时发放？"),
    )
    assert newest < middle < oldest
    assert "还没审核的问题" not in html  # only approved questions


def test_filter_unanswered_without_javascript_and_with_htmx(client_as, interview, asked):
    client = client_as("service_center")
    services.answer_question(
        asked[1], by=None, text="有的。", speaker="局长", mode="live", publish_now=True
    )
    html = client.get(control(interview) + "?questions=unanswered").content.decode()
    assert "农机购置有补贴吗？" not in html and "请问补贴何时发放？" in html
    fragment = client.get(
        f"/questions/staff/interview/{interview.pk}/control/?questions=unanswered",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert fragment.startswith("<section") and "农机购置有补贴吗？" not in fragment
    assert "请问补贴何时发放？" in fragment
    everything = client.get(control(interview)).content.decode()
    assert "农机购置有补贴吗？" in everything and "有的。" in everything


def test_mark_answering_shows_on_the_live_page(client, client_as, interview, asked):
    staff = client_as("service_center")
    first, second = asked[0], asked[1]
    url = f"/questions/staff/interview/{interview.pk}/control/{first.pk}/answering/"
    response = staff.post(url)  # no JavaScript: back to the control room
    assert response.status_code == 302
    assert response["Location"].startswith(control(interview))
    public = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f'id="answering-{interview.pk}"' in public
    assert "正在回答" in public and "请问补贴何时发放？" in public
    event = LiveEvent.objects.filter(type="question.answering").latest("id")
    assert event.payload["question_id"] == first.pk
    assert event.payload["key"] == f"answering-{interview.pk}-now"

    # One at a time: marking another clears the first (htmx: the panel comes back).
    fragment = staff.post(
        f"/questions/staff/interview/{interview.pk}/control/{second.pk}/answering/",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert fragment.startswith("<section")
    assert list(Question.objects.filter(answering_at__isnull=False)) == [second]


def test_live_answer_is_published_and_clears_the_mark(client, client_as, interview, asked):
    staff = client_as("service_center")
    question = asked[0]
    staff.post(f"/questions/staff/interview/{interview.pk}/control/{question.pk}/answering/")
    fragment = staff.post(
        f"/questions/staff/interview/{interview.pk}/control/{question.pk}/answer/",
        {"speaker": "局长王建军", "text": "本月底前发放到户。"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "本月底前发放到户。" in fragment and "现场答复" in fragment
    answer = Question.objects.get(pk=question.pk).answer
    assert answer.mode == "live" and answer.published_at is not None
    assert Question.objects.get(pk=question.pk).answering_at is None
    cleared = LiveEvent.objects.filter(type="question.answering").latest("id")
    assert cleared.payload["question_id"] == 0
    answered = LiveEvent.objects.filter(type="question.answered").latest("id")
    assert "本月底前发放到户。" in answered.payload["html"]
    public = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "本月底前发放到户。" in public


def test_empty_answer_is_refused_with_a_message(client_as, interview, asked):
    fragment = (
        client_as("service_center")
        .post(
            f"/questions/staff/interview/{interview.pk}/control/{asked[0].pk}/answer/",
            {"speaker": "局长", "text": ""},
            HTTP_HX_REQUEST="true",
        )
        .content.decode()
    )
    assert "请填写" in fragment
    assert not Question.objects.filter(pk=asked[0].pk, answer__isnull=False).exists()


def test_clear_answering(client, client_as, interview, asked):
    staff = client_as("service_center")
    staff.post(f"/questions/staff/interview/{interview.pk}/control/{asked[0].pk}/answering/")
    staff.post(f"/questions/staff/interview/{interview.pk}/control/answering/clear/")
    assert not Question.objects.filter(answering_at__isnull=False).exists()
    public = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert "正在回答" not in public


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_panel_actions_are_for_reviewers_only(client_as, persona, interview, asked):
    response = client_as(persona).post(
        f"/questions/staff/interview/{interview.pk}/control/{asked[0].pk}/answering/"
    )
    marked = Question.objects.filter(answering_at__isnull=False).exists()
    if persona in ("county_office", "service_center"):
        assert response.status_code == 302 and marked
    else:
        assert response.status_code in (302, 403) and not marked
        if persona is None:
            assert "/accounts/login/" in response["Location"]


def test_media_center_control_room_has_no_questions_panel(client_as, interview, asked):
    html = client_as("media_center").get(control(interview)).content.decode()
    assert "Live text" in html or "文字直播" in html
    assert 'id="control-questions"' not in html


def test_panel_query_count_is_constant(client_as, interview, asked):
    client = client_as("service_center")
    url = f"/questions/staff/interview/{interview.pk}/control/"
    client.get(url, HTTP_HX_REQUEST="true")  # warm up: the session's first write
    with CaptureQueriesContext(connection) as few:
        client.get(url, HTTP_HX_REQUEST="true")
    for i in range(5):
        q, _ = services.ask_question(interview, nickname=f"多{i}", text=f"问题{i}", kind="consult")
        services.approve_question(q, by=None)
        services.answer_question(
            q, by=None, text="答", speaker="局长", mode="live", publish_now=True
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url, HTTP_HX_REQUEST="true")
    assert len(few) > 0
    assert len(many) == len(few)
