"""Who may set up the annual programme."""

from typing import Any

from gongkai.accounts.rules import is_coordinator


def can_manage_programme(user: Any) -> bool:
    """The annual programme (windows, deadlines, units, guests, slots) is set up by the county
    office and the service center; no developer needed."""
    return is_coordinator(user)
