"""Shared fixtures: personas per role on the 2023 demo programme, and service guards.

Tests that need PostgreSQL, Redis or Chromium skip with a reason when they are missing, but
fail under ``CI=true`` (see ``require``)."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.programmes.models import Programme
from gongkai.programmes.services import load_builtin
from gongkai.units.models import Unit
from tests.fixtures.queries import clear_caches

pytest_plugins = ["tests.fixtures.browser", "tests.fixtures.servers"]

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip when a real component is missing, except in CI where that is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture
def programme(db) -> Programme:
    return load_builtin(2023)


def make_user(username: str, role: str, unit: Unit | None = None) -> User:
    user = User.objects.create_user(
        username=username, password="test-pass-123!", role=role, unit=unit
    )
    return user


@pytest.fixture
def personas(programme) -> dict[str, User]:
    """One account per role; two unit-staff accounts in different units (own vs other)."""
    return {
        "county_office": make_user(
            "p-county", Role.COUNTY_OFFICE, Unit.objects.get(special_role="county_office")
        ),
        "service_center": make_user(
            "p-service", Role.SERVICE_CENTER, Unit.objects.get(special_role="service_center")
        ),
        "media_center": make_user(
            "p-media", Role.MEDIA_CENTER, Unit.objects.get(special_role="media_center")
        ),
        "unit_staff": make_user("p-unit", Role.UNIT_STAFF, Unit.objects.get(name="县农业农村局")),
        "other_unit_staff": make_user("p-other", Role.UNIT_STAFF, Unit.objects.get(name="镇靖镇")),
        "assessor": make_user("p-assessor", Role.ASSESSOR),
        "admin": make_user("p-admin", Role.ADMIN),
    }


@pytest.fixture
def client_as(personas):
    """``client_as("service_center")`` → a Client signed in as that persona; None → anonymous."""

    def make(persona: str | None) -> Client:
        client = Client()
        if persona is not None:
            client.force_login(personas[persona])
        return client

    return make


ALL_PERSONAS = [
    None,
    "county_office",
    "service_center",
    "media_center",
    "unit_staff",
    "other_unit_staff",
    "assessor",
    "admin",
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for production; tests hash many passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # Cached public pages (gongkai.portal.cache) must not leak from one test's database into the
    # next: the rolled-back content never bumped the version. The intake's per-process copies
    # of interviews likewise.
    clear_caches()
    yield
