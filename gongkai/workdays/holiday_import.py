"""The State Council's yearly holiday notice as a table (pasted text or .xlsx): one row per
holiday or make-up working day, checked whole before anything is saved.

A row has a name, a date or a date range and a kind, in any order, separated by tabs, commas
or spaces, e.g. ``春节	2024-02-10至2024-02-17	休`` or ``春节，2月4日，班``. Dates may be written
2024-02-10, 2024/2/10, 2024年2月10日 or 2月10日 (the year asked on the page); a range's end
may leave out the year and month (2月10日至17日).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

MAX_RANGE_DAYS = 31
OFF_WORDS = {"休", "放假", "假", "休息", "假日", "节假日", "holiday", "off"}
WORK_WORDS = {"班", "上班", "调休上班", "补班", "工作日", "workday", "work"}
FULL_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
DAY_ONLY = re.compile(r"(\d{1,2})\s*日")
TIME_OF_DAY = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
RANGE_SPLIT = re.compile(r"\s*(?:至|到|~|～|—|–|--)\s*")


@dataclass
class Entry:
    line: int
    name: str
    start: dt.date
    end: dt.date
    is_workday: bool

    def days(self) -> list[dt.date]:
        count = (self.end - self.start).days + 1
        return [self.start + dt.timedelta(days=i) for i in range(count)]


@dataclass
class Parsed:
    entries: list[Entry] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    def days(self) -> dict[dt.date, tuple[bool, str]]:
        return {day: (e.is_workday, e.name) for e in self.entries for day in e.days()}


class BadDate(ValueError):
    pass


def _date_of(text: str, year: int, month: int | None = None) -> tuple[dt.date, int, int]:
    """One date written in ``text``; a missing year (and month) comes from the arguments."""
    try:
        match = FULL_DATE.fullmatch(text)
        if match:
            y, m, d = (int(g) for g in match.groups())
            return dt.date(y, m, d), y, m
        match = MONTH_DAY.fullmatch(text)
        if match:
            m, d = int(match.group(1)), int(match.group(2))
            return dt.date(year, m, d), year, m
        match = DAY_ONLY.fullmatch(text) or re.fullmatch(r"(\d{1,2})", text)
        if match and month is not None:
            return dt.date(year, month, int(match.group(1))), year, month
    except ValueError as exc:
        raise BadDate(_("“%(text)s” is no date of the calendar.") % {"text": text}) from exc
    raise BadDate(
        _("“%(text)s” is not a date: write it as 2024-02-10 or 2月10日.") % {"text": text}
    )


def parse_dates(text: str, year: int) -> tuple[dt.date, dt.date]:
    parts = [p for p in RANGE_SPLIT.split(text.strip()) if p]
    if len(parts) == 1:
        # "2024-02-10-2024-02-17" is two ISO dates joined by a hyphen.
        dates = FULL_DATE.findall(parts[0])
        if len(dates) == 2:
            parts = ["-".join(dates[0]), "-".join(dates[1])]
    if len(parts) > 2:
        raise BadDate(_("“%(text)s” has more than two dates.") % {"text": text})
    start, y, m = _date_of(parts[0], year)
    end = start if len(parts) == 1 else _date_of(parts[1], y, m)[0]
    if end < start:
        raise BadDate(_("The range “%(text)s” ends before it starts.") % {"text": text})
    if (end - start).days >= MAX_RANGE_DAYS:
        raise BadDate(
            _("The range “%(text)s” is longer than %(max)d days.")
            % {"text": text, "max": MAX_RANGE_DAYS}
        )
    return start, end


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"[\t,，;；|]+|\s+", line) if c.strip()]


def parse_row(number: int, cells: list[str], year: int, parsed: Parsed) -> None:
    kind: bool | None = None
    dates: list[str] = []
    names: list[str] = []
    for cell in cells:
        cell = TIME_OF_DAY.sub("", cell.strip())  # a date cell of Excel comes with 00:00:00
        word = cell.lower()
        if not word or word == "-" or RANGE_SPLIT.fullmatch(word):
            continue
        if word in OFF_WORDS:
            kind = False
        elif word in WORK_WORDS:
            kind = True
        elif re.search(r"\d", cell):
            dates.append(cell)
        elif cell:
            names.append(cell)
    if kind is None:
        parsed.errors.append(
            (number, _("Say whether the days are off (休) or make-up working days (班)."))
        )
        return
    if not dates:
        parsed.errors.append((number, _("The row has no date.")))
        return
    try:
        start, end = parse_dates("至".join(dates), year)
    except BadDate as exc:
        parsed.errors.append((number, str(exc)))
        return
    parsed.entries.append(Entry(number, " ".join(names)[:100], start, end, kind))


def parse_text(text: str, year: int) -> Parsed:
    """Each non-empty line of ``text`` is a row, numbered from 1."""
    parsed = Parsed()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = _cells(line)
        if number == 1 and not any(re.search(r"\d", c) for c in cells):
            continue  # a heading row
        parse_row(number, cells, year, parsed)
    _check_conflicts(parsed)
    return parsed


def parse_rows(rows: list[tuple[int, list[str]]], year: int) -> Parsed:
    """Rows of a workbook: (line number, cells)."""
    parsed = Parsed()
    for number, cells in rows:
        parse_row(number, [c for c in cells if c], year, parsed)
    _check_conflicts(parsed)
    return parsed


def _check_conflicts(parsed: Parsed) -> None:
    seen: dict[dt.date, Entry] = {}
    for entry in parsed.entries:
        for day in entry.days():
            other = seen.get(day)
            if other is not None and other.is_workday != entry.is_workday:
                parsed.errors.append(
                    (
                        entry.line,
                        _("%(date)s is also on row %(other)d with the other kind.")
                        % {"date": day.isoformat(), "other": other.line},
                    )
                )
                break
            seen.setdefault(day, entry)
    parsed.errors.sort()


def warnings_for(
    start: dt.date, end: dt.date, is_workday: bool, line: int | None = None
) -> list[str]:
    """A holiday entered only on weekend days, a make-up working day on a weekday: both change
    nothing and are usually a typing mistake."""
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    prefix = _("Row %(line)d: ") % {"line": line} if line is not None else ""
    if not is_workday and all(d.weekday() >= 5 for d in days):
        return [
            prefix
            + _(
                "%(dates)s is a weekend, a day off anyway. Did you mean a make-up working day (班)?"
            )
            % {"dates": _span(start, end)}
        ]
    if is_workday and all(d.weekday() < 5 for d in days):
        return [
            prefix
            + _("%(dates)s is a weekday, a working day anyway. Did you mean a holiday (休)?")
            % {"dates": _span(start, end)}
        ]
    return []


def _span(start: dt.date, end: dt.date) -> str:
    text = date_format(start, "Y-m-d (l)")
    if end != start:
        text += " – " + date_format(end, "Y-m-d (l)")
    return text


def warnings(parsed: Parsed) -> list[str]:
    result: list[str] = []
    for entry in parsed.entries:
        result += warnings_for(entry.start, entry.end, entry.is_workday, entry.line)
    return result
