"""/healthz: the database and, when configured, Redis; 503 when either does not answer."""

import os
import socket

import pytest

from tests.conftest import require


def _redis_available(url: str) -> bool:
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).ping()
        return True
    except Exception:
        return False


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens there once the socket is closed


@pytest.mark.django_db
def test_healthz_reports_database_ok(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["redis"] == "not configured"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.services
@pytest.mark.django_db
def test_healthz_reports_redis_ok(client, settings):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    require(_redis_available(url), f"Redis at {url} is not reachable")
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-healthz-{os.getpid()}",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() | {"database_engine": ""} == {
        "status": "ok",
        "database": "ok",
        "redis": "ok",
        "database_engine": "",
    }


@pytest.mark.django_db
def test_healthz_is_503_when_redis_does_not_answer(client, settings):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["redis"].startswith("error: ")  # the exception's class, nothing more
    assert "127.0.0.1" not in response.content.decode()


def test_no_pending_migrations(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
