"""In Chromium: the self-check turns a column red (超期) when its last update is moved past the
limit and green (正常) when it is updated; colour is never the only signal. axe finds nothing
serious on the self-check and the thresholds form, on a phone and on an office screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.accounts.models import Role, User
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.units.models import Unit
from tests.fixtures.browser import axe_violations

pytestmark = pytest.mark.browser

GREEN = "rgb(29, 107, 50)"  # --ok
RED = "rgb(163, 22, 26)"  # --bad
SHOTS = Path("/tmp/compliance-shots")


def _signed_in(new_page, live_server, user, **options):
    client = Client()
    client.force_login(user)
    page = new_page(**options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _serious(page) -> list[tuple[str, str]]:
    return [(v["id"], v["help"]) for v in axe_violations(page)]


@pytest.mark.django_db(transaction=True)
def test_column_turns_red_when_stale_and_green_when_updated(live_server, new_page):
    from gongkai.programmes.services import load_builtin

    programme = load_builtin(2023)
    unit = Unit.objects.get(name="县农业农村局")
    interview = Interview.objects.create(
        programme=programme,
        unit=unit,
        topic="乡村振兴政策访谈",
        status=InterviewStatus.ARCHIVED,
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    Interview.objects.filter(pk=interview.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=3)
    )
    center = User.objects.create_user(
        "b-center",
        role=Role.SERVICE_CENTER,
        unit=Unit.objects.get(special_role="service_center"),
    )
    page = _signed_in(new_page, live_server, center, viewport={"width": 1366, "height": 768})
    page.goto(live_server.url + "/staff/")
    page.get_by_role("link", name="合规体检").click()
    page.wait_for_url("**/staff/inspection/")
    badge = page.locator("#column-interviews .state")
    expect(badge).to_have_text("正常")
    expect(badge).to_have_css("color", GREEN)
    _shot(page, "self-check-green-1366")

    # Moved past the 14-day limit of a news column: red, 超期, and the forecast says why.
    Interview.objects.filter(pk=interview.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=15)
    )
    page.reload()
    expect(badge).to_have_text("超期")
    expect(badge).to_have_css("color", RED)
    expect(page.locator("#column-home .state")).to_have_text("超期")
    expect(page.locator("#forecast")).to_contain_text("按今天的状态，检查将不通过")
    expect(page.locator("#forecast")).to_contain_text("首页超过 14 天未更新")
    _shot(page, "self-check-red-1366")

    # The unit updates the column (any change of the interview counts): green again.
    interview.topic = "乡村振兴政策访谈（文字实录）"
    interview.save()
    page.reload()
    expect(badge).to_have_text("正常")
    expect(badge).to_have_css("color", GREEN)
    expect(page.locator("#column-home .state")).to_have_text("正常")


@pytest.mark.django_db(transaction=True)
def test_self_check_and_thresholds_pass_axe_on_a_phone_and_a_desk(live_server, new_page):
    from gongkai.programmes.services import load_builtin

    load_builtin(2023)
    admin = User.objects.create_user("b-admin", role=Role.ADMIN)
    failures = []
    for width, height in ((390, 844), (1366, 768)):
        page = _signed_in(new_page, live_server, admin, viewport={"width": width, "height": height})
        page.goto(live_server.url + "/staff/inspection/")
        failures += _serious(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        _shot(page, f"self-check-{width}")
        page.goto(live_server.url + "/staff/inspection/thresholds/")
        page.fill("#id_message_fail_days", "30")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        expect(page.locator(".errorlist")).to_contain_text("不通过的期限必须晚于扣分的期限")
        failures += _serious(page)
        _shot(page, f"thresholds-errors-{width}")
    assert failures == []
