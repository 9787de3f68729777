"""Who may change the units directory."""

from typing import Any

from gongkai.accounts.rules import is_coordinator


def can_manage_units(user: Any) -> bool:
    """The coordinators keep the directory (units, kinds, special roles)."""
    return is_coordinator(user)
