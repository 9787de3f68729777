"""In Chromium: the service center's assistant picks a netizen question in the control room,
marks it 正在回答 (the live page shows it; the push itself is tested with the live app's ASGI
server) and records the live answer — without reloading the control room; axe is clean."""

from __future__ import annotations

import pytest

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions import services
from gongkai.questions.models import Question
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_assistant_marks_a_question_and_records_its_live_answer(
    live_server, new_page, sign_in, settings, tmp_path
):
    from gongkai.accounts.models import Role, User
    from gongkai.interviews.demo import load_demo
    from gongkai.programmes.services import load_builtin
    from gongkai.units.models import Unit

    settings.MEDIA_ROOT = str(tmp_path / "media")
    programme = load_builtin(2023)
    User.objects.create_user(
        "assistant",
        password="test-pass-123!",
        role=Role.SERVICE_CENTER,
        unit=Unit.objects.get(special_role="service_center"),
    )
    load_demo(programme)
    interview = Interview.objects.get(unit__name="小河镇")
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.LIVE)
    for text in ("设施农业有什么扶持？", "特色养殖贷款怎么申请？"):
        question, _code = services.ask_question(
            interview, nickname="网友", text=text, kind="consult"
        )
        services.approve_question(question, by=None)

    viewer = new_page()
    staff = new_page(viewport={"width": 1366, "height": 768})
    sign_in(staff, "assistant", next=f"/interviews/staff/{interview.pk}/control/")
    panel = staff.locator("#control-questions")
    items = panel.locator("ol.control-question-list > li")
    assert "特色养殖贷款" in items.first.inner_text()  # newest first
    asked = items.filter(has_text="设施农业有什么扶持？")
    asked.get_by_role("button", name="标为正在回答").click()
    panel.locator(".answering-now").wait_for()
    viewer.goto(f"{live_server.url}/interviews/{interview.pk}/")
    assert "设施农业有什么扶持？" in viewer.locator(".answering-now").inner_text()

    asked = staff.locator("#control-questions li", has_text="设施农业有什么扶持？")
    asked.get_by_label("答复人").fill("党委书记高飞")
    asked.get_by_label("现场答复内容").fill("镇上对新建大棚每亩补助两千元。")
    asked.get_by_role("button", name="发布答复").click()
    staff.locator("#control-questions li", has_text="镇上对新建大棚每亩补助两千元。").wait_for()
    assert staff.url.endswith("/control/")  # never left the page
    viewer.reload()
    viewer.locator(f"#questions-{interview.pk}", has_text="每亩补助两千元").wait_for()
    assert viewer.locator(".answering-now").count() == 0
    screenshot(staff, "questions-control-room-panel")
    assert serious_axe_violations(staff, "#main") == []

    staff.get_by_role("link", name="未答复").click()
    # the answered question leaves the list (htmx swaps it, or the page loads again)
    staff.locator("#control-questions li", has_text="设施农业有什么扶持？").wait_for(
        state="detached"
    )
    staff.locator("#control-questions li", has_text="特色养殖贷款").wait_for()
    assert staff.locator("#control-questions li", has_text="设施农业有什么扶持？").count() == 0
    question = Question.objects.get(text="设施农业有什么扶持？")
    assert question.answer.mode == "live" and question.answering_at is None
