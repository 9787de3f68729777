"""The public suggestion tracker (建议办理公开): every suggestion from an activity's opinion forms,
once the service center has approved its text, with the responsible unit, a status timeline,
the unit's answer and what became of it (adopted, partly, not, with the reason), and the overdue
mark by the working-day rule. No personal data: the approved text, never the form's scan or
who filled it in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.visits.models import (
    UNANSWERED_STATUSES,
    Activity,
    Suggestion,
    SuggestionOutcome,
    SuggestionStatus,
)

# The public filter "状态": groups a citizen understands, each a set of statuses/outcomes.
STATUS_FILTERS: dict[str, Q] = {
    "handling": Q(status__in=UNANSWERED_STATUSES),
    "answered": Q(status__in=[SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED]),
    "adopted": Q(outcome=SuggestionOutcome.ADOPTED),
    "partly": Q(outcome=SuggestionOutcome.PARTLY),
    "not_adopted": Q(outcome=SuggestionOutcome.NOT_ADOPTED),
}


def status_filter_choices() -> list[tuple[str, str]]:
    return [
        ("handling", _("Being handled")),
        ("answered", _("Answered")),
        ("adopted", _("Adopted")),
        ("partly", _("Partly adopted")),
        ("not_adopted", _("Not adopted")),
    ]


@dataclass(frozen=True)
class TrackerFilter:
    year: int | None = None
    unit_id: int | None = None
    status: str = ""


def public_suggestions(filters: TrackerFilter | None = None) -> QuerySet[Suggestion]:
    """The published suggestions of published years' activities, newest first."""
    filters = filters or TrackerFilter()
    qs = (
        Suggestion.objects.public()
        .filter(activity__in=Activity.objects.public())
        .select_related("activity__unit", "activity__programme", "responsible_unit")
        .order_by("-created_at", "-id")
    )
    if filters.year:
        qs = qs.filter(activity__programme__year=filters.year)
    if filters.unit_id:
        qs = qs.filter(
            Q(responsible_unit_id=filters.unit_id)
            | Q(responsible_unit__isnull=True, activity__unit_id=filters.unit_id)
        )
    if filters.status in STATUS_FILTERS:
        qs = qs.filter(STATUS_FILTERS[filters.status])
    return qs


def mark_overdue(suggestions: list[Suggestion], now: dt.datetime | None = None) -> list[Suggestion]:
    """Set ``overdue`` on each row: still waiting for its answer after its due date (the due
    date is 10 working days after assignment, by the county's calendar)."""
    today = county_today(now)
    for s in suggestions:
        s.overdue = s.is_overdue(today)  # type: ignore[attr-defined]
    return suggestions


def own_suggestion(pk: int, code: str) -> Suggestion | None:
    """The representative's own suggestion, by the lookup code of their opinion form (shown
    to them whether or not it is published)."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        Suggestion.objects.filter(pk=pk, form__code=code)
        .select_related("activity__unit", "activity__programme", "responsible_unit")
        .first()
    )


def published_suggestion(pk: int) -> Suggestion | None:
    return public_suggestions().filter(pk=pk).first()


@transaction.atomic
def publish_suggestion(suggestion: Suggestion, *, text: str, by: Any) -> Suggestion:
    """The service center approves the text the public tracker shows: the representative's
    words without a name, phone number or address (先审后发)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {"text": [_("Write the text the public will read (without any personal data).")]}
        )
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.public_text = text
    if suggestion.published_at is None:
        suggestion.published_at = timezone.now()
    suggestion.save(update_fields=["public_text", "published_at"])
    return suggestion


@transaction.atomic
def withdraw_suggestion(suggestion: Suggestion, *, by: Any) -> Suggestion:
    """Take a suggestion off the public tracker (it stays in the staff list)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    suggestion.published_at = None
    suggestion.save(update_fields=["published_at"])
    return suggestion
