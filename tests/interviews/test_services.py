from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.interviews import services
from gongkai.interviews.models import Outline, OutlineState, ReceiptForm
from gongkai.units.models import Unit
from tests.interviews.conftest import at, pdf_upload


def test_book_interview_inside_slot_stores_slot(programme, personas):
    unit = Unit.objects.get(name="县农业农村局")
    interview = services.book_interview(
        programme=programme,
        unit=unit,
        starts_at=at("2023-05-10T09:00"),
        by=personas["service_center"],
    )
    assert interview.slot.start == dt.date(2023, 5, 8)
    assert interview.slot.end == dt.date(2023, 5, 19)


def test_book_interview_outside_slot_names_the_slot_dates(programme, personas):
    unit = Unit.objects.get(name="县农业农村局")
    with pytest.raises(ValidationError) as info:
        services.book_interview(
            programme=programme, unit=unit, starts_at=at("2023-05-22T09:00"), by=None
        )
    message = " ".join(info.value.messages)
    assert "县农业农村局" in message
    assert "2023年5月8日" in message and "2023年5月19日" in message


def test_book_interview_running_past_the_last_day_is_refused(programme):
    unit = Unit.objects.get(name="县农业农村局")
    with pytest.raises(ValidationError) as info:
        services.book_interview(
            programme=programme,
            unit=unit,
            starts_at=at("2023-05-19T23:30"),
            duration_minutes=60,
            by=None,
        )
    assert info.value.code == "outside_slot"


def test_book_interview_for_unit_without_slot_is_refused(programme):
    unit = Unit.objects.get(name="新桥农场")
    with pytest.raises(ValidationError) as info:
        services.book_interview(
            programme=programme, unit=unit, starts_at=at("2023-05-10T09:00"), by=None
        )
    assert info.value.code == "no_slot"


def test_book_interview_same_venue_overlapping_is_refused(programme):
    nongye = Unit.objects.get(name="县农业农村局")
    tongji = Unit.objects.get(name="县统计局")
    services.book_interview(
        programme=programme, unit=nongye, starts_at=at("2023-05-10T09:00"), venue="演播室", by=None
    )
    with pytest.raises(ValidationError) as info:
        services.book_interview(
            programme=programme,
            unit=tongji,
            starts_at=at("2023-05-10T10:00"),
            venue="演播室",
            by=None,
        )
    message = " ".join(info.value.messages)
    assert "演播室" in message and "县农业农村局" in message
    # Back to back is no clash.
    services.book_interview(
        programme=programme, unit=tongji, starts_at=at("2023-05-10T10:30"), venue="演播室", by=None
    )


def test_book_interview_same_unit_overlapping_is_refused(programme):
    nongye = Unit.objects.get(name="县农业农村局")
    services.book_interview(
        programme=programme, unit=nongye, starts_at=at("2023-05-10T09:00"), by=None
    )
    with pytest.raises(ValidationError) as info:
        services.book_interview(
            programme=programme,
            unit=nongye,
            starts_at=at("2023-05-10T09:45"),
            venue="会议室",
            by=None,
        )
    assert "县农业农村局" in " ".join(info.value.messages)


def test_assign_crew_clashing_host_is_refused(programme, personas):
    media = personas["media_center"]
    nongye = services.book_interview(
        programme=programme,
        unit=Unit.objects.get(name="县农业农村局"),
        starts_at=at("2023-05-10T09:00"),
        by=None,
    )
    tongji = services.book_interview(
        programme=programme,
        unit=Unit.objects.get(name="县统计局"),
        starts_at=at("2023-05-10T10:00"),
        venue="二号演播室",
        by=None,
    )
    services.assign_crew(nongye, venue="一号演播室", host=media, camera=None, editor=None, by=media)
    with pytest.raises(ValidationError) as info:
        services.assign_crew(
            tongji, venue="二号演播室", host=None, camera=media, editor=None, by=media
        )
    assert str(media) in " ".join(info.value.messages)
    tongji.refresh_from_db()
    assert tongji.camera is None


def test_move_interview_keeps_it_inside_the_slot(demo, personas):
    interview = demo["县农业农村局"]
    moved = services.move_interview(
        interview, starts_at=at("2023-05-18T14:00"), by=personas["unit_staff"]
    )
    assert moved.starts_at == at("2023-05-18T14:00")
    with pytest.raises(ValidationError):
        services.move_interview(
            interview, starts_at=at("2023-06-01T14:00"), by=personas["unit_staff"]
        )
    interview.refresh_from_db()
    assert interview.starts_at == at("2023-05-18T14:00")


def test_move_interview_onto_crewed_interview_is_refused(demo):
    # The demo media account crews every interview, so moving onto another one clashes.
    with pytest.raises(ValidationError) as info:
        services.move_interview(demo["县农业农村局"], starts_at=at("2023-05-12T09:30"), by=None)
    assert "县统计局" in " ".join(info.value.messages)


def test_receipt_lateness_on_time_and_late(demo):
    assert demo["县农业农村局"].receipt.lateness() is None
    late = demo["镇靖镇"].receipt.lateness()
    # Due 2023-04-09 end of day; submitted 2023-04-11 10:20: 1 day 10 hours 20 minutes late.
    assert late == dt.timedelta(days=1, hours=10, minutes=20)


