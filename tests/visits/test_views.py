"""HTTP flows of 走进政府."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.visits import services
from gongkai.visits.models import Activity, Media, OpinionForm, Registration, Suggestion
from tests.fixtures.queries import captured_queries
from tests.visits.conftest import at, jpeg_bytes, jpeg_upload, person, valid_id


def _form(n=1, **overrides):
    data = person(n, **overrides)
    data.update(consent="on", lives_in_county="on")
    return data


def test_self_registration_confirms_and_shows_code(client, upcoming):
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(1), follow=True)
    reg = Registration.objects.get()
    assert response.status_code == 200
    assert reg.code in response.content.decode()
    assert reg.status == "confirmed"


def test_self_registration_bad_phone_keeps_typed_values(client, upcoming):
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(1, phone="12345"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    assert 'value="测试1号"' in html
    assert valid_id(1) in html  # the person's own input is kept on their own form
    assert not Registration.objects.exists()


def test_self_registration_wrong_check_digit_in_chinese(client, upcoming):
    bad = valid_id(1)[:-1] + ("0" if valid_id(1)[-1] != "0" else "1")
    response = client.post(
        f"/visits/{upcoming.pk}/register/", _form(1, id_number=bad), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "身份证" in response.content.decode()
    assert not Registration.objects.exists()


def test_self_registration_needs_consent(client, upcoming):
    data = _form(1)
    del data["consent"]
    response = client.post(f"/visits/{upcoming.pk}/register/", data)
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_full_activity_puts_on_waiting_list_and_says_so(client, upcoming):
    upcoming.capacity = 1
    upcoming.save()
    client.post(f"/visits/{upcoming.pk}/register/", _form(1))
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(2), follow=True)
    assert Registration.objects.get(representative__name="测试2号").status == "waiting"
    assert "waiting list" in response.content.decode() or "候补" in response.content.decode()


def test_second_registration_same_year_is_refused(client, upcoming):
    client.post(f"/visits/{upcoming.pk}/register/", _form(1))
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(1))
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert Registration.objects.count() == 1


def test_citizen_cancels_and_waiting_moves_up(client, upcoming):
    upcoming.capacity = 1
    upcoming.save()
    first = services.self_register(upcoming, **person(1))
    second = services.self_register(upcoming, **person(2))
    client.post(f"/visits/registration/{first.code}/cancel/")
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_masking_per_role(client_as, make_activity, personas):
    activity = make_activity()
    # a person the unit added itself (another unit's people: tests/visits/test_masking.py)
    rep = services.save_representative(**person(1), unit=activity.unit)
    services.invite(activity, rep, by=None)
    full, masked = "13900000001", "139****0001"
    url = f"/visits/staff/{activity.pk}/?step=before"
    for persona, shows in [
        ("unit_staff", True),
        ("service_center", True),
        ("county_office", False),
        ("assessor", False),
    ]:
        html = client_as(persona).get(url).content.decode()
        assert (full in html) is shows, persona
        assert (valid_id(1) in html) is shows, persona
        if not shows:
            assert masked in html
    roster = client_as("unit_staff").get("/visits/staff/representatives/").content.decode()
    assert full not in roster and masked in roster
    assert (
        full in client_as("service_center").get("/visits/staff/representatives/").content.decode()
    )


def test_check_in_by_qr_link_and_by_staff_tick(client, client_as, upcoming):
    a = services.self_register(upcoming, **person(1))
    b = services.self_register(upcoming, **person(2))
    # the day comes: the QR link takes check-ins on the activity day only
    Activity.objects.filter(pk=upcoming.pk).update(starts_at=timezone.now() + dt.timedelta(hours=1))
    svg = client.get(f"/visits/qr/checkin/{upcoming.checkin_token}.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    response = client.post(f"/visits/checkin/{upcoming.checkin_token}/", {"id_number": valid_id(1)})
    assert response.status_code == 200
    client_as("unit_staff").post(f"/visits/staff/{upcoming.pk}/registrations/{b.pk}/checkin/")
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.checked_in_at and b.checked_in_at
    sheet = (
        client_as("unit_staff").get(f"/visits/staff/{upcoming.pk}/sign-in-sheet/").content.decode()
    )
    assert "签到表" in sheet and "测试1号" in sheet


def test_record_leader_and_attendance(client_as, make_activity):
    activity = make_activity()
    client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/record/",
        {"leader_stayed": "yes", "attendance": "21", "held_note": ""},
    )
    client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/responses/", {"question": "补贴何时发？", "answer": "6月底。"}
    )
    activity.refresh_from_db()
    assert (activity.status, activity.leader_stayed, activity.attendance) == ("held", True, 21)
    assert "补贴何时发？" in client_as(None).get(f"/visits/{activity.pk}/").content.decode()


def test_opinion_on_phone_then_lookup(client, make_activity):
    activity = make_activity()
    page = client.get(f"/visits/opinion/{activity.opinion_token}/").content.decode()
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    data = {"satisfaction": "very", "suggestion_1": "多开展活动", "nonce": nonce}
    first = client.post(f"/visits/opinion/{activity.opinion_token}/", data)
    again = client.post(f"/visits/opinion/{activity.opinion_token}/", data)
    form = OpinionForm.objects.get()
    assert form.code in first.content.decode() and form.code in again.content.decode()
    assert Suggestion.objects.count() == 1
    looked = client.get("/visits/lookup/", {"code": form.code}).content.decode()
    assert "多开展活动" in looked
    missing = client.get("/visits/lookup/", {"code": "ZZZZ9999"})
    assert "error-summary" in missing.content.decode()


def test_paper_opinion_with_bad_scan_keeps_fields(client_as, make_activity):
    activity = make_activity()
    bad = SimpleUploadedFile("scan.pdf", b"not really a pdf", content_type="application/pdf")
    response = client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/opinions/paper/",
        {"satisfaction": "fair", "suggestion_1": "纸质意见内容", "scan": bad},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "纸质意见内容" in html and "error-summary" in html
    assert not OpinionForm.objects.exists()
    good = SimpleUploadedFile("scan.jpg", jpeg_bytes(), content_type="image/jpeg")
    client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/opinions/paper/",
        {"satisfaction": "fair", "suggestion_1": "纸质意见内容", "scan": good},
    )
    assert OpinionForm.objects.get().channel == "paper"


def test_bulk_status_change_by_service_center(client_as, make_activity):
    activity = make_activity()
    form = services.submit_opinion(activity, satisfaction="fair", suggestions=["a", "b"])
    ids = list(form.suggestions.values_list("pk", flat=True))
    for pk in ids:
        client_as("service_center").post(
            f"/visits/staff/suggestions/{pk}/assign/", {"responsible_unit": activity.unit_id}
        )
    client_as("unit_staff").post(
        f"/visits/staff/suggestions/{ids[0]}/answer/", {"answer": "已办理"}
    )
    client_as("service_center").post(
        "/visits/staff/suggestions/bulk/", {"ids": ids, "status": "closed"}
    )
    assert dict(Suggestion.objects.values_list("pk", "status")) == {
        ids[0]: "closed",
        ids[1]: "assigned",
    }


def test_upload_wrong_type_keeps_caption(client_as, make_activity):
    activity = make_activity()
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 this is an exe", content_type="image/jpeg")
    response = client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/media/", {"file": fake, "caption": "座谈现场"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="座谈现场"' in html and "error-summary" in html
    assert not Media.objects.exists()


def test_upload_by_xhr_answers_json(client_as, make_activity):
    activity = make_activity()
    ok = client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/media/",
        {"file": jpeg_upload(taken=at("2023-01-01")), "caption": "x"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert ok.json()["ok"] is True
    assert Media.objects.get().date_flag is True
    bad = client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/media/",
        {"file": SimpleUploadedFile("a.mp4", b"nope" * 10), "caption": "x"},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )
    assert bad.status_code == 400 and bad.json()["errors"]


def test_review_approve_publishes_and_reject_needs_reason(
    client, client_as, make_activity, django_capture_on_commit_callbacks
):
    activity = make_activity()
    good = services.upload_media(activity, jpeg_upload(), caption="公开照片", by=None)
    bad = services.upload_media(activity, jpeg_upload(), caption="被退回照片", by=None)
    assert "公开照片" not in client.get(f"/visits/{activity.pk}/").content.decode()
    queue = client_as("service_center").get("/publishing/staff/").content.decode()
    assert "公开照片" in queue and "被退回照片" in queue
    # The approval commits, which makes the cached public page stale (portal cache).
    with django_capture_on_commit_callbacks(execute=True):
        client_as("service_center").post(
            f"/publishing/staff/visits.media/{good.pk}/approve/", {"confirmed": "1"}
        )
    client_as("service_center").post(
        f"/publishing/staff/visits.media/{bad.pk}/reject/", {"reason": "", "confirmed": "1"}
    )
    bad.refresh_from_db()
    assert bad.review_status == "pending"
    client_as("service_center").post(
        f"/publishing/staff/visits.media/{bad.pk}/reject/", {"reason": "照片模糊", "confirmed": "1"}
    )
    bad.refresh_from_db()
    assert (bad.review_status, bad.reject_reason) == ("rejected", "照片模糊")
    public = client.get(f"/visits/{activity.pk}/").content.decode()
    assert "公开照片" in public and "被退回照片" not in public
    assert (
        "照片模糊" in client_as("unit_staff").get(f"/visits/staff/{activity.pk}/").content.decode()
    )


def test_plan_create_http_marks_late_and_keeps_input_on_bad_date(client_as, programme):
    client = client_as("unit_staff")
    data = {
        "title": "走进农业农村局",
        "starts_at": "2023-11-20T09:30",
        "place": "会议室",
        "has_tour": "on",
        "has_symposium": "on",
        "leader": "局长",
        "contact_name": "刘",
        "contact_phone": "0912-1",
        "capacity": "20",
    }
    response = client.post("/visits/staff/plans/new/", data)
    assert response.status_code == 200
    assert (
        "2023-04-06" in response.content.decode()
        and 'value="走进农业农村局"' in response.content.decode()
    )
    assert not Activity.objects.exists()
    data["starts_at"] = "2023-05-20T09:30"
    response = client.post("/visits/staff/plans/new/", data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert activity.lateness  # submitted now, long after 2023-04-09
    home = client_as("service_center").get("/visits/staff/").content.decode()
    assert "state-late" in home
    assert "镇靖镇" in home  # in the list of units without a plan


def test_attachment_1_xlsx_has_notice_headings_and_rows(client_as, make_activity):
    make_activity()
    make_activity("镇靖镇", submitted_at=at("2023-04-11"), contact_name="赵联络")
    response = client_as("service_center").get("/visits/staff/attachment-1.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(c for c in row) for row in ws.iter_rows(values_only=True)]
    # the heading of the notice's own table (附件1), not the attachment list's wording
    title = "2023 年度“邀请公民代表走进县、镇政府” 活动计划安排表"
    assert rows[1][0] == title
    assert rows[2] == ("实施单位", "时间安排", "活动联络人", "联系电话")
    units = [r[0] for r in rows[3:5]]
    assert set(units) == {"县农业农村局", "镇靖镇"}
    assert any("0912-4848111" in (r[0] or "") for r in rows[5:])
    print_view = client_as("unit_staff").get("/visits/staff/attachment-1/").content.decode()
    assert "县农业农村局" in print_view and "赵联络" not in print_view  # a unit sees its own rows
    assert f">{title}</h1>" in print_view


def test_compliance_links_to_evidence(client_as, make_activity):
    activity = make_activity()
    services.record_activity(activity, leader_stayed=True, attendance=20, held_note="", by=None)
    html = client_as("assessor").get("/visits/staff/compliance/").content.decode()
    assert f"/visits/staff/{activity.pk}/" in html


def test_public_pages_show_no_personal_data(client, make_activity, upcoming, personas):
    from gongkai.visits.demo import load_demo

    load_demo(upcoming.programme)
    reg = services.self_register(upcoming, **person(5))
    held = Activity.objects.get(title__startswith="走进农业农村局：")
    secrets = []
    for rep in set(r.representative for r in Registration.objects.select_related("representative")):
        secrets += [rep.name, rep.phone, rep.id_number, rep.phone[-8:], rep.id_number[-8:]]
    urls = [
        "/visits/",
        f"/visits/{held.pk}/",
        f"/visits/{upcoming.pk}/",
        f"/visits/{upcoming.pk}/register/",
        "/visits/lookup/",
        f"/visits/lookup/?code={held.opinion_forms.first().code}",
        f"/visits/checkin/{held.checkin_token}/",
        f"/visits/opinion/{held.opinion_token}/",
        f"/visits/registration/{reg.code}/",
        "/",
    ]
    for url in urls:
        html = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in html, (url, secret)


@pytest.mark.parametrize(
    "url, persona",
    [
        ("/visits/", None),
        ("/visits/staff/", "service_center"),
        ("/visits/staff/suggestions/", "service_center"),
        ("/visits/staff/representatives/", "service_center"),
        ("/visits/staff/attachment-1/", "service_center"),
        ("/visits/staff/compliance/", "service_center"),
        ("/publishing/staff/", "service_center"),
    ],
)
def test_list_pages_query_count_1_vs_3(client_as, make_activity, url, persona):
    client = client_as(persona)
    units = ["县农业农村局", "镇靖镇", "县统计局"]

    def add(i):
        activity = make_activity(units[i])
        services.invite(activity, services.save_representative(**person(i + 1)), by=None)
        form = services.submit_opinion(activity, satisfaction="fair", suggestions=["x"])
        services.assign_suggestion(form.suggestions.get(), activity.unit)
        services.upload_media(activity, jpeg_upload(), by=None)

    add(0)
    client.get(url)  # warm caches (session, content types)
    one = captured_queries(client, url)
    add(1)
    add(2)
    three = captured_queries(client, url)
    assert len(one) == len(three), [q["sql"] for q in three]


def test_opinion_scan_served_only_to_staff_of_the_activity(client, client_as, make_activity):
    activity = make_activity()
    scan = SimpleUploadedFile("张三的意见表.jpg", jpeg_bytes(), content_type="image/jpeg")
    sheet = services.submit_opinion(
        activity, satisfaction="fair", suggestions=["x"], channel="paper", scan=scan
    )
    assert "张三" not in sheet.scan.name
    url = f"/visits/staff/{activity.pk}/opinions/{sheet.pk}/scan/"
    response = client_as("unit_staff").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    # Safe headers, never cached by a shared cache (it may carry a handwritten name).
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    assert client_as("other_unit_staff").get(url).status_code == 404
    assert client_as("media_center").get(url).status_code == 403
    assert client.get(url).status_code == 302


def test_invite_by_hand_validates_and_keeps_fields(client_as, make_activity):
    activity = make_activity()
    client = client_as("unit_staff")
    data = dict(person(1, id_number="999999198001010000"), consent="on")
    response = client.post(f"/visits/staff/{activity.pk}/invite/", data)
    assert response.status_code == 400
    assert 'value="测试1号"' in response.content.decode()
    assert not Registration.objects.exists()
    data["id_number"] = valid_id(1)
    assert client.post(f"/visits/staff/{activity.pk}/invite/", data).status_code == 302
    reg = Registration.objects.get()
    assert (reg.source, reg.representative.added_by_unit) == ("invited", activity.unit)


def test_every_post_form_on_the_activity_page_has_its_own_action(client_as, make_activity):
    activity = make_activity()
    html = client_as("unit_staff").get(f"/visits/staff/{activity.pk}/").content.decode()
    forms = re.findall(r"<form[^>]*>", html)
    post_forms = [f for f in forms if 'method="post"' in f and "logout" not in f]
    assert post_forms
    missing = [f for f in post_forms if "action=" not in f]
    assert missing == []


def test_lookup_is_rate_limited_per_address(client, make_activity):
    for _ in range(60):
        client.get("/visits/lookup/", {"code": "ZZZZ9999"})
    response = client.get("/visits/lookup/", {"code": "ZZZZ9999"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "一小时后再试" in response.content.decode()
    assert (
        client.get("/visits/lookup/", {"code": "ZZZZ9999"}, REMOTE_ADDR="10.0.0.9").status_code
        == 200
    )


@pytest.mark.parametrize("bad", ["<script>alert('x')</script>", "１２", "99999999999999999999999"])
def test_plan_create_with_a_bad_unit_parameter_is_404(client_as, programme, bad):
    client = client_as("county_office")
    assert client.get("/visits/staff/plans/new/", {"unit": bad}).status_code == 404
    assert client.post("/visits/staff/plans/new/", {"unit": bad}).status_code == 404
    assert not Activity.objects.exists()


@pytest.mark.parametrize("bad", ["<script>alert('x')</script>", "²", "99999999999999999999999"])
def test_invite_with_a_bad_representative_id_is_404(client_as, make_activity, bad):
    activity = make_activity()
    response = client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/invite/", {"representative": bad}
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()


def test_bulk_status_ignores_ids_that_are_not_ids(client_as, make_activity):
    activity = make_activity()
    form = services.submit_opinion(activity, satisfaction="fair", suggestions=["a"])
    pk = form.suggestions.get().pk
    client_as("service_center").post(
        f"/visits/staff/suggestions/{pk}/assign/", {"responsible_unit": activity.unit_id}
    )
    client_as("unit_staff").post(f"/visits/staff/suggestions/{pk}/answer/", {"answer": "已办理"})
    response = client_as("service_center").post(
        "/visits/staff/suggestions/bulk/",
        {"ids": ["²", "99999999999999999999999", "<script>", str(pk)], "status": "closed"},
    )
    assert response.status_code == 302
    assert Suggestion.objects.get().status == "closed"
