"""The interview status is a state machine (草稿 → 预告 → 直播中 → 往期回顾), one confirmed step at
a time, with preconditions; a step back needs a reason and is audited; the assessment credits
the recorded actual start, not the scheduled time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.interviews.models import FeedLine, Interview, InterviewStatus, SpeakerKind
from gongkai.units.models import Unit
from tests.assessment.pages import table_rows
from tests.interviews.conftest import at

S = InterviewStatus


def step(client, interview: Interview, to: str, data: dict | None = None):
    return client.post(reverse("interviews:status-step", args=[interview.pk, to]), data or {})


def status_of(interview: Interview) -> str:
    interview.refresh_from_db()
    return interview.status


@pytest.fixture
def indicators(programme):
    from gongkai.assessment.indicator_tree import create_default_indicators

    return create_default_indicators(programme)


@pytest.fixture
def staff(client_as):
    return client_as("service_center")


def test_detail_page_has_step_buttons_not_a_status_dropdown(demo, staff):
    interview = demo["县统计局"]  # a draft
    page = staff.get(reverse("interviews:staff-detail", args=[interview.pk])).content.decode()
    assert 'name="status"' not in page
    assert f'href="/interviews/staff/{interview.pk}/status/preview/"' in page
    assert "下一步：预告" in page
    assert "/status/archived/" not in page and "/status/live/" not in page


def test_each_forward_step_asks_first_and_says_what_it_does(demo, staff):
    interview = demo["县统计局"]
    url = reverse("interviews:status-step", args=[interview.pk, "preview"])
    page = staff.get(url).content.decode()
    assert "门户网站" in page and "预告" in page  # what the step will do
    assert "是，改为“预告”" in page
    assert status_of(interview) == S.DRAFT  # the GET changed nothing
    assert step(staff, interview, "preview").status_code == 302
    assert status_of(interview) == S.PREVIEW
    page = staff.get(
        reverse("interviews:status-step", args=[interview.pk, "live"])
    ).content.decode()
    assert "实际开始时间" in page


@pytest.mark.parametrize("to", [S.LIVE, S.ARCHIVED])
def test_a_draft_cannot_jump_states(demo, staff, to):
    interview = demo["县统计局"]
    response = step(staff, interview, to, {"at": "2023-05-12T09:00"})
    assert response.status_code == 400
    assert "一步" in response.content.decode()
    assert status_of(interview) == S.DRAFT
    assert interview.actual_started_at is None


def test_preview_needs_guests_on_the_receipt_form(demo, staff):
    interview = demo["县乡村振兴局"]  # booked, no receipt form
    page = staff.get(reverse("interviews:status-step", args=[interview.pk, "preview"]))
    text = page.content.decode()
    assert "嘉宾" in text and "是，改为" not in text  # says what is missing, offers no button
    response = step(staff, interview, "preview")
    assert response.status_code == 400
    assert status_of(interview) == S.DRAFT


def test_going_live_records_the_actual_start_and_archive_needs_a_record(demo, staff):
    interview = demo["小河镇"]  # preview
    assert step(staff, interview, "live", {"at": "2023-05-31T15:10"}).status_code == 302
    assert status_of(interview) == S.LIVE
    assert interview.actual_started_at == at("2023-05-31T15:10")

    # no text record and no video: the archive would be empty
    response = step(staff, interview, "archived")
    assert response.status_code == 400 and "视频" in response.content.decode()
    assert status_of(interview) == S.LIVE

    FeedLine.objects.create(interview=interview, speaker_kind=SpeakerKind.HOST, text="欢迎")
    # an end before the start is refused
    response = step(staff, interview, "archived", {"at": "2023-05-31T15:00"})
    assert response.status_code == 400
    assert status_of(interview) == S.LIVE
    assert step(staff, interview, "archived", {"at": "2023-05-31T16:40"}).status_code == 302
    assert status_of(interview) == S.ARCHIVED
    assert interview.actual_ended_at == at("2023-05-31T16:40")


def test_an_actual_start_in_the_future_is_refused(demo, staff):
    interview = demo["小河镇"]
    response = step(staff, interview, "live", {"at": "2099-01-01T09:00"})
    assert response.status_code == 400
    assert status_of(interview) == S.PREVIEW


def test_a_step_back_needs_a_reason_is_audited_and_shown(demo, staff):
    interview = demo["县农业农村局"]  # archived
    page = staff.get(
        reverse("interviews:status-step", args=[interview.pk, "live"])
    ).content.decode()
    assert "理由" in page
    assert step(staff, interview, "live").status_code == 400
    assert status_of(interview) == S.ARCHIVED

    reason = "录像有误，需重新整理实录"
    assert step(staff, interview, "live", {"reason": reason}).status_code == 302
    assert status_of(interview) == S.LIVE
    assert interview.actual_ended_at is None  # what the undone step recorded is cleared
    assert interview.actual_started_at is not None
    entry = AuditEntry.objects.filter(model="interviews.StatusChange", action="create").get()
    assert entry.after["reason"] == reason and entry.after["to_status"] == "live"
    assert entry.username == "p-service"
    page = staff.get(reverse("interviews:staff-detail", args=[interview.pk])).content.decode()
    assert reason in page and "往期回顾 → 直播中" in page
    # two steps back at once are refused even with a reason
    assert step(staff, interview, "draft", {"reason": reason}).status_code == 400
    assert status_of(interview) == S.LIVE


@pytest.mark.parametrize("persona", ["media_center", "unit_staff", "assessor"])
def test_only_coordinators_take_steps(demo, client_as, persona):
    interview = demo["小河镇"]
    response = step(client_as(persona), interview, "live")
    assert response.status_code in (403, 404)
    assert status_of(interview) == S.PREVIEW
    page = client_as(persona).get(reverse("interviews:staff-detail", args=[interview.pk]))
    assert "/status/live/" not in page.content.decode()


def _interview_point(client, programme, unit_name: str) -> list[str]:
    unit = Unit.objects.get(name=unit_name)
    page = client.get(reverse("assessment:unit", args=[programme.year, unit.pk]))
    return next(row for row in table_rows(page.content, "points") if "完成访谈" in row[0])


def test_assessment_credits_the_actual_start_not_the_schedule(
    demo, programme, indicators, client_as
):
    county = client_as("county_office")
    archived = demo["县农业农村局"]  # scheduled 2023-05-10, its slot; actually held then
    row = _interview_point(county, programme, "县农业农村局")
    assert row[2] == "10.00" and row[3].startswith("已在计划时段")
    assert "文字实录：6 条 2023-05-10" in row[4]

    # archived by a click, never actually started: not credited, whatever the schedule says
    Interview.objects.filter(pk=archived.pk).update(actual_started_at=None, actual_ended_at=None)
    row = _interview_point(county, programme, "县农业农村局")
    assert row[2] == "0.00" and row[3].startswith("尚未举行")

    # actually held a month after the slot: held, but outside the slot
    Interview.objects.filter(pk=archived.pk).update(
        actual_started_at=at("2023-06-20T09:00"), actual_ended_at=at("2023-06-20T10:30")
    )
    row = _interview_point(county, programme, "县农业农村局")
    assert row[2] == "5.00" and row[3].startswith("已完成，但不在计划时段")
    assert "2023-06-20" in row[4]


def test_removing_a_feed_line_asks_first(demo, client_as):
    interview = demo["县农业农村局"]
    line = FeedLine.objects.create(
        interview=interview, speaker_kind=SpeakerKind.HOST, text="打错的一行"
    )
    client = client_as("media_center")
    url = reverse("interviews:feed-remove", args=[interview.pk, line.pk])
    control = client.get(reverse("interviews:staff-control", args=[interview.pk])).content.decode()
    assert 'hx-confirm="' in control  # the htmx button asks in the browser
    page = client.post(url).content.decode()  # the plain form asks on a page
    assert "打错的一行" in page and 'name="confirmed"' in page
    assert FeedLine.objects.filter(pk=line.pk).exists()
    client.post(url, {"confirmed": "1"})
    assert not FeedLine.objects.filter(pk=line.pk).exists()
