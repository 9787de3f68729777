"""iCalendar (RFC 5545) feeds in the county's time, written by the ``icalendar`` package (escaping,
line folding, the VTIMEZONE of Asia/Shanghai), shared by the interview and activity calendars.

Text goes through ``text()`` first: ``icalendar`` escapes backslash, semicolon, comma and ``\\n``
but not a bare ``\\r``, which would end the content line and start a property of its own
(``URL:…``) in many readers. Line breaks of any kind become ``\\n`` and other control characters
are dropped, at input (``gongkai.lib.text``) and again here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.utils import timezone

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.text import multi_line


def text(value: object) -> str:
    """A TEXT value with no control character but ``\\n`` (tabs become spaces)."""
    return multi_line(str(value)).replace("\t", " ")


def stamp() -> dt.datetime:
    """The DTSTAMP of every event of one feed (UTC)."""
    return timezone.now().astimezone(dt.UTC).replace(microsecond=0)


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value, COUNTY_TZ).replace(microsecond=0)


def event(
    *,
    uid: str,
    stamp: dt.datetime,
    start: dt.datetime,
    summary: str,
    end: dt.datetime | None = None,
    location: str = "",
    url: str = "",
) -> icalendar.Event:
    """One VEVENT; times in Asia/Shanghai (``DTSTART;TZID=Asia/Shanghai:…``)."""
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", _local(start))
    if end is not None:
        vevent.add("dtend", _local(end))
    vevent.add("summary", text(summary))
    if location:
        vevent.add("location", text(location))
    if url:
        vevent.add("url", url)
    return vevent


def calendar(name: str, product: str, events: Iterable[icalendar.Event]) -> str:
    """A whole feed with the VTIMEZONE its events use."""
    feed = icalendar.Calendar()
    feed.add("version", "2.0")
    feed.add("prodid", f"-//Gongkai//{product}//ZH")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", text(name))
    feed.add("x-wr-timezone", "Asia/Shanghai")
    for vevent in events:
        feed.add_component(vevent)
    feed.add_missing_timezones()
    return feed.to_ical().decode()
