"""Follow-up reminders to units and representatives (the workbench shows the same list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import Programme
from gongkai.security import notify
from gongkai.units.models import Unit
from gongkai.visits.models import (
    Activity,
    ActivityStatus,
    Registration,
    RegistrationStatus,
    ReminderLog,
    Suggestion,
)


@dataclass
class Reminder:
    key: str
    unit: Unit
    text: str
    activity: Activity | None = None
    due: dt.date | None = None


def due_reminders(programme: Programme, today: dt.date) -> list[Reminder]:
    """Everything that should be chased today (the workbench shows the same list)."""
    # The plan deadline (附件1) is not here: the assessment app reminds every deadline of the
    # programme, by working days (gongkai/assessment/reminders.py, ``gongkai remind``).
    out: list[Reminder] = []
    activities = list(
        Activity.objects.filter(programme=programme)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("unit")
        .annotate(n_media=Count("media"))
    )
    for a in activities:
        days = (a.day - today).days
        if days in (0, 1, 2) and a.status == ActivityStatus.PLANNED:
            out.append(
                Reminder(
                    f"activity-2d:{a.pk}",
                    a.unit,
                    _("Visit activity “%(title)s” on %(date)s: representatives get a reminder.")
                    % {"title": a.title, "date": a.day},
                    a,
                    a.day,
                )
            )
        since = (today - a.day).days
        if a.n_media == 0 and since >= 3:
            mark = 7 if since >= 7 else 3
            out.append(
                Reminder(
                    f"no-media-{mark}:{a.pk}",
                    a.unit,
                    _(
                        "No photos or video uploaded for “%(title)s” %(days)d days after the activity."
                    )
                    % {"title": a.title, "days": since},
                    a,
                    a.day + dt.timedelta(days=mark),
                )
            )
    overdue = (
        Suggestion.objects.unanswered()
        .filter(activity__programme=programme, due_date__lt=today, responsible_unit__isnull=False)
        .values("responsible_unit")
        .annotate(n=Count("id"), first=Min("due_date"))
    )
    units = Unit.objects.in_bulk([row["responsible_unit"] for row in overdue])
    for row in overdue:
        out.append(
            Reminder(
                f"suggestions-overdue:{row['responsible_unit']}:{today}",
                units[row["responsible_unit"]],
                _("%(n)d suggestions from representatives are past their answer date.")
                % {"n": row["n"]},
                due=row["first"],
            )
        )
    return out


def _unit_addresses(unit: Unit) -> list[str]:
    return [u.email for u in unit.staff.filter(is_active=True) if u.email]


def _remind_representatives(activity: Activity) -> int:
    """The two-day reminder to every confirmed representative who has not had it yet, so people
    confirmed later (invited late, moved up from the waiting list) get it on the next run."""
    regs = list(
        activity.registrations.select_for_update()
        .filter(status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True)
        .select_related("representative")
    )
    if not regs:
        return 0
    when = timezone.localtime(activity.starts_at, COUNTY_TZ).strftime("%m-%d %H:%M")
    text = _(
        "Reminder: the visit to %(unit)s is on %(when)s at %(place)s. Please bring your ID card."
    ) % {"unit": activity.unit.name, "when": when, "place": activity.place}

    def remind(reg: Registration) -> None:
        notify.send_sms(reg.representative.phone, text)
        notify.send_email(reg.representative.email, _("Visit the government: reminder"), text)

    for reg in regs:
        transaction.on_commit(partial(remind, reg))
    Registration.objects.filter(pk__in=[r.pk for r in regs]).update(reminded_at=timezone.now())
    return len(regs)


def send_reminders(programme: Programme | None = None, today: dt.date | None = None) -> int:
    """Send every due reminder once (SMS to the activity contact, e-mail to unit staff) and the
    activity reminder once to each confirmed representative. Returns the unit reminders sent."""
    programme = programme or Programme.current()
    if programme is None:
        return 0
    today = today or timezone.localdate()
    sent = 0
    for reminder in due_reminders(programme, today):
        with transaction.atomic():
            activity = reminder.activity
            if reminder.key.startswith("activity-2d:") and activity is not None:
                _remind_representatives(activity)
            log, created = ReminderLog.objects.get_or_create(key=reminder.key)
            if not created:
                continue
            if activity is not None:
                transaction.on_commit(
                    # The activity contact is an official's work number: not limited per day.
                    partial(notify.send_sms, activity.contact_phone, reminder.text, limited=False)
                )
            for address in _unit_addresses(reminder.unit):
                transaction.on_commit(
                    partial(
                        notify.send_email,
                        address,
                        _("Visit the government: reminder"),
                        reminder.text,
                    )
                )
            sent += 1
    return sent
