"""Recording the audit log. Content changes are recorded by signals on every model of the
project's apps; logins, exports and other actions call ``record`` directly."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from gongkai.audit.context import current_actor
from gongkai.audit.models import AuditEntry

# Never copy these into the log: secrets and personal data stay out of it.
REDACTED_FIELDS = {
    "password",
    "id_number",
    "id_number_encrypted",
    "phone_encrypted",
    "token",
    "secret",
}


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model) -> dict[str, Any]:
    # A model may name more personal-data fields to keep out of the log (AUDIT_REDACT).
    redacted = REDACTED_FIELDS | set(getattr(instance, "AUDIT_REDACT", ()))
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in redacted or field.attname in redacted:
            data[field.name] = "***"
            continue
        data[field.attname] = _plain(getattr(instance, field.attname))
    return data


def record(
    action: str,
    *,
    instance: models.Model | None = None,
    before: dict | None = None,
    after: dict | None = None,
    user: Any = None,
    username: str = "",
    model: str = "",
    object_repr: str = "",
) -> AuditEntry:
    actor = current_actor.get()
    user = user if user is not None else actor.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEntry.objects.create(
        user=user,
        username=username or (user.get_username() if user else ""),
        action=action,
        model=model or (instance._meta.label if instance is not None else ""),
        object_id=str(instance.pk) if instance is not None and instance.pk is not None else "",
        object_repr=(object_repr or (str(instance) if instance is not None else ""))[:200],
        before=before,
        after=after,
        ip=actor.ip,
    )
