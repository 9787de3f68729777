"""Several server processes serve one interview: PostgreSQL + Redis, for real."""

from __future__ import annotations

import json
import time
import uuid

import pytest

from gongkai.live.models import LiveEvent
from tests.fixtures.servers import TEST_APP, SSEReader
from tests.live.helpers import line, needs_services

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_event_published_through_one_process_reaches_a_viewer_of_the_other(asgi_server):
    needs_services(postgres=True, redis=True)
    prefix = {"LIVE_CHANNEL_PREFIX": f"test-{uuid.uuid4().hex[:10]}"}
    publisher = asgi_server(TEST_APP, env=prefix)  # where the staff act
    watched = asgi_server(TEST_APP, env=prefix)  # another process (test channels are public)
    channel = f"test-{uuid.uuid4().hex[:8]}"

    viewer = SSEReader(f"{watched.url}/live/{channel}/")
    try:
        assert viewer.status == 200
        # the response headers are sent after the viewer has subscribed: no sleep needed
        sent_at = time.monotonic()
        pk = publisher.publish(channel, "test.line", line("q-1", "何时发放补贴？"))
        received_at, fields = viewer.next(timeout=5)
    finally:
        viewer.close()

    assert int(fields["id"]) == pk
    assert fields["event"] == "test.line"
    assert json.loads(fields["data"])["html"] == "<li id='q-1'>何时发放补贴？</li>"
    assert received_at - sent_at < 1.0, publisher.logs() + watched.logs()
    # stored in the shared database before it was pushed
    assert LiveEvent.objects.get(pk=pk).channel == channel
