import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.interviews.models import Interview
from gongkai.lib.uploads import validate_video
from gongkai.policies import services, workbench
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    InterpretationKind,
    InterpretationRules,
    PolicyDocument,
    VideoRequest,
    VideoRequestStatus,
)
from gongkai.policies.services import Progress
from gongkai.publishing.models import ReviewStatus
from gongkai.workbench.registry import TaskState
from tests.policies.conftest import (
    at,
    make_document,
    make_interpretation,
    mp4_upload,
    pdf_upload,
    png_upload,
    upload_error,
)


def _fields(unit, **extra):
    fields = {
        "title": "靖边县测试办法",
        "number": "靖农发〔2023〕99号",
        "issuer": "县农业农村局",
        "signed_on": dt.date(2023, 5, 8),
        "drafting_unit": unit,
        "interpreter_name": "",
        "interpreter_title": "",
        "text": "正文",
    }
    fields.update(extra)
    return fields


def test_create_document_sets_head_as_first_interpreter(personas, nongye):
    document = services.create_document(by=personas["unit_staff"], **_fields(nongye))
    assert (document.status, document.interpreter_title, document.created_by) == (
        DocumentStatus.DRAFT,
        "局长",
        personas["unit_staff"],
    )


def test_create_document_duplicate_number_stores_nothing(personas, nongye):
    services.create_document(by=personas["unit_staff"], **_fields(nongye))
    with pytest.raises(ValidationError) as caught:
        services.create_document(by=personas["unit_staff"], **_fields(nongye, title="另一个"))
    assert "已经被另一份文件使用" in caught.value.message_dict["number"][0]
    assert PolicyDocument.objects.count() == 1


def test_create_document_for_another_unit_is_refused(personas, zhenjing):
    with pytest.raises(PermissionDenied):
        services.create_document(by=personas["unit_staff"], **_fields(zhenjing))
    assert PolicyDocument.objects.count() == 0


def test_only_public_interviews_can_be_newly_linked(personas, programme, nongye):
    """The service refuses a link to an interview the portal does not show, stores nothing;
    the form offers the programme's public interviews and those already linked."""
    from gongkai.interviews.models import InterviewStatus

    shown = Interview.objects.create(
        programme=programme, unit=nongye, topic="公开访谈", status=InterviewStatus.ARCHIVED
    )
    draft = Interview.objects.create(programme=programme, unit=nongye, topic="草稿访谈")
    with pytest.raises(ValidationError) as caught:
        services.create_document(
            by=personas["unit_staff"], related_interviews=[shown, draft], **_fields(nongye)
        )
    assert "尚未在门户网站发布" in caught.value.message_dict["related_interviews"][0]
    assert PolicyDocument.objects.count() == 0
    assert list(services.interview_choices()) == [shown]
    document = services.create_document(
        by=personas["unit_staff"], related_interviews=[shown], **_fields(nongye)
    )
    shown.status = InterviewStatus.DRAFT  # taken off the portal after it was linked
    shown.save()
    assert list(services.interview_choices(document)) == [shown]  # still offered to unlink
    services.update_document(document, by=personas["unit_staff"], related_interviews=[shown])
    assert list(document.related_interviews.all()) == [shown]


def test_publish_before_signing_is_refused_and_nothing_changes(personas, nongye):
    document = make_document(nongye, signed_on=dt.date(2023, 5, 8))
    make_interpretation(document)
    with pytest.raises(ValidationError) as caught:
        services.publish_document(
            document, by=personas["unit_staff"], published_on=dt.date(2023, 5, 7)
        )
    assert "早于成文日期" in caught.value.message_dict["published_on"][0]
    document.refresh_from_db()
    assert (document.status, document.published_on) == (DocumentStatus.DRAFT, None)


def test_publish_without_interpretation_needs_a_reason(personas, nongye):
    document = make_document(nongye)
    with pytest.raises(services.NeedsConfirmation):
        services.publish_document(
            document, by=personas["unit_staff"], published_on=dt.date(2023, 5, 10)
        )
    document.refresh_from_db()
    assert document.status == DocumentStatus.DRAFT
    services.publish_document(
        document, by=personas["unit_staff"], published_on=dt.date(2023, 5, 10), reason="稍后补发"
    )
    document.refresh_from_db()
    assert (document.status, document.no_interpretation_reason) == (
        DocumentStatus.PUBLISHED,
        "稍后补发",
    )


