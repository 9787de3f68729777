import datetime as dt

import pytest

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.lib.uploads import validate_video
from gongkai.policies import services
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    InterpretationKind,
    PolicyDocument,
    VideoRequest,
    VideoRequestStatus,
)
from gongkai.publishing.models import ReviewStatus
from tests.conftest import ALL_PERSONAS, STAFF_PERSONAS
from tests.fixtures.pages import not_found, shows
from tests.fixtures.queries import count_queries
from tests.policies.conftest import (
    at,
    make_document,
    make_interpretation,
    make_plan,
    mp4_upload,
    pdf_upload,
    upload_error,
)

STAFF = STAFF_PERSONAS
READ_DOC = {"county_office", "service_center", "assessor", "unit_staff"}
WRITE_DOC = {"county_office", "service_center", "unit_staff"}
INTERPRET = {"service_center", "unit_staff"}


@pytest.fixture
def world(personas, nongye):
    """A draft and a published document of 县农业农村局 (the unit_staff persona's unit), a
    published and a pending interpretation, and a video request."""
    draft = make_document(nongye)
    published = make_document(nongye, published_on=dt.date(2023, 5, 10))
    shown = make_interpretation(published, published=at(dt.date(2023, 5, 10)))
    pending = make_interpretation(published, title="待审解读")
    request = VideoRequest.objects.create(document=published, starts_at=at(dt.date(2023, 5, 20)))
    return {
        "draft": draft,
        "published": published,
        "shown": shown,
        "pending": pending,
        "request": request,
    }


# URL template → (personas allowed, status for the others). 404: may not see that unit's work.
MATRIX = {
    "/policies/staff/": (STAFF, 403),
    "/policies/staff/new/": (
        {"county_office", "service_center", "unit_staff", "other_unit_staff"},
        403,
    ),
    "/policies/staff/{draft}/": (READ_DOC, 404),
    "/policies/staff/{draft}/edit/": (WRITE_DOC, 404),
    "/policies/staff/{draft}/publish/": (WRITE_DOC, 404),
    "/policies/staff/{draft}/plan/": (WRITE_DOC, 404),
    "/policies/staff/{draft}/attachments/new/": (WRITE_DOC, 404),
    "/policies/staff/{draft}/interpretations/new/": (
        INTERPRET,
        {"county_office": 403, "assessor": 403},
    ),
    "/policies/staff/{draft}/video-requests/new/": (
        INTERPRET,
        {"county_office": 403, "assessor": 403},
    ),
    "/policies/staff/interpretations/{pending}/revise/": (INTERPRET, 404),
    "/policies/staff/review/": ({"service_center"}, 403),
    "/policies/staff/video-requests/": (
        {"media_center", "county_office", "service_center", "assessor"},
        403,
    ),
    "/policies/staff/video-requests/{request}/schedule/": ({"media_center"}, 403),
    "/policies/staff/video-requests/{request}/upload/": ({"media_center"}, 403),
    "/policies/staff/statistics/": (STAFF, 403),
    "/policies/staff/rules/": ({"county_office", "service_center"}, 403),
}


def _url(template, world):
    return template.format(**{k: v.pk for k, v in world.items()})


