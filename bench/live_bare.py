"""The yardstick for bench/live_viewers.py: a bare raw-ASGI SSE broadcaster on Redis pub/sub.

No Django, no database, no replay: one Redis pattern subscription per process, one unbounded
queue per viewer, every message written as it comes. Serve it with
``python -m uvicorn bench.live_bare:application``; it reads REDIS_URL and LIVE_CHANNEL_PREFIX.
"""

from __future__ import annotations

import asyncio
import os

import redis.asyncio as aioredis

PREFIX = os.environ.get("LIVE_CHANNEL_PREFIX", "bare")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
HEADERS = [(b"content-type", b"text/event-stream"), (b"cache-control", b"no-cache")]

_queues: dict[str, set[asyncio.Queue]] = {}
_listener: asyncio.Task | None = None
_ready: asyncio.Event | None = None


async def _listen() -> None:
    client = aioredis.from_url(REDIS_URL)
    pubsub = client.pubsub()
    await pubsub.psubscribe(f"{PREFIX}:*")
    skip = len(PREFIX) + 1
    _ready.set()
    async for message in pubsub.listen():
        if message["type"] != "pmessage":
            continue
        channel = message["channel"].decode()[skip:]
        for queue in _queues.get(channel, ()):
            queue.put_nowait(message["data"])


async def application(scope, receive, send):
    global _listener, _ready
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    if _listener is None:
        _ready = asyncio.Event()
        _listener = asyncio.get_running_loop().create_task(_listen())
    await _ready.wait()
    channel = scope["path"].strip("/").split("/")[-1]
    queue: asyncio.Queue = asyncio.Queue()
    _queues.setdefault(channel, set()).add(queue)

    async def watch():
        while (await receive())["type"] != "http.disconnect":
            pass
        queue.put_nowait(None)

    watcher = asyncio.get_running_loop().create_task(watch())
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await send({"type": "http.response.body", "body": b"retry: 2000\n\n", "more_body": True})
        while True:
            data = await queue.get()
            if data is None:
                return
            await send({"type": "http.response.body", "body": data, "more_body": True})
    finally:
        watcher.cancel()
        _queues[channel].discard(queue)
