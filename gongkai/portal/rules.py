"""Who may change what the portal itself shows (not the columns' content)."""

from typing import Any

from gongkai.accounts.rules import is_coordinator


def can_edit_site_identity(user: Any) -> bool:
    """The footer's registration numbers are filled in by the county office (and the service
    center that runs the site)."""
    return is_coordinator(user)
