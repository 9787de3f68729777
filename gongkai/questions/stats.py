"""Published statistics of netizen messages, computed with aggregate queries (one query for
the totals, one for the per-interview rows, one for the per-unit rows, one for reply times)."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

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


def by_county(queryset: QuerySet[Question] | None = None) -> dict[int, dict[str, Any]]:
    """The same totals per county, in one query whatever the number of counties (the city's
    dashboard, run in ``scope.all_counties()``)."""
    queryset = Question.objects.all() if queryset is None else queryset
    rows = queryset.order_by().values("interview__programme__county").annotate(**_aggregates())
    return {row.pop("interview__programme__county"): _finish(dict(row)) for row in rows}


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


# --- the 互动数据 page's breakdown: per unit, reply times, charts -----------------------------

DAY = 86400.0
# Reply-time buckets (upper bound in days, inclusive; None: no bound) with their labels.
REPLY_BUCKETS: list[tuple[float | None, Any]] = [
    (1, _("Within 1 day")),
    (3, _("1 to 3 days")),
    (5, _("3 to 5 days")),
    (10, _("5 to 10 days")),
    (None, _("More than 10 days")),
]


def by_unit(queryset: QuerySet[Question] | None = None) -> list[dict[str, Any]]:
    queryset = Question.objects.all() if queryset is None else queryset
    rows = (
        queryset.order_by()
        .values("interview__unit_id", "interview__unit__name")
        .annotate(**_aggregates())
        .order_by("interview__unit__name")
    )
    return [_finish(dict(row)) for row in rows]


def reply_times(queryset: QuerySet[Question] | None = None) -> dict[str, Any]:
    """From a question's arrival to its published answer, in days: the average overall, per
    interview and per unit, and how many answers fell into each of ``REPLY_BUCKETS``. One
    query (the answered questions' two times), worked out here so SQLite and PostgreSQL
    agree."""
    queryset = Question.objects.all() if queryset is None else queryset
    rows = (
        queryset.filter(_ANSWERED)
        .order_by()
        .values_list("interview_id", "interview__unit_id", "asked_at", "answer__published_at")
    )
    per_interview: dict[int, list[float]] = {}
    per_unit: dict[int, list[float]] = {}
    counts = [0] * len(REPLY_BUCKETS)
    every: list[float] = []
    for interview_id, unit_id, asked_at, published_at in rows:
        days = max((published_at - asked_at).total_seconds(), 0.0) / DAY
        every.append(days)
        per_interview.setdefault(interview_id, []).append(days)
        per_unit.setdefault(unit_id, []).append(days)
        for i, (bound, _label) in enumerate(REPLY_BUCKETS):
            if bound is None or days <= bound:
                counts[i] += 1
                break

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    return {
        "average": mean(every),
        "by_interview": {k: mean(v) for k, v in per_interview.items()},
        "by_unit": {k: mean(v) for k, v in per_unit.items()},
        "buckets": [
            {"label": label, "count": n, "percent": _percent(n, len(every)) or 0.0}
            for (_bound, label), n in zip(REPLY_BUCKETS, counts, strict=True)
        ],
    }


def bars(rows: list[dict[str, Any]], key: str, top: float | None = None) -> list[dict[str, Any]]:
    """One chart's bars: each row's ``label`` and ``key`` value, with its length in percent of
    ``top`` (default: the largest value). A row without a value gets no bar."""
    values = [row[key] for row in rows if row[key] is not None]
    top = top or (max(values) if values else 0) or 1
    return [
        {
            "label": row["label"],
            "value": row[key],
            "length": 0 if row[key] is None else round(100.0 * float(row[key]) / float(top), 1),
        }
        for row in rows
    ]


def breakdown_context(queryset: QuerySet[Question] | None = None) -> dict[str, Any]:
    """Everything the 互动数据 page shows of netizen messages (a fixed number of queries)."""
    queryset = Question.objects.all() if queryset is None else queryset
    times = reply_times(queryset)
    interviews = by_interview(queryset)
    for row in interviews:
        row["reply_days"] = times["by_interview"].get(row["interview_id"])
    units = by_unit(queryset)
    for row in units:
        row["reply_days"] = times["by_unit"].get(row["interview__unit_id"])
        row["label"] = row["interview__unit__name"]
    total = overall(queryset)
    total["reply_days"] = times["average"]
    charts = [
        {"key": "questions", "title": _("Messages received"), "bars": bars(units, "questions")},
        {
            "key": "reply_rate",
            "title": _("Completion rate (%)"),
            "bars": bars(units, "reply_rate", 100),
        },
        {
            "key": "reply_days",
            "title": _("Average reply time (days)"),
            "bars": bars(units, "reply_days"),
        },
        {
            "key": "satisfaction",
            "title": _("Average satisfaction (1–5)"),
            "bars": bars(units, "satisfaction", 5),
        },
    ]
    return {
        "question_stats": total,
        "question_stats_by_interview": interviews,
        "question_stats_by_unit": units,
        "reply_buckets": times["buckets"],
        "charts": charts if units else [],
    }
