"""Computing, adjusting, contesting and locking the assessment scores."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.assessment.indicator_tree import ensure_open
from gongkai.assessment.models import Adjustment, Indicator, Objection, Snapshot
from gongkai.assessment.registry import get_rule
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit

TWO = Decimal("0.01")


def _points(value: Decimal | float) -> Decimal:
    return Decimal(str(value)).quantize(TWO, rounding=ROUND_HALF_UP)


@dataclass
class PointScore:
    indicator_id: int
    name: str
    weight: Decimal
    earned: Decimal | None  # None: not applicable to this unit
    computed: Decimal | None
    note: str = ""
    evidence: list[dict[str, str]] = field(default_factory=list)
    adjusted: bool = False
    adjustment_reason: str = ""


@dataclass
class UnitScore:
    unit_id: int
    unit_name: str
    earned: Decimal
    maximum: Decimal
    points: list[PointScore]
    rank: int = 0

    @property
    def percent(self) -> Decimal:
        """The unit's score out of 100 over the points that apply to it."""
        if not self.maximum:
            return Decimal("0.00")
        return _points(self.earned * 100 / self.maximum)


@dataclass
class ScoreTable:
    programme_id: int
    leaves: list[dict[str, Any]]
    units: list[UnitScore]
    locked: bool = False
    locked_at: str = ""

    def for_unit(self, unit_id: int) -> UnitScore | None:
        return next((u for u in self.units if u.unit_id == unit_id), None)


def assessed_units(programme: Programme) -> list[Unit]:
    # Every unit the year named, retired ones too: a past year keeps its units and scores (a year
    # not yet published drops a retired unit when it is retired, ``programmes.unit_history``).
    return list(programme.participants.order_by("sort_order", "name"))


def _leaves(programme: Programme) -> list[Indicator]:
    nodes = list(programme.indicators.all())
    parents = {n.parent_id for n in nodes if n.parent_id}
    by_id = {n.pk: n for n in nodes}

    def path_key(leaf: Indicator) -> tuple:
        chain = []
        node: Indicator | None = leaf
        while node is not None:
            chain.append((node.order, node.pk))
            node = by_id.get(node.parent_id) if node.parent_id is not None else None
        return tuple(reversed(chain))

    return sorted((n for n in nodes if n.pk not in parents), key=path_key)


def group_name(indicator: Indicator, by_id: dict[int, Indicator]) -> str:
    node = indicator
    while node.parent_id and node.parent_id in by_id:
        node = by_id[node.parent_id]
    return node.name if node is not indicator else ""


def compute_scores(programme: Programme, *, use_snapshot: bool = True) -> ScoreTable:
    """Every unit's score. Locked years answer from their snapshot."""
    if use_snapshot:
        snapshot = Snapshot.objects.locking(programme).first()
        if snapshot is not None:
            return table_from_snapshot(snapshot)
    units = assessed_units(programme)
    leaves = _leaves(programme)
    all_nodes = {n.pk: n for n in programme.indicators.all()}
    adjustments = {
        (a.indicator_id, a.unit_id): a
        for a in Adjustment.objects.filter(indicator__programme=programme)
    }
    results_by_rule: dict[str, dict[int, Any]] = {}
    for leaf in leaves:
        if leaf.rule and leaf.rule not in results_by_rule:
            rule = get_rule(leaf.rule)
            results_by_rule[leaf.rule] = rule.fn(programme, units) if rule else {}
    unit_scores = []
    for unit in units:
        points = []
        earned_total = Decimal("0")
        maximum = Decimal("0")
        for leaf in leaves:
            result = results_by_rule.get(leaf.rule, {}).get(unit.pk)
            computed = (
                None
                if result is None
                else _points(leaf.weight * Decimal(str(max(0.0, min(1.0, result.ratio)))))
            )
            point = PointScore(
                indicator_id=leaf.pk,
                name=leaf.name,
                weight=leaf.weight,
                earned=computed,
                computed=computed,
                note=result.note if result else _("Not applicable to this unit"),
                evidence=[e.as_dict() for e in result.evidence] if result else [],
            )
            adjustment = adjustments.get((leaf.pk, unit.pk))
            if adjustment is not None:
                point.earned = min(_points(adjustment.points), leaf.weight)
                point.adjusted = True
                point.adjustment_reason = adjustment.reason
            if point.earned is not None:
                earned_total += point.earned
                maximum += leaf.weight
            points.append(point)
        unit_scores.append(UnitScore(unit.pk, unit.name, earned_total, maximum, points))
    _rank(unit_scores)
    leaf_rows = [
        {
            "id": leaf.pk,
            "name": leaf.name,
            "weight": str(leaf.weight),
            "group": group_name(leaf, all_nodes),
            "rule": leaf.rule,
            "source": leaf.source,
        }
        for leaf in leaves
    ]
    return ScoreTable(programme.pk, leaf_rows, unit_scores)


