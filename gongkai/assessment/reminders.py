"""Reminders for every deadline of the programme (issue 6): the responsible unit is reminded a
few working days before (county calendar), reminded again when the deadline has passed, and the
service center is told about every overdue unit. Each reminder is sent once; run daily by the
``gongkai remind`` command or the ``send_deadline_reminders_task`` background task."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.assessment import rules
from gongkai.assessment.models import DeadlineReminder
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import Programme
from gongkai.security.notify import send_email
from gongkai.units.models import Unit
from gongkai.workbench.registry import Task, TaskState, completion_source
from gongkai.workbench.services import responsible_units
from gongkai.workdays.dates import workdays_between

Kind = DeadlineReminder.Kind


def workdays_before() -> int:
    return int(getattr(settings, "GONGKAI_REMINDER_WORKDAYS", 3))


def _current_programme() -> Programme | None:
    return Programme.current()


def _addresses(users) -> list[str]:
    return [u.email for u in users if u.email]


def due_reminders(programme: Programme, today: dt.date) -> list[tuple[Any, int, str]]:
    """(deadline, unit id, kind) for every reminder due on ``today`` and not yet sent."""
    sent = set(
        DeadlineReminder.objects.filter(deadline__programme=programme).values_list(
            "deadline_id", "unit_id", "kind"
        )
    )
    due: list[tuple[Any, int, str]] = []
    for deadline in programme.deadlines.all():
        owing = responsible_units(programme, deadline)
        source = completion_source(deadline.kind)
        done = source(programme) if source else {}
        pending = sorted(unit_id for unit_id in owing if unit_id not in done)
        if today > deadline.due_date:
            kinds = [Kind.OVERDUE, Kind.ESCALATED]
        elif 0 <= workdays_between(today, deadline.due_date) <= workdays_before():
            kinds = [Kind.DUE_SOON]
        else:
            kinds = []
        for unit_id in pending:
            for kind in kinds:
                if (deadline.pk, unit_id, kind) not in sent:
                    due.append((deadline, unit_id, kind))
    return due


def send_deadline_reminders(
    programme: Programme | None = None, today: dt.date | None = None
) -> int:
    """Send what is due today; returns the number of reminders recorded."""
    programme = programme or _current_programme()
    if programme is None:
        return 0
    today = today or timezone.localtime(timezone.now(), COUNTY_TZ).date()
    due = due_reminders(programme, today)
    if not due:
        return 0
    units = Unit.objects.in_bulk({unit_id for _d, unit_id, _k in due})
    staff: dict[int, list[User]] = {}
    for user in rules.unit_reminder_recipients(units):
        staff.setdefault(user.unit_id, []).append(user)
    service_center = list(rules.escalation_recipients())
    count = 0
    for deadline, unit_id, kind in due:
        unit = units[unit_id]
        context = {"what": str(deadline), "due": deadline.due_date.isoformat(), "unit": unit.name}
        if kind == Kind.DUE_SOON:
            recipients = _addresses(staff.get(unit_id, []))
            subject = _("Reminder: %(what)s is due on %(due)s") % context
            text = (
                _(
                    "%(unit)s: %(what)s is due on %(due)s (end of that day). Please submit it on the platform."
                )
                % context
            )
        elif kind == Kind.OVERDUE:
            recipients = _addresses(staff.get(unit_id, []))
            subject = _("Overdue: %(what)s was due on %(due)s") % context
            text = (
                _(
                    "%(unit)s: %(what)s was due on %(due)s. Please submit it as soon as possible; late work is still accepted and marked late."
                )
                % context
            )
        else:
            recipients = _addresses(service_center)
            subject = _("Overdue unit: %(unit)s, %(what)s") % context
            text = _("%(unit)s has not submitted %(what)s, due on %(due)s.") % context
        try:
            with transaction.atomic():
                DeadlineReminder.objects.create(
                    deadline=deadline, unit=unit, kind=kind, recipients=len(recipients)
                )
                for address in recipients:
                    transaction.on_commit(lambda a=address, s=subject, t=text: send_email(a, s, t))
        except IntegrityError:  # another run recorded it first: sent once
            continue
        count += 1
    return count


def reminder_tasks(user: Any, programme: Programme) -> list[Task]:
    """Workbench lines: a unit sees the reminders it received; the service center the units
    escalated to it."""
    from django.urls import reverse

    if programme is None or not getattr(user, "is_authenticated", False):
        return []
    if rules.receives_unit_reminders(user):
        rows = DeadlineReminder.objects.filter(
            deadline__programme=programme, unit_id=user.unit_id
        ).exclude(kind=Kind.ESCALATED)
    elif rules.receives_escalations(user):
        rows = DeadlineReminder.objects.filter(deadline__programme=programme, kind=Kind.ESCALATED)
    else:
        return []
    tasks = []
    for row in rows.select_related("deadline", "unit"):
        local = timezone.localtime(row.sent_at, COUNTY_TZ)
        if row.kind == Kind.ESCALATED:
            title = _("Escalated: %(unit)s has not submitted %(what)s") % {
                "unit": row.unit.name,
                "what": row.deadline,
            }
            url = reverse("assessment:progress", args=[programme.year])
        else:
            title = _("Reminder received: %(what)s") % {"what": row.deadline}
            url = ""
        tasks.append(
            Task(
                title=title,
                due=row.deadline.due_date,
                state=TaskState.OVERDUE if row.kind != Kind.DUE_SOON else TaskState.TODO,
                url=url,
                detail=_("sent %(when)s") % {"when": local.strftime("%Y-%m-%d %H:%M")},
            )
        )
    return tasks
