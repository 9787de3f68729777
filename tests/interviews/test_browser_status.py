"""In Chromium: the service center takes an interview through 草稿 → 预告 → 直播中 → 往期回顾 with
the step buttons, each asking first; a step back asks for a reason; the public page follows."""

from __future__ import annotations

import re

import pytest

from gongkai.interviews.models import FeedLine, Interview, InterviewStatus, SpeakerKind
from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


def take_step(page, pk: int, to: str, *, fill: dict[str, str] | None = None) -> None:
    page.locator(f"a[href='/interviews/staff/{pk}/status/{to}/']").click()
    page.wait_for_url(f"**/interviews/staff/{pk}/status/{to}/")
    for selector, value in (fill or {}).items():
        page.fill(selector, value)
    page.locator("main form[method=post] button[type=submit]").click()


@pytest.mark.django_db(transaction=True)
def test_interview_goes_through_its_states_one_confirmed_step_at_a_time(
    live_server, new_page, sign_in, interviews_demo_staff
):
    from gongkai.accounts.models import Role

    interviews_demo_staff(Role.SERVICE_CENTER, "service", "政务服务中心 李")
    interview = Interview.objects.get(unit__name="县统计局")  # a draft with its receipt form
    pk = interview.pk
    detail = f"/interviews/staff/{pk}/"

    page = new_page()
    sign_in(page, "service", next=detail)
    assert page.locator("select[name=status]").count() == 0  # no dropdown that jumps states
    assert page.locator(f"a[href='{detail}status/archived/']").count() == 0

    # 预告: the confirmation says what goes public; "back" changes nothing
    page.locator(f"a[href='{detail}status/preview/']").click()
    page.wait_for_url(f"**{detail}status/preview/")
    assert page.get_by_text("网民从此可以提问").count() == 1
    screenshot(page, "interview-status-1-confirm-preview")
    page.get_by_role("link", name="返回，不做更改").click()
    page.wait_for_url(f"**{detail}")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.DRAFT
    take_step(page, pk, "preview")
    page.wait_for_url(f"**{detail}")
    assert page.get_by_text("访谈现在是“预告”").count() == 1

    # 直播中 records the actual start (typed in: the button was pressed late)
    take_step(page, pk, "live", fill={"input[name=at]": "2023-05-12T09:05"})
    page.wait_for_url(f"**{detail}")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.LIVE
    assert interview.actual_started_at.strftime("%H:%M") in ("09:05", "01:05")

    # 往期回顾 is refused while there is no text record or video: the page says what is missing
    page.locator(f"a[href='{detail}status/archived/']").click()
    page.wait_for_url(f"**{detail}status/archived/")
    assert page.get_by_text("往期回顾没有内容").count() == 1
    assert page.locator("main form[method=post]").count() == 0
    FeedLine.objects.create(interview=interview, speaker_kind=SpeakerKind.HOST, text="欢迎收看")
    page.goto(live_server.url + detail)
    take_step(page, pk, "archived", fill={"input[name=at]": "2023-05-12T10:30"})
    page.wait_for_url(f"**{detail}")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.ARCHIVED

    # a step back needs a reason; the reason shows in the history
    take_step(page, pk, "live")
    page.wait_for_url(re.compile(r".*/status/live/$"))
    assert page.locator("textarea[name=reason]").count() == 1  # refused: asked again
    page.fill("textarea[name=reason]", "实录还需补充最后一段")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url(f"**{detail}")
    page.locator("#status-history summary").click()
    assert page.get_by_text("实录还需补充最后一段").count() == 1
    screenshot(page, "interview-status-2-history")
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.LIVE and interview.actual_ended_at is None

    public = new_page()
    public.goto(f"{live_server.url}/interviews/{pk}/")
    assert public.locator("#interview-status-badge.interview-state-live").count() == 1