def _rank(units: list[UnitScore]) -> None:
    units.sort(key=lambda u: (-u.percent, u.unit_name))
    previous, rank = None, 0
    for position, unit in enumerate(units, start=1):
        if unit.percent != previous:
            rank, previous = position, unit.percent
        unit.rank = rank


def table_as_data(table: ScoreTable) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, list):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        return value

    return {
        "programme_id": table.programme_id,
        "leaves": table.leaves,
        "units": [plain(asdict(u)) for u in table.units],
    }


def table_from_snapshot(snapshot: Snapshot) -> ScoreTable:
    data = snapshot.data

    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    units = []
    for row in data["units"]:
        points = [
            PointScore(
                indicator_id=p["indicator_id"],
                name=p["name"],
                weight=Decimal(p["weight"]),
                earned=dec(p["earned"]),
                computed=dec(p["computed"]),
                note=p["note"],
                evidence=p["evidence"],
                adjusted=p["adjusted"],
                adjustment_reason=p["adjustment_reason"],
            )
            for p in row["points"]
        ]
        units.append(
            UnitScore(
                row["unit_id"],
                row["unit_name"],
                Decimal(row["earned"]),
                Decimal(row["maximum"]),
                points,
                row["rank"],
            )
        )
    return ScoreTable(
        data["programme_id"],
        data["leaves"],
        units,
        locked=True,
        locked_at=snapshot.locked_at.isoformat(),
    )


@transaction.atomic
def lock_year(programme: Programme, *, by: Any) -> Snapshot:
    """Freeze the year's scores in a new snapshot (the earlier ones stay in the history)."""
    Programme.objects.select_for_update().get(pk=programme.pk)  # one lock at a time
    if Snapshot.objects.locking(programme).exists():
        raise ValidationError(_("The scores of this year are already locked."))
    table = compute_scores(programme, use_snapshot=False)
    return Snapshot.objects.create(programme=programme, locked_by=by, data=table_as_data(table))


@transaction.atomic
def unlock_year(programme: Programme, *, by: Any, reason: str) -> Snapshot:
    """The county office reopens a locked year, with a written reason (audited): the snapshot
    is kept in the history, the scores follow the data again until the next lock."""
    Programme.objects.select_for_update().get(pk=programme.pk)
    snapshot = Snapshot.objects.locking(programme).first()
    if snapshot is None:
        raise ValidationError(_("The scores of this year are not locked."))
    if not reason.strip():
        raise ValidationError(
            _("Please write why the scores are unlocked; the reason is kept with the lock.")
        )
    snapshot.unlocked_at = timezone.now()
    snapshot.unlocked_by = by
    snapshot.unlock_reason = reason.strip()
    snapshot.save(update_fields=["unlocked_at", "unlocked_by", "unlock_reason"])
    return snapshot


@transaction.atomic
def adjust_point(
    indicator: Indicator, unit: Unit, *, points: Decimal, reason: str, by: Any
) -> Adjustment:
    ensure_open(indicator.programme)
    if not reason.strip():
        raise ValidationError(
            _("Please write the reason for the adjustment; the unit will read it.")
        )
    if points > indicator.weight:
        raise ValidationError(
            _("At most %(weight)s points can be given for this point.")
            % {"weight": indicator.weight}
        )
    adjustment, _created = Adjustment.objects.update_or_create(
        indicator=indicator,
        unit=unit,
        defaults={"points": points, "reason": reason.strip(), "by": by},
    )
    return adjustment


@transaction.atomic
def remove_adjustment(indicator: Indicator, unit: Unit) -> None:
    ensure_open(indicator.programme)
    Adjustment.objects.filter(indicator=indicator, unit=unit).delete()


@transaction.atomic
def raise_objection(
    programme: Programme, unit: Unit, *, text: str, by: Any, indicator: Indicator | None = None
) -> Objection:
    if Snapshot.objects.locking(programme).exists():
        raise ValidationError(
            _(
                "The scores of this year are locked, so objections are closed. If something is "
                "wrong, please contact the county office."
            )
        )
    if not text.strip():
        raise ValidationError(_("Please write what you object to and why."))
    return Objection.objects.create(
        programme=programme, unit=unit, indicator=indicator, text=text.strip(), raised_by=by
    )


@transaction.atomic
def answer_objection(objection: Objection, *, answer: str, by: Any) -> Objection:
    if not answer.strip():
        raise ValidationError(_("Please write an answer."))
    objection.answer = answer.strip()
    objection.answered_by = by
    objection.answered_at = timezone.now()
    objection.save()
    return objection


