"""A small fixed-window rate limiter on Django's cache (Redis when configured, so the limit
holds across processes)."""

from __future__ import annotations

import time

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache


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


def _redis_client():
    """The raw client behind Django's RedisCache, or None for other caches."""
    # ``cache`` is normally the proxy to caches["default"]; tests may swap in a backend.
    backend = cache if isinstance(cache, RedisCache) else caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def hit_many(checks: list[tuple[str, str, int, int]]) -> list[bool]:
    """``hit`` for several ``(scope, key, limit, window_seconds)`` at once: one round trip on
    Redis (a pipeline of SET NX EX + INCR per key), the same counters as ``hit``."""
    client = _redis_client()
    if client is None:
        return [hit(*check) for check in checks]
    now = time.time()
    pipe = client.pipeline(transaction=False)
    for scope, key, _limit, window in checks:
        bucket = int(now // window)
        redis_key = cache.make_and_validate_key(f"rl:{scope}:{key}:{bucket}")
        pipe.set(redis_key, 0, ex=window + 1, nx=True)
        pipe.incr(redis_key)
    results = pipe.execute()
    return [results[2 * i + 1] <= check[2] for i, check in enumerate(checks)]
