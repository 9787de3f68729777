"""The journey from the issue, in Chromium: a drafting unit publishes a document with its
written interpretation, the media center uploads the video interpretation, the service center
approves both, and a visitor finds them on the portal linked both ways."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from gongkai.accounts.models import Role, User
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.units.models import Unit
from tests.fixtures.browser import screenshot
from tests.policies.conftest import MP4

pytestmark = pytest.mark.browser


def _signed_in(new_page, live_server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


@pytest.mark.django_db(transaction=True)
def test_document_and_interpretations_reach_the_portal_linked_both_ways(
    live_server, new_page, tmp_path, settings
):
    from gongkai.programmes.services import load_builtin

    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_builtin(2023)
    nongye = Unit.objects.get(name="县农业农村局")
    unit_user = User.objects.create_user("b-unit", role=Role.UNIT_STAFF, unit=nongye)
    media_user = User.objects.create_user(
        "b-media", role=Role.MEDIA_CENTER, unit=Unit.objects.get(special_role="media_center")
    )
    service_user = User.objects.create_user(
        "b-service",
        role=Role.SERVICE_CENTER,
        unit=Unit.objects.get(special_role="service_center"),
    )

    # The drafting unit drafts the document, writes its interpretation, publishes.
    unit = _signed_in(new_page, live_server, unit_user)
    unit.goto(live_server.url + "/policies/staff/new/")
    unit.fill("#id_title", "靖边县2023年耕地地力保护补贴实施方案")
    unit.fill("#id_number", "靖农发〔2023〕21号")
    unit.fill("#id_issuer", "县农业农村局")
    unit.fill("#id_signed_on", "2023-05-08")
    unit.fill("#id_interpreter_name", "王某某")
    unit.fill("#id_text", "第一条 补贴对象为拥有耕地承包权的种地农民。")
    unit.click("main button[type=submit]")
    unit.wait_for_url("**/policies/staff/*/")
    document = PolicyDocument.objects.get()
    unit.click(f"a[href='/policies/staff/{document.pk}/interpretations/new/']")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/interpretations/new/")
    unit.wait_for_load_state("load")  # the form script is deferred
    unit.select_option("#id_kind", "text")
    expect(unit.locator("#id_video")).to_be_hidden()
    expect(unit.locator("#id_body")).to_be_visible()
    unit.fill("#id_title", "耕地地力保护补贴实施方案解读")
    unit.fill("#id_body", "一、为什么出台：稳定种粮农民收益。二、谁能领：拥有承包权的种地农民。")
    unit.click("main button[type=submit]")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/")
    # Its 解读方案, signed off with the document (the form proposes the document's date).
    unit.click(f"a[href='/policies/staff/{document.pk}/plan/']")
    unit.fill("#id_outline", "一、出台背景 二、补贴对象和标准 三、怎么领")
    unit.check("input[name=forms][value=text]")
    unit.fill("#id_channels", "县政府门户网站")
    unit.fill("#id_planned_on", "2023-05-10")
    unit.click("main button[type=submit]")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/#plan-title")
    unit.click(f"a[href='/policies/staff/{document.pk}/publish/']")
    assert unit.locator("#id_confirm_without_interpretation").count() == 0
    unit.click("main button[type=submit]")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/")
    unit.click(f"a[href='/policies/staff/{document.pk}/video-requests/new/']")
    unit.fill("#id_starts_at", "2023-05-20T09:00")
    unit.click("main button[type=submit]")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/")
    screenshot(unit, "policies-unit-document")

    # The media center uploads the recorded video.
    video_file = tmp_path / "recording.mp4"
    video_file.write_bytes(MP4)
    media = _signed_in(new_page, live_server, media_user)
    media.goto(live_server.url + "/policies/staff/video-requests/")
    media.click("a[href$='/upload/']")
    media.set_input_files("#id_video", str(video_file))
    media.click("main button[type=submit]")
    media.wait_for_url("**/policies/staff/video-requests/")
    assert Interpretation.objects.filter(kind="video").count() == 1

    # The service center approves both.
    service = _signed_in(new_page, live_server, service_user)
    for _ in range(2):
        service.goto(live_server.url + "/policies/staff/review/")
        service.click("button[value=approve] >> nth=0")
        service.wait_for_url("**/policies/staff/review/")
    assert Interpretation.objects.published().count() == 2

    # A visitor reads the column, the document and each interpretation, both ways.
    visitor = new_page()
    visitor.goto(live_server.url + "/policies/")
    visitor.click(f"a[href='/policies/{document.pk}/']")
    expect(visitor.locator("h1")).to_have_text("靖边县2023年耕地地力保护补贴实施方案")
    expect(visitor.locator("[data-interpretation]")).to_have_count(2)
    screenshot(visitor, "policies-portal-document")
    for interpretation in Interpretation.objects.order_by("kind"):
        visitor.goto(live_server.url + f"/policies/{document.pk}/")
        visitor.click(f"a[href='/policies/interpretations/{interpretation.pk}/']")
        expect(visitor.locator("h1")).to_have_text(interpretation.title)
        if interpretation.kind == "video":
            assert visitor.locator("video").count() == 1
            screenshot(visitor, "policies-portal-video")
        visitor.click(f"main a[data-document='{document.pk}']")
        visitor.wait_for_url(f"**/policies/{document.pk}/")
