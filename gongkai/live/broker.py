"""The fan-out broker: in-process by default, Redis pub/sub when REDIS_URL is set."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import defaultdict
from typing import Any


class MemoryBroker:
    """Delivers to subscribers in this process only (the one-process demo)."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[tuple[asyncio.AbstractEventLoop, asyncio.Queue]]] = (
            defaultdict(set)
        )
        self._lock = threading.Lock()

    def publish(self, channel: str, message: dict[str, Any]) -> None:
        data = json.dumps(message, ensure_ascii=False)
        with self._lock:
            targets = list(self._subscribers.get(channel, ()))
        for loop, queue in targets:
            loop.call_soon_threadsafe(queue.put_nowait, data)

    def subscribe(self, channel: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            self._subscribers[channel].add((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, channel: str, queue: asyncio.Queue) -> None:
        with self._lock:
            self._subscribers[channel] = {
                s for s in self._subscribers[channel] if s[1] is not queue
            }


_broker: MemoryBroker | None = None


def get_broker() -> MemoryBroker:
    global _broker
    if _broker is None:
        _broker = MemoryBroker()
    return _broker
