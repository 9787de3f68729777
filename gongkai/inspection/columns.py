"""The portal's public columns as the inspector sees them: for each, when it was last updated
and how many items it shows, in one aggregate query per column (never one per item).

The inspection sits above the domain apps (pyproject.toml, import-linter layers), so it reads
their public querysets directly: the same ``public()``/``published()`` the portal pages use,
so a column counts exactly what a visitor sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gongkai.inspection.models import Category
from gongkai.lib.deadlines import COUNTY_TZ

Latest = tuple[dt.date | None, int]


def _day(value: dt.datetime | dt.date | None) -> dt.date | None:
    if value is None or not isinstance(value, dt.datetime):
        return value
    return timezone.localtime(value, COUNTY_TZ).date()


def _newest(*values: dt.datetime | dt.date | None) -> dt.date | None:
    days = [d for d in (_day(v) for v in values) if d is not None]
    return max(days) if days else None


def _notices() -> Latest:
    from gongkai.programmes.models import Programme

    row = Programme.objects.published().aggregate(last=Max("notice_date"), n=Count("id"))
    return _newest(row["last"]), row["n"]


def _interviews() -> Latest:
    from gongkai.interviews.models import Interview

    # Published as a preview, gone live, archived with its record: each change updates the page.
    row = Interview.objects.public().aggregate(last=Max("updated_at"), n=Count("id"))
    return _newest(row["last"]), row["n"]


def _visits() -> Latest:
    from gongkai.visits.models import Activity

    row = Activity.objects.public().aggregate(
        planned=Max("submitted_at"), held=Max("recorded_at"), n=Count("id")
    )
    return _newest(row["planned"], row["held"]), row["n"]


def _policy_documents() -> Latest:
    from gongkai.policies.models import PolicyDocument

    row = PolicyDocument.objects.public().aggregate(last=Max("published_on"), n=Count("id"))
    return _newest(row["last"]), row["n"]


def _interpretations() -> Latest:
    from gongkai.policies.models import Interpretation, PolicyDocument

    row = (
        Interpretation.objects.published()
        .filter(document__in=PolicyDocument.objects.public())
        .aggregate(last=Max("published_at"), n=Count("id"))
    )
    return _newest(row["last"]), row["n"]


def _messages() -> Latest:
    from gongkai.questions.models import Question

    # A message appears once approved (reviewed) and again with its answer.
    row = Question.objects.published().aggregate(
        asked=Max("asked_at"),
        shown=Max("reviewed_at"),
        answered=Max("answer__published_at"),
        n=Count("id"),
    )
    return _newest(row["asked"], row["shown"], row["answered"]), row["n"]


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    title: str | Promise
    default_category: str
    public_url_name: str  # the column on the portal
    fix_url_name: str  # the staff page where new content is added
    latest: Callable[[], Latest]
    on_home: bool = True  # the home page shows this column's latest items


# The portal's columns, in the order of its navigation. The home page is judged apart: its
# last update is the newest of the columns it shows.
COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "notices",
        _("Notices (通知公告)"),
        Category.NOTICE,
        "portal:notices",
        "programmes:list",
        _notices,
    ),
    ColumnSpec(
        "interviews",
        _("Online interviews (在线访谈)"),
        Category.NEWS,
        "interviews:index",
        "interviews:staff-home",
        _interviews,
    ),
    ColumnSpec(
        "visits",
        _("Visit the government (走进政府)"),
        Category.NEWS,
        "visits:index",
        "visits:staff-home",
        _visits,
    ),
    ColumnSpec(
        "policy-documents",
        _("Policy documents (政策文件)"),
        Category.POLICY,
        "policies:index",
        "policies:staff-home",
        _policy_documents,
    ),
    ColumnSpec(
        "interpretations",
        _("Policy interpretations (政策解读)"),
        Category.POLICY,
        "policies:index",
        "policies:staff-home",
        _interpretations,
    ),
    ColumnSpec(
        "messages",
        _("Netizen messages and interaction data (互动交流)"),
        Category.INTERACTION,
        "portal:stats",
        "questions:staff-home",
        _messages,
        on_home=False,
    ),
)


def column_keys() -> list[str]:
    return [spec.key for spec in COLUMNS]


def spec_for(key: str) -> ColumnSpec | None:
    return next((spec for spec in COLUMNS if spec.key == key), None)
