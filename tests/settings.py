"""The test run's settings: the product's, plus one thing for pytest-xdist.

Workers run at the same time against one Redis: each takes a database of its own (the base
database + 1 + the worker's number) and a live-channel prefix of its own (Redis pub/sub is not
per database), so one worker's ``cache.clear()`` or published event never reaches another. The
environment is updated too, so the uvicorn servers a test starts use the same database and
prefix as its worker."""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from django.conf import global_settings

from gongkai.conf.settings import *  # noqa: F403
from gongkai.conf.settings import CACHES, REDIS_URL

# MD5 first: PBKDF2's deliberate slowness is for production and tests hash many passwords (set
# here once instead of an override in every test). Django's own hashers follow, so a PBKDF2
# hash still checks, in the test process and in the servers a test starts.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *global_settings.PASSWORD_HASHERS,
]

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _worker.startswith("gw") and _worker[2:].isdigit():
    _parts = urlsplit(REDIS_URL)
    _base = int(_parts.path.strip("/") or 0)
    REDIS_URL = urlunsplit(_parts._replace(path=f"/{(_base + 1 + int(_worker[2:])) % 16}"))
    CACHES["default"]["LOCATION"] = REDIS_URL
    os.environ["REDIS_URL"] = REDIS_URL
    os.environ.setdefault("LIVE_CHANNEL_PREFIX", f"gongkai-test-{_worker}")

# WhiteNoise scans the static files once per test process, not once per test Client
# (tests/fixtures/static.py).
MIDDLEWARE = [
    "tests.fixtures.static.SharedScanWhiteNoiseMiddleware"
    if name == "whitenoise.middleware.WhiteNoiseMiddleware"
    else name
    for name in MIDDLEWARE  # noqa: F405
]
