"""Who may do what with policy documents, built on ``gongkai.accounts.rules``.

"Whoever drafts, interprets": only the drafting unit's staff (and the service center, which
runs the portal) add interpretations; the service center reviews them; the media center
records and uploads the video interpretations.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.accounts import rules
from gongkai.accounts.models import Role
from gongkai.publishing.models import ReviewStatus


def can_create_documents(user: Any) -> bool:
    """Coordinators for any unit; unit staff for their own unit."""
    return rules.is_coordinator(user) or (
        rules.role_of(user) == Role.UNIT_STAFF and bool(user.unit_id)
    )


def can_create_for_any_unit(user: Any) -> bool:
    """Coordinators choose the drafting unit; unit staff draft for their own unit only."""
    return rules.is_coordinator(user)


def can_manage_document(user: Any, document: Any) -> bool:
    return rules.can_change_unit_work(user, document.drafting_unit_id)


def can_waive_plan(user: Any) -> bool:
    """Accepting a document without its 解读方案: the coordinators (service center, county
    office), who receive documents for publication."""
    return rules.is_coordinator(user)


def can_interpret(user: Any, document: Any) -> bool:
    role = rules.role_of(user)
    if role == Role.SERVICE_CENTER:
        return True
    if role == Role.UNIT_STAFF:
        return document.drafting_unit_id in rules.own_unit_ids(user)
    return role == Role.COUNTY_OFFICE and user.unit_id == document.drafting_unit_id


def can_review(user: Any) -> bool:
    return rules.role_of(user) == Role.SERVICE_CENTER or getattr(user, "is_superuser", False)


def is_media_center(user: Any) -> bool:
    return rules.role_of(user) == Role.MEDIA_CENTER or getattr(user, "is_superuser", False)


def can_see_video_requests(user: Any) -> bool:
    return is_media_center(user) or rules.sees_all(user)


def can_edit_rules(user: Any) -> bool:
    return rules.is_coordinator(user)


def documents_for(user: Any, queryset: QuerySet, *, write: bool = False) -> QuerySet:
    return rules.unit_work(user, queryset, unit_field="drafting_unit", write=write)


def access_document(user: Any, pk: Any, queryset: QuerySet | None = None, *, write: bool = False):
    """One document for ``user`` on the staff pages (to change, with ``write``); 404 alike for
    a missing document and for another unit's."""
    from gongkai.policies.models import PolicyDocument

    queryset = PolicyDocument.objects.all() if queryset is None else queryset
    return rules.access_unit_work(user, queryset, pk, unit_field="drafting_unit", write=write)


def may_see_unpublished(user: Any, document: Any) -> bool:
    """Unpublished documents and their files: the drafting unit, coordinators, assessors and
    the media center (it records the video interpretations)."""
    from gongkai.policies.models import PolicyDocument

    return documents_for(
        user, PolicyDocument.objects.filter(pk=document.pk)
    ).exists() or is_media_center(user)


def can_open_attachment(user: Any, attachment: Any) -> bool:
    """The rule of the attachment's page, for ``/media/`` too."""
    return attachment.document.is_public or may_see_unpublished(user, attachment.document)


def can_open_interpretation_file(user: Any, interpretation: Any) -> bool:
    public = interpretation.is_published and interpretation.document.is_public
    return public or may_see_unpublished(user, interpretation.document)


# An interpretation may be corrected until the service center publishes it.
REVISABLE = (ReviewStatus.PENDING, ReviewStatus.REJECTED)


def interprets(user: Any, interpretation: Any) -> bool:
    """The drafting unit and the service center; for a recorded video, the media center too."""
    if interpretation.video_request_id is not None and is_media_center(user):
        return True
    return can_interpret(user, interpretation.document)


def can_revise(user: Any, interpretation: Any) -> bool:
    """Who interprets may correct an interpretation until it is published."""
    return interpretation.review_status in REVISABLE and interprets(user, interpretation)


def has_own_interpretation_tasks(user: Any) -> bool:
    """Workbench: the interpretations its unit drafts (unit staff, the county office as a
    drafting unit), for anyone who does not review them."""
    return (
        rules.role_of(user) in (Role.UNIT_STAFF, Role.COUNTY_OFFICE)
        and bool(getattr(user, "unit_id", None))
        and not can_review(user)
    )


def sees_only_own_interpretation_tasks(user: Any) -> bool:
    """Unit staff see their own unit's interpretation tasks and no county-wide counts."""
    return rules.role_of(user) == Role.UNIT_STAFF
