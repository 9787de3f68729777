"""Two counties side by side in a real browser, each on its own host name: staff of each sign
in on their own county's address and see only their county; a county's account cannot sign in
on the other county's address; the city's supervisor signs in on both."""

from __future__ import annotations

import pytest

from gongkai.city import services as city_services
from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser

PASSWORD = "test-pass-123!"


@pytest.fixture
def two_counties(db):
    from gongkai.accounts.models import Role, User
    from gongkai.counties import resolve, scope
    from gongkai.counties.models import County, default_county_id
    from gongkai.programmes.services import load_builtin
    from gongkai.units.models import Unit, UnitKind

    jingbian = County.objects.get(pk=default_county_id())
    jingbian.hosts = "jingbian.localhost"
    jingbian.save()
    hengshan = County.objects.create(name="横山区", slug="hengshan", hosts="hengshan.localhost")
    made = {}
    for county, prefix, own_unit in (
        (jingbian, "jb", "靖边县乡村振兴局"),
        (hengshan, "hs", "横山区乡村振兴局"),
    ):
        with scope.activate(county):
            load_builtin(2023)
            Unit.objects.create(name=own_unit, kind=UnitKind.DEPARTMENT)
            made[prefix] = User.objects.create_user(
                f"{prefix}_office",
                password=PASSWORD,
                role=Role.COUNTY_OFFICE,
                unit=Unit.objects.get(special_role="county_office"),
                display_name=f"{county.name}政府办",
            )
    supervisor = User(username="city_sup", role=Role.SUPERVISOR, display_name="市政务公开办")
    supervisor.city_wide = True
    supervisor.set_password(PASSWORD)
    supervisor.save()
    resolve.forget()
    return jingbian, hengshan, made, supervisor


def _sign_in(page, origin: str, username: str) -> None:
    page.goto(f"{origin}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("main form:has(#id_password) button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_staff_of_each_county_and_the_city_supervisor_sign_in_on_their_hosts(
    live_server, new_page, settings, two_counties
):
    settings.GONGKAI_REQUIRE_2FA = False
    port = live_server.url.rsplit(":", 1)[1]
    jb = f"http://jingbian.localhost:{port}"
    hs = f"http://hengshan.localhost:{port}"
    _jingbian, hengshan, _made, supervisor = two_counties
    assert supervisor.county_id is None

    # Staff of 靖边: their own county's units, none of 横山's.
    page = new_page(viewport={"width": 1366, "height": 768})
    _sign_in(page, jb, "jb_office")
    page.wait_for_url("**/staff/")
    page.goto(f"{jb}/staff/units/")
    body = page.locator("main").inner_text()
    assert "靖边县乡村振兴局" in body and "横山区乡村振兴局" not in body
    screenshot(page, "counties-jingbian-units")

    # Staff of 横山 on 横山's address: theirs only.
    page = new_page(viewport={"width": 390, "height": 844})
    _sign_in(page, hs, "hs_office")
    page.wait_for_url("**/staff/")
    page.goto(f"{hs}/staff/units/")
    body = page.locator("main").inner_text()
    assert "横山区乡村振兴局" in body and "靖边县乡村振兴局" not in body
    screenshot(page, "counties-hengshan-units-phone")

    # A 横山 account is unknown on 靖边's address: the sign-in fails as for a wrong password.
    page = new_page()
    _sign_in(page, jb, "hs_office")
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert page.locator("#id_password").count() == 1

    # The city's supervisor signs in on both addresses.
    for origin in (jb, hs):
        page = new_page()
        _sign_in(page, origin, "city_sup")
        page.wait_for_url(f"{origin}/**")
        assert "/accounts/login/" not in page.url
    # ... and reads every county of the city on its dashboard.
    page.goto(f"{hs}/city/")
    body = page.locator("main").inner_text()
    assert "靖边县" in body and "横山区" in body
    screenshot(page, "counties-city-dashboard")
    # ... and the ranking on a phone: each county's name on one line, not one character a line
    # beside the long "provisional, computed at ..." of its source.
    assert city_services.refresh_provisional_scores(2023) == 2
    page = new_page(viewport={"width": 390, "height": 844})
    _sign_in(page, hs, "city_sup")
    page.wait_for_url(f"{hs}/**")
    page.goto(f"{hs}/city/ranking/")
    lines = page.evaluate(
        """() => Array.from(document.querySelectorAll('.city-ranking tbody th')).map(cell => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top))).size;
        })"""
    )
    assert lines and set(lines) == {1}, lines
    screenshot(page, "counties-city-ranking-phone")
    assert hengshan.active
