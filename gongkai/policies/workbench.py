"""The policy tasks on the staff workbench (registered in apps.py)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.policies import rules
from gongkai.policies.models import Interpretation, PolicyDocument, VideoRequest, VideoRequestStatus
from gongkai.policies.services.timeliness import Progress, documents_with_progress, progress
from gongkai.policies.services.timing import rules_for


def workbench_tasks(user: Any, programme: Any) -> list:
    """Workbench tasks: the drafting unit is reminded ``remind_days`` before an interpretation is
    due and sees the missing ones; coordinators get one summary line; the media center its
    recordings to schedule or upload."""
    from django.urls import reverse

    from gongkai.workbench.registry import Task, TaskState

    tasks: list[Task] = []
    today = county_today()
    if programme is None or not getattr(user, "is_authenticated", False):
        return tasks
    if rules.is_media_center(user) and not user.is_superuser:
        open_requests = VideoRequest.objects.filter(
            status__in=(VideoRequestStatus.REQUESTED, VideoRequestStatus.SCHEDULED)
        ).select_related("document")
        for req in open_requests:
            tasks.append(
                Task(
                    title=_("Video interpretation of %(number)s") % {"number": req.document.number},
                    due=req.document.video_due_on or timezone.localtime(req.starts_at).date(),
                    state=TaskState.TODO,
                    url=reverse("policies:video-request-list"),
                    detail=str(req.get_status_display()),
                )
            )
        return tasks
    if rules.can_review(user):
        waiting = Interpretation.objects.pending().count()
        if waiting:
            tasks.append(
                Task(
                    title=_("%(count)d policy interpretations waiting for review")
                    % {"count": waiting},
                    due=None,
                    state=TaskState.TODO,
                    url=reverse("policies:review-list"),
                )
            )
    documents = PolicyDocument.objects.public().filter(published_on__year=programme.year)
    timing = rules_for(programme.year)
    if rules.has_own_interpretation_tasks(user):
        # A December document's video may fall due next year: it stays on the list.
        mine = documents_with_progress(
            PolicyDocument.objects.public().filter(
                Q(published_on__year=programme.year) | Q(video_due_on__year=programme.year),
                drafting_unit_id=user.unit_id,
            )
        )
        for document in mine:
            state = progress(document, today)
            for track, label in (
                (state.written, _("Written interpretation of %(number)s")),
                (state.video, _("Video interpretation of %(number)s")),
            ):
                if track.state == Progress.MISSING:
                    task_state = TaskState.OVERDUE
                    detail = _("Missing: %(days)d days past the due date.") % {
                        "days": track.days_late
                    }
                elif track.state == Progress.WAITING and track.days_left <= timing.remind_days:
                    task_state = TaskState.TODO
                    detail = _("Due in %(days)d days.") % {"days": track.days_left}
                elif track.state == Progress.LATE:
                    task_state = TaskState.LATE
                    detail = _("Published %(days)d days late.") % {"days": track.days_late}
                else:
                    continue
                if track.pending:
                    detail += " " + _("Waiting for the service center's review.")
                tasks.append(
                    Task(
                        title=label % {"number": document.number},
                        due=track.due,
                        state=task_state,
                        url=document.get_staff_url(),
                        detail=detail,
                    )
                )
        if rules.sees_only_own_interpretation_tasks(user):
            return tasks
    from gongkai.accounts import rules as account_rules

    if account_rules.sees_all(user):
        counts = {TaskState.ON_TIME: 0, TaskState.LATE: 0, TaskState.TODO: 0, TaskState.OVERDUE: 0}
        for document in documents_with_progress(documents):
            written = progress(document, today).written
            key = {
                Progress.ON_TIME: TaskState.ON_TIME,
                Progress.LATE: TaskState.LATE,
                Progress.WAITING: TaskState.TODO,
                Progress.MISSING: TaskState.OVERDUE,
            }[written.state]
            counts[key] += 1
        if sum(counts.values()):
            overall = TaskState.OVERDUE if counts[TaskState.OVERDUE] else TaskState.ON_TIME
            tasks.append(
                Task(
                    title=_("Policy interpretations published with their documents"),
                    due=None,
                    state=overall,
                    url=reverse("policies:staff-home"),
                    counts=counts,
                )
            )
    return tasks
