"""Safeguards found missing in review: the roster cannot be taken over from the public form, a
refused invitation stores nothing, the QR links work on the activity day only, anyone on the
roster can be found to invite, each compliance mark has its own evidence, oversize uploads,
reminders to people confirmed late, and no second plan-deadline reminder."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.publishing.models import ReviewStatus
from gongkai.security import notify
from gongkai.units.models import Unit
from gongkai.visits import services
from gongkai.visits.models import (
    Activity,
    Media,
    OpinionForm,
    Registration,
    Representative,
)
from gongkai.visits.services.attendance import CHECKIN_OPENS_BEFORE
from tests.fixtures.pages import h1
from tests.visits.conftest import jpeg_upload, person, valid_id

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _form(n=1, **overrides):
    data = person(n, **overrides)
    data.update(consent="on", lives_in_county="on")
    return data


def _move(activity: Activity, starts_at: dt.datetime) -> None:
    """Time passes: the activity now starts at ``starts_at`` (registrations stay)."""
    Activity.objects.filter(pk=activity.pk).update(starts_at=starts_at)
    activity.refresh_from_db()


# --- 1. the public form never changes someone already on the roster ---------------------------


def test_self_registration_with_a_known_id_number_and_another_name_is_refused(client, upcoming):
    rep = services.save_representative(**person(1))
    consent = rep.consent_at
    response = client.post(
        f"/visits/{upcoming.pk}/register/",
        _form(1, name="冒名者", phone="13911112222", address="别处"),
        **ZH,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in html
    # whom to call, and nothing about the roster (tests/visits/test_registration_limits.py)
    assert "无法受理" in html and upcoming.contact_phone in html and "花名册" not in html
    assert 'value="冒名者"' in html  # what was typed is kept
    rep.refresh_from_db()
    assert (rep.name, rep.phone, rep.address, rep.consent_at) == (
        "测试1号",
        "13900000001",
        "靖边县测试路1号",
        consent,
    )
    assert not Registration.objects.exists()


def test_self_registration_with_the_same_name_keeps_the_details_on_record(
    client, upcoming, django_capture_on_commit_callbacks
):
    rep = services.save_representative(**person(1))
    consent = rep.consent_at
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/visits/{upcoming.pk}/register/",
            _form(1, name=" 测试1号 ", phone="13911112222", address="别处"),
            follow=True,
            **ZH,
        )
    reg = Registration.objects.get()
    assert (reg.representative, reg.status) == (rep, "confirmed")
    rep.refresh_from_db()
    assert (rep.phone, rep.address, rep.consent_at) == ("13900000001", "靖边县测试路1号", consent)
    assert "已在公民代表花名册" in response.content.decode()  # says the record was kept
    assert [m.phone for m in notify.outbox] == ["13900000001"]  # never the unverified number


def test_self_registration_of_a_new_person_needs_no_note(client, upcoming):
    response = client.post(f"/visits/{upcoming.pk}/register/", _form(1), follow=True, **ZH)
    assert "已在公民代表花名册" not in response.content.decode()
    assert Representative.objects.get().phone == "13900000001"


# --- 2. inviting by hand is one transaction ----------------------------------------------------


def test_refused_invitation_by_hand_leaves_the_roster_as_it_was(client_as, make_activity):
    activity = make_activity()
    rep = services.save_representative(**person(1))
    services.invite(activity, rep, by=None)
    data = dict(person(1, name="改名者", phone="13911112222"), consent="on")
    response = client_as("unit_staff").post(f"/visits/staff/{activity.pk}/invite/", data, **ZH)
    assert response.status_code == 400
    assert "已在本次活动名单" in response.content.decode()
    rep.refresh_from_db()
    assert (rep.name, rep.phone) == ("测试1号", "13900000001")
    assert Registration.objects.count() == 1


def test_invitation_by_hand_of_a_minor_is_refused_and_stores_nothing(client_as, make_activity):
    activity = make_activity()  # 16 May 2023
    minor = valid_id(1, "20060101")
    data = dict(person(1, id_number=minor), consent="on")
    response = client_as("unit_staff").post(f"/visits/staff/{activity.pk}/invite/", data, **ZH)
    html = response.content.decode()
    assert response.status_code == 400
    assert "18" in html and 'value="测试1号"' in html
    assert not Representative.objects.exists()


# --- 3. the QR links work on the activity day only ---------------------------------------------


def test_qr_check_in_only_on_the_activity_day(client, client_as, upcoming):
    a = services.self_register(upcoming, **person(1))
    b = services.self_register(upcoming, **person(2))
    url = f"/visits/checkin/{upcoming.checkin_token}/"
    early = client.get(url, **ZH).content.decode()
    # the day check-in opens, in county time (the evening before when the activity starts early)
    opens = timezone.localtime(upcoming.starts_at - CHECKIN_OPENS_BEFORE, COUNTY_TZ).date()
    assert "签到将于" in early and opens.isoformat() in early
    assert 'name="id_number"' not in early
    response = client.post(url, {"id_number": valid_id(1)}, **ZH)
    assert "签到将于" in response.content.decode()
    a.refresh_from_db()
    assert a.checked_in_at is None
    # staff ticking the list are not limited to the day
    client_as("unit_staff").post(f"/visits/staff/{upcoming.pk}/registrations/{b.pk}/checkin/")
    b.refresh_from_db()
    assert b.checked_in_at is not None

    _move(upcoming, timezone.now() - dt.timedelta(days=2))
    late = client.post(url, {"id_number": valid_id(1)}, **ZH).content.decode()
    assert "签到已于" in late
    a.refresh_from_db()
    assert a.checked_in_at is None

    _move(upcoming, timezone.now() + dt.timedelta(hours=1))  # the day has come
    done = client.post(url, {"id_number": valid_id(1)}, **ZH).content.decode()
    assert "签到成功" in done
    a.refresh_from_db()
    assert a.checked_in_at is not None


def test_opinion_form_opens_on_the_activity_day(client, upcoming):
    url = f"/visits/opinion/{upcoming.opinion_token}/"
    early = client.get(url, **ZH).content.decode()
    assert "意见征集表将于" in early and 'name="satisfaction"' not in early
    data = {"satisfaction": "very", "suggestion_1": "提前写好的意见", "nonce": "n-early"}
    response = client.post(url, data, **ZH)
    html = response.content.decode()
    assert "意见征集表将于" in html and "提前写好的意见" in html  # kept on the form
    assert not OpinionForm.objects.exists()
    _move(upcoming, timezone.now() - dt.timedelta(minutes=30))
    assert client.post(url, data, **ZH).status_code == 200
    assert OpinionForm.objects.get().suggestions.get().text == "提前写好的意见"


# --- 4. anyone on the roster can be found and invited -------------------------------------------


def test_invite_search_finds_anyone_on_the_roster(client_as, make_activity):
    activity = make_activity()
    # anyone on the unit's own roster (other units' people: tests/visits/test_masking.py)
    unit = activity.unit
    oldest = services.save_representative(
        **person(1, name="欧阳一", phone="13912345678"), unit=unit
    )
    for n in range(2, 62):
        services.save_representative(**person(n), unit=unit)
    client = client_as("unit_staff")
    url = f"/visits/staff/{activity.pk}/?step=before"
    page = client.get(url, **ZH).content.decode()
    assert f'<option value="{oldest.pk}"' not in page  # not among the 50 listed
    assert "搜索" in page
    for query in ("欧阳一", "5678"):
        found = client.get(url, {"q": query, "step": "before"}, **ZH).content.decode()
        assert f'<option value="{oldest.pk}"' in found, query
        options = found.split('name="representative"')[1].split("</select>")[0]
        # The unit names its own roster's people in full; the phone stays masked in the list.
        assert "欧阳一" in options and "139****5678" in options
        assert "13912345678" not in found
    none = client.get(url, {"q": "不存在的人", "step": "before"}, **ZH).content.decode()
    assert '<select name="representative"' not in none


def test_invite_search_lists_people_whose_registration_was_cancelled(client_as, make_activity):
    activity = make_activity()
    unit = activity.unit
    cancelled = services.invite(
        activity, services.save_representative(**person(1), unit=unit), by=None
    )
    services.cancel_registration(cancelled)
    live = services.invite(activity, services.save_representative(**person(2), unit=unit), by=None)
    client = client_as("unit_staff")
    page = client.get(
        f"/visits/staff/{activity.pk}/", {"q": "测试", "step": "before"}
    ).content.decode()
    options = page.split('name="representative"')[1].split("</select>")[0]
    assert f'value="{cancelled.representative_id}"' in options
    assert f'value="{live.representative_id}"' not in options
    response = client.post(
        f"/visits/staff/{activity.pk}/invite/", {"representative": cancelled.representative_id}
    )
    assert response.status_code == 302
    assert activity.registrations.filter(status="confirmed").count() == 2


def test_invite_search_query_count_does_not_grow(client_as, make_activity):
    activity = make_activity()
    client = client_as("unit_staff")
    url = f"/visits/staff/{activity.pk}/?step=before"
    services.save_representative(**person(1), unit=activity.unit)
    client.get(url, {"q": "测试", "step": "before"})
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"q": "测试", "step": "before"})
    services.save_representative(**person(2), unit=activity.unit)
    services.save_representative(**person(3), unit=activity.unit)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url, {"q": "测试", "step": "before"}).content.decode()
    assert page.count("<option value=") >= 3
    assert len(one) == len(three)


# --- 6. each compliance mark links to its own evidence ------------------------------------------


def test_compliance_links_each_criterion_to_its_evidence(client_as, make_activity):
    activity = make_activity()
    services.record_activity(activity, leader_stayed=True, attendance=20, held_note="", by=None)
    media = services.upload_media(activity, jpeg_upload(), by=None)
    Media.objects.filter(pk=media.pk).update(review_status=ReviewStatus.APPROVED)
    # a suggestion raised at another unit's activity, assigned to this unit and not answered
    other = make_activity("镇靖镇")
    form = services.submit_opinion(other, satisfaction="fair", suggestions=["请农业局答复"])
    services.assign_suggestion(form.suggestions.get(), activity.unit)
    unit = activity.unit
    html = client_as("assessor").get("/visits/staff/compliance/").content.decode()
    row = html.split(f'<th scope="row">{unit.name}</th>')[1].split("</tr>")[0]
    assert (
        f'href="/visits/staff/attachment-1/?year={activity.programme.year}#unit-{unit.pk}"' in row
    )
    assert f'href="/visits/staff/{activity.pk}/"' in row
    assert f'href="/visits/staff/{activity.pk}/sign-in-sheet/"' in row
    assert f'href="/visits/staff/{activity.pk}/?step=day#record"' in row
    assert f'href="/visits/staff/suggestions/?unit={unit.pk}"' in row
    assert f'href="/visits/{activity.pk}/"' in row
    row_data = {r.unit.pk: r for r in services.compliance(activity.programme)}
    assert row_data[unit.pk].answered is False  # its own activity had none, but it owes one
    assert row_data[unit.pk].unanswered == 1
    assert row_data[other.unit.pk].unanswered == 0
    listed = client_as("service_center").get("/visits/staff/suggestions/", {"unit": unit.pk})
    assert "请农业局答复" in listed.content.decode()
    others = client_as("service_center").get("/visits/staff/suggestions/", {"unit": other.unit.pk})
    assert "请农业局答复" not in others.content.decode()
    attachment = client_as("service_center").get("/visits/staff/attachment-1/").content.decode()
    assert f'id="unit-{unit.pk}"' in attachment


@pytest.mark.parametrize("bad", ["<script>", "²", "99999999999999999999999"])
def test_suggestions_with_a_bad_unit_parameter_show_all(client_as, bad):
    client = client_as("service_center")
    everything = client.get("/visits/staff/suggestions/")
    assert h1(client.get("/visits/staff/suggestions/", {"unit": bad})) == h1(everything)


# --- 7. oversize uploads; the reminder reaches people confirmed later ---------------------------


def test_oversize_media_upload_is_refused_with_the_size_message(
    client_as, make_activity, monkeypatch
):
    activity = make_activity()
    monkeypatch.setattr(services.media, "PHOTO_MAX", 100)
    response = client_as("unit_staff").post(
        f"/visits/staff/{activity.pk}/media/", {"file": jpeg_upload(), "caption": "太大的照片"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    # In Chinese, with what to do next (gongkai/lib's own catalogue).
    assert "上限是 100" in html and "请压缩后再上传" in html and 'value="太大的照片"' in html
    assert not Media.objects.exists()


def test_two_day_reminder_reaches_people_confirmed_later(
    client_as, future_programme, make_activity, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    activity = make_activity(starts_at=timezone.now() + dt.timedelta(days=2), prog=future_programme)
    services.invite(activity, services.save_representative(**person(1)), by=None)
    notify.outbox.clear()
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", today.isoformat(), "--year", "2023")
    assert sorted(m.phone for m in notify.outbox) == ["0912-4600001", "13900000001"]
    # invited the next day: the next run reminds only the new person
    data = dict(person(2), consent="on")
    assert (
        client_as("unit_staff").post(f"/visits/staff/{activity.pk}/invite/", data).status_code
        == 302
    )
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_reminders", "--date", (today + dt.timedelta(days=1)).isoformat(), "--year", "2023"
        )
    assert [m.phone for m in notify.outbox] == ["13900000002"]
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_reminders", "--date", (today + dt.timedelta(days=1)).isoformat(), "--year", "2023"
        )
    assert list(notify.outbox) == []


# --- 8. the plan deadline is reminded by the assessment app only ---------------------------------


def test_no_visits_plan_deadline_reminder(client_as, programme):
    # 7 April 2023: two days before the plan deadline, no unit has a plan yet
    keys = [r.key for r in services.due_reminders(programme, dt.date(2023, 4, 7))]
    assert not [k for k in keys if k.startswith("plan-due")]
    assert Unit.objects.filter(name="县农业农村局").exists()


# --- rate limits on the public links that take a secret or can be flooded ------------------------


def test_check_in_opinion_and_cancel_are_rate_limited_per_address(client, upcoming, monkeypatch):
    from gongkai.visits.views import public

    monkeypatch.setattr(public, "CHECKIN_LIMIT", (2, 3600))
    monkeypatch.setattr(public, "OPINION_LIMIT", (1, 3600))
    monkeypatch.setattr(public, "CANCEL_LIMIT", (1, 3600))
    reg = services.self_register(upcoming, **person(1))
    # It has just begun (today in county time at any hour: the opinion form opens on the day).
    _move(upcoming, timezone.now() - dt.timedelta(minutes=1))
    url = f"/visits/checkin/{upcoming.checkin_token}/"
    for _ in range(2):  # guessing ID numbers
        assert client.post(url, {"id_number": valid_id(7)}, **ZH).status_code == 200
    refused = client.post(url, {"id_number": valid_id(1)}, **ZH)
    assert refused.status_code == 429 and "尝试次数过多" in refused.content.decode()
    reg.refresh_from_db()
    assert reg.checked_in_at is None
    # Another address (another phone on the mobile network) is not held up.
    other = client.post(url, {"id_number": valid_id(1)}, REMOTE_ADDR="10.9.9.9", **ZH)
    assert "签到成功" in other.content.decode()

    opinion = f"/visits/opinion/{upcoming.opinion_token}/"
    data = {"satisfaction": "very", "suggestion_1": "第一条意见", "nonce": "n-1"}
    assert client.post(opinion, data, **ZH).status_code == 200
    flood = client.post(opinion, {**data, "nonce": "n-2", "suggestion_1": "第二条"}, **ZH)
    assert flood.status_code == 429 and "第二条" in flood.content.decode()  # kept on the form
    assert OpinionForm.objects.count() == 1

    cancel = f"/visits/registration/{reg.code}/cancel/"
    client.post(cancel, REMOTE_ADDR="10.1.1.1")
    page = client.post(cancel, REMOTE_ADDR="10.1.1.1", follow=True, **ZH).content.decode()
    assert "尝试次数过多" in page