def test_publish_records_due_dates_from_the_rules_in_force(personas, programme, nongye):
    InterpretationRules.objects.create(programme=None, written_days=1, video_days=10)
    InterpretationRules.objects.create(programme=programme, written_days=2, video_days=20)
    doc_2023 = make_document(nongye)
    make_interpretation(doc_2023)
    services.publish_document(
        doc_2023, by=personas["unit_staff"], published_on=dt.date(2023, 5, 10)
    )
    doc_2024 = make_document(nongye, signed_on=dt.date(2024, 1, 1))
    make_interpretation(doc_2024)
    services.publish_document(doc_2024, by=personas["unit_staff"], published_on=dt.date(2024, 1, 2))
    assert (doc_2023.written_due_on, doc_2023.video_due_on) == (
        dt.date(2023, 5, 12),
        dt.date(2023, 5, 30),
    )
    assert (doc_2024.written_due_on, doc_2024.video_due_on) == (
        dt.date(2024, 1, 3),
        dt.date(2024, 1, 12),
    )


def test_publish_defaults_to_same_day_and_thirty_days(personas, nongye):
    document = make_document(nongye)
    make_interpretation(document)
    services.publish_document(
        document, by=personas["unit_staff"], published_on=dt.date(2023, 5, 10)
    )
    assert (document.written_due_on, document.video_due_on) == (
        dt.date(2023, 5, 10),
        dt.date(2023, 6, 9),
    )


def test_interpretation_by_another_unit_is_refused(personas, nongye):
    document = make_document(nongye)
    with pytest.raises(PermissionDenied):
        services.create_interpretation(
            document, by=personas["other_unit_staff"], kind="text", title="解读", body="内容"
        )
    assert Interpretation.objects.count() == 0


@pytest.mark.parametrize("persona", ["unit_staff", "service_center"])
def test_drafting_unit_and_service_center_may_interpret(personas, nongye, persona):
    document = make_document(nongye)
    interpretation = services.create_interpretation(
        document, by=personas[persona], kind="text", title="解读", body="内容"
    )
    assert (interpretation.review_status, interpretation.interpreter) == (
        ReviewStatus.PENDING,
        "局长",
    )


@pytest.mark.parametrize("persona", ["county_office", "media_center", "assessor"])
def test_others_may_not_interpret(personas, nongye, persona):
    with pytest.raises(PermissionDenied):
        services.create_interpretation(
            make_document(nongye), by=personas[persona], kind="text", title="解读", body="内容"
        )


def test_video_that_is_not_a_video_stores_nothing(personas, nongye):
    document = make_document(nongye)
    with pytest.raises(ValidationError) as caught:
        services.create_interpretation(
            document,
            by=personas["unit_staff"],
            kind="video",
            title="视频",
            video=pdf_upload("x.mp4"),
        )
    assert caught.value.message_dict["video"] == upload_error(validate_video, pdf_upload())
    assert Interpretation.objects.count() == 0


def test_graphic_and_link_interpretations_are_checked(personas, nongye):
    document = make_document(nongye)
    with pytest.raises(ValidationError) as caught:
        services.create_interpretation(
            document, by=personas["unit_staff"], kind="graphic", title="图解", image=mp4_upload()
        )
    assert list(caught.value.message_dict) == ["image"]
    with pytest.raises(ValidationError) as caught:
        services.create_interpretation(document, by=personas["unit_staff"], kind="link", title="H5")
    assert list(caught.value.message_dict) == ["url"]
    graphic = services.create_interpretation(
        document, by=personas["unit_staff"], kind="graphic", title="图解", image=png_upload()
    )
    assert graphic.image.name.endswith(".png")


