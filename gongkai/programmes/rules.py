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


def in_visible_programmes(user: Any, queryset: Any, *, field: str = "programme") -> Any:
    """Narrow ``queryset`` (rows with a programme) to the programmes ``user`` may see: a draft
    year's interviews and activities are the coordinators' until its notice is published."""
    if can_see_draft_programmes(user):
        return queryset
    return queryset.filter(**{f"{field}__notice_published": True})
