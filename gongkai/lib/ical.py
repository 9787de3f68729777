"""iCalendar (RFC 5545) feeds in the county's time: the envelope, escaping and line folding
shared by the interview and activity calendars."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.text import multi_line

VTIMEZONE = [
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape(value: str) -> str:
    """RFC 5545 3.3.11 TEXT: backslash, semicolon and comma escaped, every line break (``\\r\\n``,
    a bare ``\\r``, ``\\n``, U+2028/2029) written as ``\\n``, and other control characters
    dropped: a raw ``\\r`` would end the line and start a property of its own (the
    ``icalendar`` library does not escape it either)."""
    value = multi_line(str(value)).replace("\t", " ")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """RFC 5545 3.1: lines longer than 75 octets are folded (without splitting a character)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0]] + [" " + part for part in out[1:]]


def local_time(value: dt.datetime) -> str:
    """``DTSTART;TZID=Asia/Shanghai:`` + this."""
    return f"{timezone.localtime(value, COUNTY_TZ):%Y%m%dT%H%M%S}"


def stamp() -> str:
    """The DTSTAMP of every event of one feed."""
    return timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(name: str, product: str, events: Iterable[list[str]]) -> str:
    """A whole feed: ``events`` are each VEVENT's lines (BEGIN/END included), unfolded."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//Gongkai//{product}//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        *VTIMEZONE,
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in fold(line)) + "\r\n"
