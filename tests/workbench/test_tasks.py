"""Workbench task states (to do, done on time, done late with lateness, overdue) per role,
driven by a completion source registered the way the domain apps register theirs."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.programmes.models import Deadline, DeadlineKind, InterviewSlot, Programme, SlotUnit
from gongkai.units.models import Unit, UnitKind
from gongkai.workbench import registry
from gongkai.workbench.registry import Task, TaskState, register_completion, register_tasks
from gongkai.workbench.services import tasks_for
from tests.conftest import make_user
from tests.fixtures.queries import clear_caches

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def sources():
    """An empty registry for the test; the apps' own sources come back afterwards."""
    saved = dict(registry._completions), list(registry._task_sources)
    registry._completions.clear()
    registry._task_sources.clear()
    submitted: dict[str, dict[int, dt.datetime]] = {}

    def source_for(kind):
        return lambda programme: submitted.get(kind, {})

    for kind in DeadlineKind.values:
        register_completion(kind, source_for(kind))
    yield submitted
    registry._completions.clear()
    registry._completions.update(saved[0])
    registry._task_sources[:] = saved[1]


def english(client):
    return lambda url: client.get(url, HTTP_ACCEPT_LANGUAGE="en")


def rows(response) -> dict[str, str]:
    """Workbench table rows as {task title: row text}."""
    body = response.content.decode()
    table = body[body.index("<tbody>") : body.index("</tbody>")]
    result = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        text = re.sub(r"<[^>]+>", " ", row)
        text = re.sub(r"\s+", " ", text).strip()
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        title = re.sub(r"<[^>]+>", "", cells[0]).strip() if cells else text
        result[title] = text
    return result


VISIT_PLAN = "活动计划安排表（附件1）报送"
RECEIPT = "在线访谈回执表（附件3）报送"
OUTLINE = "访谈提纲报送"


def test_unit_task_done_on_time_at_the_last_minute_of_the_due_day(client_as, sources, personas):
    sources[DeadlineKind.VISIT_PLAN] = {
        personas["unit_staff"].unit_id: dt.datetime(2023, 4, 9, 23, 59, tzinfo=TZ)
    }
    page = rows(english(client_as("unit_staff"))("/staff/"))
    assert "done on time" in page[VISIT_PLAN]
    assert "late" not in page[VISIT_PLAN].replace("done on time", "")


def test_unit_task_done_late_shows_how_late(client_as, sources, personas):
    sources[DeadlineKind.VISIT_PLAN] = {
        personas["unit_staff"].unit_id: dt.datetime(2023, 4, 11, 3, 0, tzinfo=TZ)
    }
    page = rows(english(client_as("unit_staff"))("/staff/"))
    assert "done late" in page[VISIT_PLAN]
    # Due 9 April, came 11 April at 03:00: two calendar days late (the rule under the table).
    assert "2 days late" in page[VISIT_PLAN]
    assert "calendar days" in english(client_as("unit_staff"))("/staff/").content.decode()


def test_unit_task_not_done_after_the_due_day_is_overdue(client_as, sources):
    page = rows(english(client_as("unit_staff"))("/staff/"))
    assert "overdue" in page[VISIT_PLAN]
    assert "overdue" in page[OUTLINE]


def test_unit_task_before_the_due_day_is_to_do(client_as, sources, programme):
    future = timezone.localdate() + dt.timedelta(days=10)
    programme.deadlines.filter(kind=DeadlineKind.INTERVIEW_OUTLINE).update(due_date=future)
    page = rows(english(client_as("unit_staff"))("/staff/"))
    assert "to do" in page[OUTLINE]
    assert future.isoformat() in page[OUTLINE]


def test_due_date_is_shown_as_the_end_of_the_day_in_county_time(client_as, sources):
    response = english(client_as("unit_staff"))("/staff/")
    page = rows(response)
    assert "2023-04-09 until 24:00 Beijing time" in page[VISIT_PLAN]
    assert '<time datetime="2023-04-09">' in response.content.decode()


def test_unit_staff_sees_only_their_own_submission(client_as, sources, personas):
    # the other unit submitted late; our unit did nothing: we see overdue, not "done late"
    sources[DeadlineKind.VISIT_PLAN] = {
        personas["other_unit_staff"].unit_id: dt.datetime(2023, 4, 12, tzinfo=TZ)
    }
    ours = rows(english(client_as("unit_staff"))("/staff/"))
    theirs = rows(english(client_as("other_unit_staff"))("/staff/"))
    assert "overdue" in ours[VISIT_PLAN]
    assert "done late" in theirs[VISIT_PLAN]


def test_unit_that_owes_nothing_has_nothing_to_do(client, sources, programme):
    unit = Unit.objects.create(name="县审计局", kind=UnitKind.DEPARTMENT)
    client.force_login(make_user("audit-staff", Role.UNIT_STAFF, unit))
    response = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Nothing to do right now." in response.content.decode()


