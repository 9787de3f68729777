"""Who may use the inspection self-check (built on gongkai.accounts.rules).

The county office and the service center answer for the site before the inspector; the
administrator runs the platform and looks too. The thresholds are kept by the service center,
which runs the site, and the administrator."""

from __future__ import annotations

from typing import Any

from gongkai.accounts import rules
from gongkai.accounts.models import Role, User

SELF_CHECK_ROLES = frozenset({Role.COUNTY_OFFICE, Role.SERVICE_CENTER, Role.ADMIN})
SETTINGS_ROLES = frozenset({Role.SERVICE_CENTER, Role.ADMIN})


def can_self_check(user: Any) -> bool:
    return rules.role_of(user) in SELF_CHECK_ROLES


def can_edit_thresholds(user: Any) -> bool:
    return rules.role_of(user) in SETTINGS_ROLES


def sees_column_warnings(user: Any) -> bool:
    """The workbench line of warnings about the site's own columns (and every message)."""
    return rules.is_coordinator(user)


def site_warning_recipients():
    """Who is warned about the site's columns: the service center, which runs the site."""
    return User.objects.filter(role=Role.SERVICE_CENTER, is_active=True).exclude(email="")


def unit_warning_recipients(unit_id: int):
    """Who is warned about a unit's unanswered message: that unit's staff."""
    return User.objects.filter(role=Role.UNIT_STAFF, unit_id=unit_id, is_active=True).exclude(
        email=""
    )
