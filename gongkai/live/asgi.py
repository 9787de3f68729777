"""The lean Server-Sent Events endpoint: ``GET /live/<channel>/``.

Raw ASGI, no Django request/response cycle: a live page may have tens of thousands of viewers
and opening a stream through Django costs ~20x the CPU of this (issue 4's measurements).

The order that guarantees "no gap, no duplicate":

1. subscribe to the broker (from now on every pushed event lands in this viewer's buffer);
2. replay from the database every stored event of the channel with ``id > Last-Event-ID``
   (header; ``?last_event_id=`` for the first connection, which the page sets to the newest
   event it rendered);
3. stream the buffer, skipping ids already sent by the replay.

An event committed before step 1 is in the database when step 2 reads it (events are pushed
only after their transaction commits); one committed after step 1 reaches the buffer. Ids are
increasing per channel, so "skip ids <= the highest id sent" removes the overlap.

Access (``gongkai.live.access``): a channel that does not exist answers 404, and so does a
non-public one (a draft interview) to anyone but signed-in staff who may see it. Whether a
channel is public is kept per worker for ``VISIBILITY_SECONDS`` (one query per channel, shared
by every viewer arriving meanwhile); only on a non-public channel is the session cookie read,
in the replay thread pool. Events stored ``restricted`` (published while the channel was not
public) are replayed and pushed to those staff only; one reaching an ordinary viewer's
subscription ends that stream instead.

Connections per client address are capped per worker (``LIVE_MAX_CONNECTIONS_PER_ADDRESS``;
the address is the peer's, or ``X-Real-IP`` from a trusted proxy): one client opening
thousands of streams is refused with 429 instead of slowing every other viewer.

Admission: replays run in a small thread pool behind a semaphore, and viewers that arrive
together with the same ``(channel, Last-Event-ID)`` share one query, so a crowd opening the
page at the start of an interview neither floods the database nor stalls viewers already
watching (the event loop never waits for the database).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar
from urllib.parse import parse_qs

from gongkai.counties import resolve
from gongkai.counties import scope as county_scope
from gongkai.live import access
from gongkai.live.broker import encode_frame, get_broker

T = TypeVar("T")

logger = logging.getLogger(__name__)

PATH_RE = re.compile(r"^/live/([a-z0-9-]{1,64})/$")
REPLAY_CONCURRENCY = int(os.environ.get("LIVE_REPLAY_CONCURRENCY", "2"))
REPLAY_LIMIT = 5000  # a reconnecting viewer gets at most this many missed events at once
SSE_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
]

VISIBILITY_SECONDS = 5.0  # how long a worker trusts "this channel is public"
DEFAULT_MAX_PER_ADDRESS = 200

_executor: ThreadPoolExecutor | None = None
# channel -> (valid until (monotonic), public?: True / False / None = no such channel)
_visibility: dict[tuple[int, str], tuple[float, bool | None]] = {}
# Host name → county, per worker: the lookup reads the shared cache (and, after a change, the
# database), so it runs in the pool and its answer is kept for COUNTY_SECONDS.
COUNTY_SECONDS = 5.0
_county_of_host: dict[str, tuple[float, Any]] = {}
_visibility_pending: dict[tuple, asyncio.Future] = {}
# open streams per client address in this worker
_connections: dict[str, int] = {}
_semaphore: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}
# (loop, channel, after_id) -> the replay batch not yet started; late arrivals join it.
_pending: dict[tuple, asyncio.Future] = {}


def tune_gc() -> None:
    """Garbage-collector settings for long-running live workers; call once after start-up.

    With tens of thousands of open streams the heap holds hundreds of thousands of long-lived
    objects, and every full (generation-2) collection walks them all: measured on the 2-core
    reference machine, full collections grew to about a second and pushed p99 latency past the
    1 s target at 20,000 viewers. ``gc.freeze()`` moves everything allocated during start-up
    (Django, the URLconf, models, templates) into a permanent generation the collector never
    scans, and a higher generation-0 threshold (50,000 allocations instead of 700) makes the
    young collections rarer, so the per-viewer objects are promoted less often. With both the
    same endpoint held 30,000 viewers at p99 < 1 s.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def max_connections_per_address() -> int:
    """``settings.LIVE_MAX_CONNECTIONS_PER_ADDRESS`` (0: no cap)."""
    from django.conf import settings

    return int(getattr(settings, "LIVE_MAX_CONNECTIONS_PER_ADDRESS", DEFAULT_MAX_PER_ADDRESS))


