"""Deadlines given as dates: the end of that day in county time, inclusive (SPEC §8)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy

COUNTY_TZ = ZoneInfo("Asia/Shanghai")


def county_today(now: dt.datetime | None = None) -> dt.date:
    """The county's calendar day at ``now`` (default: this instant)."""
    return timezone.localtime(now or timezone.now(), COUNTY_TZ).date()


def deadline_instant(due: dt.date) -> dt.datetime:
    """The first instant after the deadline: midnight at the start of the next county day."""
    return dt.datetime.combine(due + dt.timedelta(days=1), dt.time.min, tzinfo=COUNTY_TZ)


def lateness(submitted_at: dt.datetime, due: dt.date) -> dt.timedelta | None:
    """How late a submission made at ``submitted_at`` is, or None when it is on time."""
    limit = deadline_instant(due)
    if submitted_at < limit:
        return None
    # Never a zero timedelta (false in a template's {% if %}): at midnight sharp it is late.
    return max(submitted_at - limit, dt.timedelta(microseconds=1))


def is_overdue(due: dt.date, now: dt.datetime) -> bool:
    return now >= deadline_instant(due)


# The one rounding rule for lateness, shown wherever lateness is (lists, scores, exports).
LATENESS_RULE = gettext_lazy(
    "Lateness is counted in calendar days, county time: anything handed in on the day after "
    "the deadline is 1 day late whatever the hour, on the day after that 2 days, and so on "
    "(weekends and holidays count)."
)


def days_late(delta: dt.timedelta | None) -> int:
    """The days a submission ``delta`` after the deadline instant (``lateness``) is late, by
    ``LATENESS_RULE``: the county calendar days from the deadline day to the day it came.
    0 when on time (None). The deadline instant is a county midnight, so 10 minutes late and
    23 hours late are both 1 day, 1 day 10 hours late is 2 days."""
    if delta is None:
        return 0
    return delta.days + 1