def test_approve_publishes_and_measures_delay(personas, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    interpretation = make_interpretation(document)
    services.approve_interpretation(interpretation, by=personas["service_center"])
    assert interpretation.is_published
    assert interpretation.published_on == services.county_today()
    assert interpretation.delay_days == (services.county_today() - dt.date(2023, 5, 10)).days


def test_only_the_service_center_reviews(personas, nongye):
    interpretation = make_interpretation(make_document(nongye))
    for persona in ("county_office", "unit_staff", "media_center"):
        with pytest.raises(PermissionDenied):
            services.approve_interpretation(interpretation, by=personas[persona])
    with pytest.raises(ValidationError):
        services.reject_interpretation(interpretation, by=personas["service_center"], reason=" ")
    services.reject_interpretation(interpretation, by=personas["service_center"], reason="照抄原文")
    interpretation.refresh_from_db()
    assert (interpretation.review_status, interpretation.reject_reason) == (
        ReviewStatus.REJECTED,
        "照抄原文",
    )


def test_progress_marks_on_time_late_missing_and_due(nongye):
    today = dt.date(2023, 6, 1)
    on_time = make_document(nongye, published_on=dt.date(2023, 5, 10))
    make_interpretation(on_time, published=at(dt.date(2023, 5, 10), 23))
    late = make_document(nongye, published_on=dt.date(2023, 5, 10))
    make_interpretation(late, published=at(dt.date(2023, 5, 13)))
    missing = make_document(nongye, published_on=dt.date(2023, 5, 20))
    make_interpretation(missing)  # pending review does not count as published
    due = make_document(nongye, published_on=dt.date(2023, 6, 1), written_days=2)
    states = {
        d.pk: services.progress(d, today)
        for d in services.documents_with_progress(PolicyDocument.objects.all())
    }
    assert (states[on_time.pk].written.state, states[on_time.pk].written.delay_days) == (
        Progress.ON_TIME,
        0,
    )
    assert (states[late.pk].written.state, states[late.pk].written.days_late) == (Progress.LATE, 3)
    assert (
        states[missing.pk].written.state,
        states[missing.pk].written.days_late,
        states[missing.pk].written.pending,
    ) == (Progress.MISSING, 12, True)
    assert (states[due.pk].written.state, states[due.pk].written.days_left) == (Progress.WAITING, 2)
    assert states[on_time.pk].video.state == Progress.WAITING  # due 2023-06-09


def test_statistics_worked_out_by_hand(nongye, zhenjing):
    """农业农村局: 3 documents — A written same day + video on day 20 (on time), B written 4 days
    late, C nothing (missing). 镇靖镇: 1 document D with a graphic the next day (late by 1, since
    the default is the same day). One 2022 document and one draft are left out.

    农业农村局: published 3, interpreted 2 (2/3), on time 1 (1/3), delays [0, 4] → 2.0,
    videos 1 on time; missing written 1 (C), missing video 2 (B, C; A's video is in).
    镇靖镇: published 1, interpreted 1, on time 0, delays [1] → 1.0, missing video 1.
    County: published 4, interpreted 3, on time 1, delays [0, 4, 1] → 5/3."""
    now = at(dt.date(2023, 8, 1))
    a = make_document(nongye, published_on=dt.date(2023, 5, 10))
    make_interpretation(a, published=at(dt.date(2023, 5, 10)))
    make_interpretation(a, kind=InterpretationKind.VIDEO, published=at(dt.date(2023, 5, 30)))
    b = make_document(nongye, published_on=dt.date(2023, 6, 1))
    make_interpretation(b, published=at(dt.date(2023, 6, 5)))
    make_document(nongye, published_on=dt.date(2023, 6, 10))
    d = make_document(zhenjing, published_on=dt.date(2023, 7, 1))
    make_interpretation(d, kind=InterpretationKind.GRAPHIC, published=at(dt.date(2023, 7, 2)))
    make_document(nongye, published_on=dt.date(2022, 7, 1), signed_on=dt.date(2022, 6, 1))
    make_document(nongye)  # draft

    stats = services.statistics(2023, now=now)
    assert stats[nongye.pk] == {
        "unit_id": nongye.pk,
        "unit": "县农业农村局",
        "published": 3,
        "interpreted": 2,
        "interpreted_share": 2 / 3,
        "on_time": 1,
        "on_time_share": 1 / 3,
        "average_delay_days": 2.0,
        "video_published": 1,
        "video_on_time": 1,
        "missing_written": 1,
        "missing_video": 2,
    }
    assert stats[zhenjing.pk]["interpreted_share"] == 1.0
    assert stats[zhenjing.pk]["on_time_share"] == 0.0
    assert stats[zhenjing.pk]["average_delay_days"] == 1.0
    county = services.county_statistics(2023, now=now)
    assert (county["published"], county["interpreted"], county["on_time"]) == (4, 3, 1)
    assert county["average_delay_days"] == pytest.approx(5 / 3)
    by_range = services.statistics(start=dt.date(2023, 6, 1), end=dt.date(2023, 6, 30), now=now)
    assert by_range[nongye.pk]["published"] == 2 and zhenjing.pk not in by_range


def test_statistics_empty_year_has_no_shares(programme):
    assert services.statistics(2030) == {}
    assert services.county_statistics(2030)["interpreted_share"] is None


def test_video_request_schedule_refuses_clashes(personas, programme, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    media = personas["media_center"]
    first = services.request_video(
        document, by=personas["unit_staff"], starts_at=at(dt.date(2023, 5, 20), 9)
    )
    services.schedule_video(
        first,
        by=media,
        starts_at=at(dt.date(2023, 5, 20), 9),
        duration_minutes=60,
        venue="演播室",
        host=media,
    )
    second = services.request_video(
        document, by=personas["unit_staff"], starts_at=at(dt.date(2023, 5, 20), 9)
    )
    with pytest.raises(ValidationError) as caught:
        services.schedule_video(
            second,
            by=media,
            starts_at=at(
                dt.date(2023, 5, 20),
                9,
            )
            + dt.timedelta(minutes=30),
            duration_minutes=60,
            venue="演播室",
        )
    assert "同一场地 演播室" in caught.value.messages[0]
    Interview.objects.create(
        programme=programme,
        unit=nongye,
        starts_at=at(dt.date(2023, 5, 21), 9),
        duration_minutes=90,
        venue="访谈间",
        camera=media,
    )
    with pytest.raises(ValidationError) as caught:
        services.schedule_video(
            second,
            by=media,
            starts_at=at(dt.date(2023, 5, 21), 10),
            duration_minutes=60,
            venue="会议室",
            camera=media,
        )
    assert "县农业农村局的在线访谈" in caught.value.messages[0]
    second.refresh_from_db()
    assert second.status == VideoRequestStatus.REQUESTED
    services.schedule_video(
        second,
        by=media,
        starts_at=at(dt.date(2023, 5, 21), 11),
        duration_minutes=60,
        venue="会议室",
        camera=media,
    )
    second.refresh_from_db()
    assert (second.status, second.venue) == (VideoRequestStatus.SCHEDULED, "会议室")


def test_uploaded_recording_becomes_a_video_interpretation(personas, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    request = services.request_video(
        document, by=personas["unit_staff"], starts_at=at(dt.date(2023, 5, 20))
    )
    with pytest.raises(ValidationError):
        services.upload_recorded_video(
            request, by=personas["media_center"], title="视频", upload=pdf_upload()
        )
    assert Interpretation.objects.count() == 0
    video = services.upload_recorded_video(
        request, by=personas["media_center"], title="视频", upload=mp4_upload()
    )
    request.refresh_from_db()
    assert (video.kind, video.video_request, request.status) == (
        InterpretationKind.VIDEO,
        request,
        VideoRequestStatus.RECORDED,
    )
    with pytest.raises(PermissionDenied):
        services.upload_recorded_video(
            request, by=personas["unit_staff"], title="视频", upload=mp4_upload()
        )


def test_workbench_reminds_before_due_and_lists_missing(personas, programme, nongye):
    today = services.county_today()
    soon = make_document(nongye, published_on=today, written_days=2, signed_on=today)
    far = make_document(nongye, published_on=today, written_days=20, signed_on=today)
    far.video_due_on = today + dt.timedelta(days=40)
    far.save()
    past = make_document(
        nongye, published_on=today - dt.timedelta(days=5), signed_on=today - dt.timedelta(days=9)
    )
    # Tasks cover documents published in the programme year: use this year's.
    programme.year = today.year
    tasks = workbench.workbench_tasks(personas["unit_staff"], programme)
    by_title = {(t.title, t.state) for t in tasks}
    assert (f"{soon.number} 的文字解读", TaskState.TODO) in by_title
    assert (f"{past.number} 的文字解读", TaskState.OVERDUE) in by_title
    assert not any(far.number in t.title for t in tasks)
    assert workbench.workbench_tasks(personas["other_unit_staff"], programme) == []
    summary = workbench.workbench_tasks(personas["service_center"], programme)
    assert [t.counts for t in summary] == [
        {TaskState.ON_TIME: 0, TaskState.LATE: 0, TaskState.TODO: 2, TaskState.OVERDUE: 1}
    ]


def test_change_status_to_repealed(personas, nongye):
    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    services.change_status(
        document, by=personas["unit_staff"], status="repealed", note="被新文件废止"
    )
    assert PolicyDocument.objects.public().get().status == DocumentStatus.REPEALED
    with pytest.raises(ValidationError):
        services.change_status(make_document(nongye), by=personas["unit_staff"], status="revised")


def test_demo_is_idempotent_and_starts_with_the_notice(programme):
    from gongkai.ops.demo import create_demo_accounts
    from gongkai.policies.demo import load_demo

    create_demo_accounts()
    load_demo(programme)
    counts = (
        PolicyDocument.objects.count(),
        Interpretation.objects.count(),
        VideoRequest.objects.count(),
    )
    load_demo(programme)
    assert counts == (
        PolicyDocument.objects.count(),
        Interpretation.objects.count(),
        VideoRequest.objects.count(),
    )
    first = PolicyDocument.objects.order_by("id").first()
    assert (first.number, first.drafting_unit.special_role, first.published_on) == (
        "靖政办发〔2023〕15号",
        "county_office",
        dt.date(2023, 4, 3),
    )
    states = {
        d.number: services.progress(d).written.state
        for d in services.documents_with_progress(PolicyDocument.objects.public())
    }
    assert sorted(states.values()) == sorted(
        [Progress.ON_TIME, Progress.ON_TIME, Progress.LATE, Progress.MISSING]
    )
    assert Interpretation.objects.published().filter(kind="video").count() == 1


def test_reminders_are_sent_once_before_due(
    personas, nongye, mailoutbox, django_capture_on_commit_callbacks
):
    personas["unit_staff"].email = "nongye@example.org"
    personas["unit_staff"].save()
    personas["other_unit_staff"].email = "zhenjing@example.org"
    personas["other_unit_staff"].save()
    today = services.county_today()
    soon = make_document(nongye, published_on=today, signed_on=today, written_days=2)
    make_document(nongye, published_on=today, signed_on=today, written_days=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders() == 0
    assert [m.to for m in mailoutbox] == [["nongye@example.org"]]
    assert soon.number in mailoutbox[0].subject
    soon.refresh_from_db()
    assert (soon.written_reminded_on, soon.video_reminded_on) == (today, None)


def test_interpretations_join_the_shared_review_queue_when_it_exists(personas, nongye):
    registry = pytest.importorskip("gongkai.publishing.registry")
    kind = registry.reviewable_kind("policies.interpretation")
    document = make_document(nongye)
    graphic = make_interpretation(document, kind=InterpretationKind.GRAPHIC)
    assert kind.owner_unit(graphic) == nongye
    assert kind.detail_url(graphic) == f"/policies/staff/{document.pk}/"
    assert kind.preview_url(graphic) == f"/policies/interpretations/{graphic.pk}/image/"


def test_interview_booking_refuses_the_venue_of_a_video_recording(personas, programme, nongye):
    """The clash check runs both ways: an interview cannot take the studio a video
    interpretation is being recorded in."""
    from gongkai.interviews.services import ScheduleError, book_interview

    document = make_document(nongye, published_on=dt.date(2023, 5, 10))
    media = personas["media_center"]
    request = services.request_video(
        document, by=personas["unit_staff"], starts_at=at(dt.date(2023, 5, 12), 9)
    )
    services.schedule_video(
        request,
        by=media,
        starts_at=at(dt.date(2023, 5, 12), 9),
        duration_minutes=60,
        venue="演播室",
        host=media,
    )
    with pytest.raises(ScheduleError) as caught:
        book_interview(
            programme=programme,
            unit=nongye,
            starts_at=at(dt.date(2023, 5, 12), 9) + dt.timedelta(minutes=30),
            venue="演播室",
            by=personas["service_center"],
        )
    assert "演播室" in str(caught.value)
    assert not Interview.objects.filter(unit=nongye).exists()
