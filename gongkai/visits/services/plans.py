"""The units' activity plans (附件1): dates inside the programme's visit window, completion."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import Programme, TrackKind
from gongkai.units.models import Unit
from gongkai.visits.models import Activity
from gongkai.visits.services.registrations import promote_waiting


def visit_window(programme: Programme):
    return next((t for t in programme.tracks.all() if t.kind == TrackKind.VISITS), None)


def check_plan_date(programme: Programme, starts_at: dt.datetime) -> None:
    window = visit_window(programme)
    day = timezone.localtime(starts_at, COUNTY_TZ).date()
    if window and not window.contains(day):
        raise ValidationError(
            {
                "starts_at": _(
                    "The activity must take place between %(start)s and %(end)s. Please choose a date inside that window."
                )
                % {"start": window.start.isoformat(), "end": window.end.isoformat()}
            }
        )


@transaction.atomic
def submit_plan(
    programme: Programme, unit: Unit, *, by: Any, now: dt.datetime | None = None, **fields
) -> Activity:
    """Add an activity to the unit's plan. Late plans are accepted and marked late."""
    check_plan_date(programme, fields["starts_at"])
    fields.setdefault("capacity", programme.representative_target)
    activity = Activity(
        programme=programme, unit=unit, submitted_at=now or timezone.now(), **fields
    )
    activity.full_clean(exclude=["checkin_token", "opinion_token"])
    activity.save()
    return activity


@transaction.atomic
def update_plan(activity: Activity, *, by: Any, **fields) -> Activity:
    if "starts_at" in fields:
        check_plan_date(activity.programme, fields["starts_at"])
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    promote_waiting(activity)
    return activity


def plan_completion(programme: Programme) -> dict[int, dt.datetime]:
    """Workbench completion source: when each unit first submitted a plan."""
    rows = (
        Activity.objects.filter(programme=programme)
        .values("unit_id")
        .annotate(first=Min("submitted_at"))
    )
    return {row["unit_id"]: row["first"] for row in rows}


def units_without_plan(programme: Programme):
    return (
        programme.participants.exclude(visit_activities__programme=programme)
        .order_by("sort_order", "name")
        .distinct()
    )
