"""Business actions on the annual programme."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, overload

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.programmes.models import (
    Deadline,
    Guest,
    InterviewSlot,
    NoticeAttachment,
    Programme,
    SlotUnit,
    Track,
)
from gongkai.programmes.signals import notice_published, programme_copied
from gongkai.programmes.unit_history import carried_on
from gongkai.units.models import Unit

DATA_DIR = Path(__file__).resolve().parent / "data"
BUILTIN = {2023: DATA_DIR / "jingbian-2023.json"}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _required_date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@transaction.atomic
def load_programme(path: Path) -> Programme:
    """Load a programme (units, windows, deadlines, guests, slots, notice) from a JSON file.

    Idempotent: loading the same file twice leaves the database as after the first load.
    """
    data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    units: dict[str, Unit] = {}
    for row in data.get("units", []):
        unit, _ = Unit.objects.update_or_create(
            name=row["name"],
            defaults={
                "kind": row["kind"],
                "special_role": row.get("special_role", ""),
                "head_title": row.get("head_title", ""),
                "is_demo": row.get("is_demo", False),
                "sort_order": row.get("sort_order", 100),
                "phone": row.get("phone", ""),
            },
        )
        units[unit.name] = unit

    def unit_named(name: str) -> Unit:
        return units.get(name) or Unit.objects.get(name=name)

    notice = data.get("notice", {})
    text = ""
    if notice.get("text_file"):
        text = (Path(path).parent / notice["text_file"]).read_text(encoding="utf-8")
    programme, _ = Programme.objects.update_or_create(
        year=data["year"],
        defaults={
            "title": data["title"],
            "notice_number": notice.get("number", ""),
            "notice_title": notice.get("title", ""),
            "notice_issuer": notice.get("issuer", ""),
            "notice_date": _date(notice.get("date")),
            "notice_printed_date": _date(notice.get("printed_date")),
            "notice_text": text,
            "notice_published": notice.get("published", False),
            "service_center_phone": data.get("service_center_phone", ""),
            "representative_target": data.get("representative_target", 20),
            "min_activities": data.get("min_activities", 1),
        },
    )
    programme.participants.set([u for u in units.values() if u.kind != "special"])
    for row in data.get("tracks", []):
        Track.objects.update_or_create(
            programme=programme,
            kind=row["kind"],
            defaults={"start": _required_date(row["start"]), "end": _required_date(row["end"])},
        )
    for row in data.get("deadlines", []):
        Deadline.objects.update_or_create(
            programme=programme,
            kind=row["kind"],
            defaults={
                "label": row.get("label", ""),
                "due_date": _required_date(row["due_date"]),
                "submit_to": row.get("submit_to", ""),
            },
        )
    for order, row in enumerate(data.get("guests", [])):
        Guest.objects.update_or_create(
            programme=programme,
            unit=unit_named(row["unit"]),
            defaults={"title": row["title"], "name": row.get("name", ""), "order": order},
        )
    for order, row in enumerate(data.get("slots", [])):
        slot, _ = InterviewSlot.objects.update_or_create(
            programme=programme,
            order=order,
            defaults={
                "start": _required_date(row["start"]),
                "end": _required_date(row["end"]),
                "note": row.get("note", ""),
            },
        )
        wanted = [unit_named(name) for name in row["units"]]
        slot.slot_units.exclude(unit__in=wanted).delete()
        for position, member in enumerate(wanted):
            SlotUnit.objects.update_or_create(slot=slot, unit=member, defaults={"order": position})
    for row in data.get("attachments", []):
        NoticeAttachment.objects.update_or_create(
            programme=programme,
            number=row["number"],
            defaults={"title": row["title"], "note": row.get("note", "")},
        )
    return programme


def load_builtin(year: int = 2023) -> Programme:
    return load_programme(BUILTIN[year])


def calendar(programme: Programme) -> list[dict[str, Any]]:
    """The programme's calendar: windows, deadlines and interview slots in date order."""
    entries: list[dict[str, Any]] = []
    for track in programme.tracks.all():
        entries.append(
            {
                "kind": "window",
                "start": track.start,
                "end": track.end,
                "label": track.get_kind_display(),
            }
        )
    for deadline in programme.deadlines.all():
        entries.append(
            {
                "kind": "deadline",
                "start": deadline.due_date,
                "end": deadline.due_date,
                "label": str(deadline),
            }
        )
    for slot in programme.slots.all():
        names = "、".join(u.name for u in slot.ordered_units())
        entries.append({"kind": "slot", "start": slot.start, "end": slot.end, "label": names})
    return sorted(entries, key=lambda e: (e["start"], e["end"]))