def progress(programme: Programme, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Per deadline: how many units are on time, late, to do and overdue (the dashboard)."""
    from gongkai.workbench.registry import completion_source
    from gongkai.workbench.services import responsible_units, state_for

    now = now or timezone.now()
    rows = []
    names = {u.pk: u.name for u in Unit.objects.all()}
    for deadline in programme.deadlines.all():
        owing = responsible_units(programme, deadline)
        source = completion_source(deadline.kind)
        done = source(programme) if source else {}
        counts: dict[str, int] = defaultdict(int)
        overdue_ids = []
        for unit_id in owing:
            state, _late = state_for(deadline.due_date, done.get(unit_id), now)
            counts[state] += 1
            if state == "overdue":
                overdue_ids.append(unit_id)
        total = len(owing) or 1
        rows.append(
            {
                "deadline": deadline,
                "counts": dict(counts),
                "total": len(owing),
                "done_percent": round(100 * (counts["on_time"] + counts["late"]) / total),
                "overdue_ids": overdue_ids,
                "overdue_units": sorted(names.get(pk, str(pk)) for pk in overdue_ids),
            }
        )
    return rows


# Photos and video of a visit activity are expected within this many days after it (the visits
# app reminds the unit from the third day on).
MEDIA_GRACE_DAYS = 3


@dataclass
class OverdueRow:
    """What one unit is overdue on, across the programme's apps."""

    unit_id: int
    unit_name: str
    deadlines: list[str] = field(default_factory=list)
    activities_without_media: int = 0
    suggestions: int = 0
    interpretations: int = 0
    replies: int = 0

    @property
    def total(self) -> int:
        return (
            len(self.deadlines)
            + self.activities_without_media
            + self.suggestions
            + self.interpretations
            + self.replies
        )


def overdue_by_unit(
    programme: Programme, deadline_rows: list[dict[str, Any]], now: dt.datetime | None = None
) -> list[OverdueRow]:
    """Who is overdue on what: the programme deadlines (from ``progress``), held activities
    with no photo or video ``MEDIA_GRACE_DAYS`` days after, representatives' suggestions past
    their answer date, interpretations past their due date and not published, netizen
    questions past their reply limit. A handful of queries whatever the number of units."""
    from django.db.models import Count

    from gongkai.lib.deadlines import COUNTY_TZ

    now = now or timezone.now()
    today = timezone.localtime(now, COUNTY_TZ).date()
    rows: dict[int, OverdueRow] = {}

    def row(unit_id: int) -> OverdueRow:
        return rows.setdefault(unit_id, OverdueRow(unit_id, ""))

    for deadline_row in deadline_rows:
        for unit_id in deadline_row["overdue_ids"]:
            row(unit_id).deadlines.append(str(deadline_row["deadline"]))
    from gongkai.visits.models import Activity, ActivityStatus, Suggestion

    cutoff = dt.datetime.combine(
        today - dt.timedelta(days=MEDIA_GRACE_DAYS - 1), dt.time.min, tzinfo=COUNTY_TZ
    )
    for item in (
        Activity.objects.filter(programme=programme, starts_at__lt=cutoff, media__isnull=True)
        .exclude(status=ActivityStatus.CANCELLED)
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
    ):
        row(item["unit_id"]).activities_without_media = item["n"]
    for item in (
        Suggestion.objects.unanswered()
        .filter(activity__programme=programme, due_date__lt=today)
        .exclude(responsible_unit=None)
        .order_by()
        .values("responsible_unit")
        .annotate(n=Count("id"))
    ):
        row(item["responsible_unit"]).suggestions = item["n"]
    from gongkai.policies import services as policies

    for unit_id, stats in policies.statistics(programme.year, now=now).items():
        missing = (stats.get("missing_written") or 0) + (stats.get("missing_video") or 0)
        if missing and unit_id is not None:
            row(unit_id).interpretations = missing
    from gongkai.questions.models import Question, QuestionStatus

    for item in (
        Question.objects.overdue(today)
        .filter(interview__programme=programme, status=QuestionStatus.APPROVED)
        .order_by()
        .values("interview__unit_id")
        .annotate(n=Count("id"))
    ):
        row(item["interview__unit_id"]).replies = item["n"]
    units = Unit.objects.in_bulk(list(rows))
    result = []
    for unit_id, overdue in rows.items():
        unit = units.get(unit_id)
        if unit is None or not overdue.total:
            continue
        overdue.unit_name = unit.name
        result.append((unit.sort_order, unit.name, overdue))
    result.sort(key=lambda item: (-item[2].total, item[0], item[1]))
    return [item[2] for item in result]
