"""How apps put tasks on the workbench.

An app says when a unit completed a programme deadline by registering a *completion source*:
``register_completion(DeadlineKind.VISIT_PLAN, fn)`` where ``fn(programme)`` returns
``{unit_id: submitted_at}`` for every unit that has submitted. The workbench turns each
deadline into a task with its state (to do, done on time, done late, overdue) from that.
Apps can also add tasks of their own with ``register_tasks(fn)``, ``fn(user, programme)``
returning a list of ``Task``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.lib.deadlines import deadline_instant

CompletionSource = Callable[[Any], dict[int, dt.datetime]]
TaskSource = Callable[[Any, Any], list["Task"]]

_completions: dict[str, CompletionSource] = {}
_task_sources: list[TaskSource] = []


class TaskState:
    TODO = "todo"
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"

    LABELS = {
        TODO: _("to do"),
        ON_TIME: _("done on time"),
        LATE: _("done late"),
        OVERDUE: _("overdue"),
    }


@dataclass
class Task:
    title: str
    due: dt.date | None
    state: str
    url: str = ""
    detail: str = ""
    lateness: dt.timedelta | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # Set on work still open from a year other than the one the workbench shows.
    year: int | None = None

    @property
    def state_label(self) -> str:
        return str(TaskState.LABELS[self.state])

    @property
    def closes_at(self) -> dt.datetime | None:
        """The first instant after the due date in county time (the due day counts in full)."""
        return deadline_instant(self.due) if self.due else None


def register_completion(kind: str, source: CompletionSource) -> None:
    _completions[kind] = source


def completion_source(kind: str) -> CompletionSource | None:
    return _completions.get(kind)


def register_tasks(source: TaskSource) -> None:
    if source not in _task_sources:
        _task_sources.append(source)


def task_sources() -> list[TaskSource]:
    return list(_task_sources)
