"""In Chromium: the media center's editor types a feed line in the control room (htmx), and the
public live page shows it after a reload. (The push without reload is tested by the live app.)"""

from __future__ import annotations

import pytest

from gongkai.interviews.models import FeedLine, Interview, InterviewStatus
from gongkai.live.models import LiveEvent
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_staff_types_feed_line_and_live_page_shows_it(
    live_server, new_page, sign_in, interviews_demo_staff
):
    from gongkai.accounts.models import Role

    interviews_demo_staff(Role.MEDIA_CENTER, "editor", "融媒体中心 张编辑")
    interview = Interview.objects.get(unit__name="小河镇")
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.LIVE)

    staff = new_page()
    refused = []  # the strict CSP must not block anything htmx does on this page
    staff.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    sign_in(staff, "editor", next=f"/interviews/staff/{interview.pk}/control/")
    assert staff.locator("h1").count() == 1

    staff.select_option("select[name=speaker]", label="党委书记高飞")
    staff.fill("textarea[name=text]", "小河镇今年重点发展设施农业和特色养殖。")
    staff.get_by_role("button", name="发布这条文字").click()
    staff.locator("#feed-lines li", has_text="小河镇今年重点发展设施农业").wait_for()
    # htmx swapped a fresh, empty form in (out of band) and kept the chosen speaker.
    assert staff.input_value("textarea[name=text]") == ""
    assert staff.locator("select[name=speaker] option:checked").inner_text() == "党委书记高飞"
    assert staff.url.endswith("/control/")  # no full page navigation
    screenshot(staff, "interviews-control-room")
    assert serious_axe_violations(staff, "#main") == []

    # A typo is taken back: the line goes from the control room (and from open live pages).
    staff.fill("textarea[name=text]", "打错了的一行")
    staff.get_by_role("button", name="发布这条文字").click()
    wrong = staff.locator("#feed-lines li", has_text="打错了的一行")
    wrong.wait_for()
    asked: list[str] = []  # the browser asks first; the assistant confirms

    def confirm(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    staff.once("dialog", confirm)
    wrong.get_by_role("button", name="删除这条").click()
    wrong.wait_for(state="detached")
    assert asked and "删除" in asked[0]
    assert refused == []
    # The inactivity warning is on the control room too (the page adds htmx to it).
    assert staff.locator("script[src*='accounts/idle']").count() == 1

    line = FeedLine.objects.get(interview=interview)
    assert line.speaker_name == "党委书记高飞"

    viewer = new_page()
    viewer.goto(f"{live_server.url}/interviews/{interview.pk}/")
    item = viewer.locator(f"#feed-line-{line.pk}")
    assert "[党委书记高飞]" in item.inner_text()
    assert "小河镇今年重点发展设施农业和特色养殖。" in item.inner_text()
    # The page connects after the newest event it rendered: no replay of what it shows.
    newest = LiveEvent.objects.filter(channel=interview.channel).latest("id").pk
    assert viewer.locator("[data-live-url]").get_attribute("data-live-url") == (
        f"/live/{interview.channel}/?last_event_id={newest}"
    )
    assert viewer.locator("h1").count() == 1
    screenshot(viewer, "interviews-live-page")
    assert serious_axe_violations(viewer, "#main") == []

    viewer.goto(f"{live_server.url}/interviews/")
    assert (
        viewer.locator("#section-live + ul, #section-live ~ ul").first.inner_text().count("小河镇")
        >= 1
    )
    screenshot(viewer, "interviews-index")
    assert serious_axe_violations(viewer, "#main") == []
    archived = Interview.objects.get(unit__name="县农业农村局")
    viewer.goto(f"{live_server.url}/interviews/{archived.pk}/")
    assert "[主持人]" in viewer.locator("#feed-lines").inner_text()
    assert serious_axe_violations(viewer, "#main") == []
