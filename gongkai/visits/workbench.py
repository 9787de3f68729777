"""Workbench tasks from the follow-up reminders (the same list ``send_reminders`` sends)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.rules import is_unit_staff, sees_all
from gongkai.publishing.rules import can_review
from gongkai.workbench.registry import Task, TaskState


def workbench_tasks(user: Any, programme) -> list[Task]:
    from gongkai.publishing.models import ReviewStatus
    from gongkai.visits.models import Media
    from gongkai.visits.services.reminders import due_reminders

    today = timezone.localdate()
    tasks = []
    reminders = due_reminders(programme, today)
    if is_unit_staff(user):
        for r in reminders:
            if r.unit.pk != user.unit_id:
                continue
            url = (
                reverse("visits:staff-activity", args=[r.activity.pk])
                if r.activity
                else reverse("visits:staff-home")
            )
            state = TaskState.OVERDUE if r.due and r.due < today else TaskState.TODO
            tasks.append(Task(title=r.text, due=r.due, state=state, url=url))
    elif sees_all(user):
        pending = Media.objects.filter(
            activity__programme=programme, review_status=ReviewStatus.PENDING
        ).count()
        if pending and can_review(user):
            from django.utils.translation import gettext as _

            tasks.append(
                Task(
                    title=_("%(n)d activity photos or videos wait for review") % {"n": pending},
                    due=None,
                    state=TaskState.TODO,
                    url=reverse("publishing:staff-home"),
                )
            )
    return tasks
