"""Published statistics of netizen messages, computed with aggregate queries (one query for
the totals, one for the per-interview rows)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from gongkai.questions.models import AnswerMode, Question, QuestionStatus

_APPROVED = Q(status=QuestionStatus.APPROVED)
_ANSWERED = _APPROVED & Q(answer__published_at__isnull=False)


def _aggregates() -> dict[str, Any]:
    return {
        "questions": Count("id"),
        "approved": Count("id", filter=_APPROVED),
        "answered": Count("id", filter=_ANSWERED),
        "answered_live": Count("id", filter=_ANSWERED & Q(answer__mode=AnswerMode.LIVE)),
        "on_time": Count("id", filter=_ANSWERED & Q(answer__on_time=True)),
        "rated": Count("satisfaction"),
        "satisfaction": Avg("satisfaction"),
    }


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["answered_later"] = row["answered"] - row["answered_live"]
    row["reply_rate"] = _percent(row["answered"], row["approved"])
    row["on_time_rate"] = _percent(row["on_time"], row["answered"])
    if row["satisfaction"] is not None:
        row["satisfaction"] = round(float(row["satisfaction"]), 2)
    return row


def overall(queryset: QuerySet[Question] | None = None) -> dict[str, Any]:
    queryset = Question.objects.all() if queryset is None else queryset
    return _finish(queryset.aggregate(**_aggregates()))


def by_interview(queryset: QuerySet[Question] | None = None) -> list[dict[str, Any]]:
    queryset = Question.objects.all() if queryset is None else queryset
    rows = (
        queryset.order_by()
        .values(
            "interview_id",
            "interview__topic",
            "interview__unit__name",
            "interview__starts_at",
            "interview__status",
        )
        .annotate(**_aggregates())
        .order_by("interview__starts_at", "interview_id")
    )
    return [_finish(dict(row)) for row in rows]


def stats_context(programme=None) -> dict[str, Any]:
    """What the portal's 互动数据 page includes: ``{% include "questions/_stats.html" %}``."""
    queryset = Question.objects.all()
    if programme is not None:
        queryset = queryset.filter(interview__programme=programme)
    return {
        "question_stats": overall(queryset),
        "question_stats_by_interview": by_interview(queryset),
    }
