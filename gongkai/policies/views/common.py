"""What the staff pages of 政策解读 share: a document the user may see or change, and the
video requests with what the list and the pages show."""

from __future__ import annotations

from django.db.models import Count

from gongkai.policies import rules
from gongkai.policies.models import PolicyDocument, VideoRequest


def get_staff_document(request, pk: int, *, write: bool = False) -> PolicyDocument:
    return rules.access_document(
        request.user, pk, PolicyDocument.objects.select_related("drafting_unit"), write=write
    )


def all_video_requests():
    return VideoRequest.objects.select_related(
        "document", "document__drafting_unit", "host", "camera", "editor"
    ).annotate(uploaded=Count("interpretations"))
