"""The SSE endpoint in-process: message format, replay, no gap, no duplicate, disconnects."""

from __future__ import annotations

import asyncio
import json

import pytest

from gongkai.live import asgi as live_asgi
from gongkai.live.broker import encode_frame, get_broker
from gongkai.live.models import LiveEvent
from tests.live.helpers import Stream, line, parse_frames, publish_committed, run

# available_apps: the flush after each test empties only the live tables (fast on PostgreSQL).
pytestmark = pytest.mark.django_db(transaction=True, available_apps=["gongkai.live"])


def has_ids(*ids):
    return lambda stream: [int(e["id"]) for e in stream.events()] == list(ids)


def test_frame_has_id_event_type_and_json_payload_with_id_and_type():
    frame = encode_frame(
        {"id": 7, "type": "feed.line", "channel": "interview-1", "payload": line("l7", "你好")}
    )
    text = frame.decode()
    assert text.endswith("\n\n")
    (fields,) = parse_frames(text)
    assert fields["id"] == "7"
    assert fields["event"] == "feed.line"
    data = json.loads(fields["data"])
    assert data == {**line("l7", "你好"), "id": 7, "type": "feed.line", "channel": "interview-1"}


def test_frame_keeps_newlines_inside_html_on_one_data_line():
    payload = {"target": "feed", "key": "k", "mode": "append", "html": "<p>a\nb\r\nc</p>"}
    text = encode_frame({"id": 1, "type": "feed.line", "channel": "c", "payload": payload})
    assert text.count(b"\n") == 4  # id, event, data, blank line
    assert json.loads(parse_frames(text.decode())[0]["data"])["html"] == "<p>a\nb\r\nc</p>"


def test_stream_sends_event_stream_headers_and_retry_hint(channel):
    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(lambda s: "retry:" in s.text)
        headers = dict(stream.start["headers"])
        await stream.disconnect()
        return stream, headers

    stream, headers = run(scenario())
    assert stream.start["status"] == 200
    assert headers[b"content-type"].startswith(b"text/event-stream")
    assert headers[b"cache-control"] == b"no-cache"
    assert headers[b"x-accel-buffering"] == b"no"
    retry = int(parse_frames(stream.text)[0]["retry"])
    assert 1000 <= retry <= 4000


@pytest.mark.parametrize(
    "path,method,status",
    [
        ("/live/", "GET", 404),
        ("/live/Interview-1/", "GET", 404),
        ("/live/interview-1", "GET", 404),
        ("/live/a/b/", "GET", 404),
        ("/live/" + "x" * 65 + "/", "GET", 404),
        ("/live/interview-1/", "POST", 405),
    ],
)
def test_stream_refuses_unknown_paths_and_methods(path, method, status):
    async def scenario():
        stream = Stream(path, method=method)
        await asyncio.wait_for(stream.task, 5)
        return stream

    stream = run(scenario())
    assert stream.start["status"] == status
    assert stream.finished


def test_stream_replays_events_after_last_event_id_header(channel):
    ids = [publish_committed(channel, "test.line", line(f"l{i}")) for i in range(4)]
    publish_committed("test-other", "test.line", line("x"))

    async def scenario():
        stream = Stream(f"/live/{channel}/", headers=[("Last-Event-ID", str(ids[1]))])
        await stream.wait_for(has_ids(ids[2], ids[3]))
        await stream.disconnect()
        return stream

    stream = run(scenario())
    assert [e["event"] for e in stream.events()] == ["test.line", "test.line"]
    assert json.loads(stream.events()[0]["data"])["key"] == "l2"


def test_stream_first_connection_uses_last_event_id_query(channel):
    ids = [publish_committed(channel, "test.line", line(f"l{i}")) for i in range(3)]

    async def scenario():
        stream = Stream(f"/live/{channel}/", query=f"last_event_id={ids[0]}".encode())
        await stream.wait_for(has_ids(ids[1], ids[2]))
        await stream.disconnect()
        return stream

    assert len(run(scenario()).events()) == 2


def test_stream_ignores_a_malformed_last_event_id(channel):
    first = publish_committed(channel, "test.line", line("l0"))

    async def scenario():
        stream = Stream(f"/live/{channel}/", headers=[("Last-Event-ID", "abc")])
        await stream.wait_for(has_ids(first))
        await stream.disconnect()

    run(scenario())


def test_stream_pushes_live_events_after_the_replay(channel):
    old = publish_committed(channel, "test.line", line("old"))

    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(has_ids(old))
        new = await asyncio.to_thread(publish_committed, channel, "test.line", line("q"))
        await stream.wait_for(has_ids(old, new))
        await stream.disconnect()
        return stream

    stream = run(scenario())
    assert json.loads(stream.events()[-1]["data"])["key"] == "q"


