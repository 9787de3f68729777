"""issue 16, 2 (Done when), in Chromium: a unit submits a document without a 解读方案 and is
refused (不予收文); with one signed off with the document it is accepted; the assessor sees the
point 方案与文件同步审签 follow, opens its evidence and finds the plan."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from gongkai.accounts.models import Role, User
from gongkai.policies.models import DocumentStatus, PolicyDocument
from gongkai.units.models import Unit
from tests.fixtures.browser import screenshot, serious_axe_violations

pytestmark = pytest.mark.browser


def _signed_in(new_page, live_server, user, **options):
    client = Client()
    client.force_login(user)
    page = new_page(**options)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def _plan_point(page):
    return page.locator("#points tr", has_text="方案与文件同步审签")


@pytest.mark.django_db(transaction=True)
def test_document_without_plan_is_refused_with_one_accepted_and_the_point_follows(
    live_server, new_page, tmp_path, settings
):
    from gongkai.assessment.indicator_tree import add_plan_indicator, create_default_indicators
    from gongkai.programmes.services import load_builtin

    settings.MEDIA_ROOT = str(tmp_path / "media")
    programme = load_builtin(2023)
    create_default_indicators(programme)
    add_plan_indicator(programme)
    nongye = Unit.objects.get(name="县农业农村局")
    unit_user = User.objects.create_user("p-unit", role=Role.UNIT_STAFF, unit=nongye)
    assessor_user = User.objects.create_user("p-assessor", role=Role.ASSESSOR)
    assessor = _signed_in(new_page, live_server, assessor_user)
    scores = f"{live_server.url}/assessment/2023/units/{nongye.pk}/"
    assessor.goto(scores)
    expect(_plan_point(assessor).locator("td").nth(2)).to_have_text("—")  # nothing published

    # The unit drafts a document and tries to publish it without a plan: refused.
    unit = _signed_in(new_page, live_server, unit_user)
    unit.goto(live_server.url + "/policies/staff/new/")
    unit.fill("#id_title", "靖边县2023年设施农业补助办法")
    unit.fill("#id_number", "靖农发〔2023〕25号")
    unit.fill("#id_issuer", "县农业农村局")
    unit.fill("#id_signed_on", "2023-05-08")
    unit.fill("#id_interpreter_name", "王某某")
    unit.fill("#id_text", "第一条 补助对象为新建日光温室的农户。")
    unit.click("main button[type=submit]")
    unit.wait_for_url("**/policies/staff/*/")
    document = PolicyDocument.objects.get()
    unit.click(f"a[href='/policies/staff/{document.pk}/publish/']")
    unit.fill("#id_published_on", "2023-05-10")
    unit.check("#id_confirm_without_interpretation")
    unit.fill("#id_reason", "解读材料当天下午发布")
    unit.click("main button[type=submit]")
    expect(unit.locator("#plan-refused")).to_contain_text("不予收文")
    assert serious_axe_violations(unit, "#main") == []
    expect(unit.locator(".error-summary")).to_have_count(1)
    screenshot(unit, "policies-plan-refused")
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT

    # The plan, with a sign-off date that is not the document's: the form says why.
    unit.click(f".error-summary a[href='/policies/staff/{document.pk}/plan/']")
    expect(unit.locator("#id_signed_on")).to_have_value("2023-05-08")
    assert serious_axe_violations(unit, "#main") == []
    unit.fill("#id_outline", "一、出台背景\n二、补助对象和标准\n三、怎么申请")
    unit.check("input[name=forms][value=text]")
    unit.check("input[name=forms][value=qa]")
    unit.fill("#id_channels", "县政府门户网站政策解读栏目")
    unit.fill("#id_planned_on", "2023-05-10")
    unit.fill("#id_interpreter_title", "局长")
    unit.fill("#id_signed_on", "2023-05-12")
    unit.click("main button[type=submit]")
    expect(unit.locator("#id_signed_on").locator("xpath=..")).to_contain_text("同步审签")
    unit.fill("#id_signed_on", "2023-05-08")
    unit.click("main button[type=submit]")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/#plan-title")
    expect(unit.locator("#plan")).to_contain_text("与文件同步审签")
    screenshot(unit, "policies-plan-staff")
    assert serious_axe_violations(unit, "#main") == []

    # With the plan the document is accepted.
    unit.click(f"a[href='/policies/staff/{document.pk}/publish/']")
    unit.fill("#id_published_on", "2023-05-10")
    unit.check("#id_confirm_without_interpretation")
    unit.fill("#id_reason", "解读材料当天下午发布")
    unit.click("main button[type=submit]")
    unit.wait_for_url(f"**/policies/staff/{document.pk}/")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED

    # The assessor sees the point earned and opens its evidence: the document's plan.
    assessor.goto(scores)
    point = _plan_point(assessor)
    expect(point.locator("td").nth(2)).to_have_text("5.00")
    expect(point).to_contain_text("1 份文件中有 1 份解读方案与文件同步审签")
    screenshot(assessor, "assessment-plan-point")
    point.locator(f"a[href='/policies/staff/{document.pk}/#plan-title']").click()
    assessor.wait_for_url(f"**/policies/staff/{document.pk}/#plan-title")
    expect(assessor.locator("#plan")).to_contain_text("与文件同步审签")
    expect(assessor.locator("#plan")).to_contain_text("局长王某某")


@pytest.mark.django_db(transaction=True)
def test_portal_shows_questions_and_answers_and_plays_audio_on_a_phone(
    live_server, new_page, tmp_path, settings
):
    """简明问答 as a definition list and the audio player, axe-clean, at 390 and 1366 wide."""
    import datetime as dt

    from gongkai.policies.models import Interpretation, InterpretationKind
    from gongkai.programmes.services import load_builtin
    from gongkai.publishing.models import ReviewStatus
    from tests.policies.conftest import at, make_document
    from tests.policies.test_forms_and_repetition import mp3_upload

    settings.MEDIA_ROOT = str(tmp_path / "media")
    load_builtin(2023)
    document = make_document(
        Unit.objects.get(name="县农业农村局"), published_on=dt.date(2023, 5, 10)
    )
    published = {"review_status": ReviewStatus.APPROVED, "published_at": at(dt.date(2023, 5, 10))}
    qa = Interpretation.objects.create(
        document=document,
        kind=InterpretationKind.QA,
        title="设施农业补助简明问答",
        qa_pairs=[
            {"q": "谁可以申请补助？", "a": "2023年新建日光温室的本县农户。"},
            {"q": "补助多少？", "a": "每座温室补助一万元，建成验收后发放。"},
        ],
        **published,
    )
    audio = Interpretation.objects.create(
        document=document,
        kind=InterpretationKind.AUDIO,
        title="设施农业补助音频解读",
        audio=mp3_upload(),
        **published,
    )
    for width, height in ((390, 844), (1366, 768)):
        page = new_page(viewport={"width": width, "height": height})
        page.goto(f"{live_server.url}/policies/interpretations/{qa.pk}/")
        expect(page.locator("dl.qa-list dt")).to_have_count(2)
        expect(page.locator("dl.qa-list dd").first).to_contain_text("日光温室")
        assert serious_axe_violations(page, "#main") == []
        screenshot(page, f"policies-portal-qa-{width}")
        page.goto(f"{live_server.url}/policies/interpretations/{audio.pk}/")
        expect(page.locator("audio#policy-audio")).to_have_attribute(
            "src", f"/policies/interpretations/{audio.pk}/audio/"
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert serious_axe_violations(page, "#main") == []
        screenshot(page, f"policies-portal-audio-{width}")
