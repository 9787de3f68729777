"""``gongkai restore PATH``: put back a backup written by ``gongkai backup``.

The database is replaced completely (SQLite: the backup API into the live database;
PostgreSQL: ``pg_restore --clean``; JSON: flush + loaddata), then MEDIA_ROOT is replaced by the
backup's files. Stop the web and task workers first.

Encrypted fields come back as the ciphertext they were dumped as (format 2), so the same
FIELD_ENCRYPTION_KEY (or it among FIELD_ENCRYPTION_OLD_KEYS) must be configured. Sessions are
not in a backup: everyone signs in again.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from gongkai.ops.management.commands.backup import (
    EXCLUDED_MODELS,
    READABLE_FORMATS,
    pg_env,
    row_counts,
)
from gongkai.security.fields import stored_ciphertext


def restore_database(manifest: dict, workdir: Path) -> None:
    db_file = workdir / manifest["database"]
    if manifest["method"] == "json":
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        if manifest.get("encrypted_fields") == "ciphertext":
            with stored_ciphertext():
                call_command("loaddata", str(db_file), verbosity=0)
        else:  # format 1 dumped encrypted fields in clear
            call_command("loaddata", str(db_file), verbosity=0)
        return
    if manifest["vendor"] != connection.vendor:
        raise CommandError(
            f"This backup is a {manifest['vendor']} copy; the site runs on {connection.vendor}."
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(db_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    db = connection.settings_dict
    connections.close_all()
    args, env = pg_env(db)
    result = subprocess.run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            *args,
            "-d",
            db["NAME"],
            str(db_file),
        ],
        env=env,
        capture_output=True,
    )
    if result.returncode != 0:
        raise CommandError("pg_restore failed: " + result.stderr.decode(errors="replace"))


def decrypt_file(source: Path, target: Path) -> Path:
    """A backup encrypted by ``gongkai backup --encrypt-to``, decrypted with gpg."""
    if not shutil.which("gpg"):
        raise CommandError("This backup is not a tar file and gpg is not installed to decrypt it.")
    result = subprocess.run(
        ["gpg", "--batch", "--yes", "--output", str(target), "--decrypt", str(source)],
        capture_output=True,
    )
    if result.returncode != 0:
        raise CommandError(
            "This backup is neither a tar file nor decryptable with your gpg keys: "
            + result.stderr.decode(errors="replace")
        )
    return target


class Command(BaseCommand):
    help = "Restore a backup written by `gongkai backup` (replaces the database and uploads)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--no-media", action="store_true", help="restore the database only")

    def handle(self, *args, path: str, no_media: bool, **options):
        source = Path(path)
        if not source.is_file():
            raise CommandError(f"No backup file at {source}.")
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            if not tarfile.is_tarfile(source):  # encrypted with ``backup --encrypt-to``
                source_tar = decrypt_file(source, workdir / "backup.tar")
            else:
                source_tar = source
            with tarfile.open(source_tar, "r:*") as tar:
                tar.extractall(workdir / "backup", filter="data")
            workdir = workdir / "backup"
            manifest = json.loads((workdir / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format") not in READABLE_FORMATS:
                raise CommandError("Unknown backup format.")
            restore_database(manifest, workdir)
            if not no_media and (workdir / "media").is_dir():
                media = Path(settings.MEDIA_ROOT)
                if media.exists():
                    shutil.rmtree(media)
                shutil.copytree(workdir / "media", media)
        counts = row_counts()
        expected = manifest["counts"]
        differ = {
            k: (v, counts.get(k))
            for k, v in expected.items()
            if counts.get(k) != v and k not in EXCLUDED_MODELS
        }
        if differ:  # rows written while the backup ran (live site) also show up here
            self.stderr.write(f"Row counts differ from the backup's manifest: {differ}")
        self.stdout.write(self.style.SUCCESS(f"Restored {source} ({sum(counts.values())} rows)."))
