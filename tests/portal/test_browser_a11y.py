"""axe-core in Chromium on every public page type, normal and 长者模式 (care mode); the keyboard
journey; read-aloud; touch targets. Screenshots land in test-artifacts/."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.fixtures.browser import screenshot
from tests.portal.helpers import html_pages, public_urls, with_live_interview

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


@pytest.fixture
def site(live_server, django_capture_on_commit_callbacks):
    from gongkai.core.demo import create_demo_accounts, load_app_demos
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


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
def test_axe_finds_no_serious_violation_on_any_public_page(site, new_page, care):
    axe = Axe()
    failures = []
    for width, height in ((390, 844), (1280, 800)):
        page = new_page(viewport={"width": width, "height": height}, bypass_csp=True)
        if care:
            page.context.add_cookies(_care_cookie(site))
        for path in html_pages(public_urls(per_kind=1)):
            page.goto(site + path)
            results = axe.run(page)
            for violation in results.response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = [n["target"] for n in violation["nodes"]][:3]
                    failures.append((width, path, violation["id"], violation["help"], targets))
            name = path.strip("/").replace("/", "_").split("?")[0] or "home"
            if width == 390 or path == "/":
                screenshot(page, f"portal-{name}-{width}{'-care' if care else ''}")
    assert failures == []


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


@pytest.mark.django_db(transaction=True)
def test_keyboard_alone_reaches_the_question_form_on_a_live_interview(site, page):
    """Contract with the interviews app: a live interview page is listed in the sitemap with
    ``kind="interview-live"`` (demo data has one live). Its question form must be reachable and
    fillable with Tab alone; the questions app's own tests submit it."""
    from gongkai.portal import sitemaps

    live = [p for p in sitemaps.pages() if p.kind == "interview-live"]
    if not live:
        pytest.skip("no live interview page in the sitemap yet (kind 'interview-live')")
    page.goto(site + live[0].url)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName === 'TEXTAREA'"):
            break
    else:
        pytest.fail("the question box is not reachable with Tab")
    page.keyboard.type("请问今年的农业补贴什么时候发放？")
    assert page.evaluate("document.activeElement.value").startswith("请问")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(
            "document.activeElement.type === 'submit' && document.activeElement.form !== null"
        ):
            break
    else:
        pytest.fail("the question form's submit button is not reachable with Tab")
    screenshot(page, "portal-live-interview-keyboard")
