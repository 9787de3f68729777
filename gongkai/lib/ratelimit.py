"""A small fixed-window rate limiter on Django's cache (Redis when configured, so the limit
holds across processes)."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address. Behind the proxy documented in docs/deployment.md, the proxy sets
    X-Real-IP; without a proxy, REMOTE_ADDR."""
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or "unknown"


def hit(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True while ``key`` has made at most ``limit`` attempts in the window."""
    bucket = int(time.time() // window_seconds)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window_seconds + 1):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds + 1)
        return True
    return count <= limit


def retry_after(window_seconds: int) -> int:
    return window_seconds - int(time.time()) % window_seconds
