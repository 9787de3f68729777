"""Issue 13, done-when: the year-setup review page shows its warnings for a copied year, in a
real browser, and publishing asks first."""

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser

HOLIDAYS_2024 = "劳动节\t5月1日至5日\t休\n劳动节\t4月28日\t班\n"


@pytest.mark.django_db(transaction=True)
def test_review_page_warns_about_a_copied_year_in_chromium(live_server, page, sign_in):
    from gongkai.accounts.models import Role
    from gongkai.assessment.indicator_tree import create_default_indicators
    from gongkai.programmes.models import Programme
    from gongkai.programmes.services import load_builtin
    from tests.conftest import make_user

    create_default_indicators(load_builtin(2023))
    make_user("b-county", Role.COUNTY_OFFICE)
    sign_in(page, "b-county")

    # The holidays of 2024 from the State Council's notice, pasted as a table.
    page.goto(live_server.url + "/staff/workdays/")
    page.click("a[href='/staff/workdays/import/']")
    page.fill("#id_year", "2024")
    page.fill("#id_text", HOLIDAYS_2024)
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/workdays/")
    expect(page.locator("main table")).to_contain_text("劳动节")

    # Copy 2023, then move the two deadlines of 4月9日 apart: the note of 附件1 cannot follow.
    page.goto(live_server.url + "/staff/programmes/new/")
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/programmes/2024/")
    page.goto(live_server.url + "/staff/programmes/2024/deadlines/")
    page.fill("#id_form-0-due_date", "2024-04-11")
    page.fill("#id_form-1-due_date", "2024-04-12")
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/programmes/2024/")

    page.click("a[href='/staff/programmes/2024/review/']")
    warnings = page.locator(".review-warnings li")
    expect(warnings.filter(has_text="4月9日").filter(has_text="4月12日")).to_have_count(1)
    expect(warnings.filter(has_text="2024-05-19")).to_have_count(1)  # a slot ends on a Sunday
    expect(warnings.filter(has_text="2024-05-01").filter(has_text="劳动节")).to_have_count(1)
    expect(warnings.filter(has_text="县统计局")).not_to_have_count(0)  # no staff account
    screenshot(page, "programme-2024-review-warnings")

    # Publishing asks first: without the notice's number and text nothing goes public.
    page.check("#id_warnings_read")
    page.click("main form.card button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    assert Programme.objects.get(year=2024).notice_published is False
