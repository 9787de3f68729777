"""Public pages, cached for anonymous visitors and invalidated when published content changes.

How it works: a *content version* lives in the cache. Saving or deleting a row of any model
registered with :func:`register_content_model` (the portal registers the programme tables;
``search.register``, ``feeds.register_feed``, ``home.register_section`` and
``sitemaps.register_sitemap`` register their models too) bumps it after the transaction
commits. A page cached by :func:`public_page` is stored under a key containing that version, the
language, the care-mode switch and the full path, so a bump makes every old copy unreachable.

Only anonymous visitors without a session, without pending messages and whose page set no
cookie (no CSRF token rendered) get or fill the cache. Those responses carry
``Cache-Control: public, max-age=PORTAL_CACHE_MAX_AGE`` (60 s), ``X-Accel-Expires:
PORTAL_PROXY_MAX_AGE`` (10 s, the nginx micro-cache lifetime) and a strong ``ETag``; a matching
``If-None-Match`` gets ``304 Not Modified``. Everything else is ``private, no-cache``.

With several processes and local-memory caches (no ``REDIS_URL``) a bump reaches only the process
that made the change; the others catch up within ``PORTAL_CACHE_TIMEOUT``. With Redis every
process sees the bump at once.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from gongkai.counties import scope
from gongkai.portal.care import CARE_COOKIE

VERSION_KEY = "portal:content-version"

_registered: set[str] = set()


def max_age() -> int:
    return int(getattr(settings, "PORTAL_CACHE_MAX_AGE", 60))


def proxy_max_age() -> int:
    """How long a proxy in front (nginx micro-cache) may keep a public page: X-Accel-Expires."""
    return int(getattr(settings, "PORTAL_PROXY_MAX_AGE", 10))


def timeout() -> int:
    return int(getattr(settings, "PORTAL_CACHE_TIMEOUT", 60))


# Per-process memo of the version and of recently served pages: a hit costs a dict lookup, not
# a cache round trip and an unpickle. The memo re-reads the shared version at most every
# PORTAL_VERSION_CHECK_SECONDS (1 s), so a bump made by another process shows within that.
_memo_lock = threading.Lock()
_version_memo: tuple[str, float] = ("", 0.0)
_local_pages: OrderedDict[str, tuple[float, dict]] = OrderedDict()
LOCAL_PAGES = 256


def _check_interval() -> float:
    return float(getattr(settings, "PORTAL_VERSION_CHECK_SECONDS", 1.0))


def content_version() -> str:
    global _version_memo
    value, checked = _version_memo
    now = time.monotonic()
    if value and now - checked < _check_interval():
        return value
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        # add(): two processes starting at once agree on one version.
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    _version_memo = (str(version), now)
    return str(version)


def bump() -> None:
    """Make every cached public page stale (call it when public content changes)."""
    global _version_memo
    version = str(time.time_ns())
    cache.set(VERSION_KEY, version, None)
    with _memo_lock:
        _version_memo = (version, time.monotonic())
        _local_pages.clear()


def forget_local() -> None:
    """Drop the per-process memo (tests clear the shared cache and call this too)."""
    global _version_memo
    with _memo_lock:
        _version_memo = ("", 0.0)
        _local_pages.clear()
        _frames.clear()


def _get_entry(key: str) -> dict | None:
    local = _local_pages.get(key)
    if local is not None and local[0] > time.monotonic():
        return local[1]
    entry = cache.get(_shared_key(key))
    if entry is not None:
        _remember(key, entry)
    return entry


def _remember(key: str, entry: dict) -> None:
    # A local copy lives no longer than the shared one: with local-memory caches that bounds how
    # long another process's bump can go unseen.
    with _memo_lock:
        _local_pages[key] = (time.monotonic() + timeout(), entry)
        while len(_local_pages) > LOCAL_PAGES:
            _local_pages.popitem(last=False)


def on_commit_once(key: str, func: Callable[[], None]) -> None:
    """``transaction.on_commit(func)``, unless a callback with this key already waits for the
    same commit (a bulk load saves many rows; one bump or re-index is enough). Rolled-back
    callbacks vanish with their transaction, so nothing is left pending."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            waiting = entry[1]
            if getattr(waiting, "portal_key", None) == key and not waiting.portal_done:
                return

    def run() -> None:
        run.portal_done = True  # type: ignore[attr-defined]
        func()

    run.portal_key = key  # type: ignore[attr-defined]
    run.portal_done = False  # type: ignore[attr-defined]
    transaction.on_commit(run)


def bump_on_commit() -> None:
    """Bump when the current transaction commits. Not deduplicated: a bump is one cheap cache
    write, and a callback that never ran (a test's outer transaction) must not block later ones."""
    transaction.on_commit(bump)


_conditions: dict[str, Callable[[Any], bool]] = {}


def _changed(sender, instance=None, raw=False, **kwargs) -> None:
    if raw:
        return
    condition = _conditions.get(sender._meta.label)
    if condition is not None and instance is not None and not condition(instance):
        return
    bump_on_commit()


