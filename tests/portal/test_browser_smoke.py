import pytest

from tests.fixtures.browser import screenshot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_portal_home_renders_chinese_in_chromium(live_server, page):
    from gongkai.programmes.services import load_builtin

    load_builtin(2023)
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert "靖政办发〔2023〕15号" in page.content()
    page.get_by_role("link", name="靖政办发〔2023〕15号", exact=False).first.click()
    page.wait_for_url("**/notices/2023/")
    assert page.locator("h1").inner_text().startswith("靖边县人民政府办公室")
    screenshot(page, "portal-notice")
