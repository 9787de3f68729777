"""``gongkai backup PATH``: one tar file with a consistent database copy and the uploads.

SQLite: the online backup API (a consistent copy while the site runs). PostgreSQL: ``pg_dump``
custom format when ``pg_dump`` is installed, else ``dumpdata`` of every app (JSON). Uploaded
files under MEDIA_ROOT go under ``media/`` in the same tar. ``gongkai restore PATH`` restores.

What a backup never holds (docs/security.md, "Pen-test fixes: personal data"):

- sessions (``EXCLUDED_TABLES``): a copy of live session keys would open the staff pages. SQLite:
  deleted from the copy, which is then vacuumed so no freed page keeps them; PostgreSQL:
  ``--exclude-table-data``; JSON: left out of the dump. Everyone signs in again after a restore.
- personal data in clear: encrypted fields (ID numbers, phones, TOTP secrets) stay the stored
  ciphertext in every mode (JSON: dumped inside ``stored_ciphertext``). The key
  (FIELD_ENCRYPTION_KEY) is not in the backup: keep it apart.

The file is written with mode 0600 (owner only), whatever the umask. ``--encrypt-to KEY-ID``
encrypts the whole tar with GnuPG to that public key (the operator's keyring), so the file at
rest and its copies off the machine are unreadable without the private key; ``gongkai restore``
decrypts it with ``gpg`` (the private key must then be in the restoring user's keyring).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongkai.security.fields import stored_ciphertext

# 2: sessions left out, encrypted fields as ciphertext in the JSON mode. 1 (older) restores too.
FORMAT = 2
READABLE_FORMATS = {1, 2}
# Left out of every backup: live session keys (a restored session would sign someone in).
EXCLUDED_MODELS = {"sessions.Session"}
EXCLUDED_TABLES = ["django_session"]
FILE_MODE = 0o600


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label not in EXCLUDED_MODELS
    }


def pg_env(db: dict) -> tuple[list[str], dict[str, str]]:
    args = []
    if db.get("HOST"):
        args += ["-h", db["HOST"]]
    if db.get("PORT"):
        args += ["-p", str(db["PORT"])]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def choose_method(requested: str) -> str:
    vendor = connection.vendor
    if requested != "auto":
        if requested == "native" and vendor not in {"sqlite", "postgresql"}:
            raise CommandError(f"No native backup for {vendor}; use --method json.")
        if requested == "native" and vendor == "postgresql" and not shutil.which("pg_dump"):
            raise CommandError("pg_dump is not installed; use --method json.")
        return requested
    if vendor == "sqlite" or (vendor == "postgresql" and shutil.which("pg_dump")):
        return "native"
    return "json"


def dump_database(method: str, workdir: Path) -> str:
    db = connection.settings_dict
    if method == "json":
        target = workdir / "db.json"
        excluded = [arg for label in sorted(EXCLUDED_MODELS) for arg in ("--exclude", label)]
        with target.open("w", encoding="utf-8") as out, stored_ciphertext():
            call_command("dumpdata", "--all", *excluded, indent=None, stdout=out, verbosity=0)
        return target.name
    if connection.vendor == "sqlite":
        target = workdir / "db.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
            _empty_excluded_tables(dest)
        finally:
            dest.close()
        return target.name
    target = workdir / "db.pgdump"
    args, env = pg_env(db)
    excluded = [f"--exclude-table-data={table}" for table in EXCLUDED_TABLES]
    subprocess.run(
        [
            "pg_dump",
            "-Fc",
            "--no-owner",
            "--no-privileges",
            *excluded,
            *args,
            "-f",
            str(target),
            db["NAME"],
        ],
        check=True,
        env=env,
        capture_output=True,
    )
    return target.name


def _empty_excluded_tables(copy: sqlite3.Connection) -> None:
    """Delete the excluded rows from the SQLite copy and rewrite it (VACUUM), so that no freed
    page of the file still holds them."""
    tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in EXCLUDED_TABLES:
        if table in tables:
            copy.execute(f'DELETE FROM "{table}"')  # noqa: S608 - a fixed table name
    copy.commit()
    copy.execute("VACUUM")


def open_private(path: Path):
    """``path`` opened for writing, readable by its owner only (0600) whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # the file may have existed with a wider mode
    return os.fdopen(fd, "wb")


def encrypt_file(source: Path, target: Path, recipient: str) -> None:
    """``source`` encrypted with gpg to ``recipient``'s public key, written 0600 to ``target``."""
    with open_private(target) as out:
        result = subprocess.run(
            [
                "gpg",
                "--batch",
                "--yes",
                "--trust-model",
                "always",
                "--recipient",
                recipient,
                "--output",
                "-",
                "--encrypt",
                str(source),
            ],
            stdout=out,
            stderr=subprocess.PIPE,
        )
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise CommandError("gpg could not encrypt: " + result.stderr.decode(errors="replace"))


class Command(BaseCommand):
    help = "Write a consistent backup (database + uploaded files) to one tar file."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write, e.g. gongkai-2026-05-01.tar.gz")
        parser.add_argument(
            "--method",
            choices=["auto", "native", "json"],
            default="auto",
            help="native: SQLite backup API / pg_dump; json: Django dumpdata",
        )
        parser.add_argument(
            "--encrypt-to",
            metavar="KEY-ID",
            default="",
            help="encrypt the backup with gpg to this public key (e-mail or fingerprint)",
        )

    def handle(self, *args, path: str, method: str, encrypt_to: str = "", **options):
        if encrypt_to and not shutil.which("gpg"):
            raise CommandError("gpg is not installed: install gnupg or leave out --encrypt-to.")
        method = choose_method(method)
        target = Path(path)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            try:
                db_file = dump_database(method, workdir)
            except subprocess.CalledProcessError as exc:
                raise CommandError(
                    f"pg_dump failed: {exc.stderr.decode(errors='replace')}"
                ) from exc
            manifest = {
                "format": FORMAT,
                "vendor": connection.vendor,
                "method": method,
                "database": db_file,
                "excluded": sorted(EXCLUDED_MODELS),
                "encrypted_fields": "ciphertext",
                "created": dt.datetime.now(dt.UTC).isoformat(),
                "counts": row_counts(),
            }
            mode = "w:gz" if target.name.endswith((".gz", ".tgz")) else "w"
            partial = target.with_name(target.name + ".partial")
            plain = workdir / "backup.tar" if encrypt_to else partial
            with open_private(plain) as out, tarfile.open(fileobj=out, mode=mode) as tar:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                tar.add(workdir / db_file, arcname=db_file)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    tar.add(media, arcname="media")
            if encrypt_to:
                encrypt_file(plain, partial, encrypt_to)
            partial.replace(target)
        total = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {target} ({method}, {total} rows).")
        )
