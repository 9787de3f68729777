"""axe-core in Chromium on every public page type, normal and 长者模式 (care mode); the keyboard
journey; read-aloud; touch targets. Screenshots land in test-artifacts/."""

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import axe_violations, screenshot
from tests.portal.helpers import (
    error_state_urls,
    form_page_urls,
    html_pages,
    public_urls,
    with_live_interview,
)

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}

# Serious violations in templates of other apps, reported to their owners: (path, rule) →
# what to change. The test fails on anything else, and also when one of these is gone (then
# delete its line), so the list cannot go stale.
KNOWN_ELSEWHERE: set[tuple[str, str]] = set()


@pytest.fixture
def site(live_server, django_capture_on_commit_callbacks):
    from gongkai.ops.demo import create_demo_accounts, load_app_demos
    from gongkai.programmes.services import load_builtin

    with django_capture_on_commit_callbacks(execute=True):
        programme = load_builtin(2023)
        create_demo_accounts()
        load_app_demos(programme)
        with_live_interview()
    from gongkai.portal import search

    search.reindex()
    return live_server.url


def _care_cookie(url):
    return [{"name": "care_mode", "value": "1", "url": url}]


def _blocking(page, width: int, label: str) -> list[tuple]:
    found = []
    for violation in axe_violations(page, impacts=BLOCKING):
        targets = [n["target"] for n in violation["nodes"]][:3]
        found.append((width, label, violation["id"], violation["help"], targets))
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)], ids=["phone", "desk"])
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_axe_finds_no_serious_violation_on_any_public_page(site, new_page, care, width, height):
    """Every page type: the sitemap's, a search, and those outside the sitemap (forms and
    their error state, pages reached by a code or a token, lookups, statistics). One test per
    mode and screen size, so that the test workers share them."""
    failures = []
    paths = html_pages(public_urls(per_kind=1)) + form_page_urls()
    page = new_page(viewport={"width": width, "height": height}, bypass_csp=True)
    if care:
        page.context.add_cookies(_care_cookie(site))
    for path in paths:
        page.goto(site + path)
        failures += _blocking(page, width, path)
        name = path.strip("/").replace("/", "_").split("?")[0] or "home"
        if width == 390 or path == "/":
            screenshot(page, f"portal-{name}-{width}{'-care' if care else ''}")
    for path in error_state_urls():
        page.goto(site + path)
        with page.expect_navigation():
            page.locator("main form[enctype] button[type=submit]").click()
        assert page.locator(".errorlist").count() >= 1, path
        failures += _blocking(page, width, path + " (errors)")
        if width == 390:
            name = path.strip("/").replace("/", "_")
            screenshot(page, f"portal-{name}-errors-{width}{'-care' if care else ''}")
    known = {(path, rule) for _w, path, rule, _help, _targets in failures} & KNOWN_ELSEWHERE
    assert [f for f in failures if (f[1], f[2]) not in KNOWN_ELSEWHERE] == []
    if care and width == 390 and KNOWN_ELSEWHERE:  # where the known ones show
        assert known == KNOWN_ELSEWHERE, (
            f"fixed, delete from KNOWN_ELSEWHERE: {KNOWN_ELSEWHERE - known}"
        )


@pytest.mark.django_db(transaction=True)
def test_keyboard_alone_reaches_main_toggles_care_mode_and_searches(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.get_attribute("class") == "skip-link"
    assert skip.is_visible()  # a visible focus: the skip link shows up when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"

    # Tab to the care-mode switch (past the home page's sections) and press Enter.
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.getAttribute('aria-pressed') !== null && document.activeElement.form && document.activeElement.form.action.includes('care-mode')"
        ):
            break
    else:
        pytest.fail("the care-mode switch is not reachable with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.body.classList.contains('care-mode')")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 20

    # Tab to the search box, type, submit with Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name === 'q'"):
            break
    else:
        pytest.fail("the search box is not reachable with Tab")
    page.keyboard.type("在线访谈")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?q=" in page.url
    assert page.locator("h1").count() == 1
    assert page.locator("mark").count() >= 1
    assert page.evaluate("document.body.classList.contains('care-mode')")
    screenshot(page, "portal-keyboard-search-care")


