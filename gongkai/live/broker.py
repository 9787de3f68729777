"""The fan-out broker: in-process by default, Redis pub/sub when ``REDIS_URL`` is set.

Two halves:

* ``publish(channel, message)`` is synchronous: Django services call it (through
  ``transaction.on_commit`` in ``gongkai.live.services.publish``) from any thread.
* Viewers ``subscribe(channel)`` from the event loop of an ASGI worker and get a
  :class:`Subscription`: a bounded buffer of ready-made SSE frames plus an ``asyncio.Event``.
  The frame is encoded once per event per process, not once per viewer.

Slow consumers: a subscription holds at most ``maxsize`` frames. One that overflows is closed
and dropped from the fan-out (its viewer's stream ends; ``EventSource`` reconnects with
``Last-Event-ID`` and catches up from the database). Nothing ever waits for a slow viewer.

``MemoryBroker`` delivers inside one process (the demo). ``RedisBroker`` keeps ONE Redis
connection per process pattern-subscribed to ``<LIVE_CHANNEL_PREFIX>:*`` in a listener thread
and fans each message out to the local subscriptions; publishing uses a small connection pool.
When the listener loses Redis it closes every local subscription (viewers reconnect and replay
from the database, so nothing is lost) and reconnects.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
import time
from collections import deque
from typing import Any

logger = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 15.0
DEFAULT_QUEUE_SIZE = 256
KEEPALIVE_FRAME = b": keep-alive\n\n"


def encode_frame(message: dict[str, Any]) -> bytes:
    """The SSE frame of a stored event: ``id``, ``event`` (its type), ``data`` (JSON).

    ``data`` is the payload with ``id``, ``type`` and ``channel`` added (these win over payload
    keys of the same name). JSON never contains a raw newline, so one ``data:`` line suffices.
    """
    data = {
        **(message.get("payload") or {}),
        "id": message["id"],
        "type": message["type"],
        "channel": message["channel"],
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {message['id']}\nevent: {message['type']}\ndata: {text}\n\n".encode()


class Subscription:
    """One viewer's bounded buffer of ``(event_id | None, frame)`` items."""

    __slots__ = (
        "channel",
        "items",
        "maxsize",
        "wakeup",
        "closed",
        "overflowed",
        "privileged",
        "refused",
    )

    def __init__(self, channel: str, maxsize: int, privileged: bool = False) -> None:
        self.channel = channel
        # May receive restricted events (staff allowed to see a non-public channel).
        self.privileged = privileged
        self.refused = False  # closed because the channel stopped being public
        self.items: deque[tuple[int | None, bytes]] = deque()
        self.maxsize = maxsize
        self.wakeup = asyncio.Event()
        self.closed = False
        self.overflowed = False

    def push(self, item: tuple[int | None, bytes]) -> bool:
        """Add an item; False (and closed) when the viewer is too slow."""
        if self.closed:
            return False
        if len(self.items) >= self.maxsize:
            self.overflowed = True
            self.close()
            return False
        self.items.append(item)
        self.wakeup.set()
        return True

    def close(self) -> None:
        self.closed = True
        self.wakeup.set()

    def drain(self) -> list[tuple[int | None, bytes]]:
        items = list(self.items)
        self.items.clear()
        self.wakeup.clear()
        return items


