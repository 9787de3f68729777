"""同问 (+1): once per browser per published, unanswered question; the count on the item for
everyone (live event); refused from another site, past the rate limit, once answered."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.live.models import LiveEvent
from gongkai.questions import metoo, services
from gongkai.questions.models import Answer, MeToo
from tests.fixtures.pages import not_found, shows

SAME = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def approved(interview, personas):
    question, _code = services.ask_question(
        interview, nickname="网友乙", text="农机补贴什么时候发？", kind="consult"
    )
    services.approve_question(question, by=personas["service_center"])
    return question


def _post(client, question, **extra):
    return client.post(f"/questions/{question.pk}/metoo/", **(SAME | extra))


def test_one_me_too_per_browser_and_the_page_shows_the_count(client, approved, interview):
    response = _post(client, approved, HTTP_REFERER=f"http://testserver/interviews/{interview.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/interviews/{interview.pk}/#question-{approved.pk}"
    assert client.cookies[metoo.COOKIE].value  # the browser's random token
    _post(client, approved)  # the same browser again: not counted twice
    approved.refresh_from_db()
    assert approved.metoo_count == 1 and MeToo.objects.count() == 1
    assert metoo.COOKIE not in str(MeToo.objects.get().voter)  # only a keyed hash is stored
    other = client.__class__()
    _post(other, approved)
    approved.refresh_from_db()
    assert approved.metoo_count == 2
    page = client.get(f"/questions/interview/{interview.pk}/")
    assert shows(page, "2 人同问", "同问")


def test_fetch_gets_the_fresh_item_and_the_live_event_carries_the_count(client, approved):
    response = _post(client, approved, HTTP_X_REQUESTED_WITH="fetch")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith(f'<li id="question-{approved.pk}"')
    assert "1 人同问" in html
    (event,) = LiveEvent.objects.filter(type="question.metoo")
    assert event.payload["count"] == 1 and "1 人同问" in event.payload["html"]


def test_refused_from_another_site_or_without_origin(client, approved):
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        response = client.post(f"/questions/{approved.pk}/metoo/", **headers)
        assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.metoo_count == 0


def test_pending_private_or_merged_questions_are_not_found(client, interview, approved, personas):
    pending, _code = services.ask_question(
        interview, nickname="丙", text="待审问题", kind="consult"
    )
    assert not_found(_post(client, pending))
    private, _code = services.ask_question(
        interview, nickname="丁", text="私密问题", kind="consult", is_public=False
    )
    services.approve_question(private, by=personas["service_center"])
    assert not_found(_post(client, private))


def test_answered_question_says_read_the_answer(client, approved):
    Answer.objects.create(
        question=approved,
        mode="live",
        speaker="局长",
        text="9月底前发放。",
        published_at=timezone.now(),
    )
    response = _post(client, approved, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 409 and "已经答复" in response.content.decode()
    approved.refresh_from_db()
    assert approved.metoo_count == 0


def test_rate_limited_per_address(client, approved, monkeypatch):
    from gongkai.questions.views import metoo as view

    monkeypatch.setattr(view, "LIMIT", (2, 3600))
    codes = [
        _post(client.__class__(), approved, HTTP_X_REQUESTED_WITH="fetch").status_code
        for _ in range(3)
    ]
    assert codes == [200, 200, 429]