def test_receipt_form_is_owed_only_by_units_in_a_slot(sources, programme):
    unit = Unit.objects.get(name="县自然资源和规划局")  # in slot 2, a participant
    user = make_user("ziran", Role.UNIT_STAFF, unit)
    titles = {t.title for t in tasks_for(user, programme)}
    assert titles == {VISIT_PLAN, RECEIPT, OUTLINE}
    stationed = programme.participants.exclude(pk__in=SlotUnit.objects.values("unit_id")).first()
    other = make_user("plain", Role.UNIT_STAFF, stationed)
    assert {t.title for t in tasks_for(other, programme)} == {VISIT_PLAN}


@pytest.mark.parametrize("persona", ["county_office", "service_center", "assessor"])
def test_coordinators_and_assessors_see_counts_per_deadline(client_as, sources, personas, persona):
    owing = Programme.objects.get(year=2023).participants.count()
    sources[DeadlineKind.VISIT_PLAN] = {
        personas["unit_staff"].unit_id: dt.datetime(2023, 4, 8, tzinfo=TZ),
        personas["other_unit_staff"].unit_id: dt.datetime(2023, 4, 10, 5, tzinfo=TZ),
    }
    page = rows(english(client_as(persona))("/staff/"))
    assert f"1 on time, 1 late, 0 to do, {owing - 2} overdue" in page[VISIT_PLAN]
    assert "overdue" in page[VISIT_PLAN]


def test_coordinator_task_is_done_when_every_unit_is_done(sources, personas, programme):
    owing = {u.pk for u in programme.participants.all()}
    sources[DeadlineKind.VISIT_PLAN] = {pk: dt.datetime(2023, 4, 9, 12, tzinfo=TZ) for pk in owing}
    tasks = {t.title: t for t in tasks_for(personas["county_office"], programme)}
    assert tasks[VISIT_PLAN].state == TaskState.ON_TIME
    assert tasks[VISIT_PLAN].counts[TaskState.ON_TIME] == len(owing)
    late_unit = next(iter(owing))
    sources[DeadlineKind.VISIT_PLAN][late_unit] = dt.datetime(2023, 4, 10, 1, tzinfo=TZ)
    tasks = {t.title: t for t in tasks_for(personas["county_office"], programme)}
    assert tasks[VISIT_PLAN].state == TaskState.LATE


def test_media_center_gets_no_deadline_tasks(sources, personas, programme):
    assert tasks_for(personas["media_center"], programme) == []


def test_registered_task_source_adds_its_tasks(client_as, sources):
    register_tasks(
        lambda user, programme: [Task(title="审核访谈稿", due=None, state=TaskState.TODO)]
    )
    page = rows(english(client_as("media_center"))("/staff/"))
    assert "to do" in page["审核访谈稿"]


def test_state_before_and_after_midnight_county_time(sources, personas, programme):
    user = personas["unit_staff"]
    deadline = programme.deadlines.get(kind=DeadlineKind.VISIT_PLAN)
    before = dt.datetime(2023, 4, 9, 15, 59, tzinfo=dt.UTC)  # 23:59 in Jingbian
    after = dt.datetime(2023, 4, 9, 16, 1, tzinfo=dt.UTC)  # 00:01 next day in Jingbian
    todo = {t.title: t for t in tasks_for(user, programme, now=before)}
    assert todo[str(deadline)].state == TaskState.TODO
    overdue = {t.title: t for t in tasks_for(user, programme, now=after)}
    assert overdue[str(deadline)].state == TaskState.OVERDUE


# --- query counts: 1 vs 3 units owing each deadline ----------------------------------------


def workbench_queries(n: int, role: str) -> int:
    # Published: unit staff never see a draft year (tests/programmes/test_years.py).
    programme = Programme.objects.create(year=2040 + n, title="q", notice_published=True)
    units = [Unit.objects.create(name=f"q{n}-{i}", kind=UnitKind.DEPARTMENT) for i in range(n)]
    programme.participants.set(units)
    slot = InterviewSlot.objects.create(
        programme=programme, start=dt.date(2040, 5, 1), end=dt.date(2040, 5, 9)
    )
    for order, unit in enumerate(units):
        SlotUnit.objects.create(slot=slot, unit=unit, order=order)
    for kind in (DeadlineKind.VISIT_PLAN, DeadlineKind.RECEIPT_FORM):
        Deadline.objects.create(programme=programme, kind=kind, due_date=dt.date(2040, 4, 9))
    user = make_user(f"q{n}-{role}", role, units[0] if role == Role.UNIT_STAFF else None)
    client = Client()
    client.force_login(user)
    clear_caches()  # rendered afresh each time (the footer's numbers are cached after one read)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/staff/")
    assert response.status_code == 200
    assert len(rows(response)) == 2
    programme.delete()  # its open tasks would stay on the next measurement's workbench
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.UNIT_STAFF, Role.SERVICE_CENTER])
def test_workbench_query_count_does_not_grow_with_units(sources, role):
    one = workbench_queries(1, role)
    three = workbench_queries(3, role)
    assert one == three


def test_next_years_draft_does_not_replace_this_years_tasks(client_as, sources, programme):
    from gongkai.programmes.services import create_programme

    draft = create_programme(year=2024, copy_from=programme)
    client = client_as("unit_staff")
    assert client.get("/staff/").context["programme"] == programme
    draft.notice_published = True
    draft.save()
    assert client.get("/staff/").context["programme"] == draft