def _expected(persona, template):
    allowed, denied = MATRIX[template]
    if persona is None:
        return 302
    if persona in allowed:
        return 200
    if isinstance(denied, dict):
        return denied.get(persona, 404)
    return denied


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_staff_view_permissions(client_as, world, persona):
    """Every staff view for this persona: one test per persona keeps the suite fast."""
    client = client_as(persona)
    got, wanted = {}, {}
    for template in sorted(MATRIX):
        response = client.get(_url(template, world))
        got[template] = response.status_code
        wanted[template] = _expected(persona, template)
        if persona is None:
            assert response["Location"].startswith("/accounts/login/")
    assert got == wanted


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_public_pages_open_to_everyone(client_as, world, persona):
    client = client_as(persona)
    document, shown = world["published"], world["shown"]
    assert shows(client.get("/policies/"), document.title)
    assert shows(client.get(f"/policies/{document.pk}/"), document.title, shown.title)
    assert shows(client.get(f"/policies/interpretations/{shown.pk}/"), shown.title)


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_unpublished_material_is_not_public(client_as, world, persona):
    client = client_as(persona)
    draft = client.get(f"/policies/{world['draft'].pk}/")
    assert not_found(draft) and world["draft"].title not in draft.content.decode()
    pending = client.get(f"/policies/interpretations/{world['pending'].pk}/")
    assert not_found(pending) and world["pending"].title not in pending.content.decode()


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_review_post_permissions(client_as, world, persona):
    response = client_as(persona).post(
        f"/policies/staff/interpretations/{world['pending'].pk}/review/", {"decision": "approve"}
    )
    world["pending"].refresh_from_db()
    if persona == "service_center":
        assert response.status_code == 302
        assert world["pending"].review_status == ReviewStatus.APPROVED
    else:
        assert response.status_code in (302, 403)
        if persona is not None:
            assert response.status_code == 403
        assert world["pending"].review_status == ReviewStatus.PENDING


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_status_post_permissions(client_as, world, persona):
    response = client_as(persona).post(
        f"/policies/staff/{world['published'].pk}/status/",
        {"status": "repealed", "confirmed": "1"},
    )
    world["published"].refresh_from_db()
    changed = world["published"].status == DocumentStatus.REPEALED
    if persona in WRITE_DOC:
        assert (response.status_code, changed) == (302, True)
    elif persona is None:
        assert (response.status_code, changed) == (302, False)
    else:
        assert not changed and not_found(response)


# --- query counts: 1 vs 3 items ------------------------------------------------------------------


def _grow(nongye, zhenjing, n):
    for i in range(n):
        document = make_document(
            zhenjing if i % 2 else nongye, published_on=dt.date(2023, 5, 10 + i)
        )
        make_interpretation(document, published=at(dt.date(2023, 5, 10 + i)))
        make_interpretation(document, kind=InterpretationKind.VIDEO, title="视频")
        VideoRequest.objects.create(document=document, starts_at=at(dt.date(2023, 5, 20 + i)))


@pytest.mark.parametrize(
    "persona,url",
    [
        (None, "/policies/"),
        ("service_center", "/policies/staff/"),
        ("unit_staff", "/policies/staff/"),
        ("media_center", "/policies/staff/"),
        ("service_center", "/policies/staff/review/"),
        ("media_center", "/policies/staff/video-requests/"),
        ("assessor", "/policies/staff/statistics/"),
        ("county_office", "/policies/staff/rules/"),
    ],
)
def test_list_query_count_does_not_grow(client_as, nongye, zhenjing, persona, url):
    client = client_as(persona)
    _grow(nongye, zhenjing, 1)
    client.get(url)  # warm caches (session, content types)
    one = count_queries(client, url)
    _grow(nongye, zhenjing, 2)
    assert count_queries(client, url) == one


def test_document_page_query_count_does_not_grow(client, nongye, programme):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    make_interpretation(document, published=at(dt.date(2023, 5, 10)))
    url = f"/policies/{document.pk}/"
    client.get(url)
    one = count_queries(client, url)
    for i in range(2):
        make_interpretation(document, published=at(dt.date(2023, 5, 11)), title=f"解读{i}")
        interview = Interview.objects.create(
            programme=programme, unit=nongye, status=InterviewStatus.ARCHIVED, topic=f"访谈{i}"
        )
        document.related_interviews.add(interview)
    assert count_queries(client, url) == one


# --- flows -------------------------------------------------------------------------------------


def _new_document(client, unit, **extra):
    data = {
        "title": "靖边县测试办法",
        "number": "靖农发〔2023〕99号",
        "issuer": "县农业农村局",
        "signed_on": "2023-05-08",
        "drafting_unit": unit.pk,
        "interpreter_name": "张三",
        "interpreter_title": "局长",
        "text": "正文",
    }
    data.update(extra)
    return client.post("/policies/staff/new/", data)


def _post_plan(client, document, **extra):
    """The 解读方案 signed off with the document, through its form."""
    data = {
        "outline": "一、出台背景\n二、主要措施",
        "forms": ["text", "qa"],
        "channels": "县政府门户网站",
        "planned_on": document.signed_on.isoformat(),
        "interpreter_name": "张三",
        "interpreter_title": "局长",
        "signed_on": document.signed_on.isoformat(),
    }
    data.update(extra)
    return client.post(f"/policies/staff/{document.pk}/plan/", data)


