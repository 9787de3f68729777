"""Issue 8's fault test without a browser: a live server SIGKILLed mid-session loses nothing.

Events are in the database before they are pushed, so a viewer that reconnects with the last
id it saw gets every event committed before, during and after the crash, each once."""

from __future__ import annotations

import queue
import uuid

import pytest

from tests.fixtures.servers import TEST_APP, SSEReader, publish_from_process
from tests.live.helpers import line

pytestmark = pytest.mark.django_db(transaction=True)


def drain(reader: SSEReader, until_id: int, timeout: float = 10.0) -> list[int]:
    ids: list[int] = []
    while not ids or ids[-1] < until_id:
        try:
            _, fields = reader.next(timeout=timeout)
        except queue.Empty:
            break
        ids.append(int(fields["id"]))
    return ids


def test_killed_server_loses_no_event_and_the_viewer_catches_up(asgi_server):
    server = asgi_server(TEST_APP)
    channel = f"test-{uuid.uuid4().hex[:8]}"
    url = f"{server.url}/live/{channel}/"

    viewer = SSEReader(url)
    first = [server.publish(channel, "test.line", line(f"l{i}")) for i in range(2)]
    seen = drain(viewer, first[-1])
    assert seen == first

    crashed = server.publish(channel, "test.line", line("q1"))  # committed, then...
    server.kill()  # ...SIGKILL, whether or not its push went out
    viewer.close()
    offline = publish_from_process(server.env, [(channel, "test.line", line("l-offline"))])

    server.start()  # same port
    reconnected = SSEReader(url, last_event_id=seen[-1])  # as EventSource does
    try:
        after = server.publish(channel, "test.line", line("q1"))
        caught_up = drain(reconnected, after)
    finally:
        reconnected.close()

    assert caught_up == [crashed, *offline, after]
    assert len(set(seen + caught_up)) == len(seen + caught_up)  # none twice
