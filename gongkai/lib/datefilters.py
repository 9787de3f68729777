"""The one way a page shows a date (a template builtin: no ``{% load %}`` needed).

``{{ value|day }}`` shows the date, ``{{ value|when }}`` the date and time. The year is shown
when it is not the current one (county time), or always with ``|day:"year"`` /
``|when:"year"`` (an archive that must read the same next year). Chinese reads "4月6日 14:37" /
"2023年4月6日"; English "6 Apr 14:37" / "6 Apr 2023". Aware datetimes are shown in the
current time zone (Beijing time), as Django's ``date`` filter does.
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import dateformat, timezone, translation

register = template.Library()

# (without year, with year) per language family; the time is appended by ``when``.
FORMATS = {
    "zh": ("n月j日", "Y年n月j日"),
    "en": ("j M", "j M Y"),
}


def _local(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _pattern(value: dt.date, always_year: bool) -> str:
    language = (translation.get_language() or "zh-hans").lower()
    short, full = FORMATS["zh" if language.startswith("zh") else "en"]
    this_year = timezone.localdate().year
    return full if always_year or value.year != this_year else short


def format_day(value: dt.date | dt.datetime | None, arg: str = "") -> str:
    if not value:
        return ""
    value = _local(value)
    return dateformat.format(value, _pattern(value, arg == "year"))


def format_when(value: dt.datetime | None, arg: str = "") -> str:
    if not value:
        return ""
    value = _local(value)
    text = dateformat.format(value, _pattern(value, arg == "year"))
    if isinstance(value, dt.datetime):
        text += " " + dateformat.format(value, "H:i")
    return text


@register.filter(name="day", expects_localtime=False)
def day_filter(value, arg: str = "") -> str:
    return format_day(value, arg)


@register.filter(name="when", expects_localtime=False)
def when_filter(value, arg: str = "") -> str:
    return format_when(value, arg)
