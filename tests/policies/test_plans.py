"""issue 16, 2: the 解读方案 submitted with a document (同步审签), 不予收文 without one, the
coordinator's waiver, and the assessment point 方案与文件同步审签."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.assessment import services as assessment
from gongkai.assessment.indicator_tree import add_plan_indicator
from gongkai.assessment.models import Snapshot
from gongkai.audit.models import AuditEntry
from gongkai.policies import services
from gongkai.policies.models import DocumentStatus, InterpretationPlan, PolicyDocument
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import forbidden, not_found, shows
from tests.policies.conftest import make_document, make_plan

REFUSED = "不予收文"


def _plan_data(document, **extra):
    data = {
        "outline": "一、出台背景\n二、主要措施\n三、与群众有关的变化",
        "forms": ["text", "qa"],
        "channels": "县政府门户网站政策解读栏目",
        "planned_on": document.signed_on.isoformat(),
        "interpreter_name": "张三",
        "interpreter_title": "局长",
        "signed_on": document.signed_on.isoformat(),
    }
    data.update(extra)
    return data


def _publish(client, document):
    return client.post(
        f"/policies/staff/{document.pk}/publish/",
        {"published_on": document.signed_on.isoformat()},
    )


def test_document_without_plan_is_refused_and_with_one_accepted(client_as, nongye):
    unit = client_as("unit_staff")
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8), plan=False)
    page = unit.get(f"/policies/staff/{document.pk}/")
    assert shows(page, "尚未填写解读方案", "填写解读方案")
    refused = _publish(unit, document)
    assert shows(refused, REFUSED, "请填写与文件同步审签的解读方案")
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT and document.published_on is None

    response = unit.post(f"/policies/staff/{document.pk}/plan/", _plan_data(document))
    assert response.status_code == 302
    plan = InterpretationPlan.objects.get(document=document)
    assert (plan.forms, plan.interpreter, plan.signed_on) == (
        ["text", "qa"],
        "局长张三",
        document.signed_on,
    )
    staff = unit.get(f"/policies/staff/{document.pk}/")
    assert shows(staff, "与文件同步审签", "文字", "简明问答", "县政府门户网站政策解读栏目")
    assert _publish(unit, document).status_code == 200  # asks to confirm: no interpretation
    accepted = unit.post(
        f"/policies/staff/{document.pk}/publish/",
        {
            "published_on": document.signed_on.isoformat(),
            "confirm_without_interpretation": "on",
            "reason": "解读材料随后发布",
        },
    )
    assert accepted.status_code == 302
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED


def test_plan_must_be_signed_off_with_the_document(client_as, nongye):
    unit = client_as("unit_staff")
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8), plan=False)
    response = unit.post(
        f"/policies/staff/{document.pk}/plan/", _plan_data(document, signed_on="2023-05-11")
    )
    assert shows(response, "同步审签", "2023-05-11", "2023-05-08")
    assert not InterpretationPlan.objects.exists()
    no_form = unit.post(f"/policies/staff/{document.pk}/plan/", _plan_data(document, forms=[]))
    assert shows(no_form, "请至少选择一种解读形式")
    assert not InterpretationPlan.objects.exists()


def test_document_date_changed_after_the_plan_refuses_publication(nongye, personas):
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8))
    services.update_document(document, by=personas["unit_staff"], signed_on=dt.date(2023, 5, 9))
    with pytest.raises(Exception) as refused:
        services.publish_document(document, by=personas["unit_staff"], reason="测试")
    assert "2023-05-08" in str(refused.value) and "2023-05-09" in str(refused.value)


def test_plan_of_a_published_document_stays_as_signed(client_as, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    unit = client_as("unit_staff")
    response = unit.get(f"/policies/staff/{document.pk}/plan/", follow=True)
    assert shows(response, "不能再修改")
    posted = unit.post(f"/policies/staff/{document.pk}/plan/", _plan_data(document, channels="改"))
    assert posted.status_code == 302
    assert InterpretationPlan.objects.get(document=document).channels != "改"


WAIVE = {"county_office", "service_center"}


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_waiver_permission_matrix(client_as, nongye, persona):
    """Only the coordinators accept a document without a plan; the others change nothing."""
    document = make_document(nongye, plan=False)
    client = client_as(persona)
    url = f"/policies/staff/{document.pk}/plan/waive/"
    response = client.post(url, {"reason": "上级文件转发，无需另行解读", "confirmed": "1"})
    document.refresh_from_db()
    if persona in WAIVE:
        assert response.status_code == 302
        assert document.plan_waiver_reason == "上级文件转发，无需另行解读"
    else:
        if persona is None:
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert forbidden(response)
        assert document.plan_waived_at is None
    assert client.get(url).status_code in (405, 302)


def test_waiver_is_asked_first_audited_and_shown(client_as, nongye, personas):
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8), plan=False)
    service = client_as("service_center")
    staff = service.get(f"/policies/staff/{document.pk}/")
    assert shows(staff, "无解读方案破例收文")
    url = f"/policies/staff/{document.pk}/plan/waive/"
    asked = service.post(url, {"reason": "上级文件转发"})
    assert shows(asked, "确定无解读方案收文吗", "上级文件转发")
    document.refresh_from_db()
    assert document.plan_waived_at is None
    empty = service.post(url, {"reason": " ", "confirmed": "1"}, follow=True)
    assert shows(empty, "请说明无解读方案收文的理由")
    service.post(url, {"reason": "上级文件转发", "confirmed": "1"})
    document.refresh_from_db()
    assert document.plan_waived_by == personas["service_center"]
    entry = AuditEntry.objects.filter(
        model="policies.PolicyDocument", object_id=str(document.pk), action="update"
    ).latest("at")
    assert entry.after["plan_waiver_reason"] == "上级文件转发"
    unit = client_as("unit_staff")
    assert shows(unit.get(f"/policies/staff/{document.pk}/"), "无解读方案收文", "上级文件转发")
    assert _publish(unit, document).status_code in (200, 302)
    services.publish_document(document, by=personas["unit_staff"], reason="随后补发")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED


def test_other_units_plan_page_does_not_exist(client_as, nongye):
    document = make_document(nongye, plan=False)
    assert not_found(client_as("other_unit_staff").get(f"/policies/staff/{document.pk}/plan/"))
    posted = client_as("other_unit_staff").post(
        f"/policies/staff/{document.pk}/plan/", _plan_data(document)
    )
    assert not_found(posted)
    assert not InterpretationPlan.objects.exists()


# --- the assessment point ---------------------------------------------------------------------


def _point(programme, unit):
    table = assessment.compute_scores(programme)
    score = table.for_unit(unit.pk)
    return next(p for p in score.points if p.name == "方案与文件同步审签")


def test_assessment_point_follows_the_plans(programme, nongye, zhenjing, client_as):
    add_plan_indicator(programme)
    synced = make_document(nongye, published_on=dt.date(2023, 5, 10))
    late = make_document(nongye, published_on=dt.date(2023, 6, 10), plan=False)
    make_plan(late, signed_on=late.signed_on + dt.timedelta(days=2))
    make_document(zhenjing, published_on=dt.date(2023, 6, 1), plan=False)
    point = _point(programme, nongye)
    assert point.earned == Decimal("2.50")  # 1 of 2 documents, of 5 points
    assert [e["url"] for e in point.evidence] == [
        f"/policies/staff/{synced.pk}/#plan-title",
        f"/policies/staff/{late.pk}/#plan-title",
    ]
    assert _point(programme, zhenjing).earned == 0
    page = client_as("assessor").get(f"/assessment/2023/units/{nongye.pk}/").content.decode()
    assert "方案与文件同步审签" in page and f"/policies/staff/{synced.pk}/#plan-title" in page
    evidence = client_as("assessor").get(f"/policies/staff/{synced.pk}/")
    assert shows(evidence, "与文件同步审签")


def test_locked_year_keeps_its_plan_point(programme, nongye, client_as):
    add_plan_indicator(programme)
    document = make_document(nongye, published_on=dt.date(2023, 5, 10), plan=False)
    assert _point(programme, nongye).earned == 0
    client_as("county_office").post("/assessment/2023/lock/")
    assert Snapshot.objects.locking(programme).exists()
    make_plan(document)  # a plan entered afterwards does not rewrite the locked year
    assert _point(programme, nongye).earned == 0
    with pytest.raises(Exception, match="锁定|locked"):
        add_plan_indicator(programme)
    assert PolicyDocument.objects.count() == 1
