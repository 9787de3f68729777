"""hit_many against a real Redis: the same counters as hit, one round trip."""

import os

import pytest
from django.test import override_settings

from gongkai.lib import ratelimit
from tests.conftest import require

pytestmark = pytest.mark.services


def _redis_available(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url).ping()
        return True
    except Exception:
        return False


def test_hit_many_on_redis_counts_like_hit():
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    require(_redis_available(url), f"Redis at {url} is not reachable")
    cache_settings = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-rl-{os.getpid()}",
        }
    }
    with override_settings(CACHES=cache_settings):  # through the default-cache proxy
        assert ratelimit.redis_client() is not None
        assert ratelimit.hit("s", "k", 2, 60) is True  # hit and hit_many share the counter
        assert ratelimit.hit_many([("s", "k", 2, 60), ("s", "other", 1, 60)]) == [True, True]
        assert ratelimit.hit_many([("s", "k", 2, 60), ("s", "other", 1, 60)]) == [False, False]
        assert ratelimit.hit("s", "k", 2, 60) is False


def test_hit_many_client_uses_only_public_apis():
    """The limiter's client is redis-py's own, built from the cache's configured location, not
    dug out of Django's cache backend (whose internals change between releases)."""
    import inspect

    source = inspect.getsource(ratelimit)
    assert "_get_connection_pool" not in source and "._cache." not in source
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    cache_settings = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    with override_settings(CACHES=cache_settings):
        client = ratelimit.redis_client()
        assert client is ratelimit.redis_client()  # one per process and location
        kwargs = client.connection_pool.connection_kwargs
        assert f"{kwargs['host']}:{kwargs['port']}/{kwargs.get('db', 0)}" in url
    locmem = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=locmem):
        assert ratelimit.redis_client() is None  # hit_many falls back to hit


@pytest.mark.parametrize("on_redis", [True, False])
def test_hit_in_turn_counts_a_later_bucket_only_when_the_earlier_allowed(on_redis):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    if on_redis:
        require(_redis_available(url), f"Redis at {url} is not reachable")
        backend = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    else:
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    cache_settings = {"default": {**backend, "KEY_PREFIX": f"test-turn-{os.getpid()}-{on_redis}"}}
    with override_settings(CACHES=cache_settings):
        assert (ratelimit.redis_client() is not None) is on_redis
        turn = [("ip", "a", 1, 60), ("shared", "x", 5, 60)]
        assert ratelimit.hit_in_turn(turn) == [True, True]
        # "a" is over its limit: the shared bucket is neither counted nor allowed.
        assert ratelimit.hit_in_turn(turn) == [False, False]
        assert ratelimit.hit_in_turn(turn) == [False, False]
        assert ratelimit.hit_in_turn([("ip", "b", 1, 60), ("shared", "x", 2, 60)]) == [True, True]
        assert ratelimit.hit("shared", "x", 3, 60) is True  # counted twice so far, not four times
