"""Chromium on a live page: events appear without reload, and after the server is SIGKILLed
and restarted the page catches up (issue 8's fault test: nothing committed is lost)."""

from __future__ import annotations

import uuid

import pytest

from tests.fixtures.browser import screenshot
from tests.fixtures.servers import TEST_APP, publish_from_process
from tests.live.helpers import line

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def feed_keys(page) -> list[str]:
    return page.eval_on_selector_all("#feed li", "items => items.map(item => item.id)")


def test_live_page_updates_and_catches_up_after_the_server_is_killed(asgi_server, page):
    server = asgi_server(TEST_APP)
    channel = f"test-{uuid.uuid4().hex[:8]}"
    page.goto(f"{server.url}/__test__/page/{channel}/?last_event_id=0")
    page.wait_for_selector("#live[data-live-state=open]", state="attached")

    server.publish(channel, "test.line", line("l1", "主持人：各位网友大家好"))
    page.wait_for_selector("#l1")
    server.publish(channel, "test.line", line("l2", "嘉宾：大家好"))
    page.wait_for_selector("#l2")
    page.evaluate("window.liveMarker = 'same page'")  # a reload would lose this

    # Committed just before the crash: whether or not its push went out, it must arrive.
    server.publish(channel, "test.line", line("l3", "问：补贴什么时候发放？"))
    server.kill()
    # Committed while no live server runs (another process wrote it): only the database has it.
    publish_from_process(server.env, [(channel, "test.line", line("l4", "答：本月底前发放。"))])
    page.wait_for_selector("#live[data-live-state=connecting]", state="attached")

    server.start()  # same port; EventSource reconnects with Last-Event-ID
    page.wait_for_selector("#l4", timeout=20_000)
    server.publish(channel, "test.line", line("l5", "主持人：感谢收看"))
    page.wait_for_selector("#l5")

    assert feed_keys(page) == ["l1", "l2", "l3", "l4", "l5"]  # none lost, none twice
    assert page.evaluate("window.liveMarker") == "same page"
    assert page.locator("#feed").get_attribute("aria-live") == "polite"
    screenshot(page, "live-after-restart")


def test_live_page_replace_and_remove_modes(asgi_server, page):
    server = asgi_server(TEST_APP)
    channel = f"test-{uuid.uuid4().hex[:8]}"
    page.goto(f"{server.url}/__test__/page/{channel}/?last_event_id=0")
    page.wait_for_selector("#live[data-live-state=open]", state="attached")

    server.publish(channel, "test.line", line("q1", "问题一"))
    server.publish(channel, "test.line", {**line("q0", "置顶"), "mode": "prepend"})
    page.wait_for_selector("#q0")
    answered = {**line("q1", "问题一 — 已答复"), "mode": "replace"}
    server.publish(channel, "test.line", answered)
    page.wait_for_selector("text=已答复")
    assert feed_keys(page) == ["q0", "q1"]
    server.publish(channel, "test.line", {**line("q0"), "html": "", "mode": "remove"})
    page.wait_for_function("document.getElementById('q0') === null")
    assert feed_keys(page) == ["q1"]
