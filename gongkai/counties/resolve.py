"""Host name → county, kept in each process and refreshed when a county changes.

A county answers the host names listed on it. The county without host names (at most one
matters: the first) answers every other host name, so a one-county deployment needs no
configuration and a converted one keeps answering its old address."""

from __future__ import annotations

import threading
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from gongkai.counties.models import County

VERSION_KEY = "counties:version"
# How long a process trusts its copy before it asks the shared cache whether a county changed.
CHECK_SECONDS = 2.0

_lock = threading.Lock()
_state: dict = {"version": None, "checked": 0.0, "hosts": {}, "fallback": None, "by_id": {}}


def _load() -> None:
    hosts: dict[str, County] = {}
    fallback = None
    by_id = {}
    for county in County.objects.order_by("pk"):
        by_id[county.pk] = county
        names = county.host_list()
        for name in names:
            hosts[name] = county
        if not names and fallback is None:
            fallback = county
    _state.update(hosts=hosts, fallback=fallback, by_id=by_id)


def _fresh() -> None:
    now = time.monotonic()
    if _state["version"] is not None and now - _state["checked"] < CHECK_SECONDS:
        return
    with _lock:
        try:
            version = cache.get(VERSION_KEY, 0)
        except Exception:  # the shared cache is down: read the counties again every few seconds
            version = object()
        if version != _state["version"] or not _state["by_id"]:
            _load()
            _state["version"] = version
        _state["checked"] = now


def for_host(host: str) -> County | None:
    """The county that answers ``host`` (a port is ignored), or None."""
    name = host.rsplit(":", 1)[0].lower() if not host.startswith("[") else host
    _fresh()
    county = _state["hosts"].get(name) or _state["fallback"]
    if county is None and not _state["by_id"]:
        # A fresh database: the first county is created on first use.
        from gongkai.counties.models import default_county_id

        default_county_id()
        forget()
        _fresh()
        county = _state["hosts"].get(name) or _state["fallback"]
    return county


def get(county_id: int) -> County | None:
    _fresh()
    return _state["by_id"].get(county_id)


def all_counties() -> list[County]:
    _fresh()
    return list(_state["by_id"].values())


def prime() -> None:
    """Load the counties now if the database has any (tests: not inside a counted request)."""
    _fresh()


def forget(**kwargs) -> None:
    """A county changed: every process reloads its copy (at once in this one)."""
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, 1, None)
    except Exception:  # the shared cache is down: the other processes catch up in seconds
        pass
    _state["version"] = None
    _state["by_id"] = {}


def connect() -> None:
    post_save.connect(forget, sender=County, dispatch_uid="counties-forget-save")
    post_delete.connect(forget, sender=County, dispatch_uid="counties-forget-delete")
