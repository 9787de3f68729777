"""Interpretation figures per drafting unit and for the county (the assessment reads them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.policies.models import PolicyDocument
from gongkai.policies.services.timeliness import Progress, documents_with_progress, progress


@dataclass
class UnitStatistics:
    unit_id: int | None
    unit_name: str
    published: int = 0
    interpreted: int = 0
    on_time: int = 0
    video_published: int = 0
    video_on_time: int = 0
    missing_written: int = 0
    missing_video: int = 0
    delays: list[int] = field(default_factory=list)

    @property
    def interpreted_share(self) -> float | None:
        return self.interpreted / self.published if self.published else None

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.published if self.published else None

    @property
    def average_delay_days(self) -> float | None:
        return sum(self.delays) / len(self.delays) if self.delays else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "unit": self.unit_name,
            "published": self.published,
            "interpreted": self.interpreted,
            "interpreted_share": self.interpreted_share,
            "on_time": self.on_time,
            "on_time_share": self.on_time_share,
            "average_delay_days": self.average_delay_days,
            "video_published": self.video_published,
            "video_on_time": self.video_on_time,
            "missing_written": self.missing_written,
            "missing_video": self.missing_video,
        }


def _statistics(
    year: int | None, start: dt.date | None, end: dt.date | None, now: dt.datetime | None
) -> tuple[dict[int, UnitStatistics], UnitStatistics]:
    today = county_today(now)
    documents = PolicyDocument.objects.public()
    if year is not None:
        documents = documents.filter(published_on__year=year)
    if start is not None:
        documents = documents.filter(published_on__gte=start)
    if end is not None:
        documents = documents.filter(published_on__lte=end)
    per_unit: dict[int, UnitStatistics] = {}
    county = UnitStatistics(None, _("County total"))
    for document in documents_with_progress(documents).order_by("drafting_unit__sort_order", "id"):
        row = per_unit.setdefault(
            document.drafting_unit_id,
            UnitStatistics(document.drafting_unit_id, document.drafting_unit.name),
        )
        state = progress(document, today)
        for target in (row, county):
            target.published += 1
            if any(i.published_on for i in document.interpretations.all()):
                target.interpreted += 1
            if state.written.state == Progress.ON_TIME:
                target.on_time += 1
            if state.written.delay_days is not None:
                target.delays.append(state.written.delay_days)
            if state.video.state in (Progress.ON_TIME, Progress.LATE):
                target.video_published += 1
            if state.video.state == Progress.ON_TIME:
                target.video_on_time += 1
            if state.written.state == Progress.MISSING:
                target.missing_written += 1
            if state.video.state == Progress.MISSING:
                target.missing_video += 1
    return per_unit, county


def statistics(
    year: int | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> dict[int, dict[str, Any]]:
    """Per drafting unit (keyed by unit id), for documents published in programme ``year`` or
    between ``start`` and ``end`` (inclusive): ``published``, ``interpreted`` and
    ``interpreted_share`` (any published interpretation), ``on_time`` and ``on_time_share``
    (written/graphic/H5 interpretation published by its due date), ``average_delay_days`` (days
    from the document to its first published written interpretation; None without one),
    ``video_published``, ``video_on_time``, ``missing_written``, ``missing_video``. Shares are
    fractions 0..1, None when nothing was published. The assessment calls this."""
    per_unit, _county = _statistics(year, start, end, now)
    return {pk: row.as_dict() for pk, row in per_unit.items()}


def county_statistics(
    year: int | None = None,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """The same figures for the whole county."""
    return _statistics(year, start, end, now)[1].as_dict()
