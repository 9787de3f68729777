"""Backup and restore round-trip the demo data (database rows and uploaded files), on the
database the suite runs on: SQLite in the first CI pass, PostgreSQL in the second."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.accounts.models import User
from gongkai.ops.demo import load_demo
from gongkai.ops.management.commands.backup import row_counts
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


# --- pen test, item 9: private file, no sessions, no personal data in clear -------------------

TOTP_SECRET = "JBSWY3DPEHPK3PXPGONGKAI2"


def _database_bytes(backup: Path, workdir: Path) -> bytes:
    """Every byte of the backup's database copy, readable: the raw SQLite file or JSON, or the
    SQL that pg_restore makes of a pg_dump (its custom format is compressed)."""
    import subprocess
    import tarfile

    with tarfile.open(backup, "r:*") as tar:
        tar.extractall(workdir, filter="data")
    data = b""
    for path in sorted(workdir.rglob("*")):
        if path.suffix == ".pgdump":
            data += subprocess.run(
                ["pg_restore", "-f", "-", str(path)], check=True, capture_output=True
            ).stdout
        elif path.is_file():
            data += path.read_bytes()
    return data


def _private_backup_check(tmp_path, settings, method, personas):
    import os
    import stat

    from django.contrib.sessions.models import Session
    from django.test import Client

    from gongkai.accounts.models import TOTPDevice
    from gongkai.visits import services
    from gongkai.visits.models import Representative
    from tests.visits.conftest import person, valid_id

    settings.MEDIA_ROOT = tmp_path / "media"
    user = personas["service_center"]
    TOTPDevice.objects.create(user=user, secret=TOTP_SECRET)
    rep = services.save_representative(**person(5, phone="13955554444"))
    client = Client()
    client.force_login(user)
    assert client.get("/visits/staff/representatives/").status_code == 200
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=session_key).exists()

    backup = tmp_path / "out" / "gongkai-backup.tar.gz"
    old_umask = os.umask(0o022)  # a usual umask: files would be world-readable
    try:
        call_command("backup", str(backup), "--method", method, verbosity=0)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    data = _database_bytes(backup, tmp_path / "unpacked")
    assert user.username.encode() in data  # the database copy was read
    for secret in (valid_id(5), "13955554444", TOTP_SECRET, session_key):
        assert secret.encode() not in data, secret

    call_command("restore", str(backup), verbosity=0)
    assert not Session.objects.exists()
    # The restored ciphertext decrypts with the same key: nothing was encrypted twice.
    restored = Representative.objects.get(pk=rep.pk)
    assert (restored.id_number, restored.phone) == (valid_id(5), "13955554444")
    assert TOTPDevice.objects.get(user=user).secret == TOTP_SECRET
    # The session cookie of before the backup no longer opens a staff page once the backup is
    # restored elsewhere (with Redis, cached_db sessions also live in this machine's cache).
    from django.core.cache import cache

    cache.clear()
    response = client.get("/visits/staff/representatives/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db(transaction=True)
def test_native_backup_is_private_without_sessions_or_clear_personal_data(
    tmp_path, settings, personas
):
    if connection.vendor == "postgresql":
        require(shutil.which("pg_dump") is not None, "pg_dump is not installed")
    _private_backup_check(tmp_path, settings, "native", personas)


@pytest.mark.django_db(transaction=True)
def test_json_backup_is_private_without_sessions_or_clear_personal_data(
    tmp_path, settings, personas
):
    _private_backup_check(tmp_path, settings, "json", personas)


@pytest.mark.django_db(transaction=True)
def test_backup_encrypted_to_a_gpg_key_restores_with_that_key(
    tmp_path, settings, personas, monkeypatch
):
    import subprocess

    from gongkai.accounts.models import TOTPDevice

    require(shutil.which("gpg") is not None, "gpg is not installed")
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "backup@gongkai.test"]
        + ["future-default", "default", "never"],
        check=True,
        capture_output=True,
    )
    try:
        settings.MEDIA_ROOT = tmp_path / "media"
        TOTPDevice.objects.create(user=personas["admin"], secret=TOTP_SECRET)
        backup = tmp_path / "gongkai-backup.tar.gz.gpg"
        call_command("backup", str(backup), "--encrypt-to", "backup@gongkai.test", verbosity=0)
        data = backup.read_bytes()
        assert oct(backup.stat().st_mode & 0o777) == oct(0o600)
        assert b"manifest.json" not in data and personas["admin"].username.encode() not in data
        TOTPDevice.objects.all().delete()
        call_command("restore", str(backup), verbosity=0)
        assert TOTPDevice.objects.get(user=personas["admin"]).secret == TOTP_SECRET
    finally:  # gpg started an agent for this home
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], check=False, capture_output=True)
