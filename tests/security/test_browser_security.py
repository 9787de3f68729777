"""In Chromium: the strict CSP holds (no violations) through sign-in, two-factor enrolment
(QR code as a data: image) and the inactivity warning's countdown."""

import pytest

from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


def _csp_violations(page):
    violations = []
    page.on(
        "console",
        lambda msg: (
            violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    return violations


@pytest.mark.django_db(transaction=True)
def test_browser_two_factor_enrolment_under_strict_csp(live_server, page, personas):
    from gongkai.accounts import totp
    from gongkai.accounts.models import TOTPDevice

    violations = _csp_violations(page)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "p-county")
    page.fill("#id_password", "test-pass-123!")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/two-factor/")
    qr = page.locator("img.qr-code")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "security-2fa-enrol")
    secret = TOTPDevice.objects.get(user=personas["county_office"]).secret
    page.fill("#id_code", totp.totp(secret))
    page.locator("main form button[type=submit]").click()
    page.locator("ol.recovery-codes li").first.wait_for()  # shown once, before going on
    assert page.locator("ol.recovery-codes li").count() == 10
    page.locator("main a.button").click()
    page.wait_for_url("**/staff/")
    assert not violations, violations


@pytest.mark.django_db(transaction=True)
def test_browser_idle_warning_counts_down(live_server, page, personas, settings):
    settings.GONGKAI_IDLE_TIMEOUT_MINUTES = 2
    settings.GONGKAI_IDLE_WARNING_MINUTES = 2
    settings.GONGKAI_REQUIRE_2FA = False  # the idle warning is the point here
    violations = _csp_violations(page)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "p-unit")
    page.fill("#id_password", "test-pass-123!")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/staff/")
    warning = page.locator(".idle-warning")
    warning.wait_for(state="visible")
    text = warning.inner_text()
    assert "1:5" in text or "2:00" in text
    screenshot(page, "security-idle-warning")
    page.get_by_role("button", name="保持登录").click()
    warning.wait_for(state="hidden")
    assert not violations, violations
