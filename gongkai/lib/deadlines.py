"""Deadlines given as dates: the end of that day in county time, inclusive (SPEC §8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone

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
    return submitted_at - limit


def is_overdue(due: dt.date, now: dt.datetime) -> bool:
    return now >= deadline_instant(due)


@dataclass(frozen=True)
class Lateness:
    days: int
    hours: int

    @classmethod
    def of(cls, delta: dt.timedelta) -> Lateness:
        total_hours = int(delta.total_seconds() // 3600)
        return cls(days=total_hours // 24, hours=total_hours % 24)
