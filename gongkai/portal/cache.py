"""Public pages, cached for anonymous visitors and invalidated when published content changes.

How it works: a *content version* lives in the cache. Saving or deleting a row of any model
registered with :func:`register_content_model` (the portal registers the programme tables;
``search.register``, ``feeds.register_feed``, ``home.register_section`` and
``sitemaps.register_sitemap`` register their models too) bumps it after the transaction
commits. A page cached by :func:`public_page` is stored under a key containing that version, the
language, the care-mode switch and the full path, so a bump makes every old copy unreachable.

Only anonymous visitors without a session, without pending messages and whose page set no
cookie (no CSRF token rendered) get or fill the cache. Those responses carry
``Cache-Control: public, max-age=PORTAL_CACHE_MAX_AGE`` and a strong ``ETag``; a matching
``If-None-Match`` gets ``304 Not Modified``. Everything else is ``private, no-cache``.

With several processes and local-memory caches (no ``REDIS_URL``) a bump reaches only the process
that made the change; the others catch up within ``PORTAL_CACHE_TIMEOUT``. With Redis every
process sees the bump at once.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from gongkai.core.middleware import CARE_COOKIE

VERSION_KEY = "portal:content-version"

_registered: set[str] = set()


def max_age() -> int:
    return int(getattr(settings, "PORTAL_CACHE_MAX_AGE", 60))


def timeout() -> int:
    return int(getattr(settings, "PORTAL_CACHE_TIMEOUT", 60))


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        # add(): two processes starting at once agree on one version.
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY) or version
    return str(version)


def bump() -> None:
    """Make every cached public page stale (call it when public content changes)."""
    cache.set(VERSION_KEY, str(time.time_ns()), None)


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


def _changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        bump_on_commit()


def register_content_model(model: type[models.Model]) -> None:
    """Changes to ``model`` (save, delete) make cached public pages stale."""
    label = model._meta.label
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
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    care = "c" if request.COOKIES.get(CARE_COOKIE) == "1" else "n"
    return f"portal:page:{content_version()}:{get_language()}:{care}:{request.get_host()}:{path}"


def _public_headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={max_age()}"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))


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
        entry = cache.get(key)
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
        cache.set(key, entry, timeout())
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
