"""Who may do what with consultations, built on ``gongkai.accounts.rules``.

A unit drafts its own consultations and writes their 采纳情况; the service center and the county
office draft for any unit, publish (open) them and review the citizens' free text; assessors
read everything; the media center and the administrator have nothing to do here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from gongkai.accounts import rules
from gongkai.accounts.models import Role


def _is_unit_staff(user: Any) -> bool:
    return rules.role_of(user) == Role.UNIT_STAFF and bool(user.unit_id)


def can_open_list(user: Any) -> bool:
    """The staff list: coordinators, assessors and unit staff."""
    return rules.sees_all(user) or _is_unit_staff(user)


def can_create(user: Any) -> bool:
    return rules.is_coordinator(user) or _is_unit_staff(user)


def can_create_for_any_unit(user: Any) -> bool:
    return rules.is_coordinator(user)


def can_publish(user: Any) -> bool:
    """Opening a consultation on the portal: the service center and the county office."""
    return rules.is_coordinator(user)


def can_moderate(user: Any) -> bool:
    return rules.is_coordinator(user)


def can_change(user: Any, consultation: Any) -> bool:
    return rules.can_change_unit_work(user, consultation.unit_id)


def has_tasks(user: Any) -> bool:
    return rules.is_coordinator(user) or _is_unit_staff(user)


def consultations_for(user: Any, queryset: QuerySet, *, write: bool = False) -> QuerySet:
    return rules.unit_work(user, queryset, write=write)


def access_consultation(
    user: Any, pk: Any, queryset: QuerySet | None = None, *, write: bool = False
):
    """One consultation for ``user`` on the staff pages; 404 alike for missing and another
    unit's."""
    from gongkai.consultations.models import Consultation

    queryset = Consultation.objects.all() if queryset is None else queryset
    return rules.access_unit_work(user, queryset, pk, write=write)


def access_item(consultation: Any, item_pk: Any):
    """A question of ``consultation`` (already fetched with ``access_consultation``)."""
    from gongkai.consultations.models import Item

    try:
        return consultation.items.get(pk=item_pk)
    except (Item.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_attachment(consultation: Any, attachment_id: Any):
    from gongkai.consultations.models import Attachment

    try:
        return consultation.attachments.get(pk=attachment_id)
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def access_comment(consultation: Any, comment_pk: Any):
    from gongkai.consultations.models import Comment

    try:
        return consultation.comments.select_related("item").get(pk=comment_pk)
    except (Comment.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_open_attachment(user: Any, attachment: Any) -> bool:
    """An attachment's file: everyone once the consultation is public, else whoever sees it
    on the staff pages."""
    from gongkai.consultations.models import ConsultationStatus

    consultation = attachment.consultation
    if consultation.status in (ConsultationStatus.PUBLISHED, ConsultationStatus.FEEDBACK):
        return True
    return can_open_list(user) and rules.can_view_unit_work(user, consultation.unit_id)