def _replay_query(channel: str, after_id: int, privileged: bool = False) -> list[tuple[int, bytes]]:
    """Runs in one of the replay threads. Each thread keeps its database connection between
    replays (opening one per viewer would dominate the cost of admitting a crowd); a broken
    connection is dropped and the query retried once."""
    from django.db import DatabaseError, InterfaceError, connections

    from gongkai.live.models import LiveEvent

    for attempt in (1, 2):
        try:
            events = LiveEvent.objects.filter(channel=channel, id__gt=after_id)
            if not privileged:
                events = events.filter(restricted=False)
            rows = list(events.order_by("id").values_list("id", "type", "payload")[:REPLAY_LIMIT])
            break
        except (DatabaseError, InterfaceError):
            connections.close_all()
            if attempt == 2:
                raise
    return [
        (pk, encode_frame({"id": pk, "type": kind, "channel": channel, "payload": payload}))
        for pk, kind, payload in rows
    ]


def close_replay_connections() -> None:
    """Close the replay threads' database connections (tests, shutdown)."""
    global _executor
    executor, _executor = _executor, None
    if executor is None:
        return
    from django.db import connections

    workers = executor._max_workers
    barrier = threading.Barrier(workers, timeout=10)

    def close_in_this_thread() -> None:
        barrier.wait()  # one task per thread: all threads are busy until all have arrived
        connections.close_all()

    futures = [executor.submit(close_in_this_thread) for _ in range(workers)]
    for future in futures:
        future.result()
    executor.shutdown(wait=True)


def _pool() -> ThreadPoolExecutor:
    global _executor
    if _executor is None:
        _executor = ThreadPoolExecutor(REPLAY_CONCURRENCY, thread_name_prefix="live-db")
    return _executor


