"""After the window: the results (counts and percentages per choice, average ratings), the
review of free text (先审后发) and the unit's 采纳情况 report, and when it is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.consultations import conf
from gongkai.consultations.models import (
    Adoption,
    Answer,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Item,
    ItemKind,
    Phase,
)
from gongkai.lib.deadlines import county_today
from gongkai.workdays.dates import add_workdays
from gongkai.workdays.models import DayOverride

# --- results ------------------------------------------------------------------------------


@dataclass
class ChoiceResult:
    label: str
    count: int
    percent: int  # of the responses that answered the question, rounded


@dataclass
class ItemResult:
    item: Item
    answered: int = 0
    choices: list[ChoiceResult] = field(default_factory=list)
    average: float | None = None
    ratings: list[ChoiceResult] = field(default_factory=list)
    comments: int = 0


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def results(consultation: Consultation) -> list[ItemResult]:
    """Each question's figures, in three queries whatever the number of questions."""
    items = list(consultation.items.prefetch_related("choices"))
    answered = dict(
        Answer.objects.filter(item__consultation=consultation)
        .values_list("item")
        .annotate(n=Count("response", distinct=True))
        .values_list("item", "n")
    )
    per_choice = dict(
        Answer.objects.filter(item__consultation=consultation, choice__isnull=False)
        .values_list("choice")
        .annotate(n=Count("id"))
        .values_list("choice", "n")
    )
    ratings: dict[tuple[int, int | None], int] = {
        (row["item"], row["rating"]): row["n"]
        for row in Answer.objects.filter(item__consultation=consultation, rating__isnull=False)
        .values("item", "rating")
        .annotate(n=Count("id"))
    }
    texts = dict(
        Comment.objects.filter(consultation=consultation, item__isnull=False)
        .values_list("item")
        .annotate(n=Count("id"))
        .values_list("item", "n")
    )
    out: list[ItemResult] = []
    for item in items:
        result = ItemResult(item=item, answered=answered.get(item.pk, 0))
        if item.has_choices:
            result.choices = [
                ChoiceResult(c.label, per_choice.get(c.pk, 0), 0) for c in item.choices.all()
            ]
            for choice in result.choices:
                choice.percent = _percent(choice.count, result.answered)
        elif item.kind == ItemKind.RATING:
            counts = {score: ratings.get((item.pk, score), 0) for score in range(1, 6)}
            total = sum(counts.values())
            result.answered = total
            result.ratings = [
                ChoiceResult(str(score), counts[score], _percent(counts[score], total))
                for score in range(5, 0, -1)
            ]
            if total:
                result.average = round(sum(s * n for s, n in counts.items()) / total, 1)
        else:
            result.comments = texts.get(item.pk, 0)
        out.append(result)
    return out


# --- the deadline for the feedback --------------------------------------------------------


def feedback_due(consultation: Consultation) -> dt.date:
    """``conf.feedback_days()`` working days after the day the window closed (county time)."""
    closed_on = county_today(consultation.closes_at)
    return add_workdays(closed_on, conf.feedback_days())


def feedback_dues(consultations: list[Consultation]) -> dict[int, dt.date]:
    """``feedback_due`` of many consultations with one read of the working-day calendar (the
    staff list and the workbench, whatever their length)."""
    if not consultations:
        return {}
    days = conf.feedback_days()
    closed = {c.pk: county_today(c.closes_at) for c in consultations}
    # Long holidays add at most a few weeks to any span of working days.
    start, end = min(closed.values()), max(closed.values()) + dt.timedelta(days=days * 2 + 40)
    overrides = dict(
        DayOverride.objects.filter(date__range=(start, end)).values_list("date", "is_workday")
    )

    def due(day: dt.date) -> dt.date:
        remaining = days
        while remaining:
            day += dt.timedelta(days=1)
            if overrides.get(day, day.weekday() < 5):
                remaining -= 1
        return day

    return {pk: due(day) for pk, day in closed.items()}


def is_feedback_overdue(consultation: Consultation, today: dt.date | None = None) -> bool:
    if consultation.phase() != Phase.CLOSED:
        return False
    return (today or county_today()) > feedback_due(consultation)


def overdue(queryset: Any, today: dt.date | None = None) -> list[Consultation]:
    """The consultations of ``queryset`` whose feedback is late."""
    today = today or county_today()
    return [c for c in queryset.awaiting_feedback() if today > feedback_due(c)]


# --- review of free text ------------------------------------------------------------------


def _reviewed(comment: Comment, by: Any, status: str) -> None:
    if comment.status != CommentStatus.PENDING:
        raise ValidationError(_("This comment has already been reviewed."))
    comment.status = status
    comment.reviewed_by = by
    comment.reviewed_at = timezone.now()
    comment.save()


@transaction.atomic
def approve_comment(comment: Comment, *, by: Any) -> None:
    _reviewed(comment, by, CommentStatus.APPROVED)


@transaction.atomic
def reject_comment(comment: Comment, *, by: Any) -> None:
    _reviewed(comment, by, CommentStatus.REJECTED)


def review_counts(consultation: Consultation) -> dict[str, int]:
    return consultation.comments.aggregate(
        pending=Count("id", filter=Q(status=CommentStatus.PENDING)),
        approved=Count("id", filter=Q(status=CommentStatus.APPROVED)),
        flagged=Count("id", filter=Q(status=CommentStatus.PENDING, flagged=True)),
    )


# --- 采纳情况 ------------------------------------------------------------------------------


def _check_closed(consultation: Consultation) -> None:
    if consultation.phase() != Phase.CLOSED:
        raise ValidationError(
            _("The adoption report is written after the window closes, before it is published.")
        )


@transaction.atomic
def set_adoption(comment: Comment, *, adoption: str, reason: str, by: Any) -> None:
    _check_closed(comment.consultation)
    if comment.status != CommentStatus.APPROVED:
        raise ValidationError(_("Only an approved comment is answered in the adoption report."))
    if adoption not in Adoption.values:
        raise ValidationError(_("Please choose adopted, partly adopted or not adopted."))
    if adoption != Adoption.ADOPTED and not reason.strip():
        raise ValidationError(
            _("Please give the reason when a suggestion is not or only partly adopted.")
        )
    comment.adoption = adoption
    comment.adoption_reason = reason.strip()
    comment.save()


def missing_for_feedback(consultation: Consultation) -> list[str]:
    """What stops the feedback from being published, in words for the unit."""
    problems = []
    counts = review_counts(consultation)
    if counts["pending"]:
        problems.append(
            _("%(n)s comments still wait for review by the service center.")
            % {"n": counts["pending"]}
        )
    unanswered = consultation.comments.filter(status=CommentStatus.APPROVED, adoption="").count()
    if unanswered:
        problems.append(
            _("%(n)s approved comments have no adoption decision yet.") % {"n": unanswered}
        )
    return problems


@transaction.atomic
def publish_feedback(
    consultation: Consultation, *, summary: str, by: Any, now: dt.datetime | None = None
) -> None:
    """Publish the results and the adoption report; the consultation is finished."""
    _check_closed(consultation)
    problems = missing_for_feedback(consultation)
    if problems:
        raise ValidationError(problems)
    if not summary.strip():
        raise ValidationError(
            {"summary": _("Please sum up in a few sentences how the comments were used.")}
        )
    consultation.feedback_summary = summary.strip()
    consultation.status = ConsultationStatus.FEEDBACK
    consultation.feedback_published_at = now or timezone.now()
    consultation.save()
