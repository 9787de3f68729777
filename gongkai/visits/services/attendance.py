"""The activity day: the check-in window of the QR link, check-in, and the record of the
activity as held."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import COUNTY_TZ, deadline_instant
from gongkai.visits.models import (
    Activity,
    ActivityStatus,
    Registration,
    RegistrationStatus,
    Response,
)
from gongkai.visits.person_index import person_index
from gongkai.visits.services.identity import normalise_id_number

# The QR check-in link opens this long before the activity starts (and closes at the end of
# the activity day, county time).
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=2)


@transaction.atomic
def check_in(reg: Registration, *, by: Any = None, now: dt.datetime | None = None) -> Registration:
    if reg.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed representatives can be checked in."))
    if reg.checked_in_at is None:
        reg.checked_in_at = now or timezone.now()
        reg.checked_in_by = by if getattr(by, "is_authenticated", False) else None
        reg.save(update_fields=["checked_in_at", "checked_in_by"])
    return reg


def checkin_closed_message(activity: Activity, now: dt.datetime | None = None) -> str | None:
    """Why the QR check-in link does not accept check-ins right now, or None when it does.

    The link is on a poster at the door, so it must not work days before or after: it opens
    CHECKIN_OPENS_BEFORE the start and closes at the end of the activity day (county time).
    Staff ticking the list are not limited (they may tick someone in afterwards)."""
    now = now or timezone.now()
    if activity.status == ActivityStatus.CANCELLED:
        return _("This activity has been cancelled, so there is nothing to check in to.")
    opens = activity.starts_at - CHECKIN_OPENS_BEFORE
    closes = max(deadline_instant(activity.day), activity.ends_at or activity.starts_at)
    if now < opens:
        local = timezone.localtime(opens, COUNTY_TZ)
        return _("Check-in opens at %(time)s on %(date)s. Please scan the code again then.") % {
            "time": local.strftime("%H:%M"),
            "date": local.date().isoformat(),
        }
    if now >= closes:
        return _(
            "Check-in for this activity closed at the end of %(date)s. If you attended, please ask the unit's staff to tick you on the list."
        ) % {"date": activity.day.isoformat()}
    return None


@transaction.atomic
def check_in_by_id(
    activity: Activity, id_number: str, *, now: dt.datetime | None = None
) -> Registration:
    """Self check-in after scanning the activity's QR code: the ID number identifies the person.
    Only accepted on the activity day (``checkin_closed_message``)."""
    now = now or timezone.now()
    closed = checkin_closed_message(activity, now)
    if closed:
        raise ValidationError(closed, code="checkin_closed")
    index = person_index(normalise_id_number(id_number))
    reg = (
        activity.registrations.filter(id_index=index, status=RegistrationStatus.CONFIRMED)
        .select_related("representative")
        .first()
    )
    if reg is None:
        raise ValidationError(
            {
                "id_number": [
                    _(
                        "We could not find a confirmed registration with this ID number for this activity. Please ask the staff at the door."
                    )
                ]
            }
        )
    return check_in(reg, now=now)


@transaction.atomic
def record_activity(
    activity: Activity, *, leader_stayed: bool, attendance: int | None, held_note: str, by: Any
) -> Activity:
    activity.leader_stayed = leader_stayed
    activity.attendance = (
        attendance
        if attendance is not None
        else activity.registrations.filter(checked_in_at__isnull=False).count()
    )
    activity.held_note = held_note
    activity.status = ActivityStatus.HELD
    activity.recorded_at = timezone.now()
    activity.save()
    return activity


@transaction.atomic
def add_response(
    activity: Activity, *, question: str, answer: str, answered_by: str = ""
) -> Response:
    return Response.objects.create(
        activity=activity, question=question, answer=answer, answered_by=answered_by
    )