def test_unit_publishes_document_with_interpretation_and_service_center_approves(client_as, nongye):
    unit = client_as("unit_staff")
    response = _new_document(unit, nongye)
    document = PolicyDocument.objects.get()
    assert response["Location"] == f"/policies/staff/{document.pk}/"
    response = unit.post(
        f"/policies/staff/{document.pk}/interpretations/new/",
        {"kind": "text", "title": "测试办法解读", "body": "为什么出台、主要措施、和群众的关系"},
    )
    assert response.status_code == 302
    assert _post_plan(unit, document).status_code == 302
    page = unit.get(f"/policies/staff/{document.pk}/publish/")
    assert b"confirm_without_interpretation" not in page.content
    today = services.county_today().isoformat()
    assert (
        unit.post(f"/policies/staff/{document.pk}/publish/", {"published_on": today}).status_code
        == 302
    )
    document.refresh_from_db()
    assert (document.status, document.no_interpretation_reason) == (DocumentStatus.PUBLISHED, "")
    interpretation = Interpretation.objects.get()
    assert client_as(None).get(interpretation.get_absolute_url()).status_code == 404
    service = client_as("service_center")
    assert "测试办法解读" in service.get("/policies/staff/review/").content.decode()
    service.post(
        f"/policies/staff/interpretations/{interpretation.pk}/review/", {"decision": "approve"}
    )
    public = client_as(None).get(f"/policies/{document.pk}/").content.decode()
    assert interpretation.get_absolute_url() in public
    staff_page = unit.get(f"/policies/staff/{document.pk}/").content.decode()
    assert "按时" in staff_page


def test_duplicate_number_shows_message_and_keeps_form(client_as, nongye):
    unit = client_as("unit_staff")
    _new_document(unit, nongye)
    response = _new_document(unit, nongye, title="另一份文件")
    assert response.status_code == 200
    content = response.content.decode()
    assert "已经被另一份文件使用" in content
    assert 'value="另一份文件"' in content
    assert PolicyDocument.objects.count() == 1


def test_unit_cannot_draft_for_another_unit(client_as, nongye, zhenjing):
    response = _new_document(client_as("unit_staff"), nongye, drafting_unit=zhenjing.pk)
    document = PolicyDocument.objects.get()
    assert (response.status_code, document.drafting_unit) == (302, nongye)


def test_publish_before_signing_shows_message(client_as, nongye):
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8))
    make_interpretation(document)
    response = client_as("unit_staff").post(
        f"/policies/staff/{document.pk}/publish/", {"published_on": "2023-05-01"}
    )
    assert "早于成文日期" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT


def test_publish_without_interpretation_asks_for_confirmation(client_as, nongye):
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8))
    unit = client_as("unit_staff")
    url = f"/policies/staff/{document.pk}/publish/"
    assert b"confirm_without_interpretation" in unit.get(url).content
    response = unit.post(url, {"published_on": "2023-05-10", "reason": "稍后补发"})
    assert "请勾选确认后再发布" in response.content.decode()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    unit.post(
        url,
        {
            "published_on": "2023-05-10",
            "confirm_without_interpretation": "on",
            "reason": "稍后补发",
        },
    )
    document.refresh_from_db()
    assert (document.status, document.no_interpretation_reason) == (
        DocumentStatus.PUBLISHED,
        "稍后补发",
    )


def test_other_unit_cannot_interpret_and_service_center_can(client_as, nongye):
    document = make_document(nongye)
    data = {"kind": "text", "title": "解读", "body": "内容"}
    url = f"/policies/staff/{document.pk}/interpretations/new/"
    assert client_as("other_unit_staff").post(url, data).status_code == 404
    assert client_as("county_office").post(url, data).status_code == 403
    assert Interpretation.objects.count() == 0
    assert client_as("service_center").post(url, data).status_code == 302
    assert Interpretation.objects.count() == 1


