"""The live channel of an interview (``interview-<pk>``): who may watch it.

Registered with ``gongkai.live.access`` in ``InterviewsConfig.ready``. A published interview
(preview, live, archive) is public; a draft's channel (the rehearsal of the live room) is open
only to staff who may open that interview's staff pages (``rules.access_interview``).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from gongkai.interviews import rules
from gongkai.interviews.models import PUBLIC_STATUSES, Interview

_PK_RE = re.compile(r"[1-9][0-9]{0,17}")


def is_public(key: str) -> bool | None:
    if not _PK_RE.fullmatch(key):
        return None
    status = Interview.objects.filter(pk=int(key)).values_list("status", flat=True).first()
    if status is None:
        return None
    return status in PUBLIC_STATUSES


def may_view(user: Any, key: str) -> bool:
    if not _PK_RE.fullmatch(key) or not rules.sees_interviews(user):
        return False
    try:
        rules.access_interview(user, Interview.objects.all(), int(key))
    except (Http404, PermissionDenied):
        return False
    return True


def register() -> None:
    from gongkai.live.access import register_channel_kind

    register_channel_kind("interview", is_public=is_public, may_view=may_view)