def _loop_semaphore(loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
    semaphore = _semaphore.get(loop)
    if semaphore is None:
        semaphore = _semaphore[loop] = asyncio.Semaphore(REPLAY_CONCURRENCY)
    return semaphore


async def _in_pool(func: Callable[..., T], *args: Any) -> T:
    """Run ``func`` in the database thread pool, behind the same semaphore as replays."""
    loop = asyncio.get_running_loop()
    async with _loop_semaphore(loop):
        return await loop.run_in_executor(_pool(), func, *args)


def _is_public_query(channel: str, county: Any) -> bool | None:
    """Whether the channel is public, asked in ``county``'s scope: another county's channel
    does not exist there (None)."""
    from django.db import DatabaseError, InterfaceError, connections

    with county_scope.activate(county):
        try:
            return access.channel_is_public(channel)
        except (DatabaseError, InterfaceError):
            connections.close_all()
            return access.channel_is_public(channel)


def forget_visibility(channel: str | None = None) -> None:
    """Drop the cached visibility of ``channel`` (all channels when None), and the host names'
    counties."""
    if channel is None:
        _visibility.clear()
        _county_of_host.clear()
    else:
        for key in [key for key in _visibility if key[1] == channel]:
            _visibility.pop(key, None)


async def county_for_host(host: str) -> Any:
    """The county whose host name the viewer used (None: no county answers it), without
    blocking the event loop: kept per worker for ``COUNTY_SECONDS``, looked up in the pool."""
    now = time.monotonic()
    cached = _county_of_host.get(host)
    if cached is not None and cached[0] > now:
        return cached[1]
    county = await _in_pool(resolve.for_host, host)
    if len(_county_of_host) > 1_000:  # made-up host names
        _county_of_host.clear()
    _county_of_host[host] = (now + COUNTY_SECONDS, county)
    return county


async def channel_visibility(channel: str, county: Any = None) -> bool | None:
    """``access.channel_is_public(channel)`` in ``county``'s scope, cached in this worker for
    ``VISIBILITY_SECONDS``; viewers asking at the same time share one query."""
    now = time.monotonic()
    county_key = (county.pk if county is not None else 0, channel)
    cached = _visibility.get(county_key)
    if cached is not None and cached[0] > now:
        return cached[1]
    loop = asyncio.get_running_loop()
    key = (loop, county_key)
    future = _visibility_pending.get(key)
    if future is not None:
        return await asyncio.shield(future)
    future = _visibility_pending[key] = loop.create_future()
    try:
        public = await _in_pool(_is_public_query, channel, county)
    except BaseException as exc:
        if not future.done():
            future.set_exception(exc if isinstance(exc, Exception) else ConnectionError())
            future.exception()  # mark retrieved
        raise
    finally:
        _visibility_pending.pop(key, None)
    now = time.monotonic()
    if len(_visibility) > 10_000:  # many made-up channel names: forget the expired answers
        for name in [name for name, (until, _) in _visibility.items() if until <= now]:
            del _visibility[name]
    _visibility[county_key] = (now + VISIBILITY_SECONDS, public)
    future.set_result(public)
    return public


def _staff_may_view(cookie_header: str, channel: str, county: Any = None) -> bool:
    from django.db import connections

    try:
        # In the county's scope: another county's account is not signed in here.
        with county_scope.activate(county):
            return access.user_may_view(access.session_user(cookie_header), channel)
    finally:
        # Sessions and users are read rarely here; do not keep a connection per thread for it
        # beyond what replays keep anyway.
        connections["default"].close_if_unusable_or_obsolete()


def _header(scope, wanted: bytes) -> str:
    for name, raw in scope.get("headers") or ():
        if name == wanted:
            return raw.decode("latin-1")
    return ""


async def replay(channel: str, after_id: int, privileged: bool = False) -> list[tuple[int, bytes]]:
    """Stored events of ``channel`` after ``after_id``, read off the event loop (restricted
    events only for a ``privileged`` viewer).

    A caller must have subscribed BEFORE calling this. Callers arriving while an identical
    query waits for its turn join it; once a query has started, newcomers start a new one
    (the running one might have missed an event committed just before they subscribed).
    """
    loop = asyncio.get_running_loop()
    key = (loop, channel, after_id, privileged)
    future = _pending.get(key)
    if future is not None:
        return await asyncio.shield(future)
    future = loop.create_future()
    _pending[key] = future
    try:
        async with _loop_semaphore(loop):
            if _pending.get(key) is future:
                del _pending[key]
            result = await loop.run_in_executor(
                _pool(), _replay_query, channel, after_id, privileged
            )
    except BaseException as exc:
        if _pending.get(key) is future:
            del _pending[key]
        if not future.done():
            future.set_exception(exc if isinstance(exc, Exception) else ConnectionError())
            future.exception()  # mark retrieved
        raise
    future.set_result(result)
    return result


def _last_event_id(scope) -> int:
    value = ""
    for name, raw in scope.get("headers") or ():
        if name == b"last-event-id":
            value = raw.decode("latin-1")
            break
    if not value:
        query = parse_qs((scope.get("query_string") or b"").decode("latin-1"))
        value = (query.get("last_event_id") or [""])[-1]
    try:
        return max(0, int(value.strip()))
    except ValueError:
        return 0


async def _plain(send, status: int, text: bytes, extra=()) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), *extra],
        }
    )
    await send({"type": "http.response.body", "body": text})


def _too_many_text() -> bytes:
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(settings.LANGUAGE_CODE):
        return gettext(
            "Too many live connections from your network address. Close the live pages you "
            "do not need, then reload this page."
        ).encode()


async def _watch_disconnect(receive, sub) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            sub.close()
            return


