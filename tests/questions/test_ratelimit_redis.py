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
        assert ratelimit._redis_client() is not None
        assert ratelimit.hit("s", "k", 2, 60) is True  # hit and hit_many share the counter
        assert ratelimit.hit_many([("s", "k", 2, 60), ("s", "other", 1, 60)]) == [True, True]
        assert ratelimit.hit_many([("s", "k", 2, 60), ("s", "other", 1, 60)]) == [False, False]
        assert ratelimit.hit("s", "k", 2, 60) is False
