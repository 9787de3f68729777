"""Who may do what in the assessment (built on gongkai.accounts.rules)."""

from typing import Any

from gongkai.accounts import rules
from gongkai.accounts.models import Role


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


def can_object(user: Any, unit_id: int) -> bool:
    return getattr(user, "role", None) == Role.UNIT_STAFF and user.unit_id == unit_id


def can_use_assessment(user: Any) -> bool:
    return rules.sees_all(user) or (
        getattr(user, "role", None) == Role.UNIT_STAFF and bool(user.unit_id)
    )