def test_not_the_drafting_unit_gets_a_403_page_saying_why(client_as, nongye):
    """County-office staff of another unit see a page in Chinese with the reason, not Django's
    bare "403 Forbidden"; nothing is stored."""
    document = make_document(nongye)
    office = client_as("county_office")
    reason = (
        "只有起草单位（县农业农村局）和县政务信息化服务中心可以为这份文件添加解读：谁起草、谁解读。"
    )
    for url, data in (
        (
            f"/policies/staff/{document.pk}/interpretations/new/",
            {"kind": "text", "title": "解读", "body": "内容"},
        ),
        (
            f"/policies/staff/{document.pk}/video-requests/new/",
            {"starts_at": "2023-05-25T10:00", "duration_minutes": 45},
        ),
    ):
        for response in (office.get(url), office.post(url, data)):
            content = response.content.decode()
            assert response.status_code == 403, url
            assert content.count("<h1") == 1
            assert "您没有权限进行此操作" in content
            assert reason in content
            assert 'href="/staff/"' in content  # back to the workbench
    assert not Interpretation.objects.exists() and not VideoRequest.objects.exists()
    # a refusal without a reason still explains itself in Chinese
    content = client_as("unit_staff").get("/policies/staff/review/").content.decode()
    assert "您没有权限进行此操作" in content and "Forbidden" not in content


def test_media_center_upload_of_non_video_is_refused(client_as, world):
    url = f"/policies/staff/video-requests/{world['request'].pk}/upload/"
    media = client_as("media_center")
    response = media.post(url, {"title": "视频解读", "video": pdf_upload("fake.mp4")})
    assert upload_error(validate_video, pdf_upload())[0] in response.content.decode()
    assert not Interpretation.objects.filter(kind="video").exists()
    media.post(url, {"title": "视频解读", "video": mp4_upload()})
    video = Interpretation.objects.get(kind="video")
    assert (video.video_request, video.review_status) == (world["request"], ReviewStatus.PENDING)


def test_media_center_schedules_with_crew(client_as, personas, world):
    response = client_as("media_center").post(
        f"/policies/staff/video-requests/{world['request'].pk}/schedule/",
        {
            "starts_at": "2023-05-20T09:00",
            "duration_minutes": 60,
            "venue": "演播室",
            "host": personas["media_center"].pk,
        },
    )
    assert response.status_code == 302
    world["request"].refresh_from_db()
    assert (world["request"].venue, world["request"].host) == ("演播室", personas["media_center"])


def test_unit_asks_media_center_for_video(client_as, world):
    client_as("unit_staff").post(
        f"/policies/staff/{world['published'].pk}/video-requests/new/",
        {"starts_at": "2023-05-25T10:00", "duration_minutes": 45, "note": "请安排演播室"},
    )
    request = VideoRequest.objects.get(note="请安排演播室")
    assert (request.duration_minutes, request.interpreter) == (45, "局长")


def test_files_are_served_only_when_public(client_as, personas, world):
    document = world["published"]
    video = Interpretation.objects.create(
        document=document, kind="video", title="视频", video=mp4_upload()
    )
    url = f"/policies/interpretations/{video.pk}/video/"
    assert client_as(None).get(url).status_code == 404
    assert client_as("unit_staff").get(url).status_code == 200
    video.review_status = ReviewStatus.APPROVED
    video.published_at = at(dt.date(2023, 5, 30))
    video.save()
    response = client_as(None).get(url)
    assert b"ftypmp42" in b"".join(response.streaming_content)
    attachment = services.add_attachment(
        document, by=personas["unit_staff"], title="附件", upload=pdf_upload()
    )
    response = client_as(None).get(f"/policies/{document.pk}/attachments/{attachment.pk}/")
    assert b"%PDF" in b"".join(response.streaming_content)
    # The same safe headers as every other upload (gongkai.security.media.media_response).
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "application/pdf"


