"""Blank personal data after its retention period, keeping the rows (so counts stay).

A model takes part by declaring::

    PERSONAL_DATA_FIELDS = ["name", "phone", "id_number"]   # blanked ("" or NULL)
    PERSONAL_DATA_DATE_FIELD = "submitted_at"                # the clock starts here
    PERSONAL_DATA_RETENTION_DAYS = 365                       # optional; else the setting

Rows whose date is older than the period (GONGKAI_PERSONAL_DATA_RETENTION_DAYS, or --days)
are blanked in one UPDATE per model; each model's purge is one audit entry.
"""

from __future__ import annotations

import datetime as dt
import operator
from functools import reduce

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record


def personal_data_models():
    for model in apps.get_models():
        if getattr(model, "PERSONAL_DATA_FIELDS", None) and getattr(
            model, "PERSONAL_DATA_DATE_FIELD", None
        ):
            yield model


def _blank(field: models.Field):
    return None if field.null else ""


def purge_model(model, *, days: int | None = None, now=None, dry_run: bool = False) -> int:
    days = days if days is not None else getattr(model, "PERSONAL_DATA_RETENTION_DAYS", None)
    days = days if days is not None else settings.GONGKAI_PERSONAL_DATA_RETENTION_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    date_field = model._meta.get_field(model.PERSONAL_DATA_DATE_FIELD)
    if isinstance(date_field, models.DateTimeField):
        old = {f"{date_field.name}__lt": cutoff}
    else:
        old = {f"{date_field.name}__lt": timezone.localtime(cutoff).date()}
    fields = [model._meta.get_field(name) for name in model.PERSONAL_DATA_FIELDS]
    not_blank = reduce(
        operator.or_,
        [
            models.Q(**{f"{f.name}__isnull": False}) & ~models.Q(**{f.name: ""})
            if f.null
            else ~models.Q(**{f.name: ""})
            for f in fields
        ],
    )
    rows = model._base_manager.filter(**old).filter(not_blank)
    if dry_run:
        return rows.count()
    changes = {f.name: _blank(f) for f in fields}
    # Unique lookup keys (a blind index) cannot all become blank: each gets "purged-<pk>".
    for name in getattr(model, "PERSONAL_DATA_UNIQUE_FIELDS", ()):
        changes[name] = Concat(Value("purged-"), Cast("pk", models.CharField()))
    with transaction.atomic():
        count = rows.update(**changes)
        if count:
            record(
                AuditEntry.Action.PURGE,
                model=model._meta.label,
                object_repr=f"personal data older than {days} days",
                after={"rows": count, "fields": list(model.PERSONAL_DATA_FIELDS), "days": days},
            )
    return count


class Command(BaseCommand):
    help = "Blank representatives' and netizens' personal data after the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="override every model's retention period")
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")

    def handle(self, *args, days: int | None, dry_run: bool, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        total = 0
        for model in personal_data_models():
            count = purge_model(model, days=days, dry_run=dry_run)
            total += count
            verb = "would be blanked" if dry_run else "blanked"
            self.stdout.write(f"{model._meta.label}: {count} rows {verb}")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows."))
