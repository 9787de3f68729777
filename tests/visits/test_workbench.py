"""Follow-up reminders on the workbench and as a background task."""

import datetime as dt

from django.utils import timezone

from gongkai.security import notify
from gongkai.visits import services
from gongkai.visits.tasks import send_reminders_task
from tests.visits.conftest import jpeg_upload


def test_unit_sees_no_photos_task_and_coordinator_sees_review_task(
    client_as, future_programme, make_activity
):
    past = make_activity(
        starts_at=timezone.now() - dt.timedelta(days=4), prog=future_programme, title="四天前的活动"
    )
    html = client_as("unit_staff").get("/staff/").content.decode()
    assert "四天前的活动" in html
    assert f"/visits/staff/{past.pk}/" in html
    assert "四天前的活动" not in client_as("other_unit_staff").get("/staff/").content.decode()
    services.upload_media(past, jpeg_upload(), by=None)
    assert "/publishing/staff/" in client_as("service_center").get("/staff/").content.decode()


def test_plan_deadline_completion_on_workbench(client_as, make_activity):
    make_activity(submitted_at=dt.datetime(2023, 4, 11, 9, tzinfo=dt.UTC))
    html = client_as("unit_staff").get("/staff/").content.decode()
    assert "state-late" in html


def test_reminder_task_runs_and_sends(
    future_programme, make_activity, django_capture_on_commit_callbacks
):
    make_activity(starts_at=timezone.now() + dt.timedelta(days=2), prog=future_programme)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders_task.call() == 1
    assert [m.phone for m in notify.outbox] == ["0912-4600001"]


def test_coordinator_plans_for_a_unit(client_as, programme):
    from gongkai.units.models import Unit
    from gongkai.visits.models import Activity

    unit = Unit.objects.get(name="县统计局")
    data = {
        "unit": unit.pk,
        "title": "走进统计局",
        "starts_at": "2023-06-01T09:30",
        "place": "会议室",
        "has_tour": "on",
        "leader": "局长",
        "contact_name": "陈",
        "contact_phone": "0912-2",
        "capacity": "15",
    }
    response = client_as("service_center").post("/visits/staff/plans/new/", data)
    assert response.status_code == 302
    assert Activity.objects.get().unit == unit
