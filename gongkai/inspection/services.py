"""The self-check: today's state of every rule of the quarterly inspection, and its forecast.

Rules (thresholds from ``InspectionSettings``, edited by the county):

- a column is *stale* when more than its category's days have passed since its last update
  (the day of the update counts as day 0: with 14 days, day 14 is still 正常, day 15 超期);
  *soon* when it crosses within ``warn_ahead_days``; *empty* when it shows nothing;
- 单项否决 (the inspection fails): the home page stale; ``stale_columns_limit`` or more stale
  columns; ``empty_columns_limit`` or more empty columns; a valid message unanswered for more
  than ``message_fail_days``;
- 扣分 (points lost): a message unanswered for more than ``message_warn_days``; published
  policy documents without an interpretation; no interaction statistics on the portal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.inspection.columns import COLUMNS, ColumnSpec
from gongkai.inspection.models import Category, InspectionSettings
from gongkai.lib.deadlines import COUNTY_TZ, county_today

OK = "ok"
SOON = "soon"
STALE = "stale"
EMPTY = "empty"
UNJUDGED = "unjudged"  # a category without a date rule (0 days)

STATE_LABELS = {
    OK: gettext_lazy("Normal"),
    SOON: gettext_lazy("Stale soon"),
    STALE: gettext_lazy("Overdue"),
    EMPTY: gettext_lazy("Empty column"),
    UNJUDGED: gettext_lazy("Not judged by date"),
}

NUMBER_FIELDS = (
    "home_days",
    "news_days",
    "notice_days",
    "policy_days",
    "interaction_days",
    "stale_columns_limit",
    "empty_columns_limit",
    "message_warn_days",
    "message_fail_days",
    "warn_ahead_days",
)


def current_settings() -> InspectionSettings:
    """The county's thresholds (the defaults until someone saves them)."""
    return InspectionSettings.objects.order_by("pk").first() or InspectionSettings()


def category_of(thresholds: InspectionSettings, spec: ColumnSpec) -> str:
    chosen = (thresholds.categories or {}).get(spec.key)
    return chosen if chosen in Category.values else spec.default_category


