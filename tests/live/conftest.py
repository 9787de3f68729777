"""Fixtures for the live tests: a fresh broker (own Redis prefix) per test."""

from __future__ import annotations

import uuid

import pytest

from gongkai.counties import resolve
from gongkai.live import asgi as live_asgi
from gongkai.live import broker as broker_module
from gongkai.live.asgi import close_replay_connections


@pytest.fixture(autouse=True)
def _own_broker(monkeypatch):
    # A Redis prefix of our own, so concurrent test runs on one Redis never see our events.
    monkeypatch.setenv("LIVE_CHANNEL_PREFIX", f"test-{uuid.uuid4().hex[:12]}")
    broker_module.reset_broker()
    live_asgi.forget_visibility()  # each test's channels start unknown to the worker
    # Counties as this test's database has them (an earlier transactional test may have
    # recreated them with other ids; the host map is kept per process).
    resolve.forget()
    yield
    broker_module.reset_broker()
    live_asgi.forget_visibility()
    close_replay_connections()  # the replay threads' database connections


@pytest.fixture
def channel() -> str:
    """A public channel of the test kind registered in tests/fixtures/servers.py."""
    return f"test-{uuid.uuid4().hex[:8]}"
