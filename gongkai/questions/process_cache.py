"""What the intake reads on every question but the county changes rarely (the sensitive-word
automaton, the reply limits, due dates from the working-day calendar), kept per process.

Every change bumps a version in the shared cache (Redis in production); each process looks
at it at most once a second and drops its copies when it moved. A change made in this process
is seen at once; other processes see it within a second. This saves a cache round trip and
two queries per question (bench/question_intake.py)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction

from gongkai.counties import scope

VERSION_KEY = "questions:config:version"
CHECK_SECONDS = 1.0
T = TypeVar("T")

_state: dict[str, Any] = {"version": None, "checked": 0.0}
_memo: dict[Any, Any] = {}


def reset() -> None:
    """Forget everything held in this process (tests)."""
    _state.update(version=None, checked=0.0)
    _memo.clear()


def _adopt(version: str) -> None:
    if version != _state["version"]:
        _memo.clear()
        _state["version"] = version
    _state["checked"] = time.monotonic()


def bump() -> None:
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    _adopt(version)


def changed(*args: Any, **kwargs: Any) -> None:
    """Signal receiver: bump now (this process sees its change at once) and after the commit,
    in case another process rebuilt from the old data in between."""
    bump()
    transaction.on_commit(bump)


def version() -> str:
    if _state["version"] is not None and time.monotonic() - _state["checked"] < CHECK_SECONDS:
        return _state["version"]
    current = cache.get(VERSION_KEY)
    if current is None:
        current = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, current, timeout=None):
            current = cache.get(VERSION_KEY) or current
    _adopt(current)
    return current


def memo(key: Any, compute: Callable[[], T]) -> T:
    """``compute()``, kept per county (each county has its own sensitive words and working-day
    overrides on top of the city's) until the version moves."""
    version()
    key = (scope.current_id(), key)
    try:
        return _memo[key]
    except KeyError:
        value = _memo[key] = compute()
        return value
