"""The city's figures over every county, and the spot check's start and end.

The dashboard and the ranking run in ``scope.all_counties()`` and group by county in the
database (``values("…county").annotate(...)``); the ranking reads locked snapshots and the
provisional scores the task worker computes (``refresh_provisional_scores``). The number of
queries does not grow with the number of counties (tests/city/test_dashboard.py pins it)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from gongkai.assessment import services as assessment
from gongkai.assessment.models import Snapshot
from gongkai.audit.services import record
from gongkai.city.models import ProvisionalScore, SpotCheck
from gongkai.counties import scope
from gongkai.counties.models import County
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.lib.deadlines import COUNTY_TZ, county_today
from gongkai.policies.models import PolicyDocument
from gongkai.policies.services.timeliness import documents_with_progress, progress
from gongkai.programmes.models import Programme
from gongkai.questions import stats as question_stats
from gongkai.questions.models import Question, QuestionStatus
from gongkai.visits.models import Activity, ActivityStatus, Suggestion

logger = logging.getLogger(__name__)


def _by_county(queryset: QuerySet[Any], key: str, **aggregates: Any) -> dict[int, dict[str, Any]]:
    """``aggregates`` of ``queryset`` per county (``key``: the path to the county): one query."""
    rows = queryset.order_by().values(key).annotate(**aggregates)
    return {row[key]: dict(row) for row in rows}


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


@dataclass
class CountyFigures:
    """One county's row of the dashboard (the year's programme)."""

    county: County
    has_programme: bool = False
    units: int = 0
    units_visited: int = 0
    interviews_scheduled: int = 0
    interviews_in_slot: int = 0
    questions: int = 0
    replied: int = 0
    on_time: int = 0
    interpretations_late: int = 0
    overdue_questions: int = 0
    overdue_suggestions: int = 0
    overdue_media: int = 0

    @property
    def progress(self) -> float | None:
        return _percent(self.units_visited, self.units)

    @property
    def reply_rate(self) -> float | None:
        return _percent(self.replied, self.questions)

    @property
    def on_time_rate(self) -> float | None:
        return _percent(self.on_time, self.replied)

    @property
    def overdue(self) -> int:
        return self.overdue_questions + self.overdue_suggestions + self.overdue_media


def years() -> list[int]:
    """The years any county has a programme of, newest first."""
    with scope.all_counties():
        return sorted(set(Programme.objects.values_list("year", flat=True)), reverse=True)


def default_year() -> int | None:
    """The newest year some county has published; else the newest year at all."""
    with scope.all_counties():
        published = Programme.objects.published().order_by("-year").values_list("year", flat=True)
        year = published.first()
        if year is None:
            year = Programme.objects.order_by("-year").values_list("year", flat=True).first()
    return year


def dashboard(year: int, now: dt.datetime | None = None) -> list[CountyFigures]:
    """Each county's figures for ``year``: a fixed number of queries for any number of counties.

    - progress: implementing units with a visit activity held / all implementing units;
    - interviews held inside their slot (archived, actual start on a day of the interview's
      slot, in the county's time zone) / interviews scheduled (with a start time);
    - netizen messages received, replied (answer published) and replied on time (the questions
      app's rule, ``Answer.on_time``: live, or published by the reply due date);
    - interpretations late: published documents whose written or video interpretation is late or
      missing (the policies app's rule, ``timeliness.progress``);
    - overdue: approved messages past their reply date, suggestions past their answer date, held
      activities with no photo or video ``MEDIA_GRACE_DAYS`` days after (as the assessment's
      "who is overdue" list, without the programme deadlines)."""
    now = now or timezone.now()
    today = county_today(now)
    with scope.all_counties():
        counties = list(County.objects.order_by("sort_order", "pk"))
        rows = {c.pk: CountyFigures(c) for c in counties}

        def row(county_id: int | None) -> CountyFigures | None:
            return rows.get(county_id) if county_id is not None else None

        for county_id, item in _by_county(
            Programme.objects.filter(year=year),
            "county",
            units=Count("participants", distinct=True),
        ).items():
            if (target := row(county_id)) is not None:
                target.has_programme = True
                target.units = item["units"]
        for county_id, item in _by_county(
            Activity.objects.filter(
                programme__year=year,
                status=ActivityStatus.HELD,
                programme__participants=F("unit"),
            ),
            "programme__county",
            n=Count("unit", distinct=True),
        ).items():
            if (target := row(county_id)) is not None:
                target.units_visited = item["n"]
        held_day = TruncDate("actual_started_at", tzinfo=COUNTY_TZ)
        for county_id, item in _by_county(
            Interview.objects.filter(programme__year=year, starts_at__isnull=False).annotate(
                held_day=held_day
            ),
            "programme__county",
            scheduled=Count("id"),
            in_slot=Count(
                "id",
                filter=Q(
                    status=InterviewStatus.ARCHIVED,
                    actual_started_at__isnull=False,
                    held_day__gte=F("slot__start"),
                    held_day__lte=F("slot__end"),
                ),
            ),
        ).items():
            if (target := row(county_id)) is not None:
                target.interviews_scheduled = item["scheduled"]
                target.interviews_in_slot = item["in_slot"]
        messages = Question.objects.filter(interview__programme__year=year)
        for county_id, figures in question_stats.by_county(messages).items():
            if (target := row(county_id)) is not None:
                target.questions = figures["questions"]
                target.replied = figures["answered"]
                target.on_time = figures["on_time"]
        for county_id, item in _by_county(
            messages.filter(
                status=QuestionStatus.APPROVED,
                due_date__lt=today,
                answer__published_at__isnull=True,
            ),
            "interview__programme__county",
            n=Count("id"),
        ).items():
            if (target := row(county_id)) is not None:
                target.overdue_questions = item["n"]
        documents = PolicyDocument.objects.public().filter(published_on__year=year)
        for document in documents_with_progress(documents).order_by():
            state = progress(document, today)
            target = row(document.drafting_unit.county_id)
            if target is not None and state.needs_attention:
                target.interpretations_late += 1
        for county_id, item in _by_county(
            Suggestion.objects.unanswered()
            .filter(activity__programme__year=year, due_date__lt=today)
            .exclude(activity__status=ActivityStatus.CANCELLED),
            "activity__programme__county",
            n=Count("id"),
        ).items():
            if (target := row(county_id)) is not None:
                target.overdue_suggestions = item["n"]
        cutoff = dt.datetime.combine(
            today - dt.timedelta(days=assessment.MEDIA_GRACE_DAYS - 1), dt.time.min, COUNTY_TZ
        )
        for county_id, item in _by_county(
            Activity.objects.filter(
                programme__year=year,
                status=ActivityStatus.HELD,
                starts_at__lt=cutoff,
                media__isnull=True,
            ),
            "programme__county",
            n=Count("id"),
        ).items():
            if (target := row(county_id)) is not None:
                target.overdue_media = item["n"]
    return [rows[c.pk] for c in counties]


# --- ranking --------------------------------------------------------------------------------


# How old a provisional score may be before a visit of the ranking has it recomputed; also how
# long a visit's refresh request keeps further visits from queueing another (the cache key).
STALE_AFTER = dt.timedelta(minutes=10)
REFRESH_GUARD_KEY = "city:ranking-refresh:{year}"


@dataclass
class CountyScore:
    county: County
    units: int = 0
    score: Decimal | None = None  # the mean of its units' scores out of 100
    locked_at: dt.datetime | None = None  # from a locked snapshot
    computed_at: dt.datetime | None = None  # provisional: when it was computed in the background
    stale: bool = False  # provisional and missing or older than STALE_AFTER: being recomputed
    rank: int | None = None
    has_programme: bool = False
    unit_scores: list[Decimal] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return self.has_programme and self.locked_at is None


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values, Decimal("0")) / len(values)).quantize(Decimal("0.01"))


def _unit_percent(earned: Decimal, maximum: Decimal) -> Decimal:
    if not maximum:
        return Decimal("0.00")
    return (earned * 100 / maximum).quantize(Decimal("0.01"))


def _locked_snapshots(year: int) -> dict[int, Snapshot]:
    """The latest locked snapshot of each county's programme of ``year`` (one query; call in
    ``scope.all_counties()``)."""
    snapshots: dict[int, Snapshot] = {}
    for snapshot in (
        Snapshot.objects.filter(programme__year=year, unlocked_at__isnull=True)
        .select_related("programme")
        .order_by("programme__county", "-locked_at", "-id")
    ):
        snapshots.setdefault(snapshot.programme.county_id, snapshot)
    return snapshots


def ranking(year: int, now: dt.datetime | None = None) -> list[CountyScore]:
    """Counties ranked by the mean score of their units in their own indicator tree of ``year``
    (docs/decisions.md, "The city's ranking"), in four queries for any number of counties. A
    county whose year is locked answers from its latest locked snapshot; the others from their
    provisional scores computed in the background (``refresh_provisional_scores``), marked
    ``stale`` when missing or older than ``STALE_AFTER``."""
    now = now or timezone.now()
    with scope.all_counties():
        counties = list(County.objects.order_by("sort_order", "pk"))
        programmes = {p.county_id: p for p in Programme.objects.filter(year=year)}
        snapshots = _locked_snapshots(year)
        provisional: dict[int, ProvisionalScore] = {
            row.programme_id: row
            for row in ProvisionalScore.objects.filter(programme__year=year).only(
                "programme_id", "computed_at", "unit_scores"
            )
        }
    rows = []
    for county in counties:
        entry = CountyScore(county)
        programme = programmes.get(county.pk)
        if programme is not None:
            entry.has_programme = True
            locked = snapshots.get(county.pk)
            stored = provisional.get(programme.pk)
            if locked is not None:
                entry.locked_at = locked.locked_at
                entry.unit_scores = [
                    _unit_percent(Decimal(u["earned"]), Decimal(u["maximum"]))
                    for u in locked.data["units"]
                ]
            elif stored is not None:
                entry.computed_at = stored.computed_at
                entry.stale = stored.computed_at < now - STALE_AFTER
                entry.unit_scores = [Decimal(value) for value in stored.unit_scores]
            else:
                entry.stale = True
            entry.units = len(entry.unit_scores)
            entry.score = _mean(entry.unit_scores)
        rows.append(entry)
    scored = sorted(
        (r for r in rows if r.score is not None),
        key=lambda r: (-(r.score or Decimal("0")), r.county.sort_order),
    )
    previous, rank = None, 0
    for position, entry in enumerate(scored, start=1):
        if entry.score != previous:
            rank, previous = position, entry.score
        entry.rank = rank
    return scored + [r for r in rows if r.score is None]


def refresh_provisional_scores(year: int, county: County | None = None) -> int:
    """Score now, with the assessment's own ``compute_scores`` in each county's scope, every
    county (or only ``county``) whose programme of ``year`` is not locked, and store the result
    as its ``ProvisionalScore`` (one row a programme, replaced). Run by the task worker
    (``tasks.refresh_provisional_scores_task``); a county whose scoring fails is logged and left
    with its earlier row. Returns the number of counties scored."""
    with scope.all_counties():
        programmes = Programme.objects.filter(year=year).select_related("county")
        if county is not None:
            programmes = programmes.filter(county=county)
        todo: list[Programme] = list(programmes.order_by("county__sort_order", "county_id"))
        locked = _locked_snapshots(year)
    done = 0
    for programme in todo:
        if programme.county_id in locked:
            continue
        try:
            with scope.activate(programme.county):
                table = assessment.compute_scores(programme, use_snapshot=False)
        except Exception:  # noqa: BLE001 - one county's failure must not block the others
            logger.exception("provisional scores of programme %s failed", programme.pk)
            continue
        with scope.all_counties():
            ProvisionalScore.objects.update_or_create(
                programme=programme,
                defaults={
                    "computed_at": timezone.now(),
                    "unit_scores": [str(unit.percent) for unit in table.units],
                },
            )
        done += 1
    return done


def request_refresh(year: int, *, force: bool = False) -> bool:
    """Queue ``refresh_provisional_scores(year)`` once the request commits. Without ``force``
    (a visit that found a stale score) only if no refresh of ``year`` was queued in the last
    ``STALE_AFTER`` (a cache key: concurrent visits queue one); ``force`` (the page's
    "recompute" button) queues one anyway. Returns whether a refresh was queued."""
    from gongkai.city.tasks import refresh_provisional_scores_task

    key = REFRESH_GUARD_KEY.format(year=year)
    timeout = int(STALE_AFTER.total_seconds())
    if force:
        cache.set(key, 1, timeout)
    elif not cache.add(key, 1, timeout):
        return False
    transaction.on_commit(lambda: refresh_provisional_scores_task.enqueue(year))
    return True


# --- spot checks ----------------------------------------------------------------------------

SESSION_KEY = "city_spot_check"


def start_spot_check(session: Any, *, supervisor: Any, county: County, note: str = "") -> SpotCheck:
    """Open a spot check of ``county``: the supervisor's requests now run in its scope
    (``gongkai.city.spotcheck``). An earlier check still open in this session ends first."""
    end_spot_check(session, supervisor=supervisor)
    with scope.all_counties():
        check = SpotCheck.objects.create(supervisor=supervisor, county=county, note=note.strip())
    session[SESSION_KEY] = check.pk
    with scope.activate(county):
        record("create", instance=check, object_repr=f"抽查 {county.name}")
    return check


def end_spot_check(session: Any, *, supervisor: Any) -> SpotCheck | None:
    """End the session's spot check (if any): back to the host name's own county. The check
    returned carries ``pages``, the number of pages viewed during it."""
    check_id = session.pop(SESSION_KEY, None)
    if check_id is None:
        return None
    with scope.all_counties():
        check = SpotCheck.objects.filter(
            pk=check_id, supervisor=supervisor, ended_at__isnull=True
        ).first()
        if check is None:
            return None
        check.ended_at = timezone.now()
        check.save(update_fields=["ended_at"])
        check.pages = check.views.count()
    with scope.activate(check.county):
        record("update", instance=check, object_repr=f"抽查结束 {check.county.name}")
    return check


def spot_checks(limit: int = 50) -> list[SpotCheck]:
    """The latest spot checks with the pages viewed in each (three queries)."""
    with scope.all_counties():
        return list(
            SpotCheck.objects.select_related("county", "supervisor").prefetch_related("views")[
                :limit
            ]
        )
