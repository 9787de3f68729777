"""Backup and restore round-trip the demo data (database rows and uploaded files), on the
database the suite runs on: SQLite in the first CI pass, PostgreSQL in the second."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.accounts.models import User
from gongkai.core.demo import load_demo
from gongkai.core.management.commands.backup import row_counts
from gongkai.units.models import Unit
from tests.conftest import require


def _round_trip(tmp_path, settings, method):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "public").mkdir(parents=True)
    (tmp_path / "media" / "public" / "poster.png").write_bytes(b"\x89PNG poster")
    load_demo()
    counts = row_counts()
    assert counts["accounts.User"] >= 8
    units = list(Unit.objects.order_by("pk").values_list("pk", "name"))
    county = User.objects.get(username="county")
    backup = tmp_path / "gongkai-backup.tar.gz"

    call_command("backup", str(backup), "--method", method, verbosity=0)
    assert backup.is_file()

    # Damage: rows removed and changed, an upload lost, a stray upload added.
    User.objects.filter(username="tongji").delete()
    Unit.objects.filter(pk=units[0][0]).update(name="改名")
    (tmp_path / "media" / "public" / "poster.png").unlink()
    (tmp_path / "media" / "stray.txt").write_text("stray")

    call_command("restore", str(backup), verbosity=0)

    assert row_counts() == counts
    assert list(Unit.objects.order_by("pk").values_list("pk", "name")) == units
    restored = User.objects.get(username="county")
    assert (restored.pk, restored.password, restored.role) == (
        county.pk,
        county.password,
        county.role,
    )
    assert (tmp_path / "media" / "public" / "poster.png").read_bytes() == b"\x89PNG poster"
    assert not (tmp_path / "media" / "stray.txt").exists()
    # The restored database takes new rows (sequences restored too).
    User.objects.create_user("after-restore")


@pytest.mark.django_db(transaction=True)
def test_backup_round_trip_native(tmp_path, settings):
    if connection.vendor == "postgresql":
        require(shutil.which("pg_dump") is not None, "pg_dump is not installed")
    _round_trip(tmp_path, settings, "native")


@pytest.mark.django_db(transaction=True)
def test_backup_round_trip_json(tmp_path, settings):
    _round_trip(tmp_path, settings, "json")


@pytest.mark.django_db
def test_restore_missing_file_fails_clearly(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore", str(Path(tmp_path) / "nope.tar"))
