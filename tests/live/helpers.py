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

    def __init__(
        self,
        path: str,
        headers=(),
        query: bytes = b"",
        method: str = "GET",
        client: tuple[str, int] | None = ("127.0.0.1", 50000),
    ):
        from gongkai.live.asgi import live_application

        self.scope = {
            "type": "http",
            "method": method,
            "path": path,
            "query_string": query,
            "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
            "client": client,
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

    @property
    def status(self) -> int | None:
        return self.start["status"] if self.start else None

    async def started(self, timeout: float = 5.0) -> int:
        """Wait for the response status (a refusal also finishes the response)."""
        await self.wait_for(lambda s: s.start is not None, timeout)
        return self.start["status"]

    def events(self) -> list[dict]:
        return [f for f in parse_frames(self.text) if "id" in f]

    async def wait_for(self, condition, timeout: float = 15.0):
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


def session_cookie(user) -> str:
    """A ``Cookie`` header value with a fresh signed-in session of ``user`` (as a browser that
    signed in through the login form would send to /live/)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def line(key: str, text: str = "line") -> dict:
    return {"target": "feed", "key": key, "mode": "append", "html": f"<li id='{key}'>{text}</li>"}


def run(coro):
    """``asyncio.run`` in a thread of its own: Playwright's sync API may already run a loop in
    this one (once a browser test has started Chromium)."""
    with ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coro).result()


def needs_services(postgres: bool = False, redis: bool = True) -> None:
    """Run only in the PostgreSQL/Redis pass of the suite (.ci/run part 2).

    Not configured (the SQLite pass, a laptop): skip. Configured but not answering: fail under
    CI=true (``tests.conftest.require``), skip otherwise.
    """
    import os
    import socket
    from urllib.parse import urlparse

    import pytest

    from tests.conftest import require

    wanted = []
    if postgres:
        url = os.environ.get("DATABASE_URL", "")
        if not url.startswith("postgres"):
            pytest.skip("needs DATABASE_URL=postgres://... (the PostgreSQL + Redis pass)")
        wanted.append(("PostgreSQL", url, 5432))
    if redis:
        url = os.environ.get("REDIS_URL", "")
        if not url:
            pytest.skip("needs REDIS_URL (the PostgreSQL + Redis pass)")
        wanted.append(("Redis", url, 6379))
    for name, url, default_port in wanted:
        parsed = urlparse(url)
        try:
            with socket.create_connection(
                (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=2
            ):
                pass
        except OSError:
            require(False, f"{name} at {url} is not answering")
