"""Working-day arithmetic for reply deadlines (e.g. "a reply within 5 working days").

Weekends are off and weekdays are working days, unless a ``DayOverride`` row says otherwise
(public holidays, make-up working days); overrides win. The city's overrides (no county: the
national calendar) apply to every county; a county's own entry for the same day wins over the
city's. Each function reads the overrides it needs in one query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.workdays.models import DayOverride

ONE_DAY = dt.timedelta(days=1)
# The city's entries (no county) first, so that the county's own entry for the same day wins.
COUNTY_LAST = F("county").asc(nulls_first=True)


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    rows = (
        DayOverride.objects.filter(date__range=(start, end))
        .order_by(COUNTY_LAST)
        .values_list("date", "is_workday")
    )
    return dict(rows)  # the county's own entry for a day wins over the city's


def _is_workday(day: dt.date, overrides: dict[dt.date, bool]) -> bool:
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5


def is_workday(day: dt.date) -> bool:
    return _is_workday(day, _overrides(day, day))


def add_workdays(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days after ``day`` (before it when ``n`` is negative).

    ``day`` itself does not count: asked on Friday, 1 working day later is Monday.
    ``n == 0`` gives ``day``."""
    if n == 0:
        return day
    step = ONE_DAY if n > 0 else -ONE_DAY
    remaining = abs(n)
    overrides: dict[dt.date, bool] = {}
    low = high = day  # the range whose overrides are loaded
    current = day
    while remaining:
        current += step
        if not low <= current <= high:
            # Long holidays (Spring Festival, National Day) add at most a few weeks.
            reach = current + step * (remaining * 2 + 30)
            low, high = min(low, current, reach), max(high, current, reach)
            overrides.update(_overrides(min(current, reach), max(current, reach)))
        if _is_workday(current, overrides):
            remaining -= 1
    return current


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when ``end`` is
    earlier). Asked Friday, answered Monday: 1."""
    if end < start:
        return -workdays_between(end, start)
    overrides = _overrides(start, end)
    count = 0
    current = start
    while current < end:
        current += ONE_DAY
        if _is_workday(current, overrides):
            count += 1
    return count


def days_off(dates: Iterable[dt.date]) -> dict[dt.date, str]:
    """``{date: name}`` for those of ``dates`` that are not working days (one query): the
    holiday's note, or the weekday's name for a plain weekend."""
    days = sorted(set(dates))
    if not days:
        return {}
    rows = {
        row.date: row for row in DayOverride.objects.filter(date__in=days).order_by(COUNTY_LAST)
    }
    weekend = {5: _("Saturday"), 6: _("Sunday")}
    off: dict[dt.date, str] = {}
    for day in days:
        row = rows.get(day)
        if row is not None:
            if not row.is_workday:
                off[day] = row.note or str(_("public holiday"))
        elif day.weekday() >= 5:
            off[day] = str(weekend[day.weekday()])
    return off