# --- Setting up a programme in the browser ------------------------------------------------


@overload
def shift_years(day: dt.date, years: int) -> dt.date: ...
@overload
def shift_years(day: None, years: int) -> None: ...
@overload
def shift_years(day: dt.date | None, years: int) -> dt.date | None: ...
def shift_years(day: dt.date | None, years: int) -> dt.date | None:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def create_programme(
    *, year: int, title: str = "", copy_from: Programme | None = None
) -> Programme:
    """Start the programme of ``year``, empty or with ``copy_from``'s structure moved to it.

    Copied: windows, deadlines, interview slots with their ordered units, guests, implementing
    units and attachments (a renamed or merged unit by the unit that carries it on, retired
    units left out: ``unit_history.carried_on``). Not copied: the notice itself (number,
    dates, text), which belongs to the new year; the new notice starts unpublished.
    """
    if not title and copy_from is not None:
        title = copy_from.title.replace(str(copy_from.year), str(year))
    programme = Programme.objects.create(year=year, title=title)
    if copy_from is not None:
        copy_structure(copy_from, programme)
        # The apps above copy their part of the year (e.g. the assessment's indicator tree).
        programme_copied.send(sender=Programme, source=copy_from, target=programme)
    return programme


@transaction.atomic
def copy_structure(source: Programme, target: Programme) -> Programme:
    years = target.year - source.year
    target.notice_issuer = source.notice_issuer
    target.notice_title = source.notice_title.replace(str(source.year), str(target.year))
    target.service_center_phone = source.service_center_phone
    target.representative_target = source.representative_target
    target.representative_tolerance = source.representative_tolerance
    target.min_activities = source.min_activities
    target.save()
    target.participants.set(carried_on(list(source.participants.all())))
    for track in source.tracks.all():
        Track.objects.create(
            programme=target,
            kind=track.kind,
            start=shift_years(track.start, years),
            end=shift_years(track.end, years),
        )
    for deadline in source.deadlines.all():
        Deadline.objects.create(
            programme=target,
            kind=deadline.kind,
            label=deadline.label,
            due_date=shift_years(deadline.due_date, years),
            submit_to=deadline.submit_to,
        )
    for slot in source.slots.prefetch_related("slot_units__unit"):
        copy = InterviewSlot.objects.create(
            programme=target,
            start=shift_years(slot.start, years),
            end=shift_years(slot.end, years),
            note=slot.note,
            order=slot.order,
        )
        set_slot_units(copy, carried_on(slot.ordered_units()))
    guests_by_unit: dict[int, Guest] = {}
    for guest in source.guests.select_related("unit"):
        for unit in carried_on([guest.unit]):
            guests_by_unit.setdefault(unit.pk, guest)
    for unit_id, guest in guests_by_unit.items():
        Guest.objects.create(
            programme=target,
            unit_id=unit_id,
            title=guest.title,
            name=guest.name,
            introduction=guest.introduction,
            order=guest.order,
        )
    for attachment in source.attachments.all():
        NoticeAttachment.objects.create(
            programme=target,
            number=attachment.number,
            title=attachment.title.replace(str(source.year), str(target.year)),
            note=attachment.note,
        )
    return target


@transaction.atomic
def update_programme(programme: Programme) -> Programme:
    """Save the programme's own fields and its notice (validated by ``ProgrammeForm``)."""
    programme.save()
    return programme


@transaction.atomic
def save_rows(programme: Programme, changed: list[Any], deleted: list[Any]) -> list[str]:
    """Save edited rows of one kind (windows, deadlines, guests or attachments) at once.

    Deletions go first so that a row may take over the kind or unit of a deleted one. A
    deadline moved in a year not yet published moves the date in the attachments' notes too
    (see ``move_note_dates``); returns what was changed there.
    """
    before = {
        row.pk: row.due_date
        for row in Deadline.objects.filter(
            pk__in=[r.pk for r in changed if isinstance(r, Deadline) and r.pk]
        )
    }
    for row in deleted:
        if row.pk and row.programme_id == programme.pk:
            row.delete()
    for row in changed:
        row.programme = programme
        row.save()
    moves: dict[dt.date, set[dt.date]] = {}
    for row in changed:
        if row.pk in before and before[row.pk] != row.due_date:
            moves.setdefault(before[row.pk], set()).add(row.due_date)
    return move_note_dates(programme, moves)


