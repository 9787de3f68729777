"""The one rounding rule for lateness (``days_late``): calendar days, county time."""

import datetime as dt

import pytest

from gongkai.lib.deadlines import COUNTY_TZ, days_late, lateness

DUE = dt.date(2023, 4, 9)


@pytest.mark.parametrize(
    ("submitted", "days"),
    [
        ("2023-04-09T23:59:59", 0),
        ("2023-04-10T00:00:00", 1),  # midnight sharp is late (and not a false zero)
        ("2023-04-10T00:10:00", 1),  # 10 minutes late: 1 day, not "1 hour"
        ("2023-04-10T23:59:00", 1),
        ("2023-04-11T10:00:00", 2),  # 1 day 10 hours after the deadline: the second day
    ],
)
def test_days_late_counts_calendar_days_after_the_deadline_day(submitted, days):
    at = dt.datetime.fromisoformat(submitted).replace(tzinfo=COUNTY_TZ)
    late = lateness(at, DUE)
    assert days_late(late) == days
    assert bool(late) is (days > 0)