def test_stream_sends_no_duplicate_when_an_event_lands_during_replay(channel, monkeypatch):
    """An event committed after subscribing but before the replay query reads the table is
    both pushed and replayed: the viewer gets it once. One committed after the query is only
    pushed: the viewer still gets it (no gap)."""
    before = publish_committed(channel, "test.line", line("before"))
    real_query = live_asgi._replay_query
    landed: list[int] = []

    def racing_query(name, after_id, privileged=False):
        landed.append(publish_committed(channel, "test.line", line("during")))
        rows = real_query(name, after_id, privileged)
        landed.append(publish_committed(channel, "test.line", line("after")))
        return rows

    monkeypatch.setattr(live_asgi, "_replay_query", racing_query)

    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(lambda s: len(landed) == 2 and len(s.events()) >= 3)
        # A later event: a duplicate of "during" or "after" would arrive before it.
        sentinel = await asyncio.to_thread(publish_committed, channel, "test.line", line("z"))
        await stream.wait_for(lambda s: sentinel in [int(e["id"]) for e in s.events()])
        await stream.disconnect()
        return stream, sentinel

    stream, sentinel = run(scenario())
    assert [int(e["id"]) for e in stream.events()] == [before, *landed, sentinel]


def test_stream_disconnect_leaves_no_subscription(channel):
    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(lambda s: "retry:" in s.text)
        assert get_broker().subscriber_count(channel) == 1
        await stream.disconnect()
        return get_broker().subscriber_count(channel)

    assert run(scenario()) == 0


def test_viewers_arriving_together_share_one_replay_query(channel, monkeypatch):
    publish_committed(channel, "test.line", line("l0"))
    calls: list[int] = []
    real_query = live_asgi._replay_query

    def counting_query(name, after_id, privileged=False):
        calls.append(after_id)
        return real_query(name, after_id, privileged)

    monkeypatch.setattr(live_asgi, "_replay_query", counting_query)
    monkeypatch.setattr(live_asgi, "REPLAY_CONCURRENCY", 1)

    async def scenario():
        streams = [Stream(f"/live/{channel}/") for _ in range(50)]
        for stream in streams:
            await stream.wait_for(lambda s: len(s.events()) == 1)
        for stream in streams:
            await stream.disconnect()

    run(scenario())
    assert 1 <= len(calls) <= 3, calls  # 50 viewers, a handful of queries at most


def test_rolled_back_publish_reaches_nobody_and_is_not_stored(channel):
    from django.db import transaction

    from gongkai.live.services import publish

    def rolled_back():
        try:
            with transaction.atomic():
                publish(channel, "test.line", line("ghost"))
                raise RuntimeError("the service failed")
        except RuntimeError:
            pass

    first = publish_committed(channel, "test.line", line("first"))

    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(has_ids(first))  # the replay is over: now only pushes arrive
        await asyncio.to_thread(rolled_back)
        kept = await asyncio.to_thread(publish_committed, channel, "test.line", line("real"))
        await stream.wait_for(has_ids(first, kept))
        await stream.disconnect()
        return stream

    stream = run(scenario())
    assert len(stream.events()) == 2
    assert not LiveEvent.objects.filter(channel=channel, payload__key="ghost").exists()


def test_publish_commits_even_when_the_broker_is_down(channel, monkeypatch, caplog):
    from django.db import transaction

    from gongkai.live import broker as broker_module
    from gongkai.live.broker import RedisBroker
    from gongkai.live.services import publish
    from tests.fixtures.servers import free_port

    dead = RedisBroker(f"redis://127.0.0.1:{free_port()}/0", prefix="nobody")
    monkeypatch.setattr(broker_module, "_broker", dead)
    # Another test of the same worker may have re-run the logging configuration, which
    # disables the loggers it does not name: this test reads Django's on_commit logger.
    import logging

    monkeypatch.setattr(logging.getLogger("django.db.backends.base"), "disabled", False)
    caplog.set_level(logging.ERROR, logger="django.db.backends.base")
    with transaction.atomic():
        event = publish(channel, "test.line", line("l1"))
    assert LiveEvent.objects.filter(pk=event.pk).exists()
    assert "on_commit" in caplog.text  # the failed push is logged, not raised


def test_stream_sends_keep_alive_comments(channel):
    get_broker().keepalive_seconds = 0.05  # 15 s in production

    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(lambda s: s.text.count(": keep-alive") >= 2)
        await stream.disconnect()
        return stream

    assert run(scenario()).finished


def test_stream_replays_a_long_history_in_pages_without_a_gap(channel, monkeypatch):
    monkeypatch.setattr(live_asgi, "REPLAY_LIMIT", 3)
    ids = [publish_committed(channel, "test.line", line(f"l{i}")) for i in range(8)]

    async def scenario():
        stream = Stream(f"/live/{channel}/")
        await stream.wait_for(has_ids(*ids))
        new = await asyncio.to_thread(publish_committed, channel, "test.line", line("new"))
        await stream.wait_for(has_ids(*ids, new))
        await stream.disconnect()

    run(scenario())
