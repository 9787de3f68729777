"""Whether each published document's interpretations came in time, and the list of those
needing attention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.policies import rules
from gongkai.policies.models import Interpretation, PolicyDocument
from gongkai.publishing.models import ReviewStatus


class Progress:
    """States of one kind of interpretation of one published document."""

    NOT_DUE = "not_published"
    ON_TIME = "on_time"
    LATE = "late"
    WAITING = "todo"  # not yet due, nothing published
    MISSING = "overdue"  # due date passed, nothing published


@dataclass
class Timeliness:
    state: str
    due: dt.date | None
    interpretation: Interpretation | None = None
    delay_days: int | None = None
    days_late: int = 0
    pending: bool = False
    days_left: int | None = None

    @property
    def label(self) -> str:
        return {
            Progress.NOT_DUE: _("document not published"),
            Progress.ON_TIME: _("on time"),
            Progress.LATE: _("late"),
            Progress.WAITING: _("due"),
            Progress.MISSING: _("missing"),
        }[self.state]


def _track(
    document: PolicyDocument, items: list[Interpretation], due: dt.date | None, today: dt.date
) -> Timeliness:
    if document.published_on is None or due is None:
        return Timeliness(Progress.NOT_DUE, None, pending=bool(items))
    published = sorted(
        (i for i in items if i.published_on is not None), key=attrgetter("published_at")
    )
    pending = any(i.review_status == ReviewStatus.PENDING for i in items)
    if published:
        first = published[0]
        return Timeliness(
            Progress.LATE if first.is_late else Progress.ON_TIME,
            due,
            interpretation=first,
            delay_days=first.delay_days,
            days_late=first.days_late,
        )
    if today > due:
        return Timeliness(Progress.MISSING, due, pending=pending, days_late=(today - due).days)
    return Timeliness(Progress.WAITING, due, pending=pending, days_left=(due - today).days)


@dataclass
class DocumentProgress:
    document: PolicyDocument
    written: Timeliness
    video: Timeliness

    @property
    def needs_attention(self) -> bool:
        return self.written.state in (Progress.LATE, Progress.MISSING) or self.video.state in (
            Progress.LATE,
            Progress.MISSING,
        )


def progress(document: PolicyDocument, today: dt.date | None = None) -> DocumentProgress:
    """Needs ``interpretations`` prefetched for one query per page."""
    today = today or county_today()
    items = [i for i in document.interpretations.all()]
    written = [i for i in items if i.is_written]
    videos = [i for i in items if not i.is_written]
    for i in items:
        i.document = document  # no query for due dates
    return DocumentProgress(
        document,
        _track(document, written, document.written_due_on, today),
        _track(document, videos, document.video_due_on, today),
    )


def documents_with_progress(queryset) -> Any:
    return queryset.select_related("drafting_unit").prefetch_related(
        Prefetch("interpretations", queryset=Interpretation.objects.order_by("published_at", "id"))
    )


def attention_list(user: Any, now: dt.datetime | None = None) -> list[DocumentProgress]:
    """Published documents the user may see whose interpretations are late, missing or due."""
    today = county_today(now)
    documents = rules.documents_for(user, PolicyDocument.objects.public())
    return [progress(d, today) for d in documents_with_progress(documents)]
