"""A small fixed-window rate limiter on Django's cache (Redis when configured, so the limit
holds across processes)."""

from __future__ import annotations

import time
from typing import Any

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
    # Django builds a new client object on every call (redis-py fills a table of ~170 reply
    # handlers each time): keep one per connection pool, as the pool is kept per process.
    pool = backend._cache._get_connection_pool(write=True)
    held = _clients.get(id(pool))
    if held is None or held[0] is not pool:
        held = _clients[id(pool)] = (pool, backend._cache._client(connection_pool=pool))
    return held[1]


_clients: dict[int, tuple[Any, Any]] = {}


# Each key: INCR, and on the first hit of its window set the expiry. One script call is one
# round trip and costs less to build than a pipeline (redis-py copies its reply table into
# every pipeline), which matters on the question intake (bench/question_intake.py).
_HIT_MANY_LUA = """
local counts = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[i]) end
  counts[i] = n
end
return counts
"""
_script: list[Any] = []  # one Script (it only holds the text and its SHA), made on first use


def _hit_many_script(client):
    if not _script:
        _script.append(client.register_script(_HIT_MANY_LUA))
    return _script[0]


def hit_many(checks: list[tuple[str, str, int, int]]) -> list[bool]:
    """``hit`` for several ``(scope, key, limit, window_seconds)`` at once: one round trip on
    Redis (a script that counts every key), the same counters as ``hit``."""
    client = _redis_client()
    if client is None:
        return [hit(*check) for check in checks]
    now = time.time()
    keys = [
        cache.make_and_validate_key(f"rl:{scope}:{key}:{int(now // window)}")
        for scope, key, _limit, window in checks
    ]
    counts = _hit_many_script(client)(
        keys=keys, args=[window + 1 for *_, window in checks], client=client
    )
    return [int(count) <= check[2] for count, check in zip(counts, checks, strict=True)]
