"""Business actions on policy documents and interpretations. Each action is one transaction.

Timing rules ("at the same time", 文件出台同时提供解读材料):

* When a document is published, the due dates in force are recorded on it: the written or
  graphic interpretation (text, 图解 or H5 link) ``written_days`` after publication (0: the same
  day), the video ``video_days`` after. Later changes to the rules do not move them.
* An interpretation counts from the day the service center publishes it (the date a visitor and
  an assessor sampling the website see). Its delay is the number of days after the document;
  it is late when published after the due date.
* A document with no published written interpretation after its due date is "missing".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from operator import attrgetter
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.uploads import validate_document, validate_image, validate_video
from gongkai.policies import rules
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    InterpretationKind,
    InterpretationRules,
    PolicyAttachment,
    PolicyDocument,
    VideoRequest,
    VideoRequestStatus,
)
from gongkai.publishing import services as publishing
from gongkai.publishing.models import ReviewStatus


def county_today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), COUNTY_TZ).date()


# --- the timing rules -------------------------------------------------------------------------


def rules_for(year: int | None) -> InterpretationRules:
    """The rules of that programme year, else the global default, else the built-in defaults."""
    rows = InterpretationRules.objects.filter(
        Q(programme__isnull=True) | Q(programme__year=year)
    ).select_related("programme")
    chosen = None
    for row in rows:
        if row.programme_id:
            return row
        chosen = row
    return chosen or InterpretationRules()


@transaction.atomic
def set_rules(
    *, programme: Any | None, written_days: int, video_days: int, remind_days: int
) -> InterpretationRules:
    row, _created = InterpretationRules.objects.update_or_create(
        programme=programme,
        defaults={
            "written_days": written_days,
            "video_days": video_days,
            "remind_days": remind_days,
        },
    )
    return row


# --- documents --------------------------------------------------------------------------------


def _check_dates(signed_on: dt.date | None, published_on: dt.date | None) -> None:
    if signed_on and published_on and published_on < signed_on:
        raise ValidationError(
            {
                "published_on": _(
                    "The publication date %(published)s is before the date signed %(signed)s. "
                    "A document is published on or after the day it is signed: check both dates."
                )
                % {"published": published_on.isoformat(), "signed": signed_on.isoformat()}
            }
        )


def _check_number(number: str, exclude_pk: int | None = None) -> None:
    taken = PolicyDocument.objects.filter(number=number.strip())
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "number": _(
                    "The document number %(number)s is already used by another document. "
                    "Check the number (文号) or open the existing document."
                )
                % {"number": number.strip()}
            }
        )


def interview_choices(document: PolicyDocument | None = None) -> Any:
    """Interviews a document may be linked to: the public interviews of the current programme
    and of the years the document was signed and published, newest first, and those already
    linked (so that staff can unlink them)."""
    from gongkai.interviews.models import PUBLIC_STATUSES, Interview
    from gongkai.programmes.models import Programme

    years = set()
    current = Programme.current()
    if current is not None:
        years.add(current.year)
    if document is not None:
        years.update(d.year for d in (document.signed_on, document.published_on) if d)
    offered = Q(status__in=PUBLIC_STATUSES, programme__year__in=years)
    if document is not None and document.pk:
        offered |= Q(pk__in=document.related_interviews.values("pk"))
    return (
        Interview.objects.filter(offered)
        .select_related("unit")
        .order_by("-starts_at", "unit__sort_order", "id")
    )


def _set_related_interviews(document: PolicyDocument, interviews: Any) -> None:
    """Link exactly ``interviews``; a newly linked one must be public (the portal links to it)."""
    chosen = list(interviews)
    linked = set(document.related_interviews.values_list("pk", flat=True))
    hidden = [i for i in chosen if i.pk not in linked and not i.is_public]
    if hidden:
        raise ValidationError(
            {
                "related_interviews": _(
                    "The interview %(interview)s is not published on the portal yet. Link it "
                    "once the media center has announced it."
                )
                % {"interview": str(hidden[0])}
            }
        )
    document.related_interviews.set(chosen)


DOCUMENT_FIELDS = (
    "title",
    "number",
    "issuer",
    "signed_on",
    "drafting_unit",
    "interpreter_name",
    "interpreter_title",
    "text",
)


@transaction.atomic
def create_document(*, by: Any, related_interviews: Any = None, **fields: Any) -> PolicyDocument:
    """A draft document of ``fields["drafting_unit"]``; unit staff only for their own unit.
    ``related_interviews``: the online interviews its portal page links to."""
    unit = fields["drafting_unit"]
    if not rules.can_create_documents(by) or not rules.can_manage_document(
        by, PolicyDocument(drafting_unit=unit)
    ):
        raise PermissionDenied
    _check_number(fields["number"])
    document = PolicyDocument(
        **{k: v for k, v in fields.items() if k in DOCUMENT_FIELDS}, created_by=by
    )
    document.number = document.number.strip()
    if not document.interpreter_title:
        document.interpreter_title = unit.head_title
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # a concurrent save took the number first
        _check_number(document.number)
        raise exc
    if related_interviews:
        _set_related_interviews(document, related_interviews)
    return document


@transaction.atomic
def update_document(
    document: PolicyDocument, *, by: Any, related_interviews: Any = None, **fields: Any
) -> PolicyDocument:
    """Save the edited fields; ``related_interviews`` (None: unchanged) replaces the links."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if "drafting_unit" in fields and not rules.can_manage_document(
        by, PolicyDocument(drafting_unit=fields["drafting_unit"])
    ):
        raise PermissionDenied
    if "number" in fields:
        _check_number(fields["number"], exclude_pk=document.pk)
    _check_dates(fields.get("signed_on", document.signed_on), document.published_on)
    for name, value in fields.items():
        if name in DOCUMENT_FIELDS:
            setattr(document, name, value.strip() if name == "number" else value)
    document.save()
    if related_interviews is not None:
        _set_related_interviews(document, related_interviews)
    return document


