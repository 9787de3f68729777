"""Issue 4's journey in Chromium, against the real application served by uvicorn (pages and the
``/live/`` SSE endpoint in one process, as ``gongkai demo`` serves them):

a citizen asks two questions on a preview page (answering the text CAPTCHA as a person would),
the service center signs in and rejects one with a reason and approves the other, switches the
interview to live, a second browser opens the live page, the answer typed by the service center
(and a feed line) appear there without a reload, and after archiving the archive page keeps the
record."""

from __future__ import annotations

import re
import time

import pytest

from tests.fixtures.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "gongkai-demo-2023"  # gongkai.ops.demo.DEMO_PASSWORD
TOPIC = "小河镇产业发展与民生实事"  # the demo's preview interview
ASKED = "小河镇的设施农业补贴什么时候发放？申请需要哪些材料？"
OFF_TOPIC = "推荐一款好用的手机游戏，欢迎加我好友一起玩。"
ANSWER = "补贴将在六月底前发放，申请需带身份证和土地承包合同到镇便民服务中心。"
FEED_TEXT = "各位网友大家好，欢迎收看今天的在线访谈。"


def ask(page, url: str, nickname: str, text: str) -> None:
    """Fill the embedded ask form like a person: the sum is read off the page and computed."""
    page.goto(url)
    form = page.locator("form[data-question-ask]")
    form.locator("input[name=nickname]").fill(nickname)
    form.locator("textarea[name=text]").fill(text)
    prompt = form.locator("label[for=id_captcha_answer]").inner_text()
    a, b = (int(n) for n in re.findall(r"\d+", prompt))
    form.locator("input[name=captcha_answer]").fill(str(a + b))
    form.locator("[type=submit]").click()
    # ask.js swaps the thank-you card (with the private code) in place of the form
    page.locator(".question-ask .lookup-code").wait_for()


def open_question(staff, server_url: str, text: str) -> None:
    staff.goto(f"{server_url}/questions/staff/")
    staff.locator("tr", has_text=text[:20]).locator("a[href*='/questions/staff/']").click()
    staff.wait_for_url(re.compile(r".*/questions/staff/\d+/$"))


def set_status(staff, server_url: str, pk: int, status: str) -> None:
    """The next-step button, then "yes" on its confirmation page."""
    staff.goto(f"{server_url}/interviews/staff/{pk}/")
    staff.locator(f"a[href='/interviews/staff/{pk}/status/{status}/']").click()
    staff.wait_for_url(f"**/interviews/staff/{pk}/status/{status}/")
    staff.locator("main form[method=post] [type=submit]").click()
    staff.wait_for_url(f"**/interviews/staff/{pk}/")


