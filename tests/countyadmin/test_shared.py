"""What the city shares with every county: the working-day calendar and the base sensitive
words. Counties read the city's rows (marked city-wide), add their own, never change the city's;
the per-process caches never serve one county's words or days to another."""

import datetime as dt

import pytest
from django.test import Client

from gongkai.accounts.models import Role, User
from gongkai.counties import scope
from gongkai.questions import process_cache, screening
from gongkai.questions.models import SensitiveWord
from gongkai.workdays import dates
from gongkai.workdays.models import DayOverride

NATIONAL_DAY = dt.date(2024, 10, 1)  # a Tuesday
COUNTY_DAY = dt.date(2024, 10, 8)  # a Tuesday


@pytest.fixture
def hengshan_office(hengshan) -> Client:
    with scope.activate(hengshan):
        office = User.objects.create_user(
            username="hs-office", password="test-pass-123!", role=Role.COUNTY_OFFICE
        )
    client = Client(HTTP_HOST="hengshan.localhost")
    client.force_login(office)
    return client


@pytest.mark.parametrize("url", ["/counties/shared/workdays/", "/counties/shared/words/"])
def test_only_the_city_administrator_edits_the_shared_rows(client_as, city_admin, url):
    assert client_as(None).get(url).status_code == 302
    for persona in ("county_office", "service_center", "admin"):
        assert client_as(persona).get(url).status_code == 403
    assert city_admin.get(url).status_code == 200


def test_the_citys_holiday_applies_to_every_county_and_the_county_adds_its_own(
    city_admin, client_as, programme, first_county, hengshan, hengshan_office
):
    response = city_admin.post(
        "/counties/shared/workdays/", {"date": NATIONAL_DAY.isoformat(), "note": "国庆节"}
    )
    assert response.status_code == 302
    with scope.all_counties():
        city_day = DayOverride.objects.get(date=NATIONAL_DAY)
    assert city_day.county_id is None
    office = client_as("county_office")
    office.post("/staff/workdays/", {"date": COUNTY_DAY.isoformat(), "note": "县庆"})
    page = office.get("/staff/workdays/").content.decode()
    assert "国庆节" in page and "县庆" in page
    assert "市级" in page  # the city's row is marked ...
    assert f"/staff/workdays/{city_day.pk}/delete/" not in page  # ... and read-only
    # Not even by its address.
    office.post(f"/staff/workdays/{city_day.pk}/delete/", {"confirmed": "1"})
    assert DayOverride.objects.filter(pk=city_day.pk).exists()
    # County B sees the city's day, not county A's.
    other = hengshan_office.get("/staff/workdays/").content.decode()
    assert "国庆节" in other and "县庆" not in other
    with scope.activate(first_county):
        assert not dates.is_workday(NATIONAL_DAY) and not dates.is_workday(COUNTY_DAY)
    with scope.activate(hengshan):
        assert not dates.is_workday(NATIONAL_DAY) and dates.is_workday(COUNTY_DAY)
    # The city page lists and removes only the city's rows.
    city_page = city_admin.get("/counties/shared/workdays/").content.decode()
    assert "国庆节" in city_page and "县庆" not in city_page
    city_admin.post(f"/counties/shared/workdays/{city_day.pk}/delete/", {"confirmed": "1"})
    assert not DayOverride.objects.filter(pk=city_day.pk).exists()


def test_a_countys_own_entry_wins_over_the_citys_for_the_same_day(
    city_admin, client_as, programme, first_county
):
    city_admin.post("/counties/shared/workdays/", {"date": NATIONAL_DAY.isoformat()})
    # The county works that day (a make-up day of its own): its entry, not a change of the city's.
    client_as("county_office").post(
        "/staff/workdays/", {"date": NATIONAL_DAY.isoformat(), "is_workday": "on", "confirm": "on"}
    )
    with scope.all_counties():
        rows = sorted(
            DayOverride.objects.filter(date=NATIONAL_DAY).values_list("county_id", "is_workday"),
            key=lambda r: r[0] or 0,
        )
    assert rows == [(None, False), (first_county.pk, True)]
    with scope.activate(first_county):
        assert dates.is_workday(NATIONAL_DAY)
        assert dates.workdays_between(NATIONAL_DAY - dt.timedelta(days=1), NATIONAL_DAY) == 1
        assert NATIONAL_DAY not in dates.days_off([NATIONAL_DAY])


def test_the_citys_words_flag_every_county_and_each_countys_words_only_its_own(
    city_admin, client_as, programme, first_county, hengshan, hengshan_office
):
    city_admin.post("/counties/shared/words/", {"words": "城市词"})
    client_as("service_center").post("/questions/staff/words/", {"words-words": "甲县词"})
    with scope.all_counties():
        city_word = SensitiveWord.objects.get(word="城市词")
    assert city_word.county_id is None
    process_cache.reset()
    text = "城市词 和 甲县词"
    # County A first: its automaton (city + own words) must not be served to county B.
    with scope.activate(first_county):
        assert screening.find_words(text) == ["城市词", "甲县词"]
    with scope.activate(hengshan):
        assert screening.find_words(text) == ["城市词"]
    page = client_as("service_center").get("/questions/staff/words/").content.decode()
    assert "城市词" in page and "市级" in page
    assert f"/questions/staff/words/{city_word.pk}/delete/" not in page
    client_as("service_center").post(
        f"/questions/staff/words/{city_word.pk}/delete/", {"confirmed": "1"}
    )
    assert SensitiveWord.objects.filter(pk=city_word.pk).exists()
    assert "甲县词" not in hengshan_office.get("/questions/staff/words/").content.decode()
    city_page = city_admin.get("/counties/shared/words/").content.decode()
    assert "城市词" in city_page and "甲县词" not in city_page
    city_admin.post(f"/counties/shared/words/{city_word.pk}/delete/", {"confirmed": "1"})
    assert not SensitiveWord.objects.filter(pk=city_word.pk).exists()


def test_due_dates_are_cached_per_county(programme, first_county, hengshan):
    from gongkai.questions.services import due_date_for

    class Interview:
        starts_at = None

    with scope.activate(hengshan):
        DayOverride.objects.create(date=COUNTY_DAY, is_workday=False, note="区庆")
    process_cache.reset()
    asked = COUNTY_DAY - dt.timedelta(days=1)
    with scope.activate(hengshan):
        b = due_date_for("interview", asked, Interview())
    with scope.activate(first_county):
        a = due_date_for("interview", asked, Interview())
    assert b == a + dt.timedelta(days=1)
