"""The audit log as an auditor reads it: the record's kind and name (not "accounts.User # 7"),
field labels instead of attribute names, Beijing time, before → after in words, secrets masked.

Used by the list page and by the CSV/xlsx export; the stored entries stay as they were written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.models import AuditEntry

# A value under one of these names is a secret or a lookup key: shown only by its first letters.
SECRET_NAME = re.compile(r"token|secret|hash|password|otp|recovery|session_key|_key$", re.I)
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@lru_cache(maxsize=512)
def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def model_label(label: str) -> str:
    """ "accounts.User" → "用户" (the model's verbose name; the label itself when unknown)."""
    model = _model(label) if label else None
    return str(model._meta.verbose_name) if model is not None else label


def field_label(label: str, name: str) -> str:
    model = _model(label) if label else None
    if model is None:
        return name
    for field in model._meta.concrete_fields:
        if name in (field.name, field.attname):
            return str(field.verbose_name)
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except (FieldDoesNotExist, AttributeError):
        return name


def mask(value: Any) -> str:
    text = str(value)
    if not text or text == "***":
        return text
    return text[:4] + "…" if len(text) > 6 else "***"


def local_time(when: dt.datetime) -> str:
    return timezone.localtime(when).strftime(TIME_FORMAT)


def value_text(value: Any, *, name: str = "") -> str:
    """One stored value in words: times in Beijing time, yes/no, lists and mappings spelled out."""
    if value is None or value == "":
        return "—"
    if name and SECRET_NAME.search(name):
        return mask(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(parsed):
            return parsed.strftime(TIME_FORMAT)
        return local_time(parsed)
    if isinstance(value, dict):
        return "；".join(f"{k}：{value_text(v, name=str(k))}" for k, v in value.items()) or "—"
    if isinstance(value, list | tuple):
        return "、".join(value_text(v) for v in value) or "—"
    return str(value)


def changes(entry: AuditEntry) -> list[Change]:
    return [
        Change(
            field_label(entry.model, name), value_text(old, name=name), value_text(new, name=name)
        )
        for name, old, new in entry.changed_fields()
    ]


def record_text(entry: AuditEntry) -> str:
    """ "用户 xiaohe": what kind of record, and which one."""
    kind = model_label(entry.model)
    name = entry.object_repr or (f"#{entry.object_id}" if entry.object_id else "")
    return f"{kind} {name}".strip()


def changes_text(entry: AuditEntry) -> str:
    return "；".join(f"{c.label}：{c.before} → {c.after}" for c in changes(entry))
