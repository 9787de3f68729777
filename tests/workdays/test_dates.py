import datetime as dt

import pytest

from gongkai.workdays.dates import add_workdays, is_workday, workdays_between
from gongkai.workdays.models import DayOverride

pytestmark = pytest.mark.django_db

FRI = dt.date(2023, 9, 22)
MON = dt.date(2023, 9, 25)


def test_is_workday_weekdays_on_weekends_off():
    assert [is_workday(FRI + dt.timedelta(days=i)) for i in range(4)] == [True, False, False, True]


def test_is_workday_override_wins_both_ways():
    DayOverride.objects.create(date=MON, is_workday=False, note="holiday")
    DayOverride.objects.create(date=dt.date(2023, 9, 23), is_workday=True, note="调休")
    assert is_workday(MON) is False
    assert is_workday(dt.date(2023, 9, 23)) is True


def test_add_workdays_skips_weekend():
    assert add_workdays(FRI, 1) == MON
    assert add_workdays(FRI, 5) == dt.date(2023, 9, 29)
    assert add_workdays(FRI, 0) == FRI
    assert add_workdays(MON, -1) == FRI


def test_add_workdays_national_day_2023():
    # 2023: 9/29–10/6 off, make-up working days Sat 10/7 and Sun 10/8.
    for day in range(29, 31):
        DayOverride.objects.create(date=dt.date(2023, 9, day), is_workday=False)
    for day in range(1, 7):
        DayOverride.objects.create(date=dt.date(2023, 10, day), is_workday=False)
    for day in (7, 8):
        DayOverride.objects.create(date=dt.date(2023, 10, day), is_workday=True)
    # Thu 9/28 + 1 working day = Sat 10/7 (make-up day); + 3 = Mon 10/9.
    assert add_workdays(dt.date(2023, 9, 28), 1) == dt.date(2023, 10, 7)
    assert add_workdays(dt.date(2023, 9, 28), 3) == dt.date(2023, 10, 9)
    assert workdays_between(dt.date(2023, 9, 28), dt.date(2023, 10, 9)) == 3


def test_add_workdays_long_span_loads_more_overrides():
    far = add_workdays(dt.date(2023, 1, 2), 40)
    DayOverride.objects.create(date=dt.date(2023, 2, 20), is_workday=False)
    assert add_workdays(dt.date(2023, 1, 2), 40) == far + dt.timedelta(days=1)


def test_workdays_between_counts_after_start_up_to_end():
    assert workdays_between(FRI, MON) == 1
    assert workdays_between(FRI, FRI) == 0
    assert workdays_between(MON, FRI) == -1
    assert workdays_between(dt.date(2023, 9, 18), dt.date(2023, 9, 29)) == 9
