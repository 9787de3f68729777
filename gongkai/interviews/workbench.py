"""The interviews' tasks on the staff workbench (registered in apps.py): for the media center,
every interview that has gone to the archive without its video record (or with a rejected
one); for the reviewers, the video records that wait in the publishing queue."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.interviews import rules
from gongkai.interviews.models import Interview, InterviewStatus, InterviewVideo
from gongkai.publishing.models import ReviewStatus
from gongkai.publishing.rules import can_review


def _detail(interview: Interview) -> str:
    record = interview.video_record
    if record is not None:
        return _("The service center sent the video back: %(reason)s") % {
            "reason": record.reject_reason
        }
    day = timezone.localtime(interview.starts_at).date().isoformat() if interview.starts_at else "—"
    return _("Interview of %(date)s, archived without video") % {"date": day}


def media_tasks(user: Any, programme: Any) -> list:
    from gongkai.workbench.registry import Task, TaskState

    if programme is None:
        return []
    if not rules.is_media(user):
        return _review_tasks(user, programme)
    missing = (
        Interview.objects.filter(programme=programme, status=InterviewStatus.ARCHIVED)
        .filter(
            Q(recorded_video__isnull=True) | Q(recorded_video__review_status=ReviewStatus.REJECTED)
        )
        .select_related("unit", "recorded_video")
        .order_by("starts_at", "id")
    )
    return [
        Task(
            title=_("Upload the video record of the interview with %(unit)s")
            % {"unit": interview.unit.name},
            due=None,
            state=TaskState.TODO,
            url=reverse("interviews:staff-detail", args=[interview.pk]) + "#video-title",
            detail=_detail(interview),
        )
        for interview in missing
    ]


def _review_tasks(user: Any, programme: Any) -> list:
    from gongkai.workbench.registry import Task, TaskState

    if not can_review(user):
        return []
    pending = InterviewVideo.objects.pending().filter(interview__programme=programme).count()
    if not pending:
        return []
    return [
        Task(
            title=_("%(n)d interview video records wait for review") % {"n": pending},
            due=None,
            state=TaskState.TODO,
            url=reverse("publishing:staff-home"),
        )
    ]
