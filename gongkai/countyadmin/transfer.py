"""One county out of a deployment and into another: a ZIP with ``manifest.json``, ``rows.json``
(every row of the county, Django's serialization) and ``media/`` (its uploaded files).

Export reads inside ``scope.activate(county)``: every table whose default manager is scoped
gives exactly the county's rows; the tables shared with the city (accounts, audit, working
days, sensitive words) give only the county's own rows, never the city's. Encrypted fields
are written as the stored ciphertext (``security.fields.stored_ciphertext``, as ``gongkai
backup --method json``): the ZIP holds no personal data in clear, and the deployment that
imports it needs the same FIELD_ENCRYPTION_KEY to read them.

Import creates a new county and gives every row a new primary key (old key + the table's
largest key), so it never overwrites a row of the deployment it lands in; foreign keys follow.
A key to a row that is not in the file (a city account named in an audit entry) becomes empty
where the column allows it, else the row is left out and counted; so do an account's
Django groups and permissions (the project's roles are a field of the account). Uploaded files keep their
names unless the name is taken, then they get a free one."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Max

from gongkai.counties import resolve, scope
from gongkai.counties.models import County
from gongkai.counties.scope import CountyScopedManager
from gongkai.security.fields import stored_ciphertext
from gongkai.security.models import UploadName

FORMAT = 1
# The city's record of earlier exports (and their ZIPs) is not the county's data.
NOT_EXPORTED = {"countyadmin.CountyExport", "city.ProvisionalScore"}  # derived: recomputed
COUNTY_FIELDS = [
    "name",
    "slug",
    "hosts",
    "active",
    "disabled_notice",
    "site_name",
    "colour",
    "organiser",
    "operator",
    "sort_order",
]


class TransferError(Exception):
    """The file cannot be imported; the message says why and what to do."""


def county_models() -> list[type[models.Model]]:
    """The tables that hold a county's rows: every project model with a scoped manager."""
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("gongkai.")
        and model._meta.label not in NOT_EXPORTED
        and model._meta.managed
        and not model._meta.proxy
        and isinstance(model._default_manager, CountyScopedManager)
    ]


def rows_of(model: type[models.Model], county: County) -> models.QuerySet:
    """The county's own rows of ``model`` (call inside ``scope.activate(county)``)."""
    manager = model._default_manager
    queryset = manager.all()
    path = manager.county_path  # type: ignore[attr-defined]
    if callable(path):  # own rows and the city's: keep the own ones
        queryset = queryset.filter(**{f"{path.path}_id": county.pk})
    return queryset.order_by("pk")


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def export_county(county: County, target: Path) -> dict[str, int]:
    """Write the county's ZIP to ``target``; returns the number of rows per table."""
    rows: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    files: set[str] = set()
    with scope.activate(county), stored_ciphertext():
        for model in county_models():
            queryset = rows_of(model, county)
            # Plain keys, renumbered on import (a user's natural key, the user name, would
            # make a city account named in an audit entry a lookup in the other deployment).
            serialized = serializers.serialize("python", queryset)
            if serialized:
                counts[model._meta.label] = len(serialized)
                rows.extend(serialized)
            for file_field in _file_fields(model):
                names = queryset.exclude(**{file_field.name: ""}).values_list(
                    file_field.name, flat=True
                )
                files.update(name for name in names if name)
    if county.logo:
        files.add(county.logo.name)
    originals = dict(UploadName.objects.filter(name__in=files).values_list("name", "original_name"))
    manifest = {
        "format": FORMAT,
        "created": dt.datetime.now(dt.UTC).isoformat(),
        "county": {name: getattr(county, name) for name in COUNTY_FIELDS}
        | {"logo": county.logo.name or ""},
        "counts": counts,
        "encrypted_fields": "ciphertext",
        "upload_names": originals,
    }
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        archive.writestr("rows.json", json.dumps(rows, cls=DjangoJSONEncoder, ensure_ascii=False))
        for name in sorted(files):
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as handle:
                    archive.writestr(f"media/{name}", handle.read())
    return counts


def export_to_temp(county: County) -> tuple[Path, dict[str, int]]:
    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)  # noqa: SIM115
    handle.close()
    path = Path(handle.name)
    return path, export_county(county, path)


@dataclass
class ImportResult:
    county: County
    counts: Counter = field(default_factory=Counter)
    left_out: Counter = field(default_factory=Counter)
    files: int = 0