class _Hub:
    """The subscriptions living on one event loop (one per ASGI worker process)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.channels: dict[str, set[Subscription]] = {}
        self.ticker: asyncio.Task | None = None

    def dispatch(
        self, channel: str, item: tuple[int | None, bytes], restricted: bool = False
    ) -> None:
        subs = self.channels.get(channel)
        if not subs:
            return
        if restricted:
            # The channel is not public (any more): a viewer not allowed to see it gets nothing
            # of it and its stream ends; on reconnecting it is refused (gongkai.live.asgi).
            dropped = [sub for sub in subs if not sub.privileged]
            for sub in dropped:
                sub.refused = True
                sub.close()
            dropped += [sub for sub in subs if sub.privileged and not sub.push(item)]
        else:
            dropped = [sub for sub in subs if not sub.push(item)]
        for sub in dropped:
            subs.discard(sub)

    def close_all(self) -> None:
        for subs in self.channels.values():
            for sub in subs:
                sub.close()
        self.channels.clear()

    async def keepalive(self, interval: float) -> None:
        # One timer per process instead of one per viewer: every ``interval`` seconds every
        # open stream gets a comment line, which keeps proxies from timing it out.
        while True:
            await asyncio.sleep(interval)
            for channel in list(self.channels):
                self.dispatch(channel, (None, KEEPALIVE_FRAME))


class LocalFanout:
    """Local subscriptions (per event loop) and the thread-safe hand-over into them."""

    def __init__(self, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        self.queue_size = queue_size
        self.keepalive_seconds = KEEPALIVE_SECONDS
        self._hubs: dict[asyncio.AbstractEventLoop, _Hub] = {}
        self._lock = threading.Lock()

    def publish(self, channel: str, message: dict[str, Any]) -> None:
        """Send ``message`` to every viewer of ``channel`` (each broker says how far)."""
        raise NotImplementedError

    # -- the viewer side (inside the event loop) ------------------------------------------
    async def ready(self) -> None:
        """Wait until ``subscribe`` is effective (the Redis subscription is confirmed)."""

    def subscribe(
        self, channel: str, maxsize: int | None = None, *, privileged: bool = False
    ) -> Subscription:
        loop = asyncio.get_running_loop()
        with self._lock:
            hub = self._hubs.get(loop)
            if hub is None:
                hub = self._hubs[loop] = _Hub(loop)
            if hub.ticker is None or hub.ticker.done():
                hub.ticker = loop.create_task(hub.keepalive(self.keepalive_seconds))
            sub = Subscription(channel, maxsize or self.queue_size, privileged)
            hub.channels.setdefault(channel, set()).add(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        loop = asyncio.get_running_loop()
        with self._lock:
            hub = self._hubs.get(loop)
            if hub is None:
                return
            subs = hub.channels.get(sub.channel)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del hub.channels[sub.channel]
            if not hub.channels:
                if hub.ticker is not None:
                    hub.ticker.cancel()
                del self._hubs[loop]

    def subscriber_count(self, channel: str | None = None) -> int:
        with self._lock:
            return sum(
                len(subs)
                for hub in self._hubs.values()
                for name, subs in hub.channels.items()
                if channel is None or name == channel
            )

    # -- the delivering side (any thread) -------------------------------------------------
    def deliver(self, channel: str, message: dict[str, Any]) -> None:
        frame = encode_frame(message)
        item = (int(message["id"]), frame)
        restricted = bool(message.get("restricted"))
        with self._lock:
            hubs = [hub for hub in self._hubs.values() if channel in hub.channels]
        for hub in hubs:
            try:
                hub.loop.call_soon_threadsafe(hub.dispatch, channel, item, restricted)
            except RuntimeError:  # that loop is closed
                with self._lock:
                    self._hubs.pop(hub.loop, None)

    def disconnect_everyone(self) -> None:
        with self._lock:
            hubs = list(self._hubs.values())
        for hub in hubs:
            try:
                hub.loop.call_soon_threadsafe(hub.close_all)
            except RuntimeError:
                pass


class MemoryBroker(LocalFanout):
    """Delivers to subscribers in this process only (the one-process demo)."""

    def publish(self, channel: str, message: dict[str, Any]) -> None:
        self.deliver(channel, message)


class RedisBroker(LocalFanout):
    """Redis pub/sub between processes; one listening connection per process."""

    def __init__(self, url: str, prefix: str = "gongkai", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        import redis

        self.url = url
        self.prefix = prefix
        self._client = redis.Redis.from_url(url, socket_timeout=5, health_check_interval=30)
        self._ready = threading.Event()
        self._started = False
        self._start_lock = threading.Lock()
        self._stopping = False

    def redis_channel(self, channel: str) -> str:
        return f"{self.prefix}:{channel}"

    def publish(self, channel: str, message: dict[str, Any]) -> None:
        data = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
        self._client.publish(self.redis_channel(channel), data)

    async def ready(self) -> None:
        if self._ready.is_set():
            return
        self.start()
        await asyncio.to_thread(self._ready.wait, 10)
        if not self._ready.is_set():
            raise ConnectionError(f"Redis pub/sub at {self.url} is not answering")

    def wait_ready(self, timeout: float = 10) -> bool:
        self.start()
        return self._ready.wait(timeout)

    def start(self) -> None:
        with self._start_lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._listen_forever, name="live-redis", daemon=True).start()

    def stop(self) -> None:
        self._stopping = True

    def _listen_forever(self) -> None:
        import redis

        pattern = f"{self.prefix}:*"
        skip = len(self.prefix) + 1
        while not self._stopping:
            pubsub = None
            try:
                conn = redis.Redis.from_url(self.url, health_check_interval=30)
                pubsub = conn.pubsub(ignore_subscribe_messages=False)
                pubsub.psubscribe(pattern)
                while not self._stopping:
                    msg = pubsub.get_message(timeout=1.0)
                    if msg is None:
                        continue
                    kind = msg["type"]
                    if kind == "psubscribe":
                        self._ready.set()
                    elif kind == "pmessage":
                        channel = msg["channel"].decode()[skip:]
                        try:
                            message = json.loads(msg["data"])
                        except ValueError:
                            logger.warning("live: dropped a malformed message on %s", channel)
                            continue
                        self.deliver(channel, message)
            except Exception:  # noqa: BLE001 - any Redis trouble: reset and retry
                logger.exception("live: Redis listener lost its connection; reconnecting")
                self._ready.clear()
                # Events published meanwhile are in the database; viewers replay them.
                self.disconnect_everyone()
                time.sleep(1.0)
            finally:
                if pubsub is not None:
                    try:
                        pubsub.close()
                    except Exception:  # noqa: BLE001
                        pass


_broker: LocalFanout | None = None
_broker_lock = threading.Lock()


def make_broker() -> LocalFanout:
    from django.conf import settings

    kind = getattr(settings, "LIVE_BROKER", "memory")
    if kind == "redis":
        return RedisBroker(
            settings.REDIS_URL, prefix=os.environ.get("LIVE_CHANNEL_PREFIX") or "gongkai"
        )
    if kind == "memory":
        return MemoryBroker()
    raise ValueError(f"LIVE_BROKER={kind!r}: use 'memory' or 'redis'")


def get_broker() -> LocalFanout:
    global _broker
    if _broker is None:
        with _broker_lock:
            if _broker is None:
                _broker = make_broker()
    return _broker


def reset_broker() -> None:
    """Forget the process broker (tests that change settings.LIVE_BROKER)."""
    global _broker
    with _broker_lock:
        if isinstance(_broker, RedisBroker):
            _broker.stop()
        _broker = None
