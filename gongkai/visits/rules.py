"""Who may do what in 走进政府, built on gongkai.accounts.rules."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from gongkai.accounts.models import Role
from gongkai.accounts.rules import (
    access_unit_work,
    can_change_unit_work,
    is_coordinator,
    is_unit_staff,
    own_unit_ids,
    sees_all,
    unit_work,
)
from gongkai.programmes.rules import in_visible_programmes

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
        and activity.unit_id in own_unit_ids(user)
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


def editable_representatives(user: Any) -> RepresentativeQuerySet:
    """Whose category, town and field a user may set: the coordinators anyone's, a unit the
    people it added to the roster (not those who only registered for its activity)."""
    from gongkai.visits.models import Representative

    if is_coordinator(user):
        return Representative.objects.all()
    if getattr(user, "role", None) == Role.UNIT_STAFF and user.unit_id:
        return Representative.objects.filter(added_by_unit_id__in=own_unit_ids(user))
    return Representative.objects.none()


def can_see_pool_coverage(user: Any) -> bool:
    """The 代表库 coverage grid (counts only, no one named): everyone who uses visits."""
    return can_use_visits(user)


def can_set_pool_rules(user: Any) -> bool:
    """The year's rotation rules: the service center and the county office."""
    return is_coordinator(user)


def can_manage_roster(user: Any) -> bool:
    return is_coordinator(user) or getattr(user, "role", None) == Role.UNIT_STAFF


def can_open_activity_file(user: Any, row: Any) -> bool:
    """An activity's unpublished photo or video, or the scan of a paper opinion form: staff
    who see the activity (its unit, coordinators, assessors)."""
    from gongkai.visits.models import Activity

    return (
        can_use_visits(user)
        and unit_work(user, Activity.objects.filter(pk=row.activity_id)).exists()
    )


def can_plan(user: Any) -> bool:
    """Submit an activity plan: a unit for itself, the coordinators for any implementing unit."""
    return is_unit_staff(user) or is_coordinator(user)


def plans_for_own_unit(user: Any) -> bool:
    """A unit plans for itself; the coordinators choose the unit."""
    return is_unit_staff(user)


def visible_activities(user: Any, queryset: QuerySet | None = None, *, write: bool = False):
    from gongkai.visits.models import Activity

    queryset = Activity.objects.all() if queryset is None else queryset
    queryset = in_visible_programmes(user, queryset)  # a draft year: coordinators only
    return unit_work(user, queryset, write=write)


def access_activity(user: Any, pk: Any, queryset: QuerySet | None = None, *, write: bool = False):
    """One activity for ``user`` (to change, with ``write``); 404 alike for a missing activity
    and for another unit's."""
    from gongkai.visits.models import Activity

    queryset = Activity.objects.all() if queryset is None else queryset
    queryset = in_visible_programmes(user, queryset)  # a draft year: coordinators only
    return access_unit_work(user, queryset, pk, write=write)


def visible_suggestions(user: Any, queryset: QuerySet | None = None) -> QuerySet:
    """A unit sees the suggestions of its own activities and those assigned to it; coordinators
    and assessors see all."""
    from gongkai.visits.models import Suggestion

    queryset = Suggestion.objects.all() if queryset is None else queryset
    if sees_all(user):
        return queryset
    if is_unit_staff(user) and user.unit_id:
        own = own_unit_ids(user)  # the unit and the units it carries on (renamed, merged)
        return queryset.filter(Q(activity__unit_id__in=own) | Q(responsible_unit_id__in=own))
    return queryset.none()


def can_answer_suggestions(user: Any) -> bool:
    """Units answer (theirs) and the coordinators answer any; assessors only read."""
    return is_coordinator(user) or is_unit_staff(user)


def answerable_suggestions(user: Any, queryset: QuerySet | None = None) -> QuerySet:
    """Suggestions this user may answer: a unit answers those assigned to it, and those of its
    own activities not yet assigned to anyone; it still sees the ones it handed on."""
    if not can_answer_suggestions(user):
        from gongkai.visits.models import Suggestion

        return Suggestion.objects.none()
    qs = visible_suggestions(user, queryset)
    if is_unit_staff(user):
        own = own_unit_ids(user)
        return qs.filter(
            Q(responsible_unit_id__in=own)
            | Q(responsible_unit__isnull=True, activity__unit_id__in=own)
        )
    return qs


def access_suggestion(user: Any, pk: Any, *, answer: bool = False):
    """One suggestion for ``user``; with ``answer``, one the user may answer. 404 alike for a
    missing suggestion and for one the user may not see (or answer)."""
    from gongkai.visits.models import Suggestion

    queryset = answerable_suggestions(user) if answer else visible_suggestions(user)
    try:
        return queryset.get(pk=pk)
    except (Suggestion.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
