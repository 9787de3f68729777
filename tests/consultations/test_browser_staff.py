"""Staff journey in the browser: a unit drafts a survey and adds a question; the service center
publishes it after the confirmation page; the comments page after citizens answered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.consultations.models import Consultation, ConsultationStatus
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_unit_drafts_and_service_center_publishes_in_chromium(
    live_server, new_page, sign_in, personas
):
    page = new_page(viewport={"width": 1366, "height": 768})
    sign_in(page, "p-unit", next="/consultations/staff/")
    page.get_by_role("link", name="新建征集调查").click()
    page.select_option("#id_kind", "survey")
    page.fill("#id_title", "农村公路养护满意度调查")
    page.fill("#id_description", "请对本村公路养护情况打分并提出建议。")
    now = timezone.localtime()
    page.fill("#id_opens_at", now.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_closes_at", (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/consultations/staff/*/")
    page.select_option("#id_kind", "single")
    page.fill("#id_text", "您对本村公路养护满意吗？")
    page.fill("#id_choices", "满意\n基本满意\n不满意")
    page.get_by_role("button", name="添加", exact=True).click()
    page.get_by_text("您对本村公路养护满意吗？", exact=True).wait_for()
    screenshot(page, "consultations-staff-draft")
    assert serious_axe_violations(page) == []
    page.get_by_role("button", name="提交服务中心发布").click()
    page.get_by_text("已提交服务中心发布。").wait_for()
    consultation = Consultation.objects.get()
    assert consultation.status == ConsultationStatus.SUBMITTED

    service = new_page(viewport={"width": 390, "height": 844})
    sign_in(service, "p-service", next=consultation.get_staff_url())
    service.get_by_role("button", name="在门户网站发布").click()
    service.get_by_text("在门户网站发布此征集调查？").wait_for()
    screenshot(service, "consultations-staff-publish-confirm")
    service.get_by_role("button", name="确定发布").click()
    service.get_by_text("征集调查已在门户网站发布。").wait_for()
    screenshot(service, "consultations-staff-published-mobile")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert service.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_axe_violations(service) == []
    service.goto(f"{live_server.url}/consultations/staff/{consultation.pk}/comments/")
    assert serious_axe_violations(service) == []
    service.goto(f"{live_server.url}/consultations/staff/")
    screenshot(service, "consultations-staff-list-mobile")
    assert serious_axe_violations(service) == []
