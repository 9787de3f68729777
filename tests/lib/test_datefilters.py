"""One date format on every page (issue 14.6): the year where it is not the current one,
localised (Chinese 2023年5月8日, English 8 May 2023)."""

import datetime as dt

from django.utils import timezone, translation

from gongkai.lib.datefilters import format_day, format_when
from gongkai.lib.deadlines import COUNTY_TZ


def test_year_only_when_not_this_year_in_both_languages():
    this_year = timezone.localdate().replace(month=4, day=6)
    old = dt.datetime(2023, 4, 6, 14, 37, tzinfo=COUNTY_TZ)
    with translation.override("zh-hans"):
        assert format_day(this_year) == "4月6日"
        assert format_when(old) == "2023年4月6日 14:37"
        assert format_day(this_year, "year") == f"{this_year.year}年4月6日"
    with translation.override("en"):
        assert format_day(this_year) == "6 Apr"
        assert format_when(old) == "6 Apr 2023 14:37"
    # Shown in Beijing time whatever the stored zone.
    with translation.override("en"):
        assert format_when(old.astimezone(dt.UTC)) == "6 Apr 2023 14:37"
    assert format_day(None) == ""
