"""Shared fixtures: personas per role on the 2023 demo programme, and service guards.

Tests that need PostgreSQL, Redis or Chromium skip with a reason when they are missing, but
fail under ``CI=true`` (see ``require``)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from django.db import models
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from gongkai.accounts.models import Role, User
from gongkai.programmes.models import Programme
from gongkai.programmes.services import load_builtin
from gongkai.units.models import Unit
from tests.fixtures.moduledata import module_transaction, transactional
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


# --- the 2023 programme and the personas: loaded once per test database ----------------------
#
# Loading the programme (≈300 queries) and the seven personas in every test was half the
# suite's time. ``django_db_setup`` below loads them once into each test database (one per
# xdist worker) and each test runs in its own rolled-back transaction on top of them. The
# fixtures keep their meaning:
#
# * ``programme`` / ``personas`` return the loaded rows (one query), or load what is missing;
# * a test that uses the database without asking for ``programme`` starts from an empty
#   database as before: ``_database_as_requested`` deletes the loaded rows inside its
#   transaction (raw SQL, no signals, no audit entries);
# * a transactional test (``transaction=True``, ``live_server``) flushes the database when it
#   ends; the flush's ``post_migrate`` marks the seed stale and ``pytest_runtest_setup``
#   loads it again (committed) before the next test that runs in a transaction.

PERSONAS: dict[str, tuple[str, str, dict[str, str] | None]] = {
    # persona: (username, role, lookup of the unit)
    "county_office": ("p-county", Role.COUNTY_OFFICE, {"special_role": "county_office"}),
    "service_center": ("p-service", Role.SERVICE_CENTER, {"special_role": "service_center"}),
    "media_center": ("p-media", Role.MEDIA_CENTER, {"special_role": "media_center"}),
    "unit_staff": ("p-unit", Role.UNIT_STAFF, {"name": "县农业农村局"}),
    "other_unit_staff": ("p-other", Role.UNIT_STAFF, {"name": "镇靖镇"}),
    "assessor": ("p-assessor", Role.ASSESSOR, None),
    "admin": ("p-admin", Role.ADMIN, None),
}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_user(username: str, role: str, unit: Unit | None = None) -> User:
    user = User.objects.create_user(
        username=username, password="test-pass-123!", role=role, unit=unit
    )
    return user


def _programme_2023() -> Programme:
    existing = Programme.objects.filter(year=2023).first()
    return existing if existing is not None else load_builtin(2023)


def _personas() -> dict[str, User]:
    users = {
        user.username: user
        for user in User.objects.select_related("unit").filter(
            username__in=[username for username, _, _ in PERSONAS.values()]
        )
    }
    result = {}
    for persona, (username, role, unit) in PERSONAS.items():
        user = users.get(username)
        if user is None:
            user = make_user(username, role, Unit.objects.get(**unit) if unit else None)
        result[persona] = user
    return result


class Seed:
    """The rows the seed added, per table: ``(table, pk column, largest pk before or None)``."""

    added: list[tuple[str, str, object]] = []
    stale = False


def _table_state() -> dict[str, tuple[str, int, object]]:
    from django.apps import apps
    from django.db import connection
    from django.db.models import Max

    existing = set(connection.introspection.table_names())
    state = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in existing and table not in state and model._meta.managed:
            pk = model._meta.pk
            numbered = isinstance(pk, models.AutoField | models.IntegerField)
            row = model._base_manager.aggregate(
                n=models.Count("pk"), **({"top": Max("pk")} if numbered else {})
            )
            state[table] = (pk.column, row["n"], row.get("top"))
    return state


def seed_test_database() -> None:
    """The 2023 programme and the personas, committed, as if each test had made them itself: the
    callbacks their saves queue for the commit (page-cache bump, search index) are dropped,
    as in a test's transaction, which never commits."""
    from django.db import connection, transaction
    from django.test import override_settings

    before = _table_state()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        _programme_2023()
        _personas()
        connection.run_on_commit.clear()
    after = _table_state()
    Seed.added = [
        (table, column, before[table][2] if before[table][1] else None)
        for table, (column, count, _) in after.items()
        if count != before[table][1]
    ]
    for table, _column, top in Seed.added:
        if top is None and before[table][1]:
            raise RuntimeError(f"{table}: the seed's rows cannot be told from the others")
    Seed.stale = False


def unseed_test_database() -> None:
    """Delete what the seed added (in the caller's transaction when there is one)."""
    from django.db import connection, transaction

    if not connection.in_atomic_block:
        Seed.stale = True  # committed: a transactional test
    with transaction.atomic(), connection.cursor() as cursor:
        for table, column, top in Seed.added:
            quote = connection.ops.quote_name
            if top is None:
                cursor.execute(f"DELETE FROM {quote(table)}")
            else:
                cursor.execute(f"DELETE FROM {quote(table)} WHERE {quote(column)} > %s", [top])