def test_document_page_lists_related_interviews(client, programme, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    document.related_interviews.add(
        Interview.objects.create(
            programme=programme,
            unit=nongye,
            topic="高标准农田建设",
            status=InterviewStatus.ARCHIVED,
        ),
        Interview.objects.create(programme=programme, unit=nongye, topic="草稿访谈"),
    )
    content = client.get(f"/policies/{document.pk}/").content.decode()
    assert "高标准农田建设" in content and "草稿访谈" not in content


def test_staff_link_interviews_and_the_public_page_links_to_them(client_as, programme, nongye):
    """The document form offers the programme's public interviews as "unit · topic · date";
    the ticked ones become links on the document's public page."""
    farmland = Interview.objects.create(
        programme=programme,
        unit=nongye,
        topic="高标准农田建设",
        starts_at=at(dt.date(2023, 5, 9), 9),
        status=InterviewStatus.ARCHIVED,
    )
    draft_interview = Interview.objects.create(programme=programme, unit=nongye, topic="草稿访谈")
    unit = client_as("unit_staff")
    form = unit.get("/policies/staff/new/").content.decode()
    assert "县农业农村局 · 高标准农田建设 · 2023-05-09" in form
    assert "草稿访谈" not in form
    response = _new_document(unit, nongye, related_interviews=[farmland.pk])
    assert response.status_code == 302
    document = PolicyDocument.objects.get()
    assert list(document.related_interviews.all()) == [farmland]
    # an interview the portal does not show cannot be linked: the form keeps what was typed
    edit_url = f"/policies/staff/{document.pk}/edit/"
    data = {
        "title": "靖边县测试办法（修改）",
        "number": document.number,
        "issuer": document.issuer,
        "signed_on": "2023-05-08",
        "drafting_unit": nongye.pk,
        "text": "正文",
        "related_interviews": [farmland.pk, draft_interview.pk],
    }
    response = unit.post(edit_url, data)
    assert response.status_code == 200
    assert 'value="靖边县测试办法（修改）"' in response.content.decode()
    assert "不在可用的选项中" in response.content.decode()
    assert list(document.related_interviews.all()) == [farmland]
    edit_form = unit.get(edit_url).content.decode()
    assert f'value="{farmland.pk}" id="id_related_interviews_0" checked' in edit_form
    make_plan(document)
    services.publish_document(
        document, by=document.created_by, published_on=dt.date(2023, 5, 10), reason="测试"
    )
    public = client_as(None).get(f"/policies/{document.pk}/").content.decode()
    assert f'href="/interviews/{farmland.pk}/"' in public
    assert client_as(None).get(f"/interviews/{farmland.pk}/").status_code == 200
    # unlinking through the edit form removes the link
    data["related_interviews"] = []
    assert unit.post(edit_url, data).status_code == 302
    assert not document.related_interviews.exists()


def test_every_published_pair_links_both_ways(client, programme, nongye):
    from gongkai.ops.demo import create_demo_accounts
    from gongkai.policies.demo import load_demo

    create_demo_accounts()
    load_demo(programme)
    extra = make_document(nongye, published_on=dt.date(2023, 9, 1))
    make_interpretation(extra, kind=InterpretationKind.LINK, published=at(dt.date(2023, 9, 1)))
    pairs = list(
        Interpretation.objects.published()
        .filter(document__in=PolicyDocument.objects.public())
        .select_related("document")
    )
    assert len(pairs) >= 5
    pages: dict[str, str] = {}
    for interpretation in pairs:
        document_url = interpretation.document.get_absolute_url()
        if document_url not in pages:
            pages[document_url] = client.get(document_url).content.decode()
        assert f'href="{interpretation.get_absolute_url()}"' in pages[document_url]
        back = client.get(interpretation.get_absolute_url()).content.decode()
        assert f'href="{document_url}"' in back
    index = client.get("/policies/").content.decode()
    assert all(f'href="{p.document.get_absolute_url()}"' in index for p in pairs)


def test_staff_home_shows_late_and_missing_with_delay(client_as, nongye):
    late = make_document(nongye, published_on=dt.date(2023, 5, 10))
    make_interpretation(late, published=at(dt.date(2023, 5, 14)))
    missing = make_document(nongye, published_on=dt.date(2023, 6, 1))
    content = client_as("unit_staff").get("/policies/staff/").content.decode()
    attention = content.split("全部文件")[0]
    assert late.number in attention and missing.number in attention
    assert "逾期 4 天" in attention and "文件发布后 4 天" in attention
    overview = client_as("service_center").get("/policies/staff/").content.decode()
    assert late.number in overview.split("全部文件")[0]
    assert (
        missing.number not in client_as("other_unit_staff").get("/policies/staff/").content.decode()
    )


def test_rules_page_saves_year_rule(client_as, programme):
    client_as("county_office").post(
        "/policies/staff/rules/",
        {
            "programme": programme.pk,
            "written_days": 1,
            "video_days": 15,
            "remind_days": 2,
            "repeat_warning_percent": 60,
        },
    )
    client_as("county_office").post(
        "/policies/staff/rules/",
        {
            "programme": programme.pk,
            "written_days": 2,
            "video_days": 15,
            "remind_days": 2,
            "repeat_warning_percent": 60,
        },
    )
    assert (services.rules_for(2023).written_days, services.rules_for(2024).written_days) == (2, 0)


def test_every_page_has_one_h1(client_as, world):
    client = client_as("service_center")
    for url in [
        "/policies/",
        f"/policies/{world['published'].pk}/",
        f"/policies/interpretations/{world['shown'].pk}/",
        "/policies/staff/",
        f"/policies/staff/{world['draft'].pk}/",
        "/policies/staff/review/",
        "/policies/staff/statistics/",
        "/policies/staff/rules/",
        "/policies/staff/video-requests/",
    ]:
        assert client.get(url).content.decode().count("<h1") == 1, url


@pytest.mark.parametrize("persona", ["unit_staff", "service_center", "media_center"])
def test_workbench_query_count_does_not_grow(client_as, nongye, zhenjing, persona):
    client = client_as(persona)
    _grow(nongye, zhenjing, 1)
    client.get("/staff/")
    one = count_queries(client, "/staff/")
    _grow(nongye, zhenjing, 2)
    assert count_queries(client, "/staff/") == one


def test_workbench_shows_the_drafting_units_missing_interpretation(client_as, nongye):
    """The workbench shows the programme year (2023 here)."""
    missing = make_document(nongye, published_on=dt.date(2023, 5, 10))
    days = (services.county_today() - dt.date(2023, 5, 10)).days
    content = client_as("unit_staff").get("/staff/").content.decode()
    assert f"{missing.number} 的文字解读" in content
    assert f"已超过截止日期 {days} 天" in content
    assert missing.number not in client_as("other_unit_staff").get("/staff/").content.decode()
    service = client_as("service_center").get("/staff/").content.decode()
    assert "政策文件同步解读情况" in service


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_review_decision_never_redirects_off_site(client_as, world, target):
    response = client_as("service_center").post(
        f"/policies/staff/interpretations/{world['pending'].pk}/review/",
        {"decision": "reject", "reason": "x", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/policies/staff/review/"


@pytest.mark.parametrize("year", ["99999999999999999999999", "-1", "10000", "<script>", "１２３"])
def test_statistics_with_a_year_that_is_no_year_shows_all_years(client_as, world, year):
    response = client_as("service_center").get("/policies/staff/statistics/", {"year": year})
    assert response.status_code == 200
    assert response.context["year"] == 0


def test_rejected_interpretation_is_corrected_and_sent_again(client_as, world, personas):
    pending = world["pending"]
    services.reject_interpretation(
        pending, by=personas["service_center"], reason="照搬原文要点，请写明政策变化"
    )
    unit = client_as("unit_staff")
    document_page = unit.get(f"/policies/staff/{world['published'].pk}/").content.decode()
    assert "照搬原文要点" in document_page
    assert f'href="/policies/staff/interpretations/{pending.pk}/revise/"' in document_page
    form_page = unit.get(f"/policies/staff/interpretations/{pending.pk}/revise/").content.decode()
    assert "照搬原文要点" in form_page and "待审解读" in form_page  # the reason and the old text

    # A refused correction keeps what was typed and says what is missing.
    refused = unit.post(
        f"/policies/staff/interpretations/{pending.pk}/revise/",
        {"kind": "text", "title": "修改后的解读", "body": ""},
    )
    assert refused.status_code == 200 and "修改后的解读" in refused.content.decode()
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.REJECTED

    response = unit.post(
        f"/policies/staff/interpretations/{pending.pk}/revise/",
        {
            "kind": "text",
            "title": "修改后的解读",
            "body": "一、出台背景。二、主要变化：补贴标准提高。",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.review_status == ReviewStatus.PENDING
    assert (pending.title, pending.reject_reason, pending.reviewed_by) == ("修改后的解读", "", None)
    queue = client_as("service_center").get("/policies/staff/review/").content.decode()
    assert "修改后的解读" in queue


def test_correcting_a_video_keeps_the_file_when_none_is_chosen(client_as, world, personas):
    video = Interpretation.objects.create(
        document=world["published"],
        kind=InterpretationKind.VIDEO,
        title="视频解读",
        video=mp4_upload(),
        video_request=world["request"],
        review_status=ReviewStatus.REJECTED,
        reject_reason="片头单位名称有误",
    )
    stored = video.video.name
    response = client_as("media_center").post(
        f"/policies/staff/interpretations/{video.pk}/revise/",
        {"kind": "video", "title": "视频解读（更正片头）"},
    )
    assert response.status_code == 302
    video.refresh_from_db()
    assert video.video.name == stored and video.review_status == ReviewStatus.PENDING


def test_published_interpretation_cannot_be_revised(client_as, world):
    response = client_as("unit_staff").post(
        f"/policies/staff/interpretations/{world['shown'].pk}/revise/",
        {"kind": "text", "title": "改已发布的", "body": "不应生效"},
    )
    assert response.status_code == 302
    world["shown"].refresh_from_db()
    assert world["shown"].title == "解读" and world["shown"].review_status == ReviewStatus.APPROVED


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_cancel_video_request_permissions(client_as, world, persona):
    response = client_as(persona).post(
        f"/policies/staff/video-requests/{world['request'].pk}/cancel/",
        {"reason": "文件暂缓", "confirmed": "1"},
    )
    world["request"].refresh_from_db()
    cancelled = world["request"].status == VideoRequestStatus.CANCELLED
    assert cancelled is (persona in INTERPRET)
    if persona is None:
        assert response["Location"].startswith("/accounts/login/")
    elif persona in INTERPRET:
        assert response.status_code == 302
    else:
        assert response.status_code in (403, 404)


def test_cancelled_recording_needs_a_reason_and_frees_the_crew(client_as, world):
    unit = client_as("unit_staff")
    url = f"/policies/staff/video-requests/{world['request'].pk}/cancel/"
    page = unit.get(f"/policies/staff/{world['published'].pk}/").content.decode()
    assert f'action="{url}"' in page
    refused = unit.post(url, {"reason": " ", "confirmed": "1"}, follow=True)
    assert "请说明取消录制的原因" in refused.content.decode()
    world["request"].refresh_from_db()
    assert world["request"].status == VideoRequestStatus.REQUESTED
    done = unit.post(url, {"reason": "文件暂缓印发", "confirmed": "1"}, follow=True)
    assert "已取消录制" in done.content.decode()
    world["request"].refresh_from_db()
    assert world["request"].status == VideoRequestStatus.CANCELLED
    assert "文件暂缓印发" in world["request"].note
    # Cancelled: nothing to cancel any more, and the media center's clash check ignores it.
    assert (
        f'action="{url}"'
        not in unit.get(f"/policies/staff/{world['published'].pk}/").content.decode()
    )
    starts_at = world["request"].starts_at
    assert services.video_recordings(starts_at, starts_at + dt.timedelta(hours=1)) == []


def test_repealing_a_document_asks_first(client_as, world):
    """issue 13 item 13: a public status change says what it does before it acts."""
    document = world["published"]
    client = client_as("service_center")
    url = f"/policies/staff/{document.pk}/status/"
    page = client.post(url, {"status": "repealed", "note": "已被新文件替代"}).content.decode()
    assert str(document.title) in page and "门户网站" in page
    assert 'name="note" value="已被新文件替代"' in page
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    client.post(url, {"status": "repealed", "note": "已被新文件替代", "confirmed": "1"})
    document.refresh_from_db()
    assert document.status == DocumentStatus.REPEALED
