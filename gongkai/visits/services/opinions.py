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
    SuggestionOutcome,
    SuggestionStatus,
    SuggestionStep,
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
    created = Suggestion.objects.bulk_create(
        [Suggestion(form=form, activity=activity, text=t) for t in texts]
    )
    if created and created[0].pk is not None:
        SuggestionStep.objects.bulk_create(
            [SuggestionStep(suggestion=s, status=SuggestionStatus.OPEN) for s in created]
        )
    else:  # a database that does not return the new ids from a bulk insert
        SuggestionStep.objects.bulk_create(
            [
                SuggestionStep(suggestion=s, status=SuggestionStatus.OPEN)
                for s in form.suggestions.all()
            ]
        )
    return form


# The steps a suggestion may take (the public tracker's timeline follows them). A unit may
# answer a suggestion of its own activity before anyone assigns it, so open → answered is
# allowed; the service center may reopen an answer that does not answer (answered → in
# progress); closed is final.
ALLOWED_STEPS: dict[str, set[str]] = {
    SuggestionStatus.OPEN: {SuggestionStatus.ASSIGNED, SuggestionStatus.ANSWERED},
    SuggestionStatus.ASSIGNED: {
        SuggestionStatus.ASSIGNED,
        SuggestionStatus.IN_PROGRESS,
        SuggestionStatus.ANSWERED,
    },
    SuggestionStatus.IN_PROGRESS: {
        SuggestionStatus.ASSIGNED,
        SuggestionStatus.IN_PROGRESS,
        SuggestionStatus.ANSWERED,
    },
    SuggestionStatus.ANSWERED: {
        SuggestionStatus.ANSWERED,
        SuggestionStatus.IN_PROGRESS,
        SuggestionStatus.CLOSED,
    },
    SuggestionStatus.CLOSED: set(),
}
# An outcome other than "adopted" or "explained" says why (the tracker shows the reason).
OUTCOMES_NEEDING_REASON = {SuggestionOutcome.PARTLY, SuggestionOutcome.NOT_ADOPTED}


def can_move(suggestion: Suggestion, status: str) -> bool:
    return status in ALLOWED_STEPS.get(suggestion.status, set())


def _step(suggestion: Suggestion, status: str, *, outcome: str = "") -> SuggestionStep:
    unit = suggestion.responsible_unit if suggestion.responsible_unit_id else None
    return SuggestionStep.objects.create(
        suggestion=suggestion,
        status=status,
        outcome=outcome,
        unit_name=unit.name if unit is not None else "",
    )


def _refuse(suggestion: Suggestion, status: str) -> None:
    raise ValidationError(
        _("A suggestion that is “%(now)s” cannot become “%(new)s”.")
        % {
            "now": suggestion.get_status_display(),
            "new": SuggestionStatus(status).label,
        },
        code="suggestion_step",
    )


@transaction.atomic
def assign_suggestion(
    suggestion: Suggestion,
    unit: Unit,
    *,
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not can_move(suggestion, SuggestionStatus.ASSIGNED):
        _refuse(suggestion, SuggestionStatus.ASSIGNED)
    today = today or timezone.localdate()
    suggestion.responsible_unit = unit
    suggestion.due_date = due_date or add_workdays(today, SUGGESTION_ANSWER_WORKING_DAYS)
    suggestion.status = SuggestionStatus.ASSIGNED
    suggestion.save()
    _step(suggestion, SuggestionStatus.ASSIGNED)
    return suggestion


@transaction.atomic
def start_handling(suggestion: Suggestion, *, by: Any) -> Suggestion:
    """The responsible unit says it is working on it (办理中)."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != SuggestionStatus.ASSIGNED:
        _refuse(suggestion, SuggestionStatus.IN_PROGRESS)
    suggestion.status = SuggestionStatus.IN_PROGRESS
    suggestion.save(update_fields=["status"])
    _step(suggestion, SuggestionStatus.IN_PROGRESS)
    return suggestion


@transaction.atomic
def answer_suggestion(
    suggestion: Suggestion,
    *,
    answer: str,
    by: Any,
    outcome: str = SuggestionOutcome.EXPLAINED,
    reason: str = "",
) -> Suggestion:
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    errors: dict[str, list[str]] = {}
    if not answer.strip():
        errors["answer"] = [_("Please write the answer the representative will read.")]
    outcome = outcome or SuggestionOutcome.EXPLAINED
    if outcome not in SuggestionOutcome.values:
        errors["outcome"] = [_("Choose what became of the suggestion.")]
    elif outcome in OUTCOMES_NEEDING_REASON and not reason.strip():
        errors["reason"] = [
            _("Say why it is not (fully) adopted: the representative and the public read it.")
        ]
    if errors:
        raise ValidationError(errors)
    if not can_move(suggestion, SuggestionStatus.ANSWERED):
        _refuse(suggestion, SuggestionStatus.ANSWERED)
    if suggestion.responsible_unit_id is None and getattr(by, "unit_id", None):
        suggestion.responsible_unit_id = by.unit_id
        suggestion.responsible_unit = Unit.objects.get(pk=by.unit_id)
        _step(suggestion, SuggestionStatus.ASSIGNED)
    suggestion.answer = answer.strip()
    suggestion.outcome = outcome
    suggestion.outcome_reason = reason.strip()
    suggestion.answered_at = timezone.now()
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.save()
    _step(suggestion, SuggestionStatus.ANSWERED, outcome=outcome)
    return suggestion


@transaction.atomic
def set_suggestion_status(ids: list[int], status: str, *, by: Any) -> int:
    """Bulk status change by the service center, along the allowed steps only: answering needs
    an answer and assigning a responsible unit, so such rows are left as they are."""
    if status not in SuggestionStatus.values:
        raise ValidationError(_("Unknown status."))
    rows = list(
        Suggestion.objects.select_for_update(of=("self",))
        .select_related("responsible_unit")
        .filter(pk__in=ids)
    )
    now = timezone.now()
    changed = 0
    for s in rows:
        if s.status == status or not can_move(s, status):
            continue
        if status in (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED) and not s.answer:
            continue
        if status in (SuggestionStatus.ASSIGNED, SuggestionStatus.IN_PROGRESS) and (
            s.responsible_unit_id is None
        ):
            continue
        s.status = status
        if status == SuggestionStatus.CLOSED:
            s.closed_at = now
        s.save()
        _step(s, status, outcome=s.outcome if status == SuggestionStatus.ANSWERED else "")
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
    # "being handled" on the page: assigned to a unit, whether or not it has started.
    by_status["assigned"] = by_status.get("assigned", 0) + by_status.pop("in_progress", 0)
    # Only what the service center approved for the public (the tracker's text).
    answered = list(
        Suggestion.objects.filter(activity=activity)
        .public()
        .filter(status__in=[SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED])
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
