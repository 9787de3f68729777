"""``gongkai backup PATH``: one tar file with a consistent database copy and the uploads.

SQLite: the online backup API (a consistent copy while the site runs). PostgreSQL: ``pg_dump``
custom format when ``pg_dump`` is installed, else ``dumpdata`` of every app (JSON). Uploaded
files under MEDIA_ROOT go under ``media/`` in the same tar. ``gongkai restore PATH`` restores.
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

FORMAT = 1


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
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
        with target.open("w", encoding="utf-8") as out:
            call_command("dumpdata", "--all", indent=None, stdout=out, verbosity=0)
        return target.name
    if connection.vendor == "sqlite":
        target = workdir / "db.sqlite3"
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        return target.name
    target = workdir / "db.pgdump"
    args, env = pg_env(db)
    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(target), db["NAME"]],
        check=True,
        env=env,
        capture_output=True,
    )
    return target.name


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

    def handle(self, *args, path: str, method: str, **options):
        method = choose_method(method)
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
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
                "created": dt.datetime.now(dt.UTC).isoformat(),
                "counts": row_counts(),
            }
            mode = "w:gz" if target.name.endswith((".gz", ".tgz")) else "w"
            partial = target.with_name(target.name + ".partial")
            with tarfile.open(partial, mode) as tar:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
                tar.add(workdir / db_file, arcname=db_file)
                media = Path(settings.MEDIA_ROOT)
                if media.is_dir():
                    tar.add(media, arcname="media")
            partial.replace(target)
        total = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {target} ({method}, {total} rows).")
        )
