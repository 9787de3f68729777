"""The suggestion tracker in Chromium: the service center publishes a representative's
suggestion (the page asks first), the unit starts handling and answers it, and the public page
a citizen has open on a phone shows each step after a reload."""

import pytest

from gongkai.accounts.models import Role, User
from gongkai.units.models import Unit
from tests.fixtures.browser import screenshot
from tests.visits.conftest import at

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.mark.django_db(transaction=True)
def test_public_page_follows_the_unit_answer(live_server, new_page, sign_in):
    from gongkai.programmes.services import load_builtin
    from gongkai.visits import services

    programme = load_builtin(2023)
    unit = Unit.objects.get(name="县农业农村局")
    activity = services.submit_plan(
        programme,
        unit,
        by=None,
        now=at("2023-04-07"),
        title="走进农业农村局",
        starts_at=at("2023-05-16"),
        place="会议室",
        contact_name="刘",
        contact_phone="0912-4600001",
        leader="局长",
    )
    form = services.submit_opinion(
        activity, satisfaction="fair", suggestions=["我是王五，13900001111，希望公开农机补贴名单。"]
    )
    suggestion = form.suggestions.get()
    for username, role, u in [
        ("t-unit", Role.UNIT_STAFF, unit),
        ("t-service", Role.SERVICE_CENTER, Unit.objects.get(special_role="service_center")),
    ]:
        User.objects.create_user(username=username, password="test-pass-123!", role=role, unit=u)
    base = live_server.url

    # the service center removes the personal data and publishes, after the page asks
    center = new_page(viewport={"width": 1366, "height": 768})
    sign_in(center, "t-service")
    center.goto(base + "/visits/staff/suggestions/")
    center.fill(f"#p-{suggestion.pk}", "希望公开农机补贴名单。")
    center.locator(f"form[action$='/{suggestion.pk}/publish/'] button").click()
    center.get_by_role("button", name="确定发布").click()
    center.wait_for_url("**/visits/staff/suggestions/")
    assert "已在建议办理公开页公开" in center.inner_text("main")
    center.select_option(f"#u-{suggestion.pk}", str(unit.pk))
    center.locator(f"form[action$='/{suggestion.pk}/assign/'] button").click()
    center.wait_for_url("**/visits/staff/suggestions/")

    # a citizen follows it on a phone
    citizen = new_page(viewport=PHONE)
    citizen.goto(base + "/visits/suggestions/")
    citizen.get_by_role("link", name="希望公开农机补贴名单。").click()
    citizen.wait_for_url(f"**/visits/suggestions/{suggestion.pk}/")
    body = citizen.inner_text("main")
    assert "已交办" in body and "县农业农村局" in body
    assert "13900001111" not in citizen.content() and "王五" not in citizen.content()

    # the unit starts handling, then answers: adopted
    staff = new_page(viewport={"width": 1366, "height": 768})
    sign_in(staff, "t-unit")
    staff.goto(base + "/visits/staff/suggestions/")
    staff.get_by_role("button", name="开始办理").click()
    staff.wait_for_url("**/visits/staff/suggestions/")
    citizen.reload()
    assert "办理中" in citizen.inner_text("main")
    staff.fill(f"#a-{suggestion.pk}", "名单已在政务公开栏和门户网站公布。")
    staff.select_option(f"#o-{suggestion.pk}", "adopted")
    staff.locator(f"form[action$='/{suggestion.pk}/answer/'] button").click()
    staff.wait_for_url("**/visits/staff/suggestions/")

    citizen.reload()
    body = citizen.inner_text("main")
    assert "已采纳" in body and "名单已在政务公开栏和门户网站公布。" in body
    steps = citizen.locator("ol.timeline li").all_inner_texts()
    assert [s.split("·")[1].strip()[:3] for s in steps] == ["收到", "已交办", "办理中", "已答复"]
    screenshot(citizen, "suggestion-tracker-phone")
