import datetime as dt
from zoneinfo import ZoneInfo

from gongkai.lib.deadlines import lateness

TZ = ZoneInfo("Asia/Shanghai")


def test_deadline_date_is_inclusive_to_the_end_of_the_county_day():
    due = dt.date(2023, 4, 9)
    assert lateness(dt.datetime(2023, 4, 9, 23, 59, 59, tzinfo=TZ), due) is None


def test_submission_after_midnight_county_time_is_late_by_how_much():
    due = dt.date(2023, 4, 9)
    assert lateness(dt.datetime(2023, 4, 11, 3, 0, tzinfo=TZ), due) == dt.timedelta(days=1, hours=3)


def test_utc_timestamps_are_judged_in_county_time():
    # 16:30 UTC on 9 April is 00:30 on 10 April in Jingbian: late.
    due = dt.date(2023, 4, 9)
    assert lateness(dt.datetime(2023, 4, 9, 16, 30, tzinfo=dt.UTC), due) == dt.timedelta(minutes=30)
