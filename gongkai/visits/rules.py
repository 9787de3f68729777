"""Who may do what in 走进政府, built on gongkai.accounts.rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gongkai.accounts.models import Role
from gongkai.accounts.rules import can_change_unit_work, is_coordinator, sees_all

if TYPE_CHECKING:
    from gongkai.visits.models import RepresentativeQuerySet


def can_use_visits(user: Any) -> bool:
    """Staff pages: units (their own work), coordinators and assessors."""
    return sees_all(user) or getattr(user, "role", None) == Role.UNIT_STAFF


def can_change_activity(user: Any, activity) -> bool:
    return can_change_unit_work(user, activity.unit_id)


def can_see_contacts(user: Any, activity=None) -> bool:
    """Full phone and ID numbers only for those who must call the person: the service center,
    and the unit's own staff for its own activity. Everyone else sees them masked."""
    role = getattr(user, "role", None)
    if role == Role.SERVICE_CENTER:
        return True
    return (
        role == Role.UNIT_STAFF
        and activity is not None
        and user.unit_id is not None
        and user.unit_id == activity.unit_id
    )


def visible_representatives(
    user: Any, queryset: RepresentativeQuerySet | None = None
) -> RepresentativeQuerySet:
    """The roster a user may see and invite from: the coordinators see everyone, a unit only
    the people who gave their details to it (``Representative.objects.of_unit``)."""
    from gongkai.visits.models import Representative

    queryset = Representative.objects.all() if queryset is None else queryset
    if is_coordinator(user):
        return queryset
    if getattr(user, "role", None) == Role.UNIT_STAFF:
        return queryset.of_unit(user.unit_id)
    return queryset.none()


def full_contact_ids(user: Any, activity, representative_ids: Iterable[int]) -> set[int]:
    """The representatives of ``activity`` whose full phone and ID number ``user`` may see: all
    of them for the service center; for the unit's own staff, only the people who gave their
    details to that unit, never someone it invited from another unit's roster. Everyone else
    sees every one masked."""
    ids = set(representative_ids)
    if not ids or not can_see_contacts(user, activity):
        return set()
    if getattr(user, "role", None) == Role.SERVICE_CENTER:
        return ids
    from gongkai.visits.models import Representative

    return set(
        Representative.objects.of_unit(user.unit_id).filter(pk__in=ids).values_list("pk", flat=True)
    )


def can_manage_suggestions(user: Any) -> bool:
    """Bulk status changes and assignment: the service center and the county office."""
    return is_coordinator(user)


def can_manage_roster(user: Any) -> bool:
    return is_coordinator(user) or getattr(user, "role", None) == Role.UNIT_STAFF


def can_open_activity_file(user: Any, row: Any) -> bool:
    """An activity's unpublished photo or video, or the scan of a paper opinion form: staff
    who see the activity (its unit, coordinators, assessors)."""
    from gongkai.accounts.rules import unit_work
    from gongkai.visits.models import Activity

    return (
        can_use_visits(user)
        and unit_work(user, Activity.objects.filter(pk=row.activity_id)).exists()
    )
