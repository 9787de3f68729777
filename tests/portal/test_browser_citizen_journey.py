"""The citizen's journey on the demo as shipped, started today (issue 14), on a phone and in
长者模式: register for the coming activity from the home page, find the registration again by
its code, ask a question on the coming interview, read the 互动数据 page. Every step is checked
on screen, with axe, and screenshots at 390×844 and 1366×768 land in test-artifacts/."""

import re

import pytest

from tests.fixtures.browser import screenshot, serious_axe_violations
from tests.visits.conftest import valid_id

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}


@pytest.fixture
def demo_site(live_server, settings, tmp_path, django_capture_on_commit_callbacks):
    from gongkai.ops.demo import load_demo
    from gongkai.portal import search

    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    search.reindex()
    return live_server.url


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_citizen_journey_on_the_demo_as_shipped(demo_site, new_page, care):
    base = demo_site
    mode = "care" if care else "normal"
    page = new_page(viewport=SIZES["phone"])
    if care:
        page.context.add_cookies([{"name": "care_mode", "value": "1", "url": base}])

    # The home page offers the coming activity (走进政府) and the coming interview (预告).
    page.goto(base + "/")
    coming = page.locator("#section-upcoming").locator("xpath=ancestor::section[1]")
    assert coming.get_by_text("走进政府").count() == 1 and coming.get_by_text("预告").count() == 1
    badge = coming.locator(".state").first
    assert badge.bounding_box()["height"] < 2.2 * badge.bounding_box()["width"]  # not 1 char/line
    screenshot(page, f"journey-home-{mode}-phone")

    # Register for the coming activity.
    coming.get_by_role("link", name=re.compile("走进镇靖镇")).click()
    assert "当前位置" in page.locator("nav.breadcrumbs").inner_text()
    page.get_by_role("link", name="报名参加").click()
    page.fill("#id_name", "旅程演示")
    page.fill("#id_id_number", valid_id(77))
    page.fill("#id_phone", "13900007777")
    page.fill("#id_address", "靖边县演示路7号")
    page.check("#id_consent")
    page.check("#id_lives_in_county")
    page.get_by_role("button", name="报名").click()
    page.wait_for_url("**/visits/registration/**")
    code = page.locator("strong.code").inner_text()
    screenshot(page, f"journey-registered-{mode}-phone")

    # Look it up again by its code from the visits column.
    page.goto(base + "/visits/")
    page.get_by_role("link", name="查询报名和意见答复").click()
    page.fill("#id_code", code)
    page.locator("main form").first.locator("button[type=submit]").click()
    assert "旅程演示" not in page.content()  # the name is not shown in full
    assert "走进镇靖镇" in page.content()
    screenshot(page, f"journey-lookup-{mode}-phone")

    # Ask a question on the coming interview.
    page.goto(base + "/")
    page.locator("#section-upcoming").locator("xpath=ancestor::section[1]").get_by_role(
        "link", name=re.compile("小河镇")
    ).click()
    assert page.locator("#questions-title").inner_text() == "网友提问"
    page.fill("#id_nickname", "旅程网友")
    page.fill("#id_text", "请问小河镇今年的民生实事有哪些？")
    prompt = page.locator("label[for=id_captcha_answer]").inner_text()
    a, b = map(int, re.findall(r"\d+", prompt))
    page.fill("#id_captcha_answer", str(a + b))
    page.get_by_role("button", name="提交留言").click()
    asked = page.locator(".lookup-code strong").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", asked)
    screenshot(page, f"journey-asked-{mode}-phone")

    # The one 互动数据 page, from the menu.
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="互动数据").click()
    assert page.locator("h1").inner_text() == "互动数据"
    assert page.locator("#chart-reply_rate rect").count() >= 1
    assert page.locator("#stats-by-unit").count() == 1
    assert serious_axe_violations(page) == []
    screenshot(page, f"journey-data-{mode}-phone")

    desk = new_page(viewport=SIZES["desktop"])
    if care:
        desk.context.add_cookies([{"name": "care_mode", "value": "1", "url": base}])
    for path, name in (("/", "home"), ("/data/", "data"), ("/visits/", "visits")):
        desk.goto(base + path)
        assert serious_axe_violations(desk) == []
        screenshot(desk, f"journey-{name}-{mode}-desktop")