@pytest.mark.django_db(transaction=True)
def test_care_mode_targets_are_large_enough(site, new_page):
    page = new_page(viewport={"width": 390, "height": 844})
    page.context.add_cookies(_care_cookie(site))
    page.goto(site + "/")
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll('button, .tool-button, .site-nav a, input[type=search], .panel-head a, .item-list a, .site-footer a'))
            .filter(el => el.offsetParent !== null)
            .map(el => { const r = el.getBoundingClientRect(); return [el.textContent.trim(), r.width, r.height]; })
            .filter(([, w, h]) => w < 44 || h < 44)"""
    )
    assert small == []
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 20


@pytest.mark.django_db(transaction=True)
def test_standard_mode_targets_are_large_enough(site, new_page):
    page = new_page(viewport={"width": 1024, "height": 768})
    page.goto(site + "/")
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll('button, .tool-button, .site-nav a, input[type=search], .panel-head a, .item-list a, .site-footer a'))
            .filter(el => el.offsetParent !== null)
            .map(el => { const r = el.getBoundingClientRect(); return [el.textContent.trim(), r.width, r.height]; })
            .filter(([, w, h]) => w < 44 || h < 44)"""
    )
    assert small == []
    # no horizontal scrolling on an old 1024 px office screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 1024
    screenshot(page, "portal-home-1024")


