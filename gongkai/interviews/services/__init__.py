"""Business actions on online interviews. Each is one transaction; live events are stored in
it and pushed after it commits (``gongkai.live.services.publish``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.interviews.crew import CREW_ROLES, lock_recording_calendar
from gongkai.interviews.models import (
    Interview,
    InterviewVideo,
    Outline,
    OutlineState,
    Photo,
    ReceiptForm,
    ReceiptPerson,
)

# The control room's actions (services/control_room.py), still reached as services.<name>.
from gongkai.interviews.services.control_room import (  # noqa: F401
    add_feed_line,
    add_photo,
    feed_line_payload,
    feed_removed_payload,
    photo_payload,
    remove_feed_line,
    set_publication,
    status_payload,
)
from gongkai.interviews.services.status import set_status  # noqa: F401
from gongkai.programmes.models import InterviewSlot, Programme, SlotUnit
from gongkai.units.models import Unit

MIN_DURATION = 15
MAX_DURATION = 8 * 60


class ScheduleError(ValidationError):
    """A booking refused: outside the slot or clashing with another interview."""


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def _span(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    start = _local(starts_at)
    end = _local(ends_at)
    return f"{date_format(start, 'SHORT_DATE_FORMAT')} {start:%H:%M}–{end:%H:%M}"


def slot_for(programme: Programme, unit: Unit) -> InterviewSlot | None:
    link = (
        SlotUnit.objects.select_related("slot")
        .filter(slot__programme=programme, unit=unit)
        .order_by("slot__start")
        .first()
    )
    return link.slot if link else None


def _check_time(
    *,
    programme: Programme,
    unit: Unit,
    starts_at: dt.datetime,
    duration_minutes: int,
    venue: str,
    crew: dict[str, User | None],
    exclude_pk: int | None,
    names: Iterable[str] = (),
) -> InterviewSlot:
    """Refuse a time outside the unit's slot or clashing with another interview of the same
    venue, crew member or unit (the guest); return the slot."""
    if timezone.is_naive(starts_at):
        raise ScheduleError(_("Please give the time with its time zone."), code="naive")
    if not MIN_DURATION <= duration_minutes <= MAX_DURATION:
        raise ScheduleError(
            _("An interview lasts between %(min)d and %(max)d minutes.")
            % {"min": MIN_DURATION, "max": MAX_DURATION},
            code="duration",
        )
    slot = slot_for(programme, unit)
    if slot is None:
        raise ScheduleError(
            _(
                "%(unit)s has no interview slot in the %(year)d schedule (Attachment 2). "
                "Please add the unit to a slot on the programme page first."
            )
            % {"unit": unit.name, "year": programme.year},
            code="no_slot",
        )
    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    first_day = _local(starts_at).date()
    last_day = _local(ends_at - dt.timedelta(seconds=1)).date()
    if first_day < slot.start or last_day > slot.end:
        raise ScheduleError(
            _(
                "This time is outside the slot of %(unit)s, %(start)s to %(end)s. "
                "Please choose a time inside the slot."
            )
            % {"unit": unit.name, "start": date_format(slot.start), "end": date_format(slot.end)},
            code="outside_slot",
        )
    # Checked and written under the calendar lock: two bookings sent together cannot both
    # find the venue, the crew or the guest free (issue 13, item 14).
    lock_recording_calendar()
    problems = crew_clashes(
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue,
        crew=[p for p in crew.values() if p is not None],
        names=names,
        unit=unit,
        exclude_key=f"interview-{exclude_pk}" if exclude_pk else None,
    )
    if problems:
        problems.append(_("Please choose another time, venue or crew."))
        raise ScheduleError(" ".join(problems), code="clash")
    return slot


@dataclass(frozen=True)
class Recording:
    """Something the media center records at a time, with a venue, a crew and a guest unit:
    an interview here, a video interpretation in another app (``register_recordings``)."""

    key: str
    label: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    venue: str
    crew_ids: frozenset[int]
    unit_id: int | None
    # Crew named without an account (a freelance camera operator): compared by name.
    crew_names: frozenset[str] = frozenset()


RecordingSource = Callable[[dt.datetime, dt.datetime], Iterable[Recording]]


def interview_recordings(starts_at: dt.datetime, ends_at: dt.datetime) -> list[Recording]:
    return [
        Recording(
            key=f"interview-{other.pk}",
            label=_("%(unit)s's interview") % {"unit": other.unit.name},
            starts_at=other.starts_at,
            ends_at=other.ends_at,
            venue=other.venue,
            crew_ids=frozenset(other.crew_ids()),
            unit_id=other.unit_id,
            crew_names=frozenset(other.crew_names()),
        )
        for other in Interview.objects.near(starts_at, ends_at).select_related("unit")
    ]


_recording_sources: list[RecordingSource] = [interview_recordings]


def register_recordings(source: RecordingSource) -> None:
    """Let another app's recordings (e.g. video interpretations) count in the clash check:
    ``source(starts_at, ends_at)`` returns the ``Recording``s that may overlap that time."""
    if source not in _recording_sources:
        _recording_sources.append(source)


def crew_clashes(
    *,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    venue: str,
    crew: Iterable[User],
    unit: Unit | None,
    exclude_key: str | None = None,
    names: Iterable[str] = (),
) -> list[str]:
    """What clashes with a recording at [starts_at, ends_at): the same venue, a crew member
    or the guest's unit already booked at an overlapping time. Empty when free."""
    problems: list[str] = []
    people = {person.pk: person for person in crew}
    typed = {name.strip() for name in names if name.strip()}
    for source in _recording_sources:
        for other in source(starts_at, ends_at):
            if other.key == exclude_key:
                continue
            if not (other.starts_at < ends_at and starts_at < other.ends_at):
                continue
            when = _span(other.starts_at, other.ends_at)
            if unit is not None and other.unit_id == unit.pk:
                problems.append(
                    _("%(unit)s already has %(what)s at %(when)s: the guest cannot be in two.")
                    % {"unit": unit.name, "what": other.label, "when": when}
                )
            if venue and other.venue == venue:
                problems.append(
                    _("The venue %(venue)s is taken by %(what)s at %(when)s.")
                    % {"venue": venue, "what": other.label, "when": when}
                )
            for pk in sorted(set(people) & other.crew_ids):
                problems.append(
                    _("%(person)s already works on %(what)s at %(when)s.")
                    % {"person": people[pk], "what": other.label, "when": when}
                )
            for name in sorted(typed & other.crew_names):
                problems.append(
                    _("%(person)s already works on %(what)s at %(when)s.")
                    % {"person": name, "what": other.label, "when": when}
                )
    return problems


