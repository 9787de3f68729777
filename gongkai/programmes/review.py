"""The year-setup review: everything of a year that goes public, with the warnings a
coordinator must see before publishing (stale dates in text, days off, guests and slots out of
step, units without a staff account, and whatever the apps above register)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.programmes.models import Programme


@dataclass(frozen=True)
class Finding:
    """One warning of the review page: which part of the year, what is wrong, where to fix it."""

    section: str
    message: str
    url: str = ""


Check = Callable[[Programme], list[Finding]]
# ``days_off(dates)``: ``{date: name}`` for those of ``dates`` that are not working days.
DaysOff = Callable[[Iterable[dt.date]], dict[dt.date, str]]

_checks: list[Check] = []


def _weekends(dates: Iterable[dt.date]) -> dict[dt.date, str]:
    names = {5: _("Saturday"), 6: _("Sunday")}
    return {day: str(names[day.weekday()]) for day in dates if day.weekday() >= 5}


_days_off: list[DaysOff] = [_weekends]


def register_check(check: Check) -> None:
    """Add a check of an app above this one (e.g. the assessment's weights)."""
    if check not in _checks:
        _checks.append(check)


def register_days_off(source: DaysOff) -> None:
    """Use the working-day calendar (holidays and make-up days) instead of weekends only."""
    _days_off[:] = [source]


# "4月9日", "2024年4月9日", and the day of a range written "5月8日至19日".
DATE_TEXT = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
RANGE_END = re.compile(r"\s*[至到\-–—~～]\s*(\d{1,2})\s*日")
YEAR_TEXT = re.compile(r"(\d{4})\s*年")


def dates_in_text(text: str) -> list[tuple[str, int | None, int, int]]:
    """The dates ``text`` states: ``(as written, year or None, month, day)``."""
    found = []
    for match in DATE_TEXT.finditer(text):
        year = int(match.group(1)) if match.group(1) else None
        month, day = int(match.group(2)), int(match.group(3))
        found.append((match.group(0), year, month, day))
        tail = RANGE_END.match(text, match.end())
        if tail:
            found.append((f"{month}月{tail.group(1)}日", year, month, int(tail.group(1))))
    return found


def cn_date(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def schedule_dates(programme: Programme) -> list[tuple[dt.date, str]]:
    """The dates of the year's windows, deadlines and slots, with what each is."""
    dates: list[tuple[dt.date, str]] = []
    for track in programme.tracks.all():
        dates.append((track.start, _("%(track)s opens") % {"track": track.get_kind_display()}))
        dates.append((track.end, _("%(track)s closes") % {"track": track.get_kind_display()}))
    for deadline in programme.deadlines.all():
        dates.append((deadline.due_date, _("deadline “%(label)s”") % {"label": deadline}))
    for slot in programme.slots.all():
        names = "、".join(u.name for u in slot.ordered_units())
        dates.append((slot.start, _("interview slot of %(units)s starts") % {"units": names}))
        dates.append((slot.end, _("interview slot of %(units)s ends") % {"units": names}))
    return dates


def field_dates(programme: Programme) -> list[tuple[dt.date, str]]:
    """Every date the year's fields state (the schedule and the notice's dates)."""
    dates = schedule_dates(programme)
    if programme.notice_date:
        dates.append((programme.notice_date, _("notice date")))
    if programme.notice_printed_date:
        dates.append((programme.notice_printed_date, _("printed date")))
    return dates


def _texts(programme: Programme) -> list[tuple[str, str, str, str]]:
    """(where, text, edit URL, hint) of every free text that goes public; the hint (附件1)
    picks the deadline an attachment's note speaks of (the one whose label names it)."""
    year = programme.year
    edit = reverse("programmes:programme-edit", args=[year])
    texts = [
        (_("Notice title"), programme.notice_title, edit, ""),
        (_("Notice text"), programme.notice_text, edit, ""),
    ]
    for attachment in programme.attachments.all():
        url = reverse("programmes:attachments-edit", args=[year])
        label = _("Attachment %(number)d") % {"number": attachment.number}
        hint = f"附件{attachment.number}"
        texts.append(
            (_("%(attachment)s title") % {"attachment": label}, attachment.title, url, hint)
        )
        texts.append(
            (_("%(attachment)s note (备注)") % {"attachment": label}, attachment.note, url, hint)
        )
    slots_url = reverse("programmes:slots-edit", args=[year])
    for slot in programme.slots.all():
        texts.append((_("Interview slot note"), slot.note, slots_url, ""))
    return texts


def stale_text(programme: Programme) -> list[Finding]:
    """Text stating a date that none of the year's date fields has, or an earlier year. The
    message names the nearest deadline (a date in a text is usually a due date), else the
    nearest date of the year."""
    known = field_dates(programme)
    known_days = {(day.month, day.day) for day, _what in known}
    deadlines = [
        (d.due_date, _("deadline “%(label)s”") % {"label": d}) for d in programme.deadlines.all()
    ]
    findings = []
    for where, text, url, hint in _texts(programme):
        if not text:
            continue
        for year_text in sorted({int(y) for y in YEAR_TEXT.findall(text)}):
            if year_text < programme.year:
                findings.append(
                    Finding(
                        where,
                        _("mentions %(old)d年; this programme is %(year)d.")
                        % {"old": year_text, "year": programme.year},
                        url,
                    )
                )
        seen = set()
        for written, year, month, day in dates_in_text(text):
            if (month, day) in known_days or (month, day) in seen:
                continue
            seen.add((month, day))
            try:
                stated = dt.date(year or programme.year, month, day)
            except ValueError:
                findings.append(
                    Finding(
                        where, _("mentions %(date)s, which is no date.") % {"date": written}, url
                    )
                )
                continue
            candidates = deadlines or known
            if not candidates:
                continue
            nearest, what = min(
                candidates,
                key=lambda item: (not hint or hint not in item[1], abs((item[0] - stated).days)),
            )
            findings.append(
                Finding(
                    where,
                    _("mentions %(date)s, but the %(what)s is %(field)s.")
                    % {"date": written, "what": what, "field": cn_date(nearest)},
                    url,
                )
            )
    return findings


def days_off(programme: Programme) -> list[Finding]:
    """Deadlines, windows and slots that open, close or fall due on a day off."""
    dates = schedule_dates(programme)
    off = _days_off[0]({day for day, _what in dates})
    findings = []
    for day, what in dates:
        if day in off:
            findings.append(
                Finding(
                    _("Dates"),
                    _("The %(what)s on %(date)s, a day off (%(name)s).")
                    % {"what": what, "date": day.isoformat(), "name": off[day]},
                    reverse("programmes:detail", args=[programme.year]),
                )
            )
    return findings


def guests_and_slots(programme: Programme) -> list[Finding]:
    """Guests whose unit is in no slot, units in slots with no guest."""
    year = programme.year
    slot_units = {u.pk: u for slot in programme.slots.all() for u in slot.ordered_units()}
    guests = {g.unit_id: g for g in programme.guests.all()}
    findings = []
    for guest in guests.values():
        if guest.unit_id not in slot_units:
            findings.append(
                Finding(
                    _("Interview guests"),
                    _(
                        "%(unit)s has a guest but is in no interview slot: delete the guest or add the unit to a slot."
                    )
                    % {"unit": guest.unit.name},
                    reverse("programmes:guests-edit", args=[year]),
                )
            )
    for pk, unit in slot_units.items():
        if pk not in guests:
            findings.append(
                Finding(
                    _("Interview guests"),
                    _("%(unit)s is in an interview slot but has no guest.") % {"unit": unit.name},
                    reverse("programmes:guests-edit", args=[year]),
                )
            )
    return findings


def staff_accounts(programme: Programme) -> list[Finding]:
    """Units in slots that nobody can sign in for."""
    slot_units = {u.pk: u for slot in programme.slots.all() for u in slot.ordered_units()}
    findings = []
    staffed = set(
        User.objects.filter(unit__in=list(slot_units), is_active=True).values_list(
            "unit_id", flat=True
        )
    )
    for pk, unit in slot_units.items():
        if pk not in staffed:
            findings.append(
                Finding(
                    _("Staff accounts"),
                    _(
                        "%(unit)s is in an interview slot but nobody of the unit has a staff account: it cannot send its outline or receipt form."
                    )
                    % {"unit": unit.name},
                    reverse("accounts:staff-home"),
                )
            )
    return findings


def findings(programme: Programme) -> list[Finding]:
    """All warnings of the year, the built-in ones first."""
    result = (
        stale_text(programme)
        + days_off(programme)
        + guests_and_slots(programme)
        + staff_accounts(programme)
    )
    for check in _checks:
        result.extend(check(programme))
    return result