@transaction.atomic
def add_attachment(
    document: PolicyDocument, *, by: Any, title: str, upload: Any
) -> PolicyAttachment:
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    try:
        validate_document(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return PolicyAttachment.objects.create(
        document=document, title=title, file=upload, order=document.attachments.count()
    )


def has_written_interpretation(document: PolicyDocument) -> bool:
    """Whether a written, graphic or H5 interpretation is published or waiting for review."""
    return document.interpretations.written().exclude(review_status=ReviewStatus.REJECTED).exists()


class NeedsConfirmation(ValidationError):
    """Publishing without any interpretation: the person must confirm and give a reason."""


@transaction.atomic
def publish_document(
    document: PolicyDocument,
    *,
    by: Any,
    published_on: dt.date | None = None,
    reason: str = "",
) -> PolicyDocument:
    """Publish a draft. Without a written interpretation (published or waiting for review) a
    ``reason`` is required; it is recorded on the document."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be published; this document is already %(status)s.")
            % {"status": document.get_status_display()}
        )
    published_on = published_on or county_today()
    _check_dates(document.signed_on, published_on)
    if not has_written_interpretation(document):
        if not reason.strip():
            raise NeedsConfirmation(
                {
                    "reason": _(
                        "This document has no interpretation yet. Add the written interpretation "
                        "first, or confirm that you publish without it and say why."
                    )
                },
                code="needs_confirmation",
            )
        document.no_interpretation_reason = reason.strip()
    timing = rules_for(published_on.year)
    document.status = DocumentStatus.PUBLISHED
    document.published_on = published_on
    document.written_due_on = published_on + dt.timedelta(days=timing.written_days)
    document.video_due_on = published_on + dt.timedelta(days=timing.video_days)
    document.save()
    return document


@transaction.atomic
def change_status(
    document: PolicyDocument, *, by: Any, status: str, note: str = ""
) -> PolicyDocument:
    """Mark a published document revised or repealed (it stays on the portal with its status)."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if status not in (DocumentStatus.REVISED, DocumentStatus.REPEALED, DocumentStatus.PUBLISHED):
        raise ValidationError({"status": _("Choose revised or repealed.")})
    if document.status == DocumentStatus.DRAFT:
        raise ValidationError(_("Publish the document before marking it revised or repealed."))
    document.status = status
    document.status_note = note.strip()
    document.save()
    return document


# --- interpretations --------------------------------------------------------------------------


def check_interpreter(document: PolicyDocument, by: Any) -> None:
    """Raise PermissionDenied, saying who may, unless ``by`` may interpret ``document``."""
    if not rules.can_interpret(by, document):
        raise PermissionDenied(
            _(
                "Only the drafting unit (%(unit)s) and the service center can add interpretations "
                "to this document: whoever drafts, interprets."
            )
            % {"unit": document.drafting_unit.name}
        )


def _check_content(
    kind: str,
    *,
    body: str,
    image: Any,
    video: Any,
    url: str,
    kept_image: bool = False,
    kept_video: bool = False,
) -> None:
    """What each form of interpretation needs; a file already stored counts when ``kept_*``.
    Raises one ValidationError naming every missing or refused field."""
    errors: dict[str, list[str]] = {}
    if kind == InterpretationKind.TEXT and not body.strip():
        errors["body"] = [_("Write the interpretation text.")]
    if kind == InterpretationKind.GRAPHIC:
        if image:
            try:
                validate_image(image)
            except ValidationError as exc:
                errors["image"] = exc.messages
        elif not kept_image:
            errors["image"] = [_("Choose the graphic (图解) image file.")]
    if kind == InterpretationKind.VIDEO:
        if video:
            try:
                validate_video(video)
            except ValidationError as exc:
                errors["video"] = exc.messages
        elif not kept_video:
            errors["video"] = [_("Choose the video file.")]
    if kind == InterpretationKind.LINK and not url.strip():
        errors["url"] = [_("Give the address of the H5 page (starting with https://).")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_interpretation(
    document: PolicyDocument,
    *,
    by: Any,
    kind: str,
    title: str,
    body: str = "",
    image: Any = None,
    video: Any = None,
    url: str = "",
    interpreter: str = "",
    video_request: VideoRequest | None = None,
) -> Interpretation:
    """An interpretation waiting for the service center's review."""
    if video_request is None:
        check_interpreter(document, by)
    _check_content(kind, body=body, image=image, video=video, url=url)
    return Interpretation.objects.create(
        document=document,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        image=image if kind == InterpretationKind.GRAPHIC else "",
        video=video if kind == InterpretationKind.VIDEO else "",
        url=url.strip() if kind == InterpretationKind.LINK else "",
        interpreter=interpreter.strip() or document.interpreter,
        video_request=video_request,
        created_by=by,
    )


REVISABLE = (ReviewStatus.PENDING, ReviewStatus.REJECTED)


def interprets(user: Any, interpretation: Interpretation) -> bool:
    """The drafting unit and the service center; for a recorded video, the media center too."""
    if interpretation.video_request_id is not None and rules.is_media_center(user):
        return True
    return rules.can_interpret(user, interpretation.document)


def can_revise(user: Any, interpretation: Interpretation) -> bool:
    """Who interprets may correct an interpretation until it is published."""
    return interpretation.review_status in REVISABLE and interprets(user, interpretation)


@transaction.atomic
def revise_interpretation(
    interpretation: Interpretation,
    *,
    by: Any,
    kind: str,
    title: str,
    body: str = "",
    image: Any = None,
    video: Any = None,
    url: str = "",
    interpreter: str = "",
) -> Interpretation:
    """Correct a rejected (or still waiting) interpretation and send it for review again. A
    file not chosen again is kept; the earlier rejection stays in the audit log."""
    interpretation = (
        Interpretation.objects.select_for_update()
        .select_related("document")
        .get(pk=interpretation.pk)
    )
    if interpretation.review_status not in REVISABLE:
        raise ValidationError(
            _("This interpretation is published; add a new one to say more or differently.")
        )
    if not can_revise(by, interpretation):
        raise PermissionDenied
    _check_content(
        kind,
        body=body,
        image=image,
        video=video,
        url=url,
        kept_image=bool(interpretation.image),
        kept_video=bool(interpretation.video),
    )
    interpretation.kind = kind
    interpretation.title = title.strip()
    interpretation.body = body.strip()
    interpretation.url = url.strip() if kind == InterpretationKind.LINK else ""
    interpretation.interpreter = interpreter.strip() or interpretation.document.interpreter
    if kind != InterpretationKind.GRAPHIC:
        interpretation.image = ""
    elif image:
        interpretation.image = image
    if kind != InterpretationKind.VIDEO:
        interpretation.video = ""
    elif video:
        interpretation.video = video
    interpretation.reject_reason = ""
    interpretation.save()
    return publishing.resubmit(interpretation)


@transaction.atomic
def approve_interpretation(interpretation: Interpretation, *, by: Any) -> Interpretation:
    if not rules.can_review(by):
        raise PermissionDenied
    return publishing.approve(interpretation, by=by)


@transaction.atomic
def reject_interpretation(
    interpretation: Interpretation, *, by: Any, reason: str
) -> Interpretation:
    if not rules.can_review(by):
        raise PermissionDenied
    return publishing.reject(interpretation, by=by, reason=reason)


# --- video interpretation work with the media center -------------------------------------------


@dataclass(frozen=True)
class Clash:
    what: str
    starts_at: dt.datetime
    reason: str

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, COUNTY_TZ)
        return f"{self.what} ({local:%Y-%m-%d %H:%M}): {self.reason}"


def find_clashes(
    *,
    starts_at: dt.datetime,
    duration_minutes: int,
    venue: str,
    crew_ids: set[int],
    exclude_request: int | None = None,
) -> list[Clash]:
    """Other video recordings and online interviews at an overlapping time that use the same
    venue or a crew member of this one."""
    from gongkai.interviews.models import Interview

    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    window = Q(starts_at__lt=ends_at, starts_at__gt=starts_at - dt.timedelta(days=1))
    clashes: list[Clash] = []
    requests = (
        VideoRequest.objects.filter(window)
        .exclude(status=VideoRequestStatus.CANCELLED)
        .select_related("document")
    )
    if exclude_request is not None:
        requests = requests.exclude(pk=exclude_request)
    interviews = Interview.objects.filter(window).select_related("unit")
    for label, other in [(_("Video recording %(number)s"), r) for r in requests] + [
        (_("Online interview of %(unit)s"), i) for i in interviews
    ]:
        if other.starts_at is None:  # pragma: no cover - the window filter excludes them
            continue
        other_end = other.starts_at + dt.timedelta(minutes=other.duration_minutes)
        if other_end <= starts_at:
            continue
        reasons = []
        if venue and other.venue and venue.strip() == other.venue.strip():
            reasons.append(_("same venue %(venue)s") % {"venue": venue})
        if crew_ids & other.crew_ids():
            reasons.append(_("a crew member is already booked"))
        if reasons:
            what = label % (
                {"number": other.document.number}
                if isinstance(other, VideoRequest)
                else {"unit": other.unit.name}
            )
            clashes.append(Clash(what, other.starts_at, ", ".join(reasons)))
    return clashes


@transaction.atomic
def request_video(
    document: PolicyDocument,
    *,
    by: Any,
    starts_at: dt.datetime,
    duration_minutes: int = 60,
    interpreter: str = "",
    note: str = "",
) -> VideoRequest:
    """The drafting unit asks the media center to record the video interpretation."""
    check_interpreter(document, by)
    return VideoRequest.objects.create(
        document=document,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        interpreter=interpreter.strip() or document.interpreter,
        note=note,
        requested_by=by,
    )


@transaction.atomic
def cancel_video_request(video_request: VideoRequest, *, by: Any, reason: str) -> VideoRequest:
    """The drafting unit (or the service center) calls off a recording not yet made; the
    media center's crew and venue are free again, the reason goes to the request's note."""
    video_request = (
        VideoRequest.objects.select_for_update().select_related("document").get(pk=video_request.pk)
    )
    check_interpreter(video_request.document, by)
    if video_request.status not in (VideoRequestStatus.REQUESTED, VideoRequestStatus.SCHEDULED):
        raise ValidationError(
            _("Only a recording not yet made can be cancelled (this one is: %(status)s).")
            % {"status": video_request.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the recording is cancelled.")]})
    video_request.status = VideoRequestStatus.CANCELLED
    stamp = timezone.localtime(timezone.now(), COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
    line = _("Cancelled %(when)s: %(reason)s") % {"when": stamp, "reason": reason.strip()}
    video_request.note = f"{video_request.note}\n{line}".strip()
    video_request.save()
    return video_request


@transaction.atomic
def schedule_video(
    request: VideoRequest,
    *,
    by: Any,
    starts_at: dt.datetime,
    duration_minutes: int,
    venue: str,
    host: Any = None,
    camera: Any = None,
    editor: Any = None,
) -> VideoRequest:
    """The media center books venue and crew; refused when they are booked elsewhere."""
    if not rules.is_media_center(by):
        raise PermissionDenied
    crew = {u.pk for u in (host, camera, editor) if u is not None}
    clashes = find_clashes(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        venue=venue,
        crew_ids=crew,
        exclude_request=request.pk,
    )
    if clashes:
        raise ValidationError(
            [
                _("This time clashes with %(clash)s. Choose another time, venue or crew.")
                % {"clash": str(c)}
                for c in clashes
            ]
        )
    request.starts_at = starts_at
    request.duration_minutes = duration_minutes
    request.venue = venue.strip()
    request.host, request.camera, request.editor = host, camera, editor
    if request.status == VideoRequestStatus.REQUESTED:
        request.status = VideoRequestStatus.SCHEDULED
    request.save()
    return request


@transaction.atomic
def upload_recorded_video(
    request: VideoRequest, *, by: Any, title: str, upload: Any
) -> Interpretation:
    """The media center uploads the recording; it becomes a video interpretation of the
    document, waiting for the service center's review."""
    if not rules.is_media_center(by):
        raise PermissionDenied
    if request.status == VideoRequestStatus.CANCELLED:
        raise ValidationError(_("This request was cancelled; ask the drafting unit for a new one."))
    interpretation = create_interpretation(
        request.document,
        by=by,
        kind=InterpretationKind.VIDEO,
        title=title,
        video=upload,
        interpreter=request.interpreter,
        video_request=request,
    )
    request.status = VideoRequestStatus.RECORDED
    request.save()
    return interpretation


# --- progress, statistics, reminders -------------------------------------------------------------


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


def attention_list(user: Any, now: dt.datetime | None = None) -> list[DocumentProgress]:
    """Published documents the user may see whose interpretations are late, missing or due."""
    today = county_today(now)
    documents = rules.documents_for(user, PolicyDocument.objects.public())
    return [progress(d, today) for d in documents_with_progress(documents)]


def workbench_tasks(user: Any, programme: Any) -> list:
    """Workbench tasks: the drafting unit is reminded ``remind_days`` before an interpretation is
    due and sees the missing ones; coordinators get one summary line; the media center its
    recordings to schedule or upload."""
    from django.urls import reverse

    from gongkai.accounts.models import Role
    from gongkai.workbench.registry import Task, TaskState

    tasks: list[Task] = []
    today = county_today()
    if programme is None or not getattr(user, "is_authenticated", False):
        return tasks
    if rules.is_media_center(user) and not user.is_superuser:
        open_requests = VideoRequest.objects.filter(
            status__in=(VideoRequestStatus.REQUESTED, VideoRequestStatus.SCHEDULED)
        ).select_related("document")
        for req in open_requests:
            tasks.append(
                Task(
                    title=_("Video interpretation of %(number)s") % {"number": req.document.number},
                    due=req.document.video_due_on or timezone.localtime(req.starts_at).date(),
                    state=TaskState.TODO,
                    url=reverse("policies:video-request-list"),
                    detail=str(req.get_status_display()),
                )
            )
        return tasks
    if rules.can_review(user):
        waiting = Interpretation.objects.pending().count()
        if waiting:
            tasks.append(
                Task(
                    title=_("%(count)d policy interpretations waiting for review")
                    % {"count": waiting},
                    due=None,
                    state=TaskState.TODO,
                    url=reverse("policies:review-list"),
                )
            )
    documents = PolicyDocument.objects.public().filter(published_on__year=programme.year)
    timing = rules_for(programme.year)
    if (
        user.role in (Role.UNIT_STAFF, Role.COUNTY_OFFICE)
        and user.unit_id
        and not rules.can_review(user)
    ):
        # A December document's video may fall due next year: it stays on the list.
        mine = documents_with_progress(
            PolicyDocument.objects.public().filter(
                Q(published_on__year=programme.year) | Q(video_due_on__year=programme.year),
                drafting_unit_id=user.unit_id,
            )
        )
        for document in mine:
            state = progress(document, today)
            for track, label in (
                (state.written, _("Written interpretation of %(number)s")),
                (state.video, _("Video interpretation of %(number)s")),
            ):
                if track.state == Progress.MISSING:
                    task_state = TaskState.OVERDUE
                    detail = _("Missing: %(days)d days past the due date.") % {
                        "days": track.days_late
                    }
                elif (
                    track.state == Progress.WAITING
                    and track.days_left is not None
                    and track.days_left <= timing.remind_days
                ):
                    task_state = TaskState.TODO
                    detail = _("Due in %(days)d days.") % {"days": track.days_left}
                elif track.state == Progress.LATE:
                    task_state = TaskState.LATE
                    detail = _("Published %(days)d days late.") % {"days": track.days_late}
                else:
                    continue
                if track.pending:
                    detail += " " + _("Waiting for the service center's review.")
                tasks.append(
                    Task(
                        title=label % {"number": document.number},
                        due=track.due,
                        state=task_state,
                        url=document.get_staff_url(),
                        detail=detail,
                    )
                )
        if user.role == Role.UNIT_STAFF:
            return tasks
    from gongkai.accounts import rules as account_rules

    if account_rules.sees_all(user):
        counts = {TaskState.ON_TIME: 0, TaskState.LATE: 0, TaskState.TODO: 0, TaskState.OVERDUE: 0}
        for document in documents_with_progress(documents):
            written = progress(document, today).written
            key = {
                Progress.ON_TIME: TaskState.ON_TIME,
                Progress.LATE: TaskState.LATE,
                Progress.WAITING: TaskState.TODO,
                Progress.MISSING: TaskState.OVERDUE,
            }[written.state]
            counts[key] += 1
        if sum(counts.values()):
            overall = TaskState.OVERDUE if counts[TaskState.OVERDUE] else TaskState.ON_TIME
            tasks.append(
                Task(
                    title=_("Policy interpretations published with their documents"),
                    due=None,
                    state=overall,
                    url=reverse("policies:staff-home"),
                    counts=counts,
                )
            )
    return tasks


def send_reminders(now: dt.datetime | None = None) -> int:
    """E-mail the drafting unit's staff once per interpretation, ``remind_days`` before it is due
    (the workbench shows the same task). Run daily: ``manage.py policy_reminders``. Returns the
    number of reminders sent."""
    from gongkai.accounts.models import User
    from gongkai.core.notify import send_email

    today = county_today(now)
    sent = 0
    documents = documents_with_progress(
        PolicyDocument.objects.public().filter(
            Q(written_reminded_on__isnull=True, written_due_on__gte=today)
            | Q(video_reminded_on__isnull=True, video_due_on__gte=today)
        )
    )
    rules_by_year: dict[int, InterpretationRules] = {}
    for document in documents:
        published_on = document.published_on
        if published_on is None:  # pragma: no cover - public() documents are published
            continue
        year = published_on.year
        timing = rules_by_year.setdefault(year, rules_for(year))
        state = progress(document, today)
        due_now = []
        for track, flag, label in (
            (state.written, "written_reminded_on", _("written interpretation")),
            (state.video, "video_reminded_on", _("video interpretation")),
        ):
            if (
                getattr(document, flag) is None
                and track.state == Progress.WAITING
                and track.days_left is not None
                and track.days_left <= timing.remind_days
                and track.due is not None
            ):
                due_now.append((flag, label, track.due))
        if not due_now:
            continue
        addresses = list(
            User.objects.filter(unit_id=document.drafting_unit_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        with transaction.atomic():
            for flag, label, due in due_now:
                setattr(document, flag, today)
                subject = _("Reminder: the %(what)s of %(number)s is due on %(due)s") % {
                    "what": label,
                    "number": document.number,
                    "due": due.isoformat(),
                }
                text = _(
                    "%(title)s (%(number)s) was published on %(published)s. Its %(what)s is due "
                    "on %(due)s. Please submit it on the platform so the service center can review "
                    "and publish it in time."
                ) % {
                    "title": document.title,
                    "number": document.number,
                    "published": published_on.isoformat(),
                    "what": label,
                    "due": due.isoformat(),
                }
                for address in addresses:
                    transaction.on_commit(partial(send_email, address, subject, text))
                sent += 1
            document.save(update_fields=[flag for flag, _label, _due in due_now])
    return sent


def video_recordings(starts_at: dt.datetime, ends_at: dt.datetime) -> list:
    """Video-interpretation recordings near [starts_at, ends_at), in the interviews app's
    ``Recording`` shape, so booking an interview checks venue and crew against them too."""
    from gongkai.interviews.services import Recording

    requests = (
        VideoRequest.objects.filter(
            starts_at__lt=ends_at, starts_at__gt=starts_at - dt.timedelta(days=1)
        )
        .exclude(status=VideoRequestStatus.CANCELLED)
        .select_related("document")
    )
    return [
        Recording(
            key=f"video-request-{r.pk}",
            label=_("Video recording %(number)s") % {"number": r.document.number},
            starts_at=r.starts_at,
            ends_at=r.starts_at + dt.timedelta(minutes=r.duration_minutes),
            venue=r.venue.strip(),
            crew_ids=frozenset(r.crew_ids()),
            unit_id=None,
        )
        for r in requests
    ]
