"""In Chromium: the service center sees a suggested group of similar questions in the control
room, merges it into its main question (confirming first) and the public page shows the main
question with the group's size as its 同问 count; the queue and the question page show the
group too; axe is clean."""

from __future__ import annotations

import os

import pytest

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions import services, similarity
from gongkai.questions.models import Question, QuestionStatus
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("BOARD_SHOTS", "")


def _shot(page, name: str) -> None:
    screenshot(page, name)
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_moderator_merges_a_suggested_group(live_server, new_page, sign_in, settings, tmp_path):
    from gongkai.accounts.models import Role, User
    from gongkai.interviews.demo import load_demo
    from gongkai.programmes.services import load_builtin
    from gongkai.units.models import Unit

    settings.MEDIA_ROOT = str(tmp_path / "media")
    similarity.forget()
    programme = load_builtin(2023)
    User.objects.create_user(
        "moderator",
        password="test-pass-123!",
        role=Role.SERVICE_CENTER,
        unit=Unit.objects.get(special_role="service_center"),
    )
    load_demo(programme)
    interview = Interview.objects.get(unit__name="小河镇")
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.LIVE)
    asked = []
    for i, text in enumerate(
        (
            "请问大棚补贴什么时候发放？",
            "大棚补贴什么时候能发放？",
            "我家的大棚补贴什么时候发放",
            "村里的路灯坏了谁来修？",
        )
    ):
        question, _code = services.ask_question(
            interview, nickname=f"网友{i}", text=text, kind="consult"
        )
        asked.append(question)
    services.approve_question(asked[0], by=None)
    main = asked[0]

    staff = new_page(viewport={"width": 1366, "height": 768})
    sign_in(staff, "moderator", next=f"/interviews/staff/{interview.pk}/control/")
    groups = staff.locator("#control-questions .similar-groups > li")
    group = groups.filter(has_text="3 人问到")
    assert "大棚" in group.inner_text() and "补贴" in group.inner_text()
    assert staff.locator(".topic-cloud li", has_text="大棚").count() == 1
    _shot(staff, "questions-board-control-1366")
    assert serious_axe_violations(staff, "#main") == []

    group.get_by_role("button", name=f"把 2 条相似问题合并到 #{main.pk}").click()
    # asked first: the page lists what will be merged
    staff.get_by_text("大棚补贴什么时候能发放？").first.wait_for()
    staff.get_by_role("button", name="确定合并").click()
    staff.wait_for_url(f"**/interviews/staff/{interview.pk}/control/**")
    assert "现在共 2 人同问" in staff.locator("body").inner_text()
    assert set(Question.objects.filter(merged_into=main).values_list("pk", flat=True)) == {
        asked[1].pk,
        asked[2].pk,
    }
    assert Question.objects.get(pk=asked[3].pk).status == QuestionStatus.PENDING

    citizen = new_page(viewport={"width": 390, "height": 844})
    citizen.goto(f"{live_server.url}/interviews/{interview.pk}/")
    item = citizen.locator(f"#{main.element_id}")
    assert "2 人同问" in item.inner_text()
    _shot(citizen, "questions-board-public-390")

    # the queue and the question page of a new similar question show its group
    services.ask_question(interview, nickname="又一个", text="大棚补贴何时发放？", kind="consult")
    staff.set_viewport_size({"width": 390, "height": 844})
    staff.goto(f"{live_server.url}/questions/staff/?status=all")
    assert staff.locator(".similar-group", has_text="人问到").count() >= 1
    _shot(staff, "questions-board-queue-390")
    staff.goto(f"{live_server.url}/questions/staff/{main.pk}/")
    staff.locator("#similar").wait_for()
    _shot(staff, "questions-board-detail-390")
    assert serious_axe_violations(staff, "#main") == []
