"""Changing the working-day calendar. Each call is one transaction (and audited)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.workdays.models import DayOverride


@transaction.atomic
def set_day(date: dt.date, *, is_workday: bool, note: str = "") -> DayOverride:
    override, _ = DayOverride.objects.update_or_create(
        date=date, defaults={"is_workday": is_workday, "note": note.strip()}
    )
    return override


@transaction.atomic
def clear_day(override: DayOverride) -> None:
    override.delete()
