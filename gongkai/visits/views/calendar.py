"""The iCalendar feed of the published visit activities (走进政府), beside the interview
calendar: the same format, escaping, line folding and time zone (``gongkai.interviews.exports``).
Only what the public activity page shows: unit, title, time, place and the page's address, never
the contact person, the phone or the leader's name."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.interviews.exports import VTIMEZONE, _fold, _ics_escape
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.portal.cache import public_page
from gongkai.visits.models import Activity


def _local(value: dt.datetime) -> str:
    return f"{timezone.localtime(value, COUNTY_TZ):%Y%m%dT%H%M%S}"


def activities_ics(activities, *, name: str, host: str, base_url: str) -> str:
    """One VEVENT per activity, in Asia/Shanghai time. An activity without an end time gets no
    DTEND (RFC 5545: it then ends when it starts) rather than an invented one."""
    stamp = timezone.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Gongkai//Visit the government//ZH",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_escape(name)}",
        "X-WR-TIMEZONE:Asia/Shanghai",
        *VTIMEZONE,
    ]
    for activity in activities:
        lines += [
            "BEGIN:VEVENT",
            f"UID:visit-{activity.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=Asia/Shanghai:{_local(activity.starts_at)}",
        ]
        if activity.ends_at and activity.ends_at > activity.starts_at:
            lines.append(f"DTEND;TZID=Asia/Shanghai:{_local(activity.ends_at)}")
        lines += [
            f"SUMMARY:{_ics_escape(str(activity))}",
            f"LOCATION:{_ics_escape(activity.place)}",
            f"URL:{base_url}{activity.pk}/",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(part for line in lines for part in _fold(line)) + "\r\n"


@public_page
def calendar(request):
    """Every published, not cancelled activity (planned and held) as an iCalendar feed."""
    activities = Activity.objects.public().select_related("unit").order_by("starts_at", "id")
    body = activities_ics(
        activities,
        name=_("Visit the government"),
        host=request.get_host().split(":")[0],
        base_url=request.build_absolute_uri(reverse("visits:index")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visits.ics"'
    return response
