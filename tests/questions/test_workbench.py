import datetime as dt

from django.utils import timezone, translation

from gongkai.questions import services
from gongkai.questions.workbench import question_tasks
from gongkai.workbench.registry import TaskState, task_sources

LONG_AGO = timezone.make_aware(dt.datetime(2023, 9, 22, 10))


def test_question_tasks_registered_on_workbench():
    assert question_tasks in task_sources()


def test_overdue_warning_for_service_center_and_unit(interview, personas, programme):
    late, _ = services.ask_question(
        interview, nickname="a", text="很早的问题", kind="consult", now=LONG_AGO
    )
    services.ask_question(interview, nickname="b", text="刚问的问题", kind="consult")
    with translation.override("en"):
        service = {t.title: t for t in question_tasks(personas["service_center"], programme)}
    review = [t for t in service.values() if t.url.endswith("?status=pending")]
    assert [t.title for t in review] == ["Netizen messages waiting for review: 2"]
    overdue = [t for t in service.values() if t.state == TaskState.OVERDUE]
    assert len(overdue) == 1 and overdue[0].due == late.due_date
    # The unit sees nothing until a question is sent to it.
    assert question_tasks(personas["unit_staff"], programme) == []
    services.send_to_unit(late, by=personas["service_center"])
    unit_tasks = question_tasks(personas["unit_staff"], programme)
    assert [t.state for t in unit_tasks] == [TaskState.OVERDUE]
    assert question_tasks(personas["other_unit_staff"], programme) == []
    assert question_tasks(personas["media_center"], programme) == []


def test_workbench_page_shows_overdue_task(client_as, interview, personas):
    q, _ = services.ask_question(
        interview, nickname="a", text="很早的问题", kind="consult", now=LONG_AGO
    )
    services.send_to_unit(q, by=personas["service_center"])
    html = client_as("unit_staff").get("/staff/").content.decode()
    assert "/questions/staff/?status=overdue" in html
