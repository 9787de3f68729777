"""Each unit's visit criteria for the assessment, with the evidence for each."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Coalesce

from gongkai.programmes.models import Programme
from gongkai.publishing.models import ReviewStatus
from gongkai.units.models import Unit
from gongkai.visits.models import UNANSWERED_STATUSES, Activity, ActivityStatus, Suggestion


@dataclass
class UnitCompliance:
    """One unit's row. Each criterion has its own evidence: the plan (附件1 row), the held
    activity's page, its sign-in sheet, the unit's suggestions and the public page with the
    approved media; ``evidence`` is the main activity (the assessment's evidence link)."""

    unit: Unit
    activities: list[Activity]
    planned: bool
    held: bool
    target_reached: bool
    leader_present: bool
    answered: bool
    published: bool
    evidence: Activity | None
    held_activity: Activity | None = None
    target_activity: Activity | None = None
    leader_activity: Activity | None = None
    published_activity: Activity | None = None
    suggestions: int = 0
    unanswered: int = 0


def suggestion_owner() -> Coalesce:
    """The unit a suggestion is for: its responsible unit, or, until the service center assigns
    one, the unit whose activity it was raised at (that unit may answer it)."""
    return Coalesce("responsible_unit_id", "activity__unit_id")


def compliance(programme: Programme) -> list[UnitCompliance]:
    activities = list(
        Activity.objects.filter(programme=programme)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("unit")
        .annotate(
            n_published=Count(
                "media", filter=Q(media__review_status=ReviewStatus.APPROVED), distinct=True
            ),
        )
    )
    by_unit: dict[int, list[Activity]] = {}
    for a in activities:
        by_unit.setdefault(a.unit_id, []).append(a)
    # Suggestions by the unit that must answer them (wherever they were raised), in one query.
    counts = {
        row["owner"]: row
        for row in Suggestion.objects.filter(activity__programme=programme)
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .annotate(owner=suggestion_owner())
        .values("owner")
        .annotate(
            total=Count("id"),
            open=Count(
                "id",
                filter=Q(status__in=UNANSWERED_STATUSES),
            ),
        )
    }
    # "About 20": the county's tolerance decides how many fewer still count (Programme).
    target = programme.representative_minimum
    rows = []
    for unit in programme.participants.order_by("sort_order", "name"):
        acts = by_unit.get(unit.pk, [])
        held = [a for a in acts if a.status == ActivityStatus.HELD]
        reached = [a for a in held if (a.attendance or 0) >= target]
        leader_missing = [a for a in held if not a.leader_stayed]
        # n_published: annotated by the query above (django-stubs cannot follow it here)
        with_media = [a for a in held if a.n_published]  # type: ignore[attr-defined]
        mine = counts.get(unit.pk, {"total": 0, "open": 0})
        rows.append(
            UnitCompliance(
                unit=unit,
                activities=acts,
                planned=bool(acts),
                held=bool(held),
                target_reached=bool(reached),
                leader_present=bool(held) and not leader_missing,
                # Held at least one activity (the criterion is about its own activities) and
                # every suggestion it is responsible for is answered.
                answered=bool(held) and mine["open"] == 0,
                published=bool(with_media),
                evidence=held[0] if held else (acts[0] if acts else None),
                held_activity=held[0] if held else None,
                target_activity=(
                    reached[0]
                    if reached
                    else max(held, key=lambda a: a.attendance or 0)
                    if held
                    else None
                ),
                leader_activity=(
                    leader_missing[0] if leader_missing else held[0] if held else None
                ),
                published_activity=with_media[0] if with_media else None,
                suggestions=mine["total"],
                unanswered=mine["open"],
            )
        )
    return rows
