"""Who may do what with online interviews, built on ``gongkai.accounts.rules``.

* Units see and change only their own interview's forms (receipt form, outline) and may move
  their interview inside its slot.
* The service center and the county office see and change everything; the service center
  books interviews, reviews outlines and switches the portal status.
* The media center sees every interview (to staff it), assigns venue and crew, types the live
  feed, uploads photos and the video record, but cannot edit a unit's forms.
* Assessors read everything and change nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from gongkai.accounts import rules
from gongkai.accounts.models import Role
from gongkai.programmes.rules import in_visible_programmes


def is_media(user: Any) -> bool:
    return rules.role_of(user) == Role.MEDIA_CENTER


def sees_interviews(user: Any) -> bool:
    """May open the staff interview pages at all."""
    return rules.sees_all(user) or is_media(user) or rules.role_of(user) == Role.UNIT_STAFF


def reads_unit_forms(user: Any) -> bool:
    """Receipt forms and outlines carry contact details: units (their own), coordinators and
    assessors read them; the media center does not need them."""
    return rules.sees_all(user) or rules.role_of(user) == Role.UNIT_STAFF


def can_schedule(user: Any) -> bool:
    """Book interviews, review outlines, publish links: the coordinators."""
    return rules.is_coordinator(user)


def can_crew(user: Any) -> bool:
    """Assign venue and crew, upload the video record."""
    return rules.is_coordinator(user) or is_media(user)


def can_run_live(user: Any) -> bool:
    """Type feed lines and upload photos in the control room."""
    return rules.is_coordinator(user) or is_media(user)


def can_set_status(user: Any) -> bool:
    """Switch preview → live → archived: the service center (and the county office)."""
    return rules.is_coordinator(user)


def visible_interviews(user: Any, queryset: QuerySet) -> QuerySet:
    queryset = in_visible_programmes(user, queryset)  # a draft year: coordinators only
    if is_media(user):
        return queryset
    return rules.unit_work(user, queryset)


def access_interview(user: Any, queryset: QuerySet, pk: Any, *, write: bool = False):
    """One interview for ``user``; 404 alike for missing and another unit's.

    ``write`` asks for the unit-form right (the unit's own staff and the coordinators): the
    media center and assessors read every interview but get 403 when they ask to write."""
    queryset = in_visible_programmes(user, queryset)  # a draft year: coordinators only
    if write:
        if not (rules.is_coordinator(user) or rules.role_of(user) == Role.UNIT_STAFF):
            raise PermissionDenied
        return rules.access_unit_work(user, queryset, pk, write=True)
    if is_media(user):
        try:
            return queryset.get(pk=pk)
        except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
            raise Http404 from exc
    return rules.access_unit_work(user, queryset, pk)


def _sees_interview(user: Any, interview_id: int) -> bool:
    from gongkai.interviews.models import Interview

    return visible_interviews(user, Interview.objects.filter(pk=interview_id)).exists()


def can_open_interview_file(user: Any, row: Any) -> bool:
    """A photo or the video record of an interview not yet public: staff who see the
    interview (its unit, coordinators, assessors, the media center)."""
    return sees_interviews(user) and _sees_interview(user, row.interview_id)


def can_open_guest_photo(user: Any, person: Any) -> bool:
    """A guest's photo before the interview is public: staff who see the interview."""
    return sees_interviews(user) and _sees_interview(user, person.receipt.interview_id)


def can_open_unit_form_file(user: Any, form: Any) -> bool:
    """The scan of a receipt form or an outline document: who reads the unit's forms (not
    the media center)."""
    return reads_unit_forms(user) and _sees_interview(user, form.interview_id)
