"""Every type in the live-event registry has a schema test: each is produced here by the real
service that publishes it, and the stored payload must be exactly the registry's schema. A type
registered without a producer below fails ``test_every_registered_type_has_a_schema_test``."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.urls import reverse

from gongkai.interviews import services as interviews
from gongkai.interviews.models import InterviewStatus, SpeakerKind
from gongkai.live import events
from gongkai.live.models import LiveEvent
from gongkai.questions import control_room
from gongkai.questions import services as questions
from tests.fixtures.data import agriculture_interview
from tests.fixtures.pages import not_found
from tests.interviews.conftest import png_upload


def _line(ctx):
    return interviews.add_feed_line(
        ctx["interview"],
        speaker_kind=SpeakerKind.GUEST,
        speaker_name="王建军",
        text="谢谢大家。",
        by=ctx["personas"]["media_center"],
    )


def _question(ctx):
    question, _code = questions.ask_question(
        ctx["interview"], nickname="网友甲", text="路灯什么时候修？", kind="consult"
    )
    questions.approve_question(question, by=ctx["personas"]["service_center"])
    return question


def _answered(ctx):
    questions.answer_question(
        _question(ctx),
        by=ctx["personas"]["service_center"],
        text="下周修好",
        speaker="镇长",
        mode="live",
        publish_now=True,
    )


PRODUCERS: dict[str, Callable[[dict], object]] = {
    "feed.line": _line,
    "feed.removed": lambda ctx: interviews.remove_feed_line(_line(ctx), by=None),
    "photo.added": lambda ctx: interviews.add_photo(
        ctx["interview"], image=png_upload(), caption="访谈现场", by=None
    ),
    "interview.status": lambda ctx: interviews.set_status(
        ctx["interview"], status=InterviewStatus.PREVIEW, by=None, reason="rehearsal"
    ),
    "question.approved": _question,
    "question.answered": _answered,
    "question.updated": lambda ctx: questions.correct_question(
        _question(ctx), by=ctx["personas"]["service_center"], text="路灯什么时候修好？"
    ),
    "question.answering": lambda ctx: control_room.mark_answering(
        _question(ctx), by=ctx["personas"]["service_center"]
    ),
    "question.metoo": lambda ctx: __import__("gongkai.questions.metoo").questions.metoo.me_too(
        _question(ctx).pk, "browser-1"
    ),
    "question.removed": lambda ctx: questions.reject_question(
        _question(ctx), by=ctx["personas"]["service_center"], reason="duplicate"
    ),
    # A rejected question's earlier approval becomes a content-free removal.
    events.RETRACTED: lambda ctx: questions.reject_question(
        _question(ctx), by=ctx["personas"]["service_center"], reason="duplicate"
    ),
}


# ``test.*`` types are registered by the test servers (tests/fixtures/servers.py), not the product.
PRODUCT_TYPES = [name for name in events.names() if not name.startswith("test.")]


def test_every_registered_type_has_a_schema_test():
    assert sorted(PRODUCERS) == PRODUCT_TYPES


@pytest.fixture
def ctx(programme, personas, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    interview = agriculture_interview(programme)
    return {"interview": interview, "personas": personas}


@pytest.mark.django_db
@pytest.mark.parametrize("type_", PRODUCT_TYPES)
def test_event_matches_its_registered_schema(ctx, type_):
    PRODUCERS[type_](ctx)
    stored = list(LiveEvent.objects.filter(channel=ctx["interview"].channel, type=type_))
    assert stored, f"{type_} was not published"
    for event in stored:
        payload = event.payload
        events.check(type_, payload)  # keys, kinds, mode and target exactly as registered
        if payload["mode"] == "remove":
            assert payload["html"] == ""
        else:  # the item's element id is in the fragment: a replay replaces, never adds
            assert f'id="{payload["key"]}"' in payload["html"]
        message = event.as_message()
        assert message["type"] == type_ and message["channel"] == ctx["interview"].channel


def test_stream_url_comes_from_live_urls_and_matches_the_asgi_endpoint():
    from gongkai.live.asgi import PATH_RE
    from gongkai.live.templatetags.live import live_stream_url

    url = reverse("live:stream", kwargs={"channel": "interview-7"})
    assert url == "/live/interview-7/" and PATH_RE.match(url).group(1) == "interview-7"
    assert live_stream_url("interview-7", 12) == "/live/interview-7/?last_event_id=12"
    assert live_stream_url("interview-7") == "/live/interview-7/"


@pytest.mark.django_db
def test_live_page_builds_its_stream_url_by_reverse(ctx, client):
    interview = ctx["interview"]
    page = client.get(f"/interviews/{interview.pk}/").content.decode()
    url = reverse("live:stream", kwargs={"channel": interview.channel})
    assert f'data-live-url="{url}?last_event_id=0"' in page
    template = (
        __import__("pathlib").Path(apps.get_app_config("interviews").path)
        / "templates/interviews/detail.html"
    ).read_text()
    assert "/live/" not in template


@pytest.mark.django_db
def test_django_does_not_serve_the_stream(client):
    response = client.get("/live/interview-1/")
    assert not_found(response)  # the portal's 404 page, not an event stream
    assert not response["Content-Type"].startswith("text/event-stream")
