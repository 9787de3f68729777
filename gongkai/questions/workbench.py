"""Workbench tasks: messages to review, answers to approve, replies due or overdue."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import rules
from gongkai.questions.models import Answer, QuestionStatus
from gongkai.questions.rules import has_question_tasks, questions_for
from gongkai.workbench.registry import Task, TaskState


def question_tasks(user: Any, programme: Any) -> list[Task]:
    if not has_question_tasks(user):
        return []
    today = timezone.localdate()
    queue = reverse("questions:staff-home")
    mine = questions_for(user).filter(interview__programme=programme)
    open_ = mine.open()
    summary = open_.aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_date__lt=today)),
        pending=Count("id", filter=Q(status=QuestionStatus.PENDING)),
        next_due=Min("due_date"),
    )
    tasks: list[Task] = []
    if rules.is_coordinator(user) and summary["pending"]:
        tasks.append(
            Task(
                title=_("Netizen messages waiting for review: %(n)s") % {"n": summary["pending"]},
                due=None,
                state=TaskState.TODO,
                url=f"{queue}?status=pending",
            )
        )
    if rules.is_coordinator(user):
        drafts = Answer.objects.filter(
            published_at__isnull=True, question__interview__programme=programme
        ).count()
        if drafts:
            tasks.append(
                Task(
                    title=_("Answers from units waiting for approval: %(n)s") % {"n": drafts},
                    due=None,
                    state=TaskState.TODO,
                    url=f"{queue}?status=answer_draft",
                )
            )
    if summary["overdue"]:
        tasks.append(
            Task(
                title=_("Replies overdue: %(n)s") % {"n": summary["overdue"]},
                due=summary["next_due"],
                state=TaskState.OVERDUE,
                url=f"{queue}?status=overdue",
                detail=_("Past the reply limit in working days."),
            )
        )
    elif summary["open"] and not rules.is_coordinator(user):
        tasks.append(
            Task(
                title=_("Questions to answer: %(n)s") % {"n": summary["open"]},
                due=summary["next_due"],
                state=TaskState.TODO,
                url=queue,
            )
        )
    return tasks