def test_citizen_asks_service_center_moderates_live_viewer_sees_answer_then_archive(
    demo_server, new_page
):
    server = demo_server
    started = time.monotonic()

    # --- a citizen finds the preview interview in the portal column and asks twice -----------
    citizen = new_page()
    citizen.goto(f"{server.url}/interviews/")
    citizen.get_by_role("link", name=TOPIC).click()
    citizen.wait_for_url(re.compile(r".*/interviews/\d+/$"))
    detail_url = citizen.url
    pk = int(re.search(r"/interviews/(\d+)/$", detail_url).group(1))
    assert citizen.locator("#interview-status-badge.interview-state-preview").count() == 1
    ask(citizen, detail_url, "小河网友", ASKED)
    screenshot(citizen, "e2e-1-citizen-asked")
    ask(citizen, detail_url, "路人甲", OFF_TOPIC)

    # --- the service center signs in and moderates -------------------------------------------
    staff = new_page()
    staff.goto(f"{server.url}/accounts/login/?next=/questions/staff/")
    staff.fill("input[name=username]", "service")
    staff.fill("input[name=password]", PASSWORD)
    staff.locator("form:has(input[name=password]) [type=submit]").click()
    staff.wait_for_url("**/questions/staff/")
    queue = staff.locator("table tbody")
    assert queue.locator("tr", has_text=ASKED[:20]).count() == 1
    assert queue.locator("tr", has_text=OFF_TOPIC[:20]).count() == 1
    screenshot(staff, "e2e-2-queue")

    open_question(staff, server.url, OFF_TOPIC)
    reject = staff.locator("form[action$='/reject/']")
    reject.locator("select[name=reason]").select_option("advertising")
    reject.locator("[type=submit]").click()
    staff.locator("main form input[name=confirmed]").wait_for(state="attached")  # asks first
    staff.locator("main form:has(input[name=confirmed]) [type=submit]").click()
    staff.wait_for_url(re.compile(r".*/questions/staff/\d+/$"))
    assert staff.locator("form[action$='/reject/']").count() == 0  # rejected now
    assert staff.locator("form[action$='/approve/']").count() == 1  # could still be approved

    open_question(staff, server.url, ASKED)
    question_url = staff.url
    question_pk = int(re.search(r"/questions/staff/(\d+)/$", question_url).group(1))
    staff.locator(f"form[action='/questions/staff/{question_pk}/approve/'] [type=submit]").click()
    staff.wait_for_url(question_url)
    assert staff.locator(f"form[action='/questions/staff/{question_pk}/approve/']").count() == 0
    screenshot(staff, "e2e-3-approved")

    # --- the interview goes live; a second browser watches the public live page -------------
    set_status(staff, server.url, pk, "live")
    viewer = new_page()
    viewer.goto(detail_url)
    viewer.locator("[data-live-url][data-live-state=open]").wait_for(state="attached")
    assert viewer.locator("#interview-status-badge.interview-state-live").count() == 1
    questions = viewer.locator(f"#questions-{pk}")
    item = questions.locator(f"#question-{question_pk}")
    assert item.count() == 1  # the approved question is public
    assert questions.get_by_text(OFF_TOPIC[:10]).count() == 0  # the rejected one is not
    assert item.get_by_text(ANSWER[:10]).count() == 0
    shown = questions.locator("li.question-item").count()  # with the demo's earlier ones
    viewer.evaluate("window.e2eMarker = 'not reloaded'")

    # the service center types a feed line in the control room (htmx) ...
    staff.goto(f"{server.url}/interviews/staff/{pk}/control/")
    feed_form = staff.locator("#feed-form")
    feed_form.locator("textarea[name=text]").fill(FEED_TEXT)
    feed_form.locator("[type=submit]").click()
    staff.locator("#feed-lines li", has_text=FEED_TEXT[:10]).wait_for()
    # ... and publishes the host's answer typed live
    staff.goto(question_url)
    answer_form = staff.locator("form[action$='/answer/']")
    answer_form.locator("input[name=speaker]").fill("小河镇党委书记 高飞")
    answer_form.locator("textarea[name=text]").fill(ANSWER)
    answer_form.locator("select[name=mode]").select_option("live")
    answer_form.locator("input[name=publish_now]").check()
    pushed_at = time.monotonic()
    answer_form.locator("[type=submit]").click()

    # the viewer's page gets both through live.js / SSE, without a reload
    item.get_by_text(ANSWER[:10]).wait_for(timeout=5_000)
    arrived_after = time.monotonic() - pushed_at
    viewer.locator("#feed-lines li", has_text=FEED_TEXT[:10]).wait_for(timeout=5_000)
    assert viewer.evaluate("window.e2eMarker") == "not reloaded"
    assert questions.locator("li.question-item").count() == shown  # replaced, not added
    assert viewer.locator("#feed-lines").get_attribute("aria-live") == "polite"
    screenshot(viewer, "e2e-4-live-viewer-answer")
    staff.wait_for_url(question_url)

    # --- archived: the archive page keeps the record -----------------------------------------
    set_status(staff, server.url, pk, "archived")
    viewer.goto(detail_url)
    assert viewer.locator("#interview-status-badge.interview-state-archived").count() == 1
    record = viewer.locator("#feed-lines")
    assert record.locator("li", has_text=FEED_TEXT[:10]).count() == 1
    archived_item = viewer.locator(f"#questions-{pk} #question-{question_pk}")
    assert archived_item.get_by_text(ASKED[:10]).count() == 1
    assert archived_item.get_by_text(ANSWER[:10]).count() == 1
    assert viewer.get_by_text(OFF_TOPIC[:10]).count() == 0
    assert viewer.locator("form[data-question-ask]").count() == 0  # no more questions
    assert viewer.locator("h1").count() == 1
    screenshot(viewer, "e2e-5-archive")
    print(
        f"\njourney {time.monotonic() - started:.1f} s; answer reached the viewer "
        f"{arrived_after * 1000:.0f} ms after the click"
    )
    assert "Traceback" not in server.logs(), server.logs()
