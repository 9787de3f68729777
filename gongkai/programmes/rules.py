"""Who may set up the annual programme."""

from typing import Any

from gongkai.accounts.rules import is_coordinator


def can_manage_programme(user: Any) -> bool:
    """The annual programme (windows, deadlines, units, guests, slots) is set up by the county
    office and the service center; no developer needed."""
    return is_coordinator(user)


def can_see_draft_programmes(user: Any) -> bool:
    """A programme whose notice is not published yet (next year being set up) is seen by the
    coordinators only: unit staff, the media center and the assessors never see a draft's
    deadlines, slots or lists before the notice is issued."""
    return is_coordinator(user)
