import re

import pytest

from gongkai.interviews.models import InterviewStatus
from gongkai.questions.models import Question
from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_citizen_asks_with_text_check_then_looks_up_in_chromium(live_server, page, make_interview):
    interview = make_interview(InterviewStatus.PREVIEW)
    page.goto(f"{live_server.url}/questions/interview/{interview.pk}/")
    assert page.locator("h1").count() == 1
    page.fill("#id_nickname", "靖边网友")
    page.fill("#id_text", "请问明年高标准农田建设覆盖哪些村？")
    prompt = page.locator("label[for=id_captcha_answer]").inner_text()
    a, b = map(int, re.findall(r"\d+", prompt))
    page.fill("#id_captcha_answer", str(a + b))
    screenshot(page, "questions-ask-form")
    page.get_by_role("button", name="提交留言").click()
    # Posted with htmx: the form turns into the thank-you card, the page stays (live video).
    code = page.locator(".lookup-code strong").inner_text()
    assert page.url.endswith(f"/questions/interview/{interview.pk}/")
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    screenshot(page, "questions-asked")
    assert Question.objects.get().text == "请问明年高标准农田建设覆盖哪些村？"

    page.get_by_role("link", name="查询我的留言").click()
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    assert "您的留言正在等待审核" in page.content()


@pytest.mark.django_db(transaction=True)
def test_picture_check_loads_and_refused_form_keeps_text_in_chromium(
    live_server, page, make_interview
):
    interview = make_interview(InterviewStatus.LIVE)
    page.goto(f"{live_server.url}/questions/interview/{interview.pk}/ask/?captcha=image")
    image = page.locator("img[alt]").first
    assert page.evaluate("img => img.naturalWidth", image.element_handle()) == 180
    page.fill("#id_nickname", "网友")
    page.fill("#id_text", "验证码填错了，文字还在吗？")
    page.fill("#id_captcha_answer", "WRONG")
    page.get_by_role("button", name="提交留言").click()
    page.locator(".question-ask .error-summary").wait_for()  # swapped in by htmx (ask.js)
    assert page.locator("#id_text").input_value() == "验证码填错了，文字还在吗？"
    assert page.locator(".error-summary").count() == 1
    screenshot(page, "questions-ask-refused")
    assert Question.objects.count() == 0
