"""The brokers: in-process fan-out, slow viewers, and Redis pub/sub for real."""

from __future__ import annotations

import asyncio
import os
import threading
import uuid

import pytest

from gongkai.live.broker import MemoryBroker, RedisBroker, get_broker
from tests.live.helpers import line, needs_services, run

REDIS_URL = os.environ.get("REDIS_URL", "")


def message(pk: int, channel: str = "interview-1") -> dict:
    return {"id": pk, "type": "feed.line", "channel": channel, "payload": line(f"l{pk}")}


async def drained(sub, count: int, timeout: float = 5.0) -> list[int]:
    got: list[int] = []
    async with asyncio.timeout(timeout):
        while len(got) < count:
            await sub.wakeup.wait()
            got += [pk for pk, _ in sub.drain() if pk is not None]
    return got


def test_memory_broker_fans_out_to_every_subscriber_of_the_channel_only():
    broker = MemoryBroker()

    async def scenario():
        subs = [broker.subscribe("interview-1") for _ in range(3)]
        other = broker.subscribe("interview-2")
        # publish from another thread, as a Django view does
        await asyncio.to_thread(broker.publish, "interview-1", message(1))
        results = [await drained(sub, 1) for sub in subs]
        # A later event on the other channel: delivery is in order, so had event 1 reached
        # that viewer it would arrive before this sentinel.
        await asyncio.to_thread(broker.publish, "interview-2", message(2, "interview-2"))
        return results, await drained(other, 1)

    results, other = run(scenario())
    assert results == [[1], [1], [1]]
    assert other == [2]


def test_memory_broker_frame_is_encoded_once_and_shared():
    broker = MemoryBroker()

    async def scenario():
        a, b = broker.subscribe("c"), broker.subscribe("c")
        broker.publish("c", message(5, "c"))
        async with asyncio.timeout(5):
            await a.wakeup.wait()
            await b.wakeup.wait()
        return a.items[0][1], b.items[0][1]

    frame_a, frame_b = run(scenario())
    assert frame_a is frame_b
    assert frame_a.startswith(b"id: 5\nevent: feed.line\ndata: {")


def test_slow_viewer_overflows_and_is_dropped_without_blocking_others():
    broker = MemoryBroker(queue_size=4)

    async def scenario():
        slow = broker.subscribe("c")
        fast = broker.subscribe("c")
        got = []
        for pk in range(1, 11):
            broker.publish("c", message(pk, "c"))
            await asyncio.sleep(0)
            got += [pk for pk, _ in fast.drain()]
        if len(got) < 10:
            got += await drained(fast, 10 - len(got))
        return slow, got

    slow, got = run(scenario())
    assert slow.overflowed and slow.closed
    assert got == list(range(1, 11))
    assert broker.subscriber_count("c") == 1  # only the fast one is left


def test_unsubscribe_removes_the_viewer():
    broker = MemoryBroker()

    async def scenario():
        sub = broker.subscribe("c")
        assert broker.subscriber_count("c") == 1
        broker.unsubscribe(sub)
        return broker.subscriber_count("c")

    assert run(scenario()) == 0


def test_default_broker_follows_settings(settings):
    from gongkai.live.broker import reset_broker

    settings.LIVE_BROKER = "memory"
    reset_broker()
    assert isinstance(get_broker(), MemoryBroker)


@pytest.mark.services
def test_redis_broker_delivers_between_two_brokers_with_the_same_prefix():
    """Two RedisBroker instances stand for two server processes on one Redis."""
    needs_services(redis=True)
    prefix = f"test-{uuid.uuid4().hex[:10]}"
    publisher = RedisBroker(REDIS_URL, prefix=prefix)
    viewer_side = RedisBroker(REDIS_URL, prefix=prefix)
    stranger = RedisBroker(REDIS_URL, prefix=prefix + "-other")
    try:

        async def scenario():
            await viewer_side.ready()
            await stranger.ready()
            sub = viewer_side.subscribe("interview-9")
            lost = stranger.subscribe("interview-9")
            await asyncio.to_thread(publisher.publish, "interview-9", message(42, "interview-9"))
            got = await drained(sub, 1)
            # A later event under the stranger's own prefix: Redis delivers to a connection in
            # publishing order, so had event 42 reached the stranger it would come first.
            await asyncio.to_thread(stranger.publish, "interview-9", message(43, "interview-9"))
            return got, await drained(lost, 1)

        got, lost = run(scenario())
        assert got == [42]
        assert lost == [43]  # another prefix (another test run) sees only its own event
    finally:
        for broker in (publisher, viewer_side, stranger):
            broker.stop()


@pytest.mark.services
def test_redis_broker_publish_is_synchronous_from_any_thread():
    needs_services(redis=True)
    broker = RedisBroker(REDIS_URL, prefix=f"test-{uuid.uuid4().hex[:10]}")
    try:

        async def scenario():
            await broker.ready()
            sub = broker.subscribe("c")
            threads = [
                threading.Thread(target=broker.publish, args=("c", message(pk, "c")))
                for pk in range(1, 6)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return sorted(await drained(sub, 5))

        assert run(scenario()) == [1, 2, 3, 4, 5]
    finally:
        broker.stop()
