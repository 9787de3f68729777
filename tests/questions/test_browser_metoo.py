"""同问 in Chromium against the real app under uvicorn (pages and /live/ in one process): a
citizen adds their voice to the demo preview's approved question, and the count changes on a
second browser's open page without a reload (the question.metoo live event)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import screenshot
from tests.interviews.test_browser_e2e import TOPIC

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_me_too_reaches_a_second_browser(demo_server, new_page):
    url = demo_server.url
    first = new_page(viewport={"width": 390, "height": 844})
    first.goto(url + "/interviews/")
    first.get_by_role("link", name=TOPIC).first.click()
    first.wait_for_load_state()
    item = first.locator("li.question-item", has=first.locator("form[data-metoo]")).first
    key = item.get_attribute("id")
    second = new_page(viewport={"width": 1366, "height": 768})
    second.goto(first.url)
    # the second page is open (with its live connection) before the click
    second.locator("[data-live-url]").first.wait_for(state="attached")
    expect(second.locator(f"#{key} .metoo-count")).to_contain_text("0 人同问")

    first.locator(f"#{key} form[data-metoo] button").click()
    expect(first.locator(f"#{key} .metoo-count")).to_contain_text("1 人同问")
    expect(second.locator(f"#{key} .metoo-count")).to_contain_text("1 人同问", timeout=10_000)
    # the same browser again: still one
    first.locator(f"#{key} form[data-metoo] button").click()
    expect(first.locator(f"#{key} .metoo-count")).to_contain_text("1 人同问")
    screenshot(first, "questions-metoo-390")