def _mark_seed_stale(**kwargs) -> None:
    Seed.stale = True  # a flush (TransactionTestCase) emits post_migrate


class Migrated:
    """A copy of the freshly migrated SQLite test database (before the seed), for the servers
    a test starts (tests/fixtures/servers.py): copied instead of migrated again."""

    copy: Path | None = None


def _keep_migrated_copy(folder: Path) -> None:
    from django.db import connection

    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        return
    connection.ensure_connection()
    target = folder / "gongkai.sqlite3"
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
    copy.close()
    Migrated.copy = target


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.db.models.signals import post_migrate

    with django_db_blocker.unblock():
        _keep_migrated_copy(tmp_path_factory.mktemp("migrated"))
        seed_test_database()
    post_migrate.connect(_mark_seed_stale, dispatch_uid="tests-seed-stale")
    yield
    post_migrate.disconnect(dispatch_uid="tests-seed-stale")


def _needs_seed(item: pytest.Item) -> bool:
    """A test that runs in a rolled-back transaction on the database (the seed must be there,
    committed, before it starts). A transactional test makes what it asks for itself and a
    test without the database needs nothing."""
    names = getattr(item, "fixturenames", ())
    uses_db = item.get_closest_marker("django_db") is not None or "db" in names
    return uses_db and not transactional(item)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # Loaded again only when a test needs it: the transactional tests run one after the other
    # (pytest-django orders them last), so the seed is not loaded and deleted again for each.
    if Seed.stale and Seed.added and _needs_seed(item):
        with item.config.stash[blocking_manager_key].unblock():
            if User.objects.filter(username=PERSONAS["admin"][0]).exists():
                Seed.stale = False
            else:
                seed_test_database()
    return (yield)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests first among the transactional ones (which pytest-django runs after the
    others): they last longest, and with ``-n`` a long test started last is the run's tail."""
    slots = [i for i, item in enumerate(items) if transactional(item)]
    moved = sorted(
        (items[i] for i in slots), key=lambda item: item.get_closest_marker("browser") is None
    )
    for slot, item in zip(slots, moved, strict=True):
        items[slot] = item


@pytest.fixture(autouse=True)
def _database_as_requested(request):
    """A test that uses the database but not the programme starts from an empty database."""
    names = request.fixturenames
    uses_db = (
        request.node.get_closest_marker("django_db") is not None
        or "db" in names
        or "transactional_db" in names
        or "live_server" in names
    )
    if uses_db and "programme" not in names:
        request.getfixturevalue("_django_db_helper")
        unseed_test_database()


@pytest.fixture(scope="module")
def demo_module(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """The whole demo (``gongkai demo``) on top of the seed, loaded once per module
    (tests/fixtures/moduledata.py: each test is rolled back to it). Returns the folder of the
    demo's files; a module's ``demo`` fixture points MEDIA_ROOT there and asks for
    ``programme`` (a test that starts unseeded would delete the module's rows)."""
    from django.test import override_settings

    from gongkai.ops.demo import load_demo

    media = tmp_path_factory.mktemp("demo-media")
    with module_transaction(request, django_db_blocker):
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
            _programme_2023()
            _personas()
            load_demo()
        yield media


@pytest.fixture
def demo(demo_module, programme, settings) -> Programme:
    """The demo, loaded once for the module (``demo_module``); modules and folders with a
    ``demo`` of their own (a few interviews, a page walk) override it."""
    settings.MEDIA_ROOT = str(demo_module)
    return programme


@pytest.fixture
def programme(db) -> Programme:
    return _programme_2023()


@pytest.fixture
def personas(programme) -> dict[str, User]:
    """One account per role; two unit-staff accounts in different units (own vs other)."""
    return _personas()


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
# Every signed-in persona (a view open to all staff).
STAFF_PERSONAS = frozenset(persona for persona in ALL_PERSONAS if persona is not None)


@pytest.fixture(autouse=True)
def _loggers_enabled():
    """Every test starts with the project's loggers enabled and propagating: a library that
    re-runs a logging configuration in this process (a server, a command) can leave them off,
    and a test reading its log records with ``caplog`` would then read nothing."""
    import logging

    for name, logger in list(logging.root.manager.loggerDict.items()):
        if isinstance(logger, logging.Logger) and name.startswith(("gongkai", "django")):
            logger.disabled = False
            if name.startswith("gongkai"):
                logger.propagate = True


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    # Cached public pages (gongkai.portal.cache) must not leak from one test's database into the
    # next: the rolled-back content never bumped the version. The intake's per-process copies
    # of interviews likewise.
    clear_caches()
    yield