def _cn(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def move_note_dates(programme: Programme, moves: dict[dt.date, set[dt.date]]) -> list[str]:
    """Rewrite "4月9日" as "4月12日" in the attachments' notes when the deadline that was 4月9日
    now is 4月12日 — only while the notice is unpublished, and only when it is unambiguous: the
    old date moved to one new date and is no date of the year any more. Anything else stays
    as written and is flagged on the review page."""
    if programme.notice_published or not moves:
        return []
    still = {d.due_date for d in programme.deadlines.all()}
    for track in programme.tracks.all():
        still |= {track.start, track.end}
    for slot in programme.slots.all():
        still |= {slot.start, slot.end}
    plain = {
        old: next(iter(new)) for old, new in moves.items() if len(new) == 1 and old not in still
    }
    done = []
    for attachment in programme.attachments.all():
        note = attachment.note
        for old, new in plain.items():
            note = re.sub(rf"(?<!\d){old.month}\s*月\s*{old.day}\s*日", _cn(new), note)
        if note != attachment.note:
            attachment.note = note
            attachment.save(update_fields=["note"])
            done.append(
                _("Attachment %(number)d's note now says %(dates)s.")
                % {
                    "number": attachment.number,
                    "dates": "、".join(_cn(new) for old, new in plain.items() if _cn(new) in note),
                }
            )
    return done


def set_slot_units(slot: InterviewSlot, units: list[Unit]) -> None:
    """Give ``slot`` exactly ``units``, in this order."""
    slot.slot_units.exclude(unit__in=units).delete()
    for position, unit in enumerate(units):
        SlotUnit.objects.update_or_create(slot=slot, unit=unit, defaults={"order": position})


@transaction.atomic
def save_slots(
    programme: Programme, rows: list[tuple[InterviewSlot, list[Unit]]], deleted: list[Any]
) -> list[Guest]:
    """Save the interview slots with their ordered units, all or nothing.

    Guests follow the slots: a unit new to the slots gets a guest row (its head's title) to
    fill in; returns those rows. A guest whose unit left every slot is kept and flagged on the
    review page, since the coordinator may move the unit back."""
    for slot in deleted:
        if slot.pk and slot.programme_id == programme.pk:
            slot.delete()
    for slot, units in rows:
        slot.programme = programme
        slot.save()
        set_slot_units(slot, units)
    return add_missing_guests(programme)


def add_missing_guests(programme: Programme) -> list[Guest]:
    have = set(programme.guests.values_list("unit_id", flat=True))
    order = max(programme.guests.values_list("order", flat=True), default=-1) + 1
    added = []
    for slot_unit in (
        SlotUnit.objects.filter(slot__programme=programme)
        .select_related("unit")
        .order_by("slot__order", "slot__start", "order")
    ):
        unit = slot_unit.unit
        if unit.pk in have:
            continue
        added.append(
            Guest.objects.create(
                programme=programme, unit=unit, title=unit.head_title or "负责人", order=order
            )
        )
        have.add(unit.pk)
        order += 1
    return added


def missing_for_publication(programme: Programme) -> list[str]:
    """The notice fields still empty: the notice cannot go public without them."""
    fields = ("notice_number", "notice_title", "notice_date", "notice_text")
    return [
        str(getattr(Programme._meta.get_field(name), "verbose_name", name))
        for name in fields
        if not getattr(programme, name)
    ]


@transaction.atomic
def publish_notice(programme: Programme, *, by: Any) -> Programme:
    """Publish the year's notice on the portal (asked first on the review page; audited).

    The apps above are told (``notice_published``): the notice becomes a policy document."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.notice_published:
        raise ValidationError(
            _("The notice of %(year)d is already published.") % {"year": programme.year}
        )
    missing = missing_for_publication(programme)
    if missing:
        raise ValidationError(
            _("To publish the notice, first fill in: %(fields)s.") % {"fields": "、".join(missing)}
        )
    programme.notice_published = True
    programme.save(update_fields=["notice_published"])
    notice_published.send(sender=Programme, programme=programme, by=by)
    return programme


@transaction.atomic
def set_participants(programme: Programme, units: list[Unit]) -> None:
    programme.participants.set(units)