@pytest.mark.django_db(transaction=True)
def test_phone_has_no_horizontal_scroll(site, new_page):
    page = new_page(viewport={"width": 360, "height": 740})
    for path in ("/", "/notices/2023/", "/search/?q=访谈"):
        page.goto(site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path


@pytest.mark.django_db(transaction=True)
def test_read_aloud_controls_show_when_speech_exists(site, page):
    page.add_init_script(
        """
        window.__spoken = [];
        const fake = { speaking: false, paused: false,
          speak(u) { window.__spoken.push(u.text); }, cancel() { window.__spoken.push('<cancel>'); },
          pause() { this.paused = true; }, resume() { this.paused = false; }, getVoices() { return []; } };
        Object.defineProperty(window, 'speechSynthesis', { value: fake, configurable: true });
        window.SpeechSynthesisUtterance = function (text) { this.text = text; };
        """
    )
    page.goto(site + "/notices/2023/")
    read = page.get_by_role("button", name="Read aloud").or_(
        page.get_by_role("button", name="朗读")
    )
    read.focus()
    page.keyboard.press("Enter")
    spoken = page.evaluate("window.__spoken.filter(t => t !== '<cancel>').join('')")
    assert "靖边县" in spoken and "Skip" not in spoken
    pause = page.locator('[data-read-action="pause"]')
    expect(pause).to_be_visible()
    pause.click()
    assert pause.get_attribute("aria-pressed") == "true"
    page.locator('[data-read-action="stop"]').click()
    expect(pause).to_be_hidden()


@pytest.mark.django_db(transaction=True)
def test_read_aloud_hidden_without_speech_api(site, page):
    page.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page.goto(site + "/")
    assert not page.locator("[data-read-aloud]").is_visible()


@pytest.mark.django_db(transaction=True)
def test_pages_have_no_inline_scripts_or_styles(site, page):
    for path in html_pages(public_urls(per_kind=1)):
        page.goto(site + path)
        inline = page.evaluate(
            "() => [document.querySelectorAll('script:not([src])').length, document.querySelectorAll('[style]').length, document.querySelectorAll('style').length]"
        )
        assert inline == [0, 0, 0], path
        images_without_alt = page.evaluate(
            "() => document.querySelectorAll('img:not([alt])').length"
        )
        assert images_without_alt == 0, path


def _tab_to(page, condition: str, limit: int, what: str) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(condition):
            return
    pytest.fail(f"{what} is not reachable with Tab")


@pytest.mark.django_db(transaction=True)
def test_keyboard_alone_sends_a_question_on_a_live_interview(site, page, settings):
    """Contract with the interviews app: a live interview page is listed in the sitemap with
    ``kind="interview-live"`` (demo data has one live). With the keyboard alone a visitor
    reaches the question form, fills it, answers the text CAPTCHA (the sum in its label),
    sends it with Enter and gets the receipt code."""
    from gongkai.portal import sitemaps
    from gongkai.questions.models import Question
    from gongkai.questions.services import find_by_code

    live = [p for p in sitemaps.pages() if p.kind == "interview-live"]
    assert live, "no live interview page in the sitemap (kind 'interview-live')"
    page.goto(site + live[0].url)
    in_form = "document.activeElement.closest('form[data-question-ask]') !== null"
    _tab_to(page, f"{in_form} && document.activeElement.name === 'nickname'", 80, "The nickname")
    page.keyboard.type("键盘用户")
    _tab_to(page, f"{in_form} && document.activeElement.tagName === 'TEXTAREA'", 5, "The box")
    text = "请问今年的农业补贴什么时候发放？"
    page.keyboard.type(text)
    assert page.evaluate("document.activeElement.value") == text
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    _tab_to(
        page,
        f"{in_form} && document.activeElement.name === 'captcha_answer'",
        10,
        "The CAPTCHA answer",
    )
    prompt = page.evaluate("document.activeElement.labels[0].textContent")
    numbers = [int(n) for n in re.findall(r"\d+", prompt)]
    assert len(numbers) == 2, prompt  # "What is a plus b?"
    page.keyboard.type(str(sum(numbers)))
    screenshot(page, "portal-live-interview-keyboard")
    page.keyboard.press("Enter")
    code = page.locator(".lookup-code")
    expect(code).to_be_visible()
    assert page.evaluate("document.activeElement.classList.contains('lookup-code')")
    question = Question.objects.get(text=text)
    assert question.nickname == "键盘用户"
    assert find_by_code(code.inner_text().strip()) == question
    screenshot(page, "portal-live-interview-keyboard-sent")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_error_pages_pass_axe_and_fit_a_phone(site, new_page, care):
    """The 404 and the expired-form page, in both modes, on a phone and a desk screen."""
    failures = []
    for width, height in ((390, 844), (1366, 768)):
        page = new_page(viewport={"width": width, "height": height}, bypass_csp=True)
        if care:
            page.context.add_cookies(_care_cookie(site))
        response = page.goto(site + "/no-such-page/")
        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("找不到您要访问的页面")
        failures += _blocking(page, width, "/no-such-page/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(page, f"error-404-{width}{'-care' if care else ''}")
        # a form whose token has gone: the CSRF cookie is dropped before sending
        page.goto(site + "/accounts/login/")
        page.context.clear_cookies()
        if care:
            page.context.add_cookies(_care_cookie(site))
        page.fill("#id_username", "x")
        page.fill("#id_password", "y")
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("表单已过期")
        failures += _blocking(page, width, "csrf failure")
        screenshot(page, f"error-csrf-{width}{'-care' if care else ''}")
    assert failures == []


def test_the_axe_helper_reports_what_it_finds(page):
    """The helper every browser test asserts with reports a serious finding, inside and outside
    its ``context``, also after a navigation (axe from the context's init script)."""
    head = "<!doctype html><html lang='zh-Hans'><head><title>t</title></head><body>"
    page.set_content(head + "<main id='main'><button></button></main><img src='x.png'>")
    assert [v["id"] for v in axe_violations(page)] == ["button-name", "image-alt"]
    assert [v["id"] for v in axe_violations(page, "#main")] == ["button-name"]
    page.set_content(head + "<main><h1>好</h1><input type='text'></main>")
    assert [v["id"] for v in axe_violations(page)] == ["label"]
    assert axe_violations(page, impacts={"moderate"}) == []


def test_screenshots_hold_the_whole_page(new_page):
    """test-artifacts/ gets the page from top to bottom, not the screen's first view."""
    page = new_page(viewport={"width": 390, "height": 844})
    page.set_content("<body style='margin:0'><div style='height:2000px'>长页面</div></body>")
    png = screenshot(page, "helper-long-page").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (390, 2000)