def test_save_receipt_form_first_save_is_submission_time(demo, personas):
    interview = demo["县乡村振兴局"]
    receipt = services.save_receipt_form(
        interview,
        topic="巩固拓展脱贫攻坚成果",
        fields={
            "contact_name": "吴敏",
            "contact_phone": "0912-4621005",
            "contact_email": "",
            "unit_head": "杨光",
            "notes": "",
        },
        people=[{"role": "guest", "name": "杨光", "title": "局长", "introduction": ""}],
        scan=pdf_upload(),
        by=personas["service_center"],
    )
    first = receipt.submitted_at
    assert receipt.lateness() is not None  # 2023 is long past: marked late, still accepted
    again = services.save_receipt_form(
        interview,
        topic="新主题",
        fields={
            "contact_name": "吴敏",
            "contact_phone": "1",
            "contact_email": "",
            "unit_head": "杨光",
            "notes": "改",
        },
        people=[{"role": "guest", "name": "杨光", "title": "局长", "introduction": "简介"}],
        by=personas["service_center"],
    )
    assert again.submitted_at == first
    assert [p.introduction for p in again.people.all()] == ["简介"]
    from gongkai.audit.models import AuditEntry

    # (the demo's guests' placeholder photos are audited updates of other rows)
    people = AuditEntry.objects.filter(
        model="interviews.ReceiptPerson", object_repr__contains="杨光"
    )
    assert sorted(people.values_list("action", flat=True)) == ["create", "create", "delete"]


def test_save_receipt_form_without_scan_stores_nothing(demo):
    interview = demo["县乡村振兴局"]
    with pytest.raises(ValidationError):
        services.save_receipt_form(
            interview,
            topic="x",
            fields={
                "contact_name": "a",
                "contact_phone": "1",
                "contact_email": "",
                "unit_head": "b",
                "notes": "",
            },
            people=[{"role": "guest", "name": "c", "title": "", "introduction": ""}],
            by=None,
        )
    assert not ReceiptForm.objects.filter(interview=interview).exists()


def test_review_outline_changes_need_a_comment(demo, personas):
    outline = demo["县统计局"].outline
    with pytest.raises(ValidationError):
        services.review_outline(outline, accept=False, comment=" ", by=personas["service_center"])
    services.review_outline(outline, accept=False, comment="请补充", by=personas["service_center"])
    outline.refresh_from_db()
    assert outline.state == OutlineState.CHANGES
    services.submit_outline(outline.interview, text="新提纲", by=personas["unit_staff"])
    outline.refresh_from_db()
    assert outline.state == OutlineState.SUBMITTED


def test_workbench_completion_sources_report_units(demo, programme):
    from gongkai.programmes.models import DeadlineKind
    from gongkai.workbench.registry import completion_source

    receipts = completion_source(DeadlineKind.RECEIPT_FORM)(programme)
    outlines = completion_source(DeadlineKind.INTERVIEW_OUTLINE)(programme)
    nongye = demo["县农业农村局"].unit_id
    assert receipts[nongye] == at("2023-04-07T16:30")
    assert outlines[nongye] == at("2023-04-28T10:00")
    assert demo["县乡村振兴局"].unit_id not in receipts
    assert Outline.objects.count() == len(outlines)


def test_demo_load_is_idempotent(demo, programme):
    from gongkai.interviews.demo import load_demo
    from gongkai.interviews.models import FeedLine, Interview, ReceiptPerson

    before = (Interview.objects.count(), ReceiptPerson.objects.count(), FeedLine.objects.count())
    load_demo(programme)
    after = (Interview.objects.count(), ReceiptPerson.objects.count(), FeedLine.objects.count())
    assert before == after == (6, 6, 6)


def test_workbench_shows_unit_receipt_done_and_outline_late(demo, programme, personas, client_as):
    from gongkai.workbench.registry import TaskState
    from gongkai.workbench.services import tasks_for

    zhenjing = {t.title: t for t in tasks_for(personas["other_unit_staff"], programme)}
    assert zhenjing["在线访谈回执表（附件3）报送"].state == TaskState.LATE
    assert zhenjing["访谈提纲报送"].state == TaskState.LATE
    nongye = {t.title: t for t in tasks_for(personas["unit_staff"], programme)}
    assert nongye["在线访谈回执表（附件3）报送"].state == TaskState.ON_TIME
    assert client_as("unit_staff").get("/staff/").status_code == 200


def test_registered_recordings_count_in_the_clash_check(programme, personas, monkeypatch):
    """A video interpretation (another app's recording) blocks the camera operator too."""
    media = personas["media_center"]
    monkeypatch.setattr(services, "_recording_sources", list(services._recording_sources))

    def video_interpretations(starts_at, ends_at):
        return [
            services.Recording(
                key="video-1",
                label="政策解读视频录制",
                starts_at=at("2023-05-10T08:30"),
                ends_at=at("2023-05-10T09:30"),
                venue="二号演播室",
                crew_ids=frozenset({media.pk}),
                unit_id=None,
            )
        ]

    services.register_recordings(video_interpretations)
    interview = services.book_interview(
        programme=programme,
        unit=Unit.objects.get(name="县农业农村局"),
        starts_at=at("2023-05-10T09:00"),
        venue="一号演播室",
        by=None,
    )
    with pytest.raises(ValidationError) as info:
        services.assign_crew(
            interview, venue="一号演播室", host=None, camera=media, editor=None, by=None
        )
    assert "政策解读视频录制" in " ".join(info.value.messages)
    assert (
        services.crew_clashes(
            starts_at=at("2023-05-10T10:00"),
            ends_at=at("2023-05-10T11:00"),
            venue="二号演播室",
            crew=[media],
            unit=None,
        )
        == []
    )
