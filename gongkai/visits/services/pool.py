"""代表库: the representative pool the county keeps year after year. The coverage grid (镇/街道
× category) of who took part in a year, the rotation rules checked when a unit invites, the
hints beside each person in the invite list, and the 公示 of an activity's list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.lib.masking import mask_name
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit
from gongkai.visits.models import (
    TOWN_KINDS,
    Activity,
    ActivityStatus,
    PoolRules,
    Registration,
    RegistrationStatus,
    Representative,
    RepresentativeCategory,
)


def rules_for(programme: Programme) -> PoolRules:
    """The year's rules, or the defaults (not saved) when the county has not set any."""
    found = PoolRules.objects.filter(programme=programme).first()
    return found if found is not None else PoolRules(programme=programme)


def save_rules(programme: Programme, *, by: Any, **values: int) -> PoolRules:
    rules, _created = PoolRules.objects.get_or_create(programme=programme)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    return rules


def set_pool_fields(
    rep: Representative, *, by: Any, category: str, town: Unit | None, sector: str
) -> Representative:
    rep.category = category or rep.category
    rep.town = town
    rep.sector = (sector or "").strip()
    rep.full_clean(validate_unique=False, exclude=["id_number", "phone_encrypted", "address"])
    rep.save(update_fields=["category", "town", "sector"])
    return rep


def _live(queryset):
    return queryset.exclude(status=RegistrationStatus.CANCELLED).exclude(
        activity__status=ActivityStatus.CANCELLED
    )


def check_rotation(activity: Activity, rep: Representative) -> None:
    """Refuse an invitation that would take ``rep`` past the year's limit of activities."""
    limit = rules_for(activity.programme).max_activities_per_year
    if not limit:
        return
    taken = (
        _live(Registration.objects.filter(representative=rep, year=activity.programme.year))
        .exclude(activity=activity)
        .count()
    )
    if taken >= limit:
        raise ValidationError(
            _(
                "%(name)s already takes part in %(n)d activities this year, the most the county's "
                "rotation rule allows (%(limit)d). Please invite someone else: the coverage page "
                "shows which towns and categories have no one yet."
            )
            % {"name": rep.name_masked, "n": taken, "limit": limit},
            code="rotation",
        )


@dataclass
class CategoryCheck:
    covered: int
    required: int
    missing: list[str] = field(default_factory=list)

    @property
    def short(self) -> bool:
        return bool(self.required) and self.covered < self.required


def category_check(activity: Activity) -> CategoryCheck:
    """How many categories the activity's list covers against the year's rule."""
    required = rules_for(activity.programme).min_categories_per_activity
    present = set(
        _live(activity.registrations.all())
        .values_list("representative__category", flat=True)
        .distinct()
    )
    missing = [
        str(label) for value, label in RepresentativeCategory.choices if value not in present
    ]
    return CategoryCheck(covered=len(present), required=required, missing=missing)


@dataclass
class Coverage:
    year: int
    categories: list[tuple[str, str]]
    rows: list[tuple[str, list[int]]]  # (town name, a count per category)
    totals: list[int]
    gaps: int


def coverage(programme: Programme) -> Coverage:
    """Who took part in the year: distinct representatives with a live registration, by the
    town they live in and their category. Two queries, whatever the number of people."""
    counts: dict[tuple[int | None, str], int] = {
        (row["representative__town"], row["representative__category"]): row["n"]
        for row in _live(Registration.objects.filter(year=programme.year))
        .values("representative__town", "representative__category")
        .annotate(n=Count("representative", distinct=True))
        .order_by()
    }
    categories = list(RepresentativeCategory.choices)
    towns = list(
        Unit.objects.filter(kind__in=TOWN_KINDS, active=True).order_by("sort_order", "name")
    )
    rows = [(t.name, [counts.get((t.pk, c), 0) for c, _label in categories]) for t in towns]
    elsewhere = [
        sum(
            n for (town, cat), n in counts.items() if cat == c and town not in {t.pk for t in towns}
        )
        for c, _label in categories
    ]
    if any(elsewhere):
        rows.append((_("Town not recorded"), elsewhere))
    totals = [sum(row[1][i] for row in rows) for i in range(len(categories))]
    gaps = sum(1 for _name, cells in rows[: len(towns)] for n in cells if n == 0)
    return Coverage(
        programme.year, [(c, str(label)) for c, label in categories], rows, totals, gaps
    )


def candidate_hints(activity: Activity, people: list[Representative]) -> None:
    """Set ``hints`` on each person of the invite list: how long since they last took part,
    whether their field matches this activity, how many activities they have this year."""
    year = activity.programme.year
    ids = [p.pk for p in people]
    last = {
        row["representative"]: row["last"]
        for row in _live(Registration.objects.filter(representative__in=ids))
        .values("representative")
        .annotate(last=Max("year"))
        .order_by()
    }
    this_year = {
        row["representative"]: row["n"]
        for row in _live(Registration.objects.filter(representative__in=ids, year=year))
        .values("representative")
        .annotate(n=Count("id"))
        .order_by()
    }
    topic = f"{activity.title} {activity.unit.name}"
    limit = rules_for(activity.programme).max_activities_per_year
    for person in people:
        hints = []
        if person.sector and person.sector in topic:
            hints.append(_("matches this activity"))
        seen = last.get(person.pk)
        if seen is None:
            hints.append(_("never taken part"))
        elif seen < year:
            hints.append(_("not for %(n)d years") % {"n": year - seen})
        taken = this_year.get(person.pk, 0)
        if limit and taken >= limit:
            hints.append(_("limit reached this year"))
        person.hints = hints  # type: ignore[attr-defined]
        person.matches = bool(person.sector and person.sector in topic)  # type: ignore[attr-defined]


@dataclass
class NoticeRow:
    name: str
    category: str
    town: str


def published_list(activity: Activity, now: dt.datetime | None = None) -> list[NoticeRow] | None:
    """公示: the activity's confirmed list, names masked, with category and town, from
    ``notice_days`` before the activity to its day; None outside that window. People whose
    details the retention purge has blanked are left out."""
    days = rules_for(activity.programme).notice_days
    today = county_today(now)
    if (
        not days
        or activity.status == ActivityStatus.CANCELLED
        or not (activity.day - dt.timedelta(days=days) <= today <= activity.day)
    ):
        return None
    regs = (
        activity.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("representative__town")
        .order_by("id")
    )
    return [
        NoticeRow(
            mask_name(r.representative.name),
            r.representative.get_category_display(),
            r.representative.town.name if r.representative.town else "",
        )
        for r in regs
        if r.representative.name
    ]
