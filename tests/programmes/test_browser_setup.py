"""The journey that matters: the county sets up next year in a real browser, no developer."""

import io

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_coordinator_sets_up_2024_by_copying_2023_in_chromium(live_server, page, sign_in):
    from gongkai.accounts.models import Role
    from gongkai.programmes.models import Programme
    from gongkai.programmes.services import load_builtin
    from tests.conftest import make_user

    load_builtin(2023)
    make_user("b-service", Role.SERVICE_CENTER)
    sign_in(page, "b-service")
    page.goto(live_server.url + "/staff/programmes/new/")
    assert page.locator("h1").count() == 1
    assert page.input_value("#id_year") == "2024"
    page.click("main button[type=submit]")
    page.wait_for_url("**/staff/programmes/2024/")
    assert "2024-05-08" in page.content()
    screenshot(page, "programme-2024-copied")

    page.goto(live_server.url + "/staff/programmes/2024/slots/")
    page.fill("#id_form-0-end", "2024-07-01")
    page.click("main button[type=submit]")
    assert page.locator(".error-summary").count() >= 1
    assert "2024-06-10" in page.content()
    screenshot(page, "programme-slot-outside-window")
    assert Programme.objects.get(year=2024).slots.order_by("order").first().end.isoformat() == (
        "2024-05-19"
    )


@pytest.mark.django_db(transaction=True)
def test_bad_units_workbook_lists_every_bad_row_in_chromium(live_server, page, sign_in, tmp_path):
    from gongkai.accounts.models import Role
    from gongkai.programmes.services import load_builtin
    from tests.conftest import make_user

    load_builtin(2023)
    make_user("b-county", Role.COUNTY_OFFICE)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["单位名称", "单位类别", "负责人职务", "办公电话", "排序", "演示单位"])
    sheet.append(["县审计局", "县政府工作部门", "局长", "0912-7654321", 300, "否"])
    sheet.append(["", "农场", "场长", "", 1, "否"])
    sheet.append(["县外事办", "外星机构", "主任", "", 1, "否"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "units.xlsx"
    path.write_bytes(buffer.getvalue())

    sign_in(page, "b-county")
    page.goto(live_server.url + "/staff/units/import/")
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]")
    rows = page.locator(".error-summary tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("td").first).to_have_text("3")
    expect(rows.nth(1).locator("td").first).to_have_text("4")
    screenshot(page, "units-import-bad-rows")
