import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import DeadlineKind
from gongkai.security import notify
from gongkai.units.models import Unit
from gongkai.visits import services
from gongkai.visits.models import (
    Activity,
    RegistrationStatus,
    Representative,
    Source,
    SuggestionStatus,
)
from gongkai.workbench.registry import completion_source
from tests.visits.conftest import at, jpeg_upload, person, valid_id


def test_plan_on_time_until_end_of_due_day(make_activity):
    on_time = make_activity(submitted_at=at("2023-04-09", "23:59"))
    late = make_activity("镇靖镇", submitted_at=at("2023-04-11", "10:00"))
    assert on_time.lateness is None
    assert late.lateness == dt.timedelta(days=1, hours=10)  # the deadline is the end of 4月9日


def test_plan_outside_window_is_refused(make_activity):
    with pytest.raises(ValidationError) as exc:
        make_activity(starts_at=at("2023-11-02"))
    assert "starts_at" in exc.value.message_dict
    assert not Activity.objects.exists()


def test_units_without_plan_and_completion_source(programme, make_activity):
    a = make_activity(submitted_at=at("2023-04-11"))
    missing = set(services.units_without_plan(programme).values_list("name", flat=True))
    assert "县农业农村局" not in missing
    assert "镇靖镇" in missing
    source = completion_source(DeadlineKind.VISIT_PLAN)
    assert source(programme) == {a.unit_id: at("2023-04-11")}


