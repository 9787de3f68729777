"""Every year stays reachable: a 2024 draft does not replace 2023 on the staff pages, the year
is carried by the URL (``?year=`` or the path) and honoured by lists and exports, and a draft
is seen by the coordinators only until its notice is published (issue 13, item 3)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.programmes.models import Programme
from gongkai.programmes.services import create_programme

TZ = ZoneInfo("Asia/Shanghai")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def draft_2024(programme) -> Programme:
    return create_programme(year=2024, copy_from=programme)


def book(programme: Programme, topic: str):
    """An interview of the first slot's first unit, on the slot's first day at 10:00."""
    from gongkai.interviews.services import book_interview

    slot = programme.slots.order_by("order", "start").first()
    unit = slot.ordered_units()[0]
    starts_at = dt.datetime.combine(slot.start, dt.time(10), tzinfo=TZ)
    return book_interview(programme=programme, unit=unit, starts_at=starts_at, topic=topic, by=None)


def filename(response) -> str:
    return re.search(r'filename="([^"]+)"', response["Content-Disposition"]).group(1)


def switcher_years(response) -> list[str]:
    body = response.content.decode()
    nav = re.search(r'<nav class="year-switcher.*?</nav>', body, re.S)
    return re.findall(r'data-year="(\d+)"', nav.group(0)) if nav else []


def test_a_draft_does_not_replace_the_published_year_by_default(client_as, draft_2024):
    county = client_as("county_office")
    assert Programme.current().year == 2023
    assert "Tasks for 2023" in county.get(reverse("workbench:home"), **EN).content.decode()
    assert (
        reverse("assessment:ranking", args=[2023])
        in county.get(reverse("assessment:staff-home"))["Location"]
    )
    assert filename(county.get(reverse("interviews:schedule-export"))) == "schedule-2023.xlsx"
    assert (
        filename(county.get(reverse("visits:staff-attachment-1-xlsx"))) == "attachment-1-2023.xlsx"
    )


def test_the_year_in_the_url_is_honoured_by_lists_and_exports(client_as, programme, draft_2024):
    county = client_as("county_office")
    book(programme, "二〇二三年的访谈")
    book(draft_2024, "二〇二四年的访谈")
    home = reverse("interviews:staff-home")
    page_2023 = county.get(home + "?year=2023").content.decode()
    page_2024 = county.get(home + "?year=2024").content.decode()
    assert "二〇二三年的访谈" not in page_2024 and "二〇二四年的访谈" in page_2024
    assert "二〇二四年的访谈" not in page_2023
    assert f"{reverse('interviews:schedule-export')}?year=2024" in page_2024
    assert (
        filename(county.get(reverse("interviews:schedule-export") + "?year=2024"))
        == "schedule-2024.xlsx"
    )
    assert (
        filename(county.get(reverse("interviews:receipts-export") + "?year=2023"))
        == "receipts-2023.xlsx"
    )
    assert (
        filename(county.get(reverse("visits:staff-attachment-1-xlsx") + "?year=2024"))
        == "attachment-1-2024.xlsx"
    )
    visits_2024 = county.get(reverse("visits:staff-home") + "?year=2024").content.decode()
    assert f"{reverse('visits:staff-attachment-1')}?year=2024" in visits_2024
    assert (
        "Tasks for 2024"
        in county.get(reverse("workbench:home") + "?year=2024", **EN).content.decode()
    )
    landing = county.get(reverse("assessment:staff-home") + "?year=2024")
    assert landing["Location"] == reverse("assessment:ranking", args=[2024])


@pytest.mark.parametrize("persona", ["unit_staff", "media_center", "assessor"])
def test_a_draft_is_not_found_for_anyone_but_the_coordinators(
    client_as, personas, draft_2024, persona
):
    client = client_as(persona)
    opened = 0
    for url in (
        reverse("workbench:home") + "?year=",
        reverse("interviews:staff-home") + "?year=",
        reverse("visits:staff-home") + "?year=",
        reverse("visits:staff-attachment-1") + "?year=",
        reverse("visits:staff-attachment-1-xlsx") + "?year=",
        reverse("interviews:schedule-export") + "?year=",
        reverse("assessment:staff-home") + "?year=",
        reverse("programmes:list").rstrip("/") + "/%s/",
    ):
        published = url % 2023 if "%s" in url else url + "2023"
        draft = url % 2024 if "%s" in url else url + "2024"
        if client.get(published).status_code == 403:
            continue  # the role may not open this page in any year
        opened += 1
        assert client.get(draft).status_code == 404, draft
    assert opened >= 4
    unit = personas["unit_staff"].unit_id
    assert (
        client_as("unit_staff").get(reverse("assessment:unit", args=[2024, unit])).status_code
        == 404
    )
    assert client_as("assessor").get(reverse("assessment:ranking", args=[2024])).status_code == 404
    listing = client.get(reverse("programmes:list")).content.decode()
    assert reverse("programmes:detail", args=[2024]) not in listing
    assert reverse("programmes:detail", args=[2023]) in listing


def test_unit_staff_never_see_the_drafts_deadlines(client_as, draft_2024):
    draft_2024.deadlines.update(label="二〇二四年的截止日期")
    page = client_as("unit_staff").get(reverse("workbench:home")).content.decode()
    assert "二〇二四年的截止日期" not in page
    county = (
        client_as("county_office").get(reverse("workbench:home") + "?year=2024").content.decode()
    )
    assert "二〇二四年的截止日期" in county


def test_the_switcher_offers_the_years_each_user_may_see(client_as, draft_2024):
    url = reverse("interviews:staff-home")
    county = client_as("county_office").get(url)
    assert switcher_years(county) == ["2024", "2023"]
    body = county.content.decode()
    assert f'href="{url}?year=2024"' in body and 'aria-current="page">2023' in body
    assert switcher_years(client_as("unit_staff").get(url)) == ["2023"]
    detail = client_as("county_office").get(reverse("programmes:detail", args=[2023]))
    assert f'href="{reverse("programmes:detail", args=[2024])}"' in detail.content.decode()
    ranking = client_as("county_office").get(reverse("assessment:ranking", args=[2023]))
    assert f'href="{reverse("assessment:ranking", args=[2024])}"' in ranking.content.decode()


def test_once_published_the_new_year_is_the_default_and_the_old_one_stays_reachable(
    client_as, programme, draft_2024
):
    book(programme, "二〇二三年的访谈")
    draft_2024.notice_published = True
    draft_2024.save()
    county = client_as("county_office")
    home = reverse("interviews:staff-home")
    assert "二〇二三年的访谈" not in county.get(home).content.decode()
    assert "二〇二三年的访谈" in county.get(home + "?year=2023").content.decode()
    assert switcher_years(client_as("unit_staff").get(home)) == ["2024", "2023"]


@pytest.mark.parametrize("year", ["2022", "abc", "99999999999", "２０２３"])
def test_an_unknown_year_is_not_found(client_as, programme, year):
    assert (
        client_as("county_office").get(reverse("visits:staff-home") + f"?year={year}").status_code
        == 404
    )


def test_a_drafts_interview_is_not_found_by_its_unit_until_published(
    client_as, personas, draft_2024
):
    from gongkai.interviews.services import book_interview
    from gongkai.programmes.models import SlotUnit

    unit = personas["unit_staff"].unit
    slot_unit = SlotUnit.objects.filter(slot__programme=draft_2024, unit=unit).first()
    if slot_unit is None:
        slot_unit = SlotUnit.objects.create(slot=draft_2024.slots.first(), unit=unit, order=99)
    starts_at = dt.datetime.combine(slot_unit.slot.start, dt.time(15), tzinfo=TZ)
    interview = book_interview(programme=draft_2024, unit=unit, starts_at=starts_at, by=None)
    url = reverse("interviews:staff-detail", args=[interview.pk])
    assert client_as("unit_staff").get(url).status_code == 404
    assert client_as("county_office").get(url).status_code == 200
    draft_2024.notice_published = True
    draft_2024.save()
    assert client_as("unit_staff").get(url).status_code == 200


def test_the_menu_keeps_the_year_the_user_switched_to(client_as, draft_2024):
    county = client_as("county_office")
    switched = county.get(reverse("interviews:staff-home") + "?year=2024").content.decode()
    for name in ("visits:staff-home", "assessment:staff-home", "workbench:home"):
        assert f'href="{reverse(name)}?year=2024"' in switched, name
    assert f'href="{reverse("units:list")}"' in switched  # a page of no particular year
    default = county.get(reverse("interviews:staff-home")).content.decode()
    assert f'href="{reverse("visits:staff-home")}"' in default
    ranking = county.get(reverse("assessment:ranking", args=[2024])).content.decode()
    assert f'href="{reverse("interviews:staff-home")}?year=2024"' in ranking