async def live_application(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    match = PATH_RE.match(scope["path"])
    if match is None:
        await _plain(send, 404, b"not found")
        return
    if scope["method"] not in ("GET", "HEAD"):
        await _plain(send, 405, b"method not allowed", [(b"allow", b"GET")])
        return
    channel = match.group(1)
    address = access.scope_client_ip(scope)
    if address is None:  # behind a trusted proxy that did not say who the viewer is
        await _serve(scope, receive, send, channel)
        return
    cap = max_connections_per_address()
    if cap and _connections.get(address, 0) >= cap:
        await _plain(send, 429, _too_many_text(), [(b"retry-after", b"30")])
        return
    # Counted from here until the stream ends (the access checks below wait on the pool).
    _connections[address] = _connections.get(address, 0) + 1
    try:
        await _serve(scope, receive, send, channel)
    finally:
        left = _connections.get(address, 1) - 1
        if left > 0:
            _connections[address] = left
        else:
            _connections.pop(address, None)


async def _serve(scope, receive, send, channel: str) -> None:
    try:
        county = await county_for_host(_header(scope, b"host"))
        if county is None:
            await _plain(send, 404, b"not found")
            return
        public = await channel_visibility(channel, county)
        privileged = False
        if public is not True and public is not None:
            cookie = _header(scope, b"cookie")
            privileged = bool(cookie) and await _in_pool(_staff_may_view, cookie, channel, county)
    except Exception:
        logger.exception("live: access check failed for %s", channel)
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        await send({"type": "http.response.body", "body": b"retry: 5000\n\n"})
        return
    if public is None or (public is False and not privileged):
        # The same answer for "no such channel" and "not yours": nothing to learn from it.
        await _plain(send, 404, b"not found")
        return
    after_id = _last_event_id(scope)

    broker = get_broker()
    try:
        await broker.ready()
    except ConnectionError:
        # Not 503: EventSource gives up for good on an error status. An empty stream with a
        # retry hint makes the browser come back in a few seconds with its Last-Event-ID.
        logger.exception("live: broker not ready")
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        await send({"type": "http.response.body", "body": b"retry: 5000\n\n"})
        return

    sub = broker.subscribe(channel, privileged=privileged)  # 1. subscribe first
    watcher = asyncio.get_running_loop().create_task(_watch_disconnect(receive, sub))
    try:
        await send({"type": "http.response.start", "status": 200, "headers": SSE_HEADERS})
        if scope["method"] == "HEAD":
            return
        # Spread reconnects after a restart over a few seconds instead of all at once.
        retry = random.randint(1000, 4000)
        await send(
            {"type": "http.response.body", "body": b"retry: %d\n\n" % retry, "more_body": True}
        )
        last_sent = after_id
        # Pages of REPLAY_LIMIT events until the stored history is exhausted (bounded).
        for _ in range(1000):
            try:
                rows = await replay(channel, last_sent, privileged)  # 2. replay from the database
            except Exception:
                logger.exception("live: replay failed for %s", channel)
                return  # the stream ends; the browser reconnects with its Last-Event-ID
            if rows:
                last_sent = rows[-1][0]
                await send(
                    {
                        "type": "http.response.body",
                        "body": b"".join(frame for _, frame in rows),
                        "more_body": True,
                    }
                )
            if len(rows) < REPLAY_LIMIT or sub.closed:
                break
        while True:  # 3. live events
            await sub.wakeup.wait()
            chunks = []
            for event_id, frame in sub.drain():
                if event_id is not None:
                    if event_id <= last_sent:
                        continue
                    last_sent = event_id
                chunks.append(frame)
            if chunks:
                await send(
                    {"type": "http.response.body", "body": b"".join(chunks), "more_body": True}
                )
            if sub.closed:
                if sub.refused:  # the channel is no longer public: refuse reconnects at once
                    until = time.monotonic() + VISIBILITY_SECONDS
                    _visibility[(county.pk, channel)] = (until, False)
                return
    finally:
        watcher.cancel()
        broker.unsubscribe(sub)
        try:  # end the response (a no-op when the client has already gone)
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except Exception:  # noqa: BLE001 - the client has gone
            pass