def test_id_number_check_digit_and_format():
    assert services.birth_date_from_id(valid_id(7, "19900215")) == dt.date(1990, 2, 15)
    bad = valid_id(7)[:-1] + ("0" if valid_id(7)[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.birth_date_from_id(bad)
    assert exc.value.code == "id_check"
    with pytest.raises(ValidationError):
        services.birth_date_from_id("12345")


def test_id_number_is_encrypted_at_rest(upcoming):
    reg = services.self_register(upcoming, **person(1))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone_encrypted FROM visits_representative WHERE id = %s",
            [reg.representative_id],
        )
        raw_id, raw_phone = cursor.fetchone()
    assert valid_id(1) not in raw_id
    assert "13900000001" not in raw_phone
    assert Representative.objects.get().id_number == valid_id(1)


def test_capacity_then_waiting_list_moves_up_on_cancellation(upcoming, personas):
    upcoming.capacity = 2
    upcoming.save()
    regs = [services.self_register(upcoming, **person(n)) for n in (1, 2, 3, 4)]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting", "waiting"]
    promoted = services.cancel_registration(regs[0])
    assert [r.pk for r in promoted] == [regs[2].pk]
    statuses = {r.pk: r.status for r in upcoming.registrations.all()}
    assert statuses == {
        regs[0].pk: "cancelled",
        regs[1].pk: "confirmed",
        regs[2].pk: "confirmed",
        regs[3].pk: "waiting",
    }


def test_raising_capacity_promotes_waiting(upcoming, personas):
    upcoming.capacity = 1
    upcoming.save()
    services.self_register(upcoming, **person(1))
    second = services.self_register(upcoming, **person(2))
    assert second.status == RegistrationStatus.WAITING
    services.update_plan(upcoming, by=personas["unit_staff"], capacity=2)
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED


def test_one_self_registration_per_year_but_invitation_allowed(
    future_programme, upcoming, make_activity, personas
):
    other = make_activity(
        "镇靖镇", starts_at=timezone.now() + dt.timedelta(days=20), prog=future_programme
    )
    services.self_register(upcoming, **person(1))
    with pytest.raises(ValidationError) as exc:
        services.self_register(other, **person(1, phone="13900009999"))
    assert exc.value.code == "refused"  # the same answer as every refusal about a person
    assert other.registrations.count() == 0
    rep = Representative.objects.get()
    assert rep.phone == "13900000001"  # nothing changed half-way
    invited = services.invite(other, rep, by=personas["other_unit_staff"])
    assert invited.source == Source.INVITED


def test_self_registration_under_age_refused(upcoming):
    young_birth = (timezone.localdate() - dt.timedelta(days=365 * 17)).strftime("%Y%m%d")
    with pytest.raises(ValidationError) as exc:
        services.self_register(upcoming, **person(1, id_number=valid_id(1, young_birth)))
    assert "18" in exc.value.message_dict["id_number"][0]
    assert not Representative.objects.exists()


def test_confirmation_sms_sent_on_commit(upcoming, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        reg = services.self_register(upcoming, **person(1))
    assert [m.phone for m in notify.outbox] == ["13900000001"]
    assert reg.code in notify.outbox[0].text


def test_check_in_by_id_number(upcoming):
    reg = services.self_register(upcoming, **person(1))
    on_the_day = upcoming.starts_at - dt.timedelta(hours=1)
    services.check_in_by_id(upcoming, valid_id(1).lower(), now=on_the_day)
    reg.refresh_from_db()
    assert reg.checked_in_at is not None
    with pytest.raises(ValidationError):
        services.check_in_by_id(upcoming, valid_id(2), now=on_the_day)


def test_check_in_by_id_number_only_on_the_activity_day(upcoming):
    reg = services.self_register(upcoming, **person(1))
    start = upcoming.starts_at
    for too_early in (start - dt.timedelta(days=10), start - dt.timedelta(hours=2, minutes=1)):
        with pytest.raises(ValidationError) as exc:
            services.check_in_by_id(upcoming, valid_id(1), now=too_early)
        assert exc.value.code == "checkin_closed"
    next_day = timezone.localtime(start, COUNTY_TZ).replace(hour=0, minute=0) + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.check_in_by_id(upcoming, valid_id(1), now=next_day)
    reg.refresh_from_db()
    assert reg.checked_in_at is None
    services.check_in_by_id(upcoming, valid_id(1), now=start - dt.timedelta(hours=2))
    reg.refresh_from_db()
    assert reg.checked_in_at is not None


def test_opinion_lifecycle_with_bulk_change_and_lookup(make_activity, personas):
    activity = make_activity()
    form = services.submit_opinion(
        activity, satisfaction="satisfied", suggestions=["修路", "", "路灯"]
    )
    s1, s2 = form.suggestions.order_by("id")
    assert s1.status == SuggestionStatus.OPEN
    services.assign_suggestion(
        s1, Unit.objects.get(name="县农业农村局"), today=dt.date(2023, 5, 17)
    )
    s1.refresh_from_db()
    # 10 working days from Wednesday 17 May 2023: two weekends skipped.
    assert (s1.status, s1.due_date) == ("assigned", dt.date(2023, 5, 31))
    services.answer_suggestion(s1, answer="已安排维修", by=personas["unit_staff"])
    changed = services.set_suggestion_status(
        [s1.pk, s2.pk], SuggestionStatus.CLOSED, by=personas["service_center"]
    )
    assert changed == 1  # s2 has no answer yet: it cannot be closed in bulk
    s1.refresh_from_db()
    s2.refresh_from_db()
    assert (s1.status, s2.status) == ("closed", "open")
    found = services.lookup_opinion(form.code.lower())
    assert found == form
    assert [s.answer for s in found.suggestions.all()] == ["已安排维修", ""]
    assert services.lookup_opinion("NOPE1234") is None


def test_same_opinion_form_posted_twice_is_stored_once(make_activity):
    activity = make_activity()
    first = services.submit_opinion(activity, satisfaction="very", suggestions=["a"], nonce="n1")
    second = services.submit_opinion(activity, satisfaction="very", suggestions=["a"], nonce="n1")
    assert first == second
    assert activity.suggestions.count() == 1


def test_exif_date_far_from_activity_is_flagged(make_activity, personas):
    activity = make_activity()
    near = services.upload_media(
        activity, jpeg_upload(taken=at("2023-05-16", "10:00")), by=personas["unit_staff"]
    )
    far = services.upload_media(
        activity, jpeg_upload(taken=at("2023-03-01", "10:00")), by=personas["unit_staff"]
    )
    none = services.upload_media(activity, jpeg_upload(), by=personas["unit_staff"])
    assert (near.date_flag, far.date_flag, none.date_flag) == (False, True, False)
    assert far.taken_at.date() == dt.date(2023, 3, 1)
    assert near.review_status == "pending"


def test_reminders_sent_once(
    make_activity, personas, django_capture_on_commit_callbacks, programme
):
    activity = make_activity()
    rep = services.save_representative(**person(1))
    services.invite(activity, rep, by=personas["unit_staff"])
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_reminders(programme, dt.date(2023, 5, 14))
    assert sent == 1
    phones = sorted(m.phone for m in notify.outbox)
    assert phones == ["0912-4600001", "13900000001"]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(programme, dt.date(2023, 5, 14)) == 0
    kinds = {r.key.split(":")[0] for r in services.due_reminders(programme, dt.date(2023, 5, 24))}
    assert "no-media-7" in kinds


def test_overdue_suggestions_reminders(programme, make_activity):
    # The plan deadline is reminded by the assessment app (working days), not here as well.
    kinds = [r.key.split(":")[0] for r in services.due_reminders(programme, dt.date(2023, 4, 7))]
    assert "plan-due" not in kinds
    activity = make_activity()
    form = services.submit_opinion(activity, satisfaction="fair", suggestions=["x"])
    services.assign_suggestion(form.suggestions.get(), activity.unit, due_date=dt.date(2023, 6, 1))
    overdue = [
        r
        for r in services.due_reminders(programme, dt.date(2023, 6, 5))
        if r.key.startswith("suggestions-overdue")
    ]
    assert [r.unit for r in overdue] == [activity.unit]


def test_send_reminders_command(programme, make_activity, capsys):
    from django.core.management import call_command

    make_activity()
    call_command("send_reminders", "--date", "2023-05-15", "--year", "2023")
    assert "1 reminders sent" in capsys.readouterr().out


def test_audit_log_keeps_no_personal_data_of_representatives(upcoming):
    from gongkai.audit.models import AuditEntry

    services.self_register(upcoming, **person(1))
    entry = AuditEntry.objects.filter(model="visits.Representative").get()
    text = str(entry.after) + entry.object_repr
    for secret in ("测试1号", valid_id(1), "13900000001", "测试路"):
        assert secret not in text


def test_suggestion_due_date_follows_the_county_calendar(make_activity):
    from gongkai.workdays.models import DayOverride

    form = services.submit_opinion(make_activity(), satisfaction="satisfied", suggestions=["修路"])
    # The county declares Friday 19 May 2023 a holiday: the answer is due a working day later.
    DayOverride.objects.create(date=dt.date(2023, 5, 19), is_workday=False, note="调休")
    suggestion = services.assign_suggestion(
        form.suggestions.get(), Unit.objects.get(name="县农业农村局"), today=dt.date(2023, 5, 17)
    )
    assert suggestion.due_date == dt.date(2023, 6, 1)
