"""Schema of every live event the interviews app publishes (contract: gongkai/live/services.py)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import transaction
from django.urls import reverse

from gongkai.interviews import services
from gongkai.interviews.models import InterviewStatus, SpeakerKind
from gongkai.live import events
from gongkai.live.models import LiveEvent
from tests.interviews.conftest import png_upload

# The one registry of live event types (type -> schema -> target) the services publish through.
SCHEMAS = {name: events.get(name).schema() for name in events.names()}


def check_schema(event: LiveEvent) -> dict:
    schema = SCHEMAS[event.type]
    payload = event.payload
    assert set(payload) == set(schema), (event.type, sorted(payload))
    for key, kind in schema.items():
        assert isinstance(payload[key], kind), (event.type, key)
    assert payload["mode"] in events.get(event.type).modes
    assert re.fullmatch(events.get(event.type).target, payload["target"])
    if payload["mode"] == "remove":
        assert payload["html"] == ""
    else:
        # The item's element id is in the fragment: a replayed event replaces, not adds.
        assert f'id="{payload["key"]}"' in payload["html"]
    return payload


def test_feed_line_event_schema(demo, personas):
    interview = demo["县农业农村局"]
    line = services.add_feed_line(
        interview,
        speaker_kind=SpeakerKind.GUEST,
        speaker_name="王建军",
        text="谢谢大家。",
        by=personas["media_center"],
    )
    event = LiveEvent.objects.get(channel=interview.channel, type="feed.line")
    payload = check_schema(event)
    assert payload["target"] == "feed-lines" and payload["mode"] == "append"
    assert payload["key"] == f"feed-line-{line.pk}" and payload["line_id"] == line.pk
    assert payload["speaker"] == "王建军"
    assert dt.datetime.fromisoformat(payload["said_at"]) == line.said_at
    assert "[王建军]" in payload["html"] and "谢谢大家。" in payload["html"]


def test_feed_line_host_is_tagged_in_chinese(demo, personas):
    interview = demo["县农业农村局"]
    services.add_feed_line(
        interview, speaker_kind=SpeakerKind.HOST, speaker_name="", text="欢迎", by=None
    )
    payload = check_schema(LiveEvent.objects.get(type="feed.line"))
    assert "[主持人]" in payload["html"]
    assert re.search(r"\[\d\d:\d\d\]", payload["html"])  # the time; the day is at the top


def test_photo_event_schema(demo, personas):
    interview = demo["县农业农村局"]
    photo = services.add_photo(interview, image=png_upload(), caption="访谈现场", by=None)
    payload = check_schema(LiveEvent.objects.get(type="photo.added"))
    assert payload["target"] == "photos" and payload["key"] == f"photo-{photo.pk}"
    assert payload["url"] == photo.image.url and payload["caption"] == "访谈现场"


def test_status_event_schema(demo):
    interview = demo["小河镇"]
    services.set_status(interview, status=InterviewStatus.LIVE, by=None)
    payload = check_schema(LiveEvent.objects.get(type="interview.status"))
    assert payload["target"] == "interview-status" and payload["mode"] == "replace"
    assert payload["status"] == "live" and payload["label"] == "直播中"
    assert "直播中" in payload["html"]


def test_rolled_back_feed_line_leaves_no_event(demo):
    interview = demo["县农业农村局"]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.add_feed_line(
            interview, speaker_kind=SpeakerKind.HOST, speaker_name="", text="x", by=None
        )
        raise RuntimeError("rolled back")
    assert not LiveEvent.objects.filter(type="feed.line").exists()


def test_feed_event_pushed_only_after_commit(demo, django_capture_on_commit_callbacks):
    interview = demo["县农业农村局"]
    with django_capture_on_commit_callbacks() as callbacks:
        services.add_feed_line(
            interview, speaker_kind=SpeakerKind.HOST, speaker_name="", text="x", by=None
        )
    # The live push (plus the portal's cache bump and search re-index) waits for the commit.
    pushes = [c for c in callbacks if c.__qualname__.startswith("publish.")]
    assert len(pushes) == 1


def test_control_room_publishes_typed_line(demo, client_as):
    interview = demo["县农业农村局"]
    response = client_as("media_center").post(
        reverse("interviews:feed-add", args=[interview.pk]),
        {"speaker": "host", "text": "下面进入网友提问环节。"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "下面进入网友提问环节。" in body and 'hx-swap-oob="true"' in body
    event = LiveEvent.objects.get(channel=interview.channel, type="feed.line")
    assert check_schema(event)["text"] == "下面进入网友提问环节。"


def test_feed_removed_event_schema(demo, client_as):
    interview = demo["县农业农村局"]
    line = interview.feed_lines.first()
    response = client_as("media_center").post(
        reverse("interviews:feed-remove", args=[interview.pk, line.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.content == b""
    payload = check_schema(LiveEvent.objects.get(type="feed.removed"))
    assert payload == {
        "target": "feed-lines",
        "key": f"feed-line-{line.pk}",
        "mode": "remove",
        "html": "",
        "line_id": line.pk,
    }
    assert not interview.feed_lines.filter(pk=line.pk).exists()
