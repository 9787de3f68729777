"""Each staff role's main journey on the demo as shipped, started today (issue 14, "Done when"),
in Chromium at 1366×768, checking the first-walk fixes on screen. The citizen's journey is
tests/portal/test_browser_citizen_journey.py; screenshots land in test-artifacts/.

* media center → service center: the to-do for an archived interview without video, crew by
  name (a freelance camera operator without an account), the video uploaded and waiting for
  review, then approved in the publishing queue (asked first) and playing on the public page;
* county office: renaming a unit asks first on the shared confirmation page;
* administrator: deactivating an account asks first and says what it does;
* unit staff: sees its own interview only, without the media center's or reviewers' actions;
* assessor: reads the ranking and the publishing queue, with no approve button.
"""

from __future__ import annotations

import re

import pytest

from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo_site(live_server, settings, tmp_path, django_capture_on_commit_callbacks):
    from gongkai.ops.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path / "media")
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    return live_server.url


@pytest.fixture
def staff_page(new_page, sign_in):
    """``staff_page(username)``: a desktop page signed in with the demo's published password."""
    from gongkai.ops.demo import DEMO_PASSWORD

    def make(username: str, *, next: str = "", viewport=None):
        page = new_page(viewport=viewport or DESKTOP)
        sign_in(page, username, DEMO_PASSWORD, next=next)
        return page

    return make


@pytest.mark.django_db(transaction=True)
def test_media_center_uploads_a_video_and_the_service_center_publishes_it(
    demo_site, staff_page, new_page
):
    from gongkai.policies.demo import DEMO_VIDEO

    base = demo_site
    media = staff_page("media")
    # The workbench names the archived interview without video (no "目前没有待办任务").
    assert "目前没有待办任务" not in media.locator("main").inner_text()
    media.locator("main a", has_text=re.compile("上传.+访谈的视频")).first.click()
    media.wait_for_url(re.compile(r"/interviews/staff/\d+/#video-title$"))
    pk = int(re.search(r"/interviews/staff/(\d+)/", media.url).group(1))
    assert "未上传" in media.locator("#video-state").inner_text()

    # Crew by name: the freelance camera operator has no account.
    media.get_by_role("link", name="场地和工作人员").click()
    media.fill("#id_camera_name", "王师傅")
    media.select_option("#id_camera", value="")
    media.get_by_role("button", name="保存").click()
    media.wait_for_url(f"**/interviews/staff/{pk}/")
    assert "王师傅" in media.locator("dl.facts").inner_text()

    # The video waits for the service center's review and is not public yet.
    media.set_input_files("#id_video", str(DEMO_VIDEO))
    media.get_by_role("button", name="上传视频实录").click()
    media.wait_for_url(f"**/interviews/staff/{pk}/")
    assert "待审核" in media.locator("#video-state").inner_text()
    assert serious_axe_violations(media, "#main") == []
    screenshot(media, "journey-media-video-pending")
    citizen = new_page(viewport=PHONE)
    citizen.goto(f"{base}/interviews/{pk}/")
    assert citizen.locator("video#interview-video").count() == 0

    # The service center's to-do leads to the publishing queue; approving asks first.
    service = staff_page("service")
    service.locator("main a", has_text="访谈视频等待审核").click()
    service.wait_for_url("**/publishing/staff/")
    card = service.locator("li.card", has_text="访谈视频实录")
    assert card.locator("video").count() == 1
    assert serious_axe_violations(service, "#main") == []
    screenshot(service, "journey-service-queue")
    card.get_by_role("button", name="通过并发布").click()
    service.wait_for_selector("text=立即出现在公开网站上")
    screenshot(service, "journey-service-approve-confirm")
    service.get_by_role("button", name="确认通过并发布").click()
    service.wait_for_url("**/publishing/staff/")

    citizen = new_page(viewport=PHONE)  # a fresh visitor: no copy of the page in its cache
    citizen.goto(f"{base}/interviews/{pk}/")
    video = citizen.locator("video#interview-video")
    assert video.count() == 1
    # The guests show their (placeholder) photo with name and post as alt text.
    photos = citizen.locator("ul.guests img.guest-photo")
    assert photos.count() >= 1 and photos.first.get_attribute("alt")
    assert serious_axe_violations(citizen, "#main") == []
    screenshot(citizen, "journey-public-video-phone")


@pytest.mark.django_db(transaction=True)
def test_county_office_renames_a_unit_only_after_being_asked(demo_site, staff_page):
    from gongkai.units.models import Unit

    page = staff_page("county", next="/staff/units/")
    row = page.locator("tr", has_text="县统计局").first
    row.get_by_role("link", name="更名").click()
    page.fill("#id_name", "县统计调查局")
    page.get_by_role("button", name="继续").click()
    heading = page.locator("h1").inner_text()
    assert "县统计局" in heading and "县统计调查局" in heading
    assert "此操作不能撤销" in page.locator("main").inner_text()
    assert serious_axe_violations(page, "#main") == []
    screenshot(page, "journey-county-rename-confirm")
    page.get_by_role("link", name="不，返回，不做任何更改").click()
    page.wait_for_url("**/staff/units/")
    assert Unit.objects.filter(name="县统计局", active=True).exists()


@pytest.mark.django_db(transaction=True)
def test_admin_deactivates_an_account_after_being_told_what_happens(demo_site, staff_page):
    from gongkai.accounts.models import User

    account = User.objects.get(username="tongji")
    page = staff_page("admin", next=f"/accounts/staff/{account.pk}/")
    page.get_by_role("button", name="停用账号").click()
    assert "不能再登录" in page.locator("main").inner_text()
    screenshot(page, "journey-admin-deactivate-confirm")
    page.get_by_role("button", name="确认停用账号").click()
    page.wait_for_url(f"**/accounts/staff/{account.pk}/")
    assert "已停用" in page.locator("dl.facts").inner_text()
    account.refresh_from_db()
    assert not account.is_active


@pytest.mark.django_db(transaction=True)
def test_unit_staff_sees_its_own_interview_without_others_actions(demo_site, staff_page):
    from gongkai.interviews.models import Interview

    own = Interview.objects.get(unit__name="县农业农村局")
    page = staff_page("nongye", next="/interviews/staff/")
    assert page.locator(f"main a[href='/interviews/staff/{own.pk}/']").count() >= 1
    for other in Interview.objects.exclude(pk=own.pk):
        assert page.locator(f"main a[href='/interviews/staff/{other.pk}/']").count() == 0
    nav = page.locator("nav").first.inner_text()
    assert "发布审核" not in nav and "融媒体审核" not in nav
    page.goto(page.url.split("/interviews/")[0] + f"/interviews/staff/{own.pk}/")
    assert page.locator("#id_video").count() == 0  # the media center uploads the video
    assert page.locator("input[name=photo]").count() == 0  # and the guests' photos
    assert serious_axe_violations(page, "#main") == []
    screenshot(page, "journey-unit-interview")


@pytest.mark.django_db(transaction=True)
def test_assessor_reads_the_ranking_and_the_queue_without_changing_them(demo_site, staff_page):
    page = staff_page("assessor", next="/assessment/2023/")
    assert page.locator("main table tbody tr").count() >= 3
    assert serious_axe_violations(page, "#main") == []
    screenshot(page, "journey-assessor-ranking")
    page.goto(page.url.split("/assessment/")[0] + "/publishing/staff/")
    assert page.get_by_role("button", name="通过并发布").count() == 0
