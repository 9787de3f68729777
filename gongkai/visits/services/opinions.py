"""Opinion forms and the suggestions in them: intake, assignment, answers and the public
summary."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib import uploads
from gongkai.lib.deadlines import county_today
from gongkai.units.models import Unit
from gongkai.visits.models import (
    Activity,
    ActivityStatus,
    Channel,
    OpinionForm,
    Suggestion,
    SuggestionStatus,
)
from gongkai.workdays.dates import add_workdays

# A suggestion is answered within 10 working days of its assignment (the county's calendar,
# /staff/workdays/, so holidays and swapped weekends count as they are).
SUGGESTION_ANSWER_WORKING_DAYS = 10


def opinion_closed_message(activity: Activity, now: dt.datetime | None = None) -> str | None:
    """Why the opinion link does not take forms yet, or None: it opens on the activity day."""
    today = county_today(now)
    if activity.status == ActivityStatus.CANCELLED:
        return _("This activity has been cancelled, so it takes no opinion forms.")
    if today < activity.day:
        return _(
            "The opinion form opens on %(date)s, the day of the activity. Please come back after the activity."
        ) % {"date": activity.day.isoformat()}
    return None


@transaction.atomic
def submit_opinion(
    activity: Activity,
    *,
    satisfaction: str,
    suggestions: list[str],
    channel: str = Channel.PHONE,
    scan=None,
    nonce: str | None = None,
    by: Any = None,
    now: dt.datetime | None = None,
) -> OpinionForm:
    texts = [t.strip() for t in suggestions if t and t.strip()]
    if nonce:
        existing = OpinionForm.objects.filter(nonce=nonce).first()
        if existing:
            return existing
    if channel == Channel.PHONE:
        # The link (QR code) is open from the activity day on; staff type paper forms in later.
        closed = opinion_closed_message(activity, now)
        if closed:
            raise ValidationError(closed, code="opinion_closed")
    if channel == Channel.PAPER and scan is not None:
        uploads.validate_scan(scan)
    form = OpinionForm.objects.create(
        activity=activity,
        channel=channel,
        satisfaction=satisfaction,
        scan=scan or "",
        nonce=nonce or None,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Suggestion.objects.bulk_create(
        [Suggestion(form=form, activity=activity, text=t) for t in texts]
    )
    return form


@transaction.atomic
def assign_suggestion(
    suggestion: Suggestion,
    unit: Unit,
    *,
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Suggestion:
    today = today or timezone.localdate()
    suggestion.responsible_unit = unit
    suggestion.due_date = due_date or add_workdays(today, SUGGESTION_ANSWER_WORKING_DAYS)
    if suggestion.status == SuggestionStatus.OPEN:
        suggestion.status = SuggestionStatus.ASSIGNED
    suggestion.save()
    return suggestion


@transaction.atomic
def answer_suggestion(suggestion: Suggestion, *, answer: str, by: Any) -> Suggestion:
    if not answer.strip():
        raise ValidationError(
            {"answer": [_("Please write the answer the representative will read.")]}
        )
    if suggestion.responsible_unit_id is None and getattr(by, "unit_id", None):
        suggestion.responsible_unit_id = by.unit_id
    suggestion.answer = answer.strip()
    suggestion.answered_at = timezone.now()
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.save()
    return suggestion


@transaction.atomic
def set_suggestion_status(ids: list[int], status: str, *, by: Any) -> int:
    """Bulk status change by the service center. Answering needs an answer, so a suggestion
    without one cannot be set to answered or closed in bulk."""
    if status not in SuggestionStatus.values:
        raise ValidationError(_("Unknown status."))
    rows = list(Suggestion.objects.select_for_update().filter(pk__in=ids))
    now = timezone.now()
    changed = 0
    for s in rows:
        if status in (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED) and not s.answer:
            continue
        if status == SuggestionStatus.ASSIGNED and s.responsible_unit_id is None:
            continue
        s.status = status
        if status == SuggestionStatus.CLOSED:
            s.closed_at = now
        s.save()
        changed += 1
    return changed


def lookup_opinion(code: str) -> OpinionForm | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        OpinionForm.objects.filter(code=code)
        .select_related("activity__unit")
        .prefetch_related("suggestions__responsible_unit")
        .first()
    )


def opinion_summary(activity: Activity) -> dict[str, Any]:
    """The anonymous public summary: counts, satisfaction and the answered suggestions."""
    forms = activity.opinion_forms.values("satisfaction").annotate(n=Count("id"))
    by_sat = {row["satisfaction"]: row["n"] for row in forms}
    sugg = activity.suggestions.values("status").annotate(n=Count("id"))
    by_status = {row["status"]: row["n"] for row in sugg}
    answered = list(
        activity.suggestions.filter(status__in=[SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED])
        .select_related("responsible_unit")
        .order_by("id")
    )
    return {
        "forms": sum(by_sat.values()),
        "satisfaction": by_sat,
        "suggestions": sum(by_status.values()),
        "by_status": by_status,
        "answered": answered,
    }
