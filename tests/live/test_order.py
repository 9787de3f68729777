"""Ids follow the order of commits within a channel (pen-test issue 11, item 19).

PostgreSQL hands out ids at insert: two moderators approving at once could commit id 11 before
id 10, a connected viewer advanced past 10 and skipped it, and a reconnect from 11 never replayed
it. Here two transactions publish in the order T1, T2 and T2 tries to commit first; a connected
viewer and one that reconnects after its first event must both get both events, in order, once.
"""

from __future__ import annotations

import asyncio
import json
import threading

import pytest

from tests.live.helpers import Stream, line, needs_services, run

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _publish_and_hold(channel: str, key: str, published: threading.Event, release) -> int:
    """T1: publish, then keep the transaction open until ``release`` is set."""
    from django.db import connections, transaction

    from gongkai.live.services import publish

    try:
        with transaction.atomic():
            pk = publish(channel, "test.line", line(key)).pk
            published.set()
            release.wait(10)
        return pk
    finally:
        connections.close_all()


def _publish(channel: str, key: str) -> int:
    """T2: publish and commit at once."""
    from django.db import connections, transaction

    from gongkai.live.services import publish

    try:
        with transaction.atomic():
            return publish(channel, "test.line", line(key)).pk
    finally:
        connections.close_all()


def keys(stream: Stream) -> list[str]:
    return [json.loads(e["data"])["key"] for e in stream.events()]


def test_events_committed_out_of_order_reach_viewers_in_order_once(channel):
    needs_services(postgres=True, redis=False)

    async def scenario():
        connected = Stream(f"/live/{channel}/")
        reconnecting = Stream(f"/live/{channel}/")
        for stream in (connected, reconnecting):
            await stream.wait_for(lambda s: "retry:" in s.text)

        published, release = threading.Event(), threading.Event()
        first = asyncio.ensure_future(
            asyncio.to_thread(_publish_and_hold, channel, "first", published, release)
        )
        await asyncio.to_thread(published.wait, 10)
        second = asyncio.ensure_future(asyncio.to_thread(_publish, channel, "second"))
        # Give T2 the chance to commit while T1 is still open (it does without the channel lock).
        await asyncio.wait({second}, timeout=1.0)
        release.set()
        await asyncio.gather(first, second)

        # The reconnecting viewer goes away after its first event and comes back with its id.
        await reconnecting.wait_for(lambda s: len(s.events()) >= 1)
        seen_first = reconnecting.events()[0]
        await reconnecting.disconnect()
        back = Stream(f"/live/{channel}/", headers=[("Last-Event-ID", seen_first["id"])])
        await back.wait_for(lambda s: len(s.events()) >= 1)

        await connected.wait_for(lambda s: len(s.events()) >= 2)
        for stream in (connected, back):
            await stream.disconnect()
        return connected, seen_first, back

    connected, seen_first, back = run(scenario())
    assert keys(connected) == ["first", "second"]
    ids = [int(e["id"]) for e in connected.events()]
    assert ids == sorted(ids)
    assert [json.loads(seen_first["data"])["key"], *keys(back)] == ["first", "second"]
