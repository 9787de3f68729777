"""The media center's interview tasks on the staff workbench (registered in apps.py): every
interview that has gone to the archive without its video record."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.interviews import rules
from gongkai.interviews.models import Interview, InterviewStatus


def media_tasks(user: Any, programme: Any) -> list:
    from gongkai.workbench.registry import Task, TaskState

    if programme is None or not rules.is_media(user):
        return []
    missing = (
        Interview.objects.filter(programme=programme, status=InterviewStatus.ARCHIVED, video="")
        .select_related("unit")
        .order_by("starts_at", "id")
    )
    return [
        Task(
            title=_("Upload the video record of the interview with %(unit)s")
            % {"unit": interview.unit.name},
            due=None,
            state=TaskState.TODO,
            url=reverse("interviews:staff-detail", args=[interview.pk]) + "#publish-title",
            detail=_("Interview of %(date)s, archived without video")
            % {
                "date": timezone.localtime(interview.starts_at).date().isoformat()
                if interview.starts_at
                else "—"
            },
        )
        for interview in missing
    ]
