"""A small fixed-window rate limiter on Django's cache (Redis when configured, so the limit
holds across processes)."""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry)


def trusted_proxies() -> tuple[Network, ...]:
    """``GONGKAI_TRUSTED_PROXIES``: the addresses (or networks) of the reverse proxy in front
    of the app, whose ``X-Real-IP`` header is believed. Empty by default: nobody's."""
    return _networks(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ()) or ()))


def _valid(address: str | None) -> str | None:
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address_from(peer: str | None, real_ip: str | None) -> str | None:
    """The client's address given the connection's peer and the ``X-Real-IP`` header value.

    The header is believed only when the peer is a trusted proxy (one hop: the proxy sets the
    header to the address it received the connection from, see docs/deployment.md); anyone
    else could write any address in it and escape every per-address limit, or get another
    person's address blocked. None when no valid address is known. Usable outside Django's
    request (the ASGI live endpoint passes ``scope["client"][0]`` and the header)."""
    peer_ip = _valid(peer)
    if peer_ip is None:
        return None
    if real_ip:
        proxies = trusted_proxies()
        if proxies and any(ipaddress.ip_address(peer_ip) in net for net in proxies):
            return _valid(real_ip) or peer_ip
    return peer_ip


def client_address(request) -> str | None:
    """The address of the client behind ``request`` (see ``client_address_from``); None when
    unknown. The one place that reads ``REMOTE_ADDR`` / ``X-Real-IP``: rate limits and the
    audit log both use it."""
    meta = request.META
    return client_address_from(meta.get("REMOTE_ADDR"), meta.get("HTTP_X_REAL_IP"))


def client_ip(request) -> str:
    """``client_address`` as a rate-limit key ("unknown" when there is none)."""
    return client_address(request) or "unknown"


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
