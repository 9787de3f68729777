"""Workbench tasks: consultations waiting to be published, comments waiting for review,
feedback due and feedback overdue (past ``conf.feedback_days()`` working days after closing)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.consultations import rules
from gongkai.consultations.models import CommentStatus, Consultation, ConsultationStatus
from gongkai.consultations.services import feedback
from gongkai.lib.deadlines import county_today
from gongkai.workbench.registry import Task, TaskState


def consultation_tasks(user: Any, programme: Any) -> list[Task]:
    if not rules.has_tasks(user):
        return []
    mine = rules.consultations_for(user, Consultation.objects.filter(programme=programme))
    url = reverse("consultations:staff-home")
    tasks: list[Task] = []
    if rules.can_publish(user):
        waiting = mine.filter(status=ConsultationStatus.SUBMITTED).count()
        if waiting:
            tasks.append(
                Task(
                    title=_("Consultations waiting to be published: %(n)s") % {"n": waiting},
                    due=None,
                    state=TaskState.TODO,
                    url=url,
                )
            )
    if rules.can_moderate(user):
        pending = mine.filter(comments__status=CommentStatus.PENDING).values("comments").count()
        if pending:
            tasks.append(
                Task(
                    title=_("Consultation comments waiting for review: %(n)s") % {"n": pending},
                    due=None,
                    state=TaskState.TODO,
                    url=url,
                )
            )
    waiting = list(mine.awaiting_feedback().select_related("unit"))
    dues = feedback.feedback_dues(waiting)
    today = county_today()
    for consultation in waiting:
        due = dues[consultation.pk]
        late = today > due
        tasks.append(
            Task(
                title=_("Publish the feedback of “%(title)s”") % {"title": consultation.title},
                due=due,
                state=TaskState.OVERDUE if late else TaskState.TODO,
                url=reverse("consultations:staff-feedback", args=[consultation.pk]),
                detail=consultation.unit.name,
            )
        )
    return tasks