def _read(source: Path) -> tuple[dict[str, Any], str, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(source)
        manifest = json.loads(archive.read("manifest.json"))
        rows = archive.read("rows.json").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TransferError(
            f"{source} is not a county export (made by gongkai export_county): {exc}"
        ) from exc
    if manifest.get("format") != FORMAT:
        raise TransferError(f"{source} has format {manifest.get('format')}; expected {FORMAT}.")
    return manifest, rows, archive


def _safe_member(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise TransferError(f"The file names an unsafe path: {name}")
    return str(path)


@transaction.atomic
def import_county(
    source: Path, *, name: str = "", slug: str = "", hosts: str | None = None
) -> ImportResult:
    """Restore an export as a new county (``name``/``slug``/``hosts`` override the file's)."""
    manifest, text, archive = _read(source)
    info = manifest["county"]
    county = County(**{key: info[key] for key in COUNTY_FIELDS})
    county.name = name or county.name
    county.slug = slug or county.slug
    if hosts is not None:
        county.hosts = hosts
    try:
        county.full_clean()
    except Exception as exc:
        raise TransferError(
            f"The county cannot be created ({exc}); give another --name, --slug or --hosts."
        ) from exc
    county.save()
    result = ImportResult(county=county)

    # New names of the files: the same unless taken in this deployment.
    renamed: dict[str, str] = {}
    with archive:
        for member in archive.namelist():
            if not member.startswith("media/") or member.endswith("/"):
                continue
            old = _safe_member(member.removeprefix("media/"))
            renamed[old] = default_storage.save(old, ContentFile(archive.read(member)))
            result.files += 1
    for old, new in renamed.items():
        original = manifest.get("upload_names", {}).get(old)
        if original:
            UploadName.objects.update_or_create(name=new, defaults={"original_name": original})
    if info.get("logo"):
        county.logo = renamed.get(info["logo"], info["logo"])
        county.save(update_fields=["logo"])

    with scope.activate(county), stored_ciphertext():
        _check_usernames(text)
        objects = list(serializers.deserialize("json", text))
        old_ids: dict[str, set[Any]] = {}
        for obj in objects:
            old_ids.setdefault(obj.object._meta.label, set()).add(obj.object.pk)
        offsets = {
            label: apps.get_model(label)._base_manager.aggregate(top=Max("pk"))["top"] or 0
            for label in old_ids
        }

        def moved(label: str, value: Any) -> Any:
            if label == County._meta.label:
                return county.pk
            if label in old_ids:
                return value + offsets[label] if value in old_ids[label] else None
            return None  # not in the file (an account group of the other deployment)

        saved = []
        with connection.constraint_checks_disabled():
            for obj in objects:
                row = obj.object
                label = row._meta.label
                if not _remap(row, moved, renamed):
                    result.left_out[label] += 1
                    continue
                row.pk = moved(label, row.pk)
                for name, values in list((obj.m2m_data or {}).items()):
                    target = row._meta.get_field(name).related_model._meta.label
                    obj.m2m_data[name] = [
                        v for v in (moved(target, value) for value in values) if v is not None
                    ]
                obj.save()
                saved.append(type(row))
                result.counts[label] += 1
        tables = sorted({model._meta.db_table for model in saved})
        connection.check_constraints(table_names=tables)
        _reset_sequences(set(saved))
    resolve.forget()
    return result


def _check_usernames(text: str) -> None:
    from gongkai.accounts.models import User

    names = [
        row["fields"]["username"] for row in json.loads(text) if row["model"] == "accounts.user"
    ]
    with scope.all_counties():
        taken = sorted(User.objects.filter(username__in=names).values_list("username", flat=True))
    if taken:
        raise TransferError(
            "These accounts already exist in this deployment: "
            + ", ".join(taken)
            + ". Rename them here first (or import into another deployment)."
        )


def _remap(row: models.Model, moved: Any, renamed: dict[str, str]) -> bool:
    """Point the row's keys at the imported rows; False when a required key has no target."""
    for f in row._meta.concrete_fields:
        if isinstance(f, models.FileField):
            stored = getattr(row, f.attname)
            if stored and str(stored) in renamed:
                setattr(row, f.attname, renamed[str(stored)])
            continue
        if not f.is_relation or f.primary_key:
            continue
        value = getattr(row, f.attname)
        if value is None:
            continue
        new = moved(f.related_model._meta.label, value)
        if new is None and not f.null:
            return False
        setattr(row, f.attname, new)
    return True


def _reset_sequences(saved: set[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(saved))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