def register_content_model(
    model: type[models.Model], *, when: Callable[[Any], bool] | None = None
) -> None:
    """Changes to ``model`` (save, delete) make cached public pages stale; with ``when``, only
    changes of rows for which ``when(instance)`` is true (e.g. not a question still waiting for
    review: nothing public changed, and the page cache is not thrown away on every new message)."""
    label = model._meta.label
    if when is not None:
        _conditions[label] = when
    if label in _registered:
        return
    _registered.add(label)
    post_save.connect(_changed, sender=model, dispatch_uid=f"portal-cache-save-{label}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"portal-cache-delete-{label}")


def registered_models() -> set[str]:
    return set(_registered)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return True


def _page_key(request: HttpRequest) -> str:
    """The variant's key, unhashed (the shared cache hashes it, see ``_shared_key``).

    The host is the raw header: CommonMiddleware has already validated it (DisallowedHost)."""
    care = "c" if request.COOKIES.get(CARE_COOKIE) == "1" else "n"
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    meta = request.META
    return (
        f"{content_version()}:{language}:{care}:{_county_key(request)}:"
        f"{meta.get('HTTP_HOST', '')}:{meta.get('PATH_INFO', '')}?{meta.get('QUERY_STRING', '')}"
    )


def _county_key(request: HttpRequest) -> str:
    """The county the page is of (two counties never share a page, whatever their host names)."""
    county = getattr(request, "county", None)
    return str(county.pk) if county is not None else str(scope.current_id() or "")


def _shared_key(key: str) -> str:
    return "portal:page:" + hashlib.sha256(key.encode()).hexdigest()


def _public_headers(response: HttpResponse, etag: str) -> None:
    headers = response.headers
    headers["ETag"] = etag
    headers["Cache-Control"] = f"public, max-age={max_age()}"
    # nginx caches for this long (and does not pass the header on); browsers use max-age.
    headers["X-Accel-Expires"] = str(proxy_max_age())
    if "Vary" in headers:
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
    else:
        headers["Vary"] = "Cookie, Accept-Language"


def _not_modified(request: HttpRequest, etag: str) -> bool:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def _response_from(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"], content_type=entry["content_type"])
    _public_headers(response, entry["etag"])
    if entry.get("language"):
        response["Content-Language"] = entry["language"]
    return response


def public_page(view: Callable) -> Callable:
    """Cache a public view's page for anonymous visitors (see the module docstring)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return _private(view(request, *args, **kwargs))
        key = _page_key(request)
        entry = _get_entry(key)
        if entry is not None:
            if _not_modified(request, entry["etag"]):
                response = HttpResponseNotModified()
                _public_headers(response, entry["etag"])
                return response
            return _response_from(entry)
        response = view(request, *args, **kwargs)
        if not _storable(request, response):
            return _private(response)
        content = response.content
        entry = {
            "content": content,
            "content_type": response.get("Content-Type", "text/html; charset=utf-8"),
            "etag": '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"',
            "language": response.get("Content-Language", ""),
        }
        cache.set(_shared_key(key), entry, timeout())
        _remember(key, entry)
        if _not_modified(request, entry["etag"]):
            response = HttpResponseNotModified()
            _public_headers(response, entry["etag"])
            return response
        _public_headers(response, entry["etag"])
        return response

    wrapped.public_page = True  # type: ignore[attr-defined]
    return wrapped


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a CSRF token or another per-visitor value is in the page
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if "no-store" in response.get("Cache-Control", "") or "private" in response.get(
        "Cache-Control", ""
    ):
        return False
    return True


def _private(response: HttpResponse) -> HttpResponse:
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, no-cache"
    return response


# --- a page rendered once around a per-request part ---------------------------------------
#
# An anonymous POST answered with a whole page (the question intake without JavaScript) cannot
# come from the page cache: only one part of it differs per request. The rest (the portal's
# header, navigation and footer: ~1.5-2 ms of template work) is rendered once per template,
# language, care mode, host and path in each process, with a marker where the part goes, and
# kept; each request joins the two halves around its own part.

_SLOT = "<!--gongkai:slot:5f0c-->"
_frames: OrderedDict[str, tuple[str, str]] = OrderedDict()
FRAMES = 256


def _frame_key(request: HttpRequest, template_name: str) -> str | None:
    """The frame's key, or None when the page must be rendered whole: a visitor with a session
    or messages (maybe signed in, maybe a message to show once), or a development server
    (templates change under it)."""
    cookies = request.COOKIES
    if settings.DEBUG or settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    care = "c" if cookies.get(CARE_COOKIE) == "1" else "n"
    language = getattr(request, "LANGUAGE_CODE", None) or get_language()
    meta = request.META
    return (
        f"{template_name}:{language}:{care}:{_county_key(request)}:{meta.get('HTTP_HOST', '')}:"
        f"{meta.get('PATH_INFO', '')}?{meta.get('QUERY_STRING', '')}"
    )


def render_around(
    request: HttpRequest,
    template_name: str,
    context: dict[str, Any],
    slot: str,
    part: SafeString,
    status: int = 200,
) -> HttpResponse:
    """What ``render(request, template_name, {**context, slot: part})`` answers, for an
    anonymous visitor from a frame rendered once per template, language, care mode and URL.

    Everything else the page shows must follow from those: ``context`` may hold only what the
    URL names (the interview of ``/questions/interview/<pk>/...``), nothing that changes."""
    key = _frame_key(request, template_name)
    frame = _frames.get(key) if key is not None else None
    if frame is None:
        had_token = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        page = render_to_string(template_name, {**context, slot: mark_safe(_SLOT)}, request)
        halves = page.split(_SLOT)
        if (
            key is None
            or len(halves) != 2
            or had_token
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):  # a CSRF token (per visitor) is in the page, or the slot is not there once
            return HttpResponse(page.replace(_SLOT, part), status=status)
        frame = (halves[0], halves[1])
        with _memo_lock:
            _frames[key] = frame
            while len(_frames) > FRAMES:
                _frames.popitem(last=False)
    return HttpResponse(frame[0] + part + frame[1], status=status)
