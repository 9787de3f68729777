"""The workbench: each role's tasks with due dates and states, and the programme calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.accounts import rules
from gongkai.lib.deadlines import is_overdue, lateness
from gongkai.programmes.models import Deadline, DeadlineKind, Programme
from gongkai.workbench.registry import Task, TaskState, completion_source, task_sources


def responsible_units(programme: Programme, deadline: Deadline) -> set[int]:
    """Which units owe this deadline: visit plans from every implementing unit, receipt forms
    and outlines from the units interviewed in a slot."""
    if deadline.kind == DeadlineKind.VISIT_PLAN:
        return {u.pk for u in programme.participants.all()}
    if deadline.kind in (DeadlineKind.RECEIPT_FORM, DeadlineKind.INTERVIEW_OUTLINE):
        return {su.unit_id for slot in programme.slots.all() for su in slot.slot_units.all()}
    return set()


def state_for(
    due: dt.date, submitted_at: dt.datetime | None, now: dt.datetime
) -> tuple[str, dt.timedelta | None]:
    if submitted_at is None:
        return (TaskState.OVERDUE if is_overdue(due, now) else TaskState.TODO), None
    late = lateness(submitted_at, due)
    return (TaskState.LATE if late else TaskState.ON_TIME), late


def tasks_for(user: Any, programme: Programme | None, now: dt.datetime | None = None) -> list[Task]:
    if programme is None:
        return []
    now = now or timezone.now()
    tasks: list[Task] = []
    for deadline in programme.deadlines.all():
        owing = responsible_units(programme, deadline)
        source = completion_source(deadline.kind)
        done = source(programme) if source else {}
        if rules.is_unit_staff(user):
            if user.unit_id not in owing:
                continue
            state, late = state_for(deadline.due_date, done.get(user.unit_id), now)
            tasks.append(
                Task(title=str(deadline), due=deadline.due_date, state=state, lateness=late)
            )
        elif rules.sees_all(user):
            counts = {
                TaskState.ON_TIME: 0,
                TaskState.LATE: 0,
                TaskState.TODO: 0,
                TaskState.OVERDUE: 0,
            }
            for unit_id in owing:
                state, _ = state_for(deadline.due_date, done.get(unit_id), now)
                counts[state] += 1
            pending = counts[TaskState.TODO] + counts[TaskState.OVERDUE]
            if not pending:
                overall = TaskState.LATE if counts[TaskState.LATE] else TaskState.ON_TIME
            else:
                overall = TaskState.OVERDUE if counts[TaskState.OVERDUE] else TaskState.TODO
            tasks.append(
                Task(title=str(deadline), due=deadline.due_date, state=overall, counts=counts)
            )
    for task_source in task_sources():
        tasks.extend(task_source(user, programme))
    return sorted(tasks, key=lambda t: (t.due or dt.date.max, t.title))


OPEN_STATES = frozenset({TaskState.TODO, TaskState.OVERDUE})


def _key(task: Task) -> tuple:
    return (task.title, task.url, task.due, task.detail)


def workbench_tasks(
    user: Any, programme: Programme | None, now: dt.datetime | None = None
) -> list[Task]:
    """The tasks of the year shown, then the work still open (to do or overdue) from every
    other published year, each marked with its year: starting a new year hides nothing that
    is not done. A task that does not depend on the year (e.g. interpretations waiting for
    review) is listed once."""
    from gongkai.programmes.years import visible_programmes

    now = now or timezone.now()
    tasks = tasks_for(user, programme, now)
    if programme is None:
        return tasks
    seen = {_key(t) for t in tasks}
    others = (
        visible_programmes(user)
        .filter(notice_published=True)
        .exclude(pk=programme.pk)
        .prefetch_related("deadlines", "slots__slot_units", "participants")
    )
    for other in others:
        for task in tasks_for(user, other, now):
            if task.state not in OPEN_STATES or _key(task) in seen:
                continue
            seen.add(_key(task))
            task.year = other.year
            tasks.append(task)
    return tasks
