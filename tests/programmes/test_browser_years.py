"""The year switcher in a real browser: with a 2024 draft set up, the county office still lands
on 2023, switches to the draft and back, and the exports follow the year shown; unit staff are
offered 2023 only (issue 13, item 3)."""

import pytest

from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_year_switcher_moves_every_page_between_years_in_chromium(live_server, page, sign_in):
    from gongkai.accounts.models import Role
    from gongkai.programmes.services import create_programme, load_builtin
    from gongkai.units.models import Unit
    from tests.conftest import make_user

    create_programme(year=2024, copy_from=load_builtin(2023))
    make_user("b-county", Role.COUNTY_OFFICE)
    make_user("b-unit", Role.UNIT_STAFF, Unit.objects.get(name="县农业农村局"))

    sign_in(page, "b-county")
    page.goto(live_server.url + "/interviews/staff/")
    switcher = page.locator("nav.year-switcher")
    assert switcher.locator('[aria-current="page"]').inner_text() == "2023"
    assert "草稿" in switcher.locator('[data-year="2024"]').inner_text()
    schedule = page.locator('a[href^="/interviews/staff/schedule.xlsx"]')
    assert schedule.get_attribute("href").endswith("?year=2023")
    screenshot(page, "year-switcher-2023")

    switcher.locator('[data-year="2024"]').click()
    page.wait_for_url("**/interviews/staff/?year=2024")
    assert page.locator('nav.year-switcher [aria-current="page"]').inner_text().startswith("2024")
    assert schedule.get_attribute("href").endswith("?year=2024")
    with page.expect_download() as download:
        schedule.click()
    assert download.value.suggested_filename == "schedule-2024.xlsx"

    page.goto(live_server.url + "/assessment/")
    page.wait_for_url("**/assessment/2023/")
    page.locator('nav.year-switcher [data-year="2024"]').click()
    page.wait_for_url("**/assessment/2024/")
    page.locator('nav.year-switcher [data-year="2023"]').click()
    page.wait_for_url("**/assessment/2023/")

    page.context.clear_cookies()
    sign_in(page, "b-unit")
    page.goto(live_server.url + "/staff/")
    years = page.locator("nav.year-switcher a").all_inner_texts()
    assert years == ["2023"]
    screenshot(page, "year-switcher-unit-staff")
    response = page.goto(live_server.url + "/staff/?year=2024")
    assert response.status == 404
