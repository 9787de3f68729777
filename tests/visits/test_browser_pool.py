"""代表库 in Chromium: a unit looks at the coverage of towns and categories, invites a farmer
from a town with a gap, and the county's rotation rule refuses that person a third activity."""

import datetime as dt

import pytest

from gongkai.accounts.models import Role, User
from gongkai.units.models import Unit
from tests.fixtures.browser import screenshot
from tests.visits.conftest import at, person

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_unit_invites_with_coverage_and_the_rotation_rule(live_server, new_page, sign_in):
    from gongkai.programmes.services import load_builtin
    from gongkai.visits import services

    programme = load_builtin(2023)
    unit = Unit.objects.get(name="县农业农村局")
    town = Unit.objects.get(name="镇靖镇")
    activities = [
        services.submit_plan(
            programme,
            unit,
            by=None,
            now=at("2023-04-07"),
            title=f"走进农业农村局（第{i + 1}场）",
            starts_at=at("2023-05-16") + dt.timedelta(days=7 * i),
            place="会议室",
            contact_name="刘",
            contact_phone="0912-4600001",
            leader="局长",
        )
        for i in range(3)
    ]
    farmer = services.save_representative(
        **person(1), unit=unit, category="farmer", town=town, sector="农业"
    )
    User.objects.create_user(
        username="p-unit-b", password="test-pass-123!", role=Role.UNIT_STAFF, unit=unit
    )
    base = live_server.url
    page = new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, "p-unit-b")

    # the coverage: 镇靖镇 has no farmer yet this year
    page.goto(base + "/visits/staff/pool/?year=2023")
    row = page.locator("table.coverage tr", has_text="镇靖镇")
    assert "空缺" in row.inner_text()
    screenshot(page, "pool-coverage-1366")

    # invite the farmer to two activities: the list says they match and have never taken part
    for activity in activities[:2]:
        page.goto(f"{base}/visits/staff/{activity.pk}/?step=before")
        option = page.locator(f"#id_representative option[value='{farmer.pk}']")
        assert "与本次活动相关" in option.inner_text()
        page.select_option("#id_representative", str(farmer.pk))
        page.locator("form[action$='/invite/'] button[type=submit]").first.click()
        page.wait_for_load_state()
        assert "已邀请" in page.inner_text("main") or "候补" in page.inner_text("main")

    page.goto(base + "/visits/staff/pool/?year=2023")
    row = page.locator("table.coverage tr", has_text="镇靖镇")
    assert row.locator("td").nth(4).inner_text().strip() == "1"  # 农民 column

    # a third activity: refused, with what to do
    page.goto(f"{base}/visits/staff/{activities[2].pk}/?step=before")
    assert "今年已达上限" in page.locator("#id_representative").inner_text()
    page.select_option("#id_representative", str(farmer.pk))
    page.locator("form[action$='/invite/'] button[type=submit]").first.click()
    page.wait_for_load_state()
    message = page.inner_text("main")
    assert "轮换规则" in message and "请邀请其他代表" in message
    assert not activities[2].registrations.exists()
    phone = new_page(viewport={"width": 390, "height": 844})
    sign_in(phone, "p-unit-b")
    phone.goto(base + "/visits/staff/pool/?year=2023")
    screenshot(phone, "pool-coverage-390")
