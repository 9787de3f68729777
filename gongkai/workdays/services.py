"""Changing the working-day calendar. Each call is one transaction (and audited)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.counties import scope
from gongkai.workdays.holiday_import import Parsed
from gongkai.workdays.models import DayOverride


@transaction.atomic
def set_day(date: dt.date, *, is_workday: bool, note: str = "") -> DayOverride:
    # The county's own entry for the day (never the city's, which it only reads).
    override, _ = DayOverride.objects.filter(scope.own_rows()).update_or_create(
        date=date, defaults={"is_workday": is_workday, "note": note.strip()}
    )
    return override


@transaction.atomic
def set_days(start: dt.date, end: dt.date, *, is_workday: bool, note: str = "") -> int:
    """Every day from ``start`` to ``end`` (inclusive) set alike; returns the number of days."""
    day, count = start, 0
    while day <= end:
        set_day(day, is_workday=is_workday, note=note)
        day += dt.timedelta(days=1)
        count += 1
    return count


@transaction.atomic
def import_days(parsed: Parsed) -> int:
    """All the rows of an import or none (the caller checks ``parsed.errors`` first)."""
    if parsed.errors:
        raise ValueError("rows with errors are never imported")
    days = parsed.days()
    for day, (is_workday, note) in days.items():
        set_day(day, is_workday=is_workday, note=note)
    return len(days)


@transaction.atomic
def clear_day(override: DayOverride) -> None:
    if not DayOverride.objects.filter(scope.own_rows(), pk=override.pk).exists():
        raise PermissionError("the city's working days are changed by the city")
    override.delete()