def check_thresholds(values: dict[str, Any]) -> None:
    """What the form and every other caller must respect; raises ValidationError."""
    errors: dict[str, str] = {}
    for name in ("home_days", "news_days", "notice_days", "policy_days"):
        if not 1 <= values[name] <= 3650:
            errors[name] = _("Please give a number of days from 1 to 3650.")
    if not 0 <= values["interaction_days"] <= 3650:
        errors["interaction_days"] = _(
            "Please give a number of days from 0 to 3650 (0: not judged by the date)."
        )
    for name in ("stale_columns_limit", "empty_columns_limit"):
        if not 1 <= values[name] <= 100:
            errors[name] = _("Please give a number of columns from 1 to 100.")
    if not 1 <= values["message_warn_days"] <= 3650:
        errors["message_warn_days"] = _("Please give a number of days from 1 to 3650.")
    if values["message_fail_days"] <= values["message_warn_days"]:
        errors["message_fail_days"] = _(
            "The failing line must come after the line that costs points: please give more "
            "days than for points (for example 90 after 60)."
        )
    if not 1 <= values["warn_ahead_days"] <= 60:
        errors["warn_ahead_days"] = _("Please give a number of days from 1 to 60.")
    for key, category in (values.get("categories") or {}).items():
        if category not in Category.values:
            errors[f"category_{key}"] = _("Please choose one of the listed categories.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def update_settings(*, by: Any, **values: Any) -> InspectionSettings:
    """Save the thresholds (validated; the audit log records the change, as for every model)."""
    check_thresholds(values)
    row = InspectionSettings.objects.select_for_update().order_by("pk").first()
    row = row or InspectionSettings()
    for name in NUMBER_FIELDS:
        setattr(row, name, values[name])
    row.categories = dict(values.get("categories") or {})
    row.updated_by = by if getattr(by, "pk", None) else None
    row.save()
    return row


@dataclass
class ColumnState:
    key: str
    title: Any
    category: str
    category_label: Any
    last_update: dt.date | None
    count: int
    limit: int  # days; 0 = not judged by the date
    state: str
    age_days: int | None = None
    crosses_on: dt.date | None = None  # the first day the column counts as stale
    public_url_name: str = ""
    fix_url_name: str = ""

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def failing(self) -> bool:
        return self.state in (STALE, EMPTY)

    @property
    def css_state(self) -> str:
        """The class of the state badge (colour is never the only signal: the label says it)."""
        return CSS_STATES[self.state]


def judge(
    last_update: dt.date | None, count: int, limit: int, warn_ahead: int, today: dt.date
) -> tuple[str, int | None, dt.date | None]:
    """(state, age in days, first stale day) of a column."""
    if not count or last_update is None:
        return EMPTY, None, None
    age = (today - last_update).days
    if not limit:
        return UNJUDGED, age, None
    crosses_on = last_update + dt.timedelta(days=limit + 1)
    if age > limit:
        return STALE, age, crosses_on
    if (crosses_on - today).days <= warn_ahead:
        return SOON, age, crosses_on
    return OK, age, crosses_on


def column_states(thresholds: InspectionSettings, today: dt.date) -> list[ColumnState]:
    """The home page first, then every column (one query per column)."""
    labels = dict(Category.choices)
    states: list[ColumnState] = []
    home_days: list[dt.date] = []
    home_count = 0
    for spec in COLUMNS:
        last, count = spec.latest()
        category = category_of(thresholds, spec)
        limit = thresholds.days_for(category)
        state, age, crosses = judge(last, count, limit, thresholds.warn_ahead_days, today)
        states.append(
            ColumnState(
                spec.key,
                spec.title,
                category,
                labels[category],
                last,
                count,
                limit,
                state,
                age,
                crosses,
                spec.public_url_name,
                spec.fix_url_name,
            )
        )
        if spec.on_home and last is not None:
            home_days.append(last)
            home_count += count
    home_last = max(home_days) if home_days else None
    state, age, crosses = judge(
        home_last, home_count, thresholds.home_days, thresholds.warn_ahead_days, today
    )
    home = ColumnState(
        "home",
        _("Home page (首页)"),
        "",
        _("Home page"),
        home_last,
        home_count,
        thresholds.home_days,
        # An empty home page is stale: the inspector sees nothing new on it.
        STALE if state == EMPTY else state,
        age,
        crosses,
        "portal:home",
        "",
    )
    return [home, *states]


@dataclass
class MessageState:
    oldest: Any = None  # the oldest open Question
    age_days: int | None = None
    past_warn: int = 0
    past_fail: int = 0
    warn_days: int = 60
    fail_days: int = 90

    @property
    def state(self) -> str:
        if self.age_days is None:
            return OK
        if self.age_days > self.fail_days:
            return STALE
        if self.age_days > self.warn_days:
            return SOON
        return OK

    @property
    def css_state(self) -> str:
        return CSS_STATES[self.state]


def message_state(thresholds: InspectionSettings, today: dt.date) -> MessageState:
    """The oldest valid message still without a published answer (pending or approved, not
    rejected or merged: ``Question.objects.open()``) and how many are past each mark."""
    from gongkai.questions.models import Question

    open_ = Question.objects.open()
    warn_before = _start_of(today - dt.timedelta(days=thresholds.message_warn_days))
    fail_before = _start_of(today - dt.timedelta(days=thresholds.message_fail_days))
    counts = open_.aggregate(
        past_warn=Count("id", filter=Q(asked_at__lt=warn_before)),
        past_fail=Count("id", filter=Q(asked_at__lt=fail_before)),
    )
    oldest = open_.select_related("interview__unit").order_by("asked_at", "id").first()
    age = None
    if oldest is not None:
        age = (today - timezone.localtime(oldest.asked_at, COUNTY_TZ).date()).days
    return MessageState(
        oldest,
        age,
        counts["past_warn"],
        counts["past_fail"],
        thresholds.message_warn_days,
        thresholds.message_fail_days,
    )


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day``, county time: a message asked before it is older than
    the whole days counted up to ``day``."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=COUNTY_TZ)


def documents_without_interpretation(limit: int = 10) -> tuple[int, list[Any]]:
    """Published (or revised) policy documents with no published interpretation: (how many,
    the newest ``limit`` of them)."""
    from gongkai.policies.models import DocumentStatus, PolicyDocument
    from gongkai.publishing.models import ReviewStatus

    missing = (
        PolicyDocument.objects.public()
        .filter(status__in=[DocumentStatus.PUBLISHED, DocumentStatus.REVISED])
        .exclude(interpretations__review_status=ReviewStatus.APPROVED)
        .order_by("-published_on", "-id")
    )
    return missing.count(), list(missing[:limit])


def interaction_statistics() -> dict[str, Any]:
    """The figures the inspector reads on the 互动数据 page, from the same code (two queries):
    留言数, 办结率 (answered of approved), 平均答复时长 (days)."""
    from gongkai.questions import stats

    overall = stats.overall()
    return {
        "messages": overall["questions"],
        "answered": overall["answered"],
        "reply_rate": overall["reply_rate"],
        "average_days": stats.reply_times()["average"],
    }


@dataclass
class Report:
    today: dt.date
    thresholds: InspectionSettings
    columns: list[ColumnState]
    messages: MessageState
    missing_count: int
    missing_documents: list[Any]
    statistics: dict[str, Any]
    failures: list[str] = field(default_factory=list)
    deductions: list[str] = field(default_factory=list)

    @property
    def home(self) -> ColumnState:
        return self.columns[0]

    @property
    def stale_columns(self) -> list[ColumnState]:
        return [c for c in self.columns[1:] if c.state == STALE]

    @property
    def empty_columns(self) -> list[ColumnState]:
        return [c for c in self.columns[1:] if c.state == EMPTY]

    @property
    def passes(self) -> bool:
        return not self.failures


def self_check(today: dt.date | None = None) -> Report:
    """Today's state of every rule, with the forecast: the failing rules (单项否决) and the
    points lost (扣分)."""
    today = today or county_today()
    thresholds = current_settings()
    columns = column_states(thresholds, today)
    messages = message_state(thresholds, today)
    missing_count, missing_documents = documents_without_interpretation()
    report = Report(
        today,
        thresholds,
        columns,
        messages,
        missing_count,
        missing_documents,
        interaction_statistics(),
    )
    t = thresholds
    if report.home.state == STALE:
        report.failures.append(
            _("the home page has not been updated for more than %(n)s days") % {"n": t.home_days}
        )
    if len(report.stale_columns) >= t.stale_columns_limit:
        report.failures.append(
            _("%(count)s columns are stale (the limit is %(n)s)")
            % {"count": len(report.stale_columns), "n": t.stale_columns_limit}
        )
    if len(report.empty_columns) >= t.empty_columns_limit:
        report.failures.append(
            _("%(count)s columns are empty (the limit is %(n)s)")
            % {"count": len(report.empty_columns), "n": t.empty_columns_limit}
        )
    if messages.past_fail:
        report.failures.append(
            _("%(count)s messages unanswered for more than %(n)s days")
            % {"count": messages.past_fail, "n": t.message_fail_days}
        )
    elif messages.past_warn:
        report.deductions.append(
            _("%(count)s messages unanswered for more than %(n)s days")
            % {"count": messages.past_warn, "n": t.message_warn_days}
        )
    if missing_count:
        report.deductions.append(
            _("%(count)s policy documents without an interpretation") % {"count": missing_count}
        )
    if not report.statistics["messages"]:
        report.deductions.append(_("the interaction data page shows no reply statistics yet"))
    return report


CSS_STATES = {OK: "ok", SOON: "todo", STALE: "overdue", EMPTY: "error", UNJUDGED: ""}
