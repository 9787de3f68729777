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


def redis_client():
    """A redis-py client on the Redis behind the default cache, or None when that cache is not
    Redis.

    Built from the cache's configured ``LOCATION`` (the first server when several are listed,
    the one Django writes to) with a connection pool of its own, and kept per process and
    location: Django's cache makes a new client object on every call (redis-py fills a table of
    ~170 reply handlers each time), which costs more than the round trip on the question
    intake. redis-py reopens the pool's connections in a forked worker; the client is
    thread-safe. Same server and database as the cache, so ``hit`` (through the cache) and
    ``hit_many`` (through this client) count the same keys."""
    held = _held()
    return None if held is None else held[0]


def _held() -> tuple[Any, Any, Any] | None:
    if not isinstance(caches["default"], RedisCache):
        return None
    location = settings.CACHES["default"]["LOCATION"]
    if isinstance(location, str):
        location = location.split(",")
    url = location[0].strip()
    held = _clients.get(url)
    if held is None:
        import redis

        client = redis.Redis.from_url(url)
        # A Script holds only the text and its SHA (EVALSHA, loaded again if Redis lost it).
        held = _clients[url] = (
            client,
            client.register_script(_HIT_MANY_LUA),
            client.register_script(_HIT_IN_TURN_LUA),
        )
    return held


# location -> (client, its hit_many script, its hit_in_turn script)
_clients: dict[str, tuple[Any, Any, Any]] = {}


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


def hit_many(checks: list[tuple[str, str, int, int]]) -> list[bool]:
    """``hit`` for several ``(scope, key, limit, window_seconds)`` at once: one round trip on
    Redis (a script that counts every key), the same counters as ``hit``."""
    held = _held()
    if held is None:
        return [hit(*check) for check in checks]
    client, script, _in_turn = held
    counts = script(keys=_keys(checks), args=[window + 1 for *_, window in checks], client=client)
    return [int(count) <= check[2] for count, check in zip(counts, checks, strict=True)]


def _keys(checks: list[tuple[str, str, int, int]]) -> list[str]:
    now = time.time()
    return [
        cache.make_and_validate_key(f"rl:{scope}:{key}:{int(now // window)}")
        for scope, key, _limit, window in checks
    ]


# Like _HIT_MANY_LUA, in order, stopping after the first key over its limit (ARGV: expiry and
# limit of each key in turn); returns the counts made, fewer than the keys when it stopped.
_HIT_IN_TURN_LUA = """
local counts = {}
for i, key in ipairs(KEYS) do
  local n = redis.call('INCR', key)
  if n == 1 then redis.call('EXPIRE', key, ARGV[2 * i - 1]) end
  counts[i] = n
  if n > tonumber(ARGV[2 * i]) then break end
end
return counts
"""


def hit_in_turn(checks: list[tuple[str, str, int, int]]) -> list[bool]:
    """``hit`` for each ``(scope, key, limit, window_seconds)`` in turn, until one is refused:
    the checks after it are neither counted nor allowed (False). A later bucket thus counts
    only the attempts every earlier one let through (the question intake: an address over its
    limit never uses up the interview's shared bucket). One round trip on Redis."""
    held = _held()
    if held is None:
        allowed: list[bool] = []
        for check in checks:
            allowed.append(hit(*check) if all(allowed) else False)
        return allowed
    client, _many, script = held
    args = [value for *_, limit, window in checks for value in (window + 1, limit)]
    counts = script(keys=_keys(checks), args=args, client=client)
    allowed = [int(count) <= check[2] for count, check in zip(counts, checks, strict=False)]
    return allowed + [False] * (len(checks) - len(allowed))
