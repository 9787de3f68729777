"""An in-process ASGI stream driver and publishing helpers for the live tests."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor


def parse_frames(text: str) -> list[dict]:
    """SSE text → list of {field: value} per message (comments and retry-only blocks kept)."""
    frames = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        fields: dict[str, str] = {}
        for line in block.split("\n"):
            if line.startswith(":"):
                fields.setdefault("comment", line[1:].strip())
                continue
            name, _, value = line.partition(":")
            fields[name] = value[1:] if value.startswith(" ") else value
        frames.append(fields)
    return frames


class Stream:
    """Drives ``live_application`` like an ASGI server would, inside the running loop."""

    def __init__(self, path: str, headers=(), query: bytes = b"", method: str = "GET"):
        from gongkai.live.asgi import live_application

        self.scope = {
            "type": "http",
            "method": method,
            "path": path,
            "query_string": query,
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
        }
        self.start: dict | None = None
        self.text = ""
        self.changed = asyncio.Event()
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.finished = False
        self.task = asyncio.get_running_loop().create_task(
            live_application(self.scope, self.inbox.get, self.send)
        )
        self.task.add_done_callback(lambda _: self.changed.set())

    async def send(self, message):
        if message["type"] == "http.response.start":
            self.start = message
        else:
            self.text += message.get("body", b"").decode()
            if not message.get("more_body", False):
                self.finished = True
        self.changed.set()

    def events(self) -> list[dict]:
        return [f for f in parse_frames(self.text) if "id" in f]

    async def wait_for(self, condition, timeout: float = 5.0):
        async with asyncio.timeout(timeout):
            while not condition(self):
                self.changed.clear()
                if condition(self):
                    break
                await self.changed.wait()

    async def disconnect(self):
        await self.inbox.put({"type": "http.disconnect"})
        await asyncio.wait_for(self.task, 5)


def publish_committed(channel: str, type: str, payload: dict) -> int:
    """Publish in a committed transaction from a worker thread (as a WSGI view would)."""
    from django.db import connections, transaction

    from gongkai.live.services import publish

    try:
        with transaction.atomic():
            return publish(channel, type, payload).pk
    finally:
        connections.close_all()


def line(key: str, text: str = "line") -> dict:
    return {"target": "feed", "key": key, "mode": "append", "html": f"<li id='{key}'>{text}</li>"}


def run(coro):
    """``asyncio.run`` in a thread of its own: Playwright's sync API may already run a loop in
    this one (once a browser test has started Chromium)."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coro).result()