def _crew(interview: Interview) -> dict[str, User | None]:
    return {"host": interview.host, "camera": interview.camera, "editor": interview.editor}


@transaction.atomic
def book_interview(
    *,
    programme: Programme,
    unit: Unit,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    topic: str = "",
    venue: str = "",
    by: User | None,
) -> Interview:
    """The service center books ``unit``'s interview at an exact time inside its slot."""
    slot = _check_time(
        programme=programme,
        unit=unit,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        venue=venue,
        crew={},
        exclude_pk=None,
    )
    return Interview.objects.create(
        programme=programme,
        unit=unit,
        slot=slot,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        topic=topic,
        venue=venue,
    )


@transaction.atomic
def move_interview(
    interview: Interview,
    *,
    starts_at: dt.datetime,
    duration_minutes: int | None = None,
    by: User | None,
) -> Interview:
    """Move an interview to another time inside its slot (the guest may do this)."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    duration = duration_minutes or interview.duration_minutes
    interview.slot = _check_time(
        programme=interview.programme,
        unit=interview.unit,
        starts_at=starts_at,
        duration_minutes=duration,
        venue=interview.venue,
        crew=_crew(interview),
        exclude_pk=interview.pk,
        names=interview.crew_names(),
    )
    interview.starts_at = starts_at
    interview.duration_minutes = duration
    interview.save()
    return interview


@transaction.atomic
def assign_crew(
    interview: Interview,
    *,
    venue: str,
    host: User | None,
    camera: User | None,
    editor: User | None,
    by: User | None,
    names: dict[str, str] | None = None,
) -> Interview:
    """The media center names venue, host, camera and editor; clashes are refused.

    ``names`` gives each role's name ({"camera": "王师傅"}): a crew member needs no account
    (a freelance camera operator); with an account and no name, the account's name shows."""
    typed = {role: (names or {}).get(role, "").strip() for role in CREW_ROLES}
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.starts_at is not None:
        _check_time(
            programme=interview.programme,
            unit=interview.unit,
            starts_at=interview.starts_at,
            duration_minutes=interview.duration_minutes,
            venue=venue,
            crew={"host": host, "camera": camera, "editor": editor},
            exclude_pk=interview.pk,
            names=typed.values(),
        )
    interview.venue = venue
    interview.host = host
    interview.camera = camera
    interview.editor = editor
    interview.host_name = typed["host"]
    interview.camera_name = typed["camera"]
    interview.editor_name = typed["editor"]
    interview.save()
    return interview


