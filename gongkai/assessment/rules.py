"""Who may do what in the assessment (built on gongkai.accounts.rules)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from gongkai.accounts import rules
from gongkai.accounts.models import Role, User


def can_view_all_scores(user: Any) -> bool:
    return rules.sees_all(user)


def can_view_unit_scores(user: Any, unit_id: int) -> bool:
    return rules.can_view_unit_work(user, unit_id)


def can_adjust(user: Any) -> bool:
    return getattr(user, "role", None) == Role.ASSESSOR


def can_configure(user: Any) -> bool:
    return rules.is_coordinator(user)


def can_lock(user: Any) -> bool:
    return getattr(user, "role", None) == Role.COUNTY_OFFICE


def can_unlock(user: Any) -> bool:
    """Reopening a locked year, with a reason: the county office, as for locking."""
    return can_lock(user)


def can_object(user: Any, unit_id: int) -> bool:
    return unit_id in rules.own_unit_ids(user)


def can_use_assessment(user: Any) -> bool:
    return rules.sees_all(user) or (
        getattr(user, "role", None) == Role.UNIT_STAFF and bool(user.unit_id)
    )


# Deadline reminders (gongkai.assessment.reminders): who is told what.


def receives_unit_reminders(user: Any) -> bool:
    """A unit's staff are reminded of their unit's deadlines (due soon, overdue)."""
    return getattr(user, "role", None) == Role.UNIT_STAFF and bool(user.unit_id)


def receives_escalations(user: Any) -> bool:
    """The service center is told of units still missing a deadline."""
    return getattr(user, "role", None) == Role.SERVICE_CENTER


def unit_reminder_recipients(unit_ids: Iterable[int]) -> QuerySet[User]:
    return User.objects.filter(unit_id__in=unit_ids, is_active=True, role=Role.UNIT_STAFF)


def escalation_recipients() -> QuerySet[User]:
    return User.objects.filter(role=Role.SERVICE_CENTER, is_active=True)


# The evidence bundle (佐证材料): a unit's PDF for whoever reads that unit's scores (all units:
# assessor, county office, service center; unit staff: their own); the county ZIP for those who
# read every unit's scores.


def can_download_bundle(user: Any, unit_id: int) -> bool:
    return can_use_assessment(user) and can_view_unit_scores(user, unit_id)


def can_build_county_bundle(user: Any) -> bool:
    return can_view_all_scores(user)
