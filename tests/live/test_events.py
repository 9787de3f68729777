"""One registry of live event types (pen-test issue 11, item 20): the services publish through
it, the schema tests read it, and the page hands its names to ``live/live.js``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.live import events
from gongkai.live.models import LiveEvent
from gongkai.live.services import publish
from tests.fixtures.data import agriculture_interview

LIVE_JS = Path(events.__file__).parent / "static" / "live" / "live.js"


def test_registry_holds_every_published_type_with_a_schema_and_target():
    assert {
        "feed.line",
        "feed.removed",
        "photo.added",
        "interview.status",
        "question.approved",
        "question.answered",
        "question.updated",
        "question.removed",
        events.RETRACTED,
    } <= set(events.names())
    for name in events.names():
        event_type = events.get(name)
        assert set(events.COMMON_FIELDS) <= set(event_type.schema())
        assert event_type.modes <= events.MODES and event_type.target


@pytest.mark.django_db
@pytest.mark.parametrize(
    "type_,payload",
    [
        (
            "question.corrected",
            {"target": "questions-1", "key": "q", "mode": "replace", "html": ""},
        ),
        ("question.updated", {"target": "questions-1", "key": "q", "mode": "replace", "html": ""}),
        (
            "question.updated",
            {"target": "feed", "key": "q", "mode": "replace", "html": "", "question_id": 1},
        ),
        (
            "question.updated",
            {"target": "questions-1", "key": "q", "mode": "append", "html": "", "question_id": 1},
        ),
    ],
)
def test_publish_refuses_what_the_registry_does_not_describe(type_, payload):
    with pytest.raises(ValueError):
        publish("interview-1", type_, payload)
    assert not LiveEvent.objects.exists()


@pytest.mark.django_db
def test_live_page_passes_every_registered_type_to_the_client(programme, client):
    interview = agriculture_interview(programme)
    page = client.get(f"/interviews/{interview.pk}/").content.decode()
    listed = re.search(r'data-live-types="([^"]*)"', page)
    assert listed is not None
    assert listed.group(1).split() == events.names()
    assert "question.updated" in listed.group(1).split()


def test_live_js_keeps_no_list_of_types_of_its_own():
    source = LIVE_JS.read_text()
    assert "data-live-types" in source
    assert not [name for name in events.names() if f'"{name}"' in source]
