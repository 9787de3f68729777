"""The iCalendar feed of the published visit activities (走进政府), beside the interview
calendar: the same format, escaping, line folding and time zone (``gongkai.lib.ical``,
the ``icalendar`` package).
Only what the public activity page shows: unit, title, time, place and the page's address, never
the contact person, the phone or the leader's name."""

from __future__ import annotations

import icalendar
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.lib import ical
from gongkai.portal.cache import public_page
from gongkai.visits.models import Activity


def activities_ics(activities, *, name: str, host: str, base_url: str) -> str:
    """One VEVENT per activity, in Asia/Shanghai time. An activity without an end time gets no
    DTEND (RFC 5545: it then ends when it starts) rather than an invented one."""
    now = ical.stamp()

    def event(activity: Activity) -> icalendar.Event:
        return ical.event(
            uid=f"visit-{activity.pk}@{host}",
            stamp=now,
            start=activity.starts_at,
            end=activity.ends_at
            if activity.ends_at and activity.ends_at > activity.starts_at
            else None,
            summary=str(activity),
            location=activity.place,
            url=f"{base_url}{activity.pk}/",
        )

    return ical.calendar(name, "Visit the government", (event(a) for a in activities))


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