@transaction.atomic
def save_receipt_form(
    interview: Interview,
    *,
    topic: str,
    fields: dict[str, Any],
    people: list[dict[str, Any]],
    scan: Any = None,
    by: User | None,
) -> ReceiptForm:
    """Save 附件3. The first complete save is the submission (its time decides lateness);
    later corrections keep that time."""
    if not people:
        raise ValidationError(_("Please name at least one guest."), code="no_people")
    interview.topic = topic
    interview.save(update_fields=["topic", "updated_at"])
    receipt = ReceiptForm.objects.filter(interview=interview).first()
    if receipt is None:
        if scan is None:
            raise ValidationError(
                _("Please attach the signed and stamped scan of the form."), code="no_scan"
            )
        receipt = ReceiptForm(interview=interview, submitted_at=timezone.now())
    for name, value in fields.items():
        setattr(receipt, name, value)
    if scan is not None:
        receipt.scan = scan
    receipt.save()
    # Row by row (a handful of people), so every change lands in the audit log. A guest's
    # photo stays with the guest's name when the unit corrects the form.
    photos = {p.name: p.photo.name for p in receipt.people.all() if p.photo}
    receipt.people.all().delete()
    for i, row in enumerate(people):
        ReceiptPerson.objects.create(
            receipt=receipt, order=i, photo=photos.get(row.get("name", ""), ""), **row
        )
    return receipt


@transaction.atomic
def submit_outline(
    interview: Interview, *, text: str, file: Any = None, by: User | None
) -> Outline:
    """The unit submits (or resubmits) its outline; it waits for the service center again."""
    outline = Outline.objects.filter(interview=interview).first()
    if not text.strip() and file is None and not (outline and outline.file):
        raise ValidationError(
            _("Please type the outline or attach it as a document."), code="empty_outline"
        )
    now = timezone.now()
    if outline is None:
        outline = Outline(interview=interview, first_submitted_at=now)
    outline.text = text
    if file is not None:
        outline.file = file
    outline.state = OutlineState.SUBMITTED
    outline.submitted_at = now
    outline.save()
    return outline


@transaction.atomic
def review_outline(outline: Outline, *, accept: bool, comment: str, by: User | None) -> Outline:
    """The service center accepts the outline or asks for changes (with a comment)."""
    if not accept and not comment.strip():
        raise ValidationError(
            _("Please say what should change so the unit knows what to do."), code="no_comment"
        )
    outline.state = OutlineState.ACCEPTED if accept else OutlineState.CHANGES
    outline.review_comment = comment
    outline.reviewed_by = by
    outline.reviewed_at = timezone.now()
    outline.save()
    return outline


@transaction.atomic
def upload_video(interview: Interview, *, video: Any, by: User | None) -> InterviewVideo:
    """The media center uploads the video record. It waits for the service center's review
    (the publishing queue, 先审后发) and goes on the archive page only once approved; a new
    upload replaces the old file and waits for review again."""
    from gongkai.publishing.services import resubmit

    record = InterviewVideo.objects.select_for_update().filter(interview=interview).first()
    if record is None:
        record = InterviewVideo(interview=interview)
    record.file = video
    record.uploaded_at = timezone.now()
    record.uploaded_by = by if getattr(by, "is_authenticated", False) else None
    record.published_at = None
    record.reject_reason = ""
    record.save()
    return resubmit(record)


@transaction.atomic
def set_guest_photo(person: ReceiptPerson, *, photo: Any, by: User | None) -> ReceiptPerson:
    """The service center or the media center puts up a guest's photo (with the guest's
    agreement); it shows on the interview's public pages with the guest's name and post."""
    person.photo = photo
    person.save(update_fields=["photo"])
    return person


def receipt_completions(programme: Programme) -> dict[int, dt.datetime]:
    """Workbench completion source for DeadlineKind.RECEIPT_FORM."""
    done: dict[int, dt.datetime] = {}
    for unit_id, at in ReceiptForm.objects.filter(interview__programme=programme).values_list(
        "interview__unit_id", "submitted_at"
    ):
        done[unit_id] = min(at, done.get(unit_id, at))
    return done


def outline_completions(programme: Programme) -> dict[int, dt.datetime]:
    """Workbench completion source for DeadlineKind.INTERVIEW_OUTLINE."""
    done: dict[int, dt.datetime] = {}
    for unit_id, at in Outline.objects.filter(interview__programme=programme).values_list(
        "interview__unit_id", "first_submitted_at"
    ):
        done[unit_id] = min(at, done.get(unit_id, at))
    return done


def is_published_file(name: str) -> bool:
    """A photo or the video record of an interview shown on the portal (served without sign-in)."""
    public = Interview.objects.public()
    return (
        Photo.objects.filter(image=name, interview__in=public).exists()
        or InterviewVideo.objects.published().filter(file=name, interview__in=public).exists()
        or ReceiptPerson.objects.filter(photo=name, receipt__interview__in=public).exists()
    )
