"""The self-check in the daily reminders: warn a week (``warn_ahead_days``) before a column or a
message crosses a line of the inspection, once per crossing (``InspectionWarning``), by e-mail
and on the workbench. Run daily by ``gongkai inspection_reminders`` or the background task
``send_inspection_warnings_task``.

- a column (the home page included): the service center, which runs the site, before the day
  the column counts as stale;
- an unanswered message: the staff of the unit it was sent to, before the 2-month and the
  3-month marks (and the service center sees every warning on its workbench).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.inspection import rules, services
from gongkai.inspection.models import InspectionWarning
from gongkai.lib.deadlines import COUNTY_TZ, county_today
from gongkai.security.notify import send_email
from gongkai.workbench.registry import Task, TaskState


@dataclass(frozen=True)
class Due:
    subject: str
    line: int
    crosses_on: dt.date
    unit_id: int | None
    title: str
    text: str


def _column_warnings(report: services.Report, today: dt.date) -> list[Due]:
    due = []
    for column in report.columns:
        if column.state != services.SOON or column.crosses_on is None:
            continue
        context = {
            "column": column.title,
            "day": column.crosses_on.isoformat(),
            "n": column.limit,
            "last": column.last_update.isoformat() if column.last_update else "",
        }
        due.append(
            Due(
                f"column:{column.key}",
                column.limit,
                column.crosses_on,
                None,
                _("%(column)s will be stale on %(day)s") % context,
                _(
                    "%(column)s was last updated on %(last)s. From %(day)s it counts as stale "
                    "in the inspection (more than %(n)s days without an update). Please publish "
                    "something new in it before then."
                )
                % context,
            )
        )
    return due


def _message_warnings(thresholds: Any, today: dt.date) -> list[Due]:
    """Open messages that reach a mark within ``warn_ahead_days`` (one query per mark)."""
    from gongkai.questions.models import Question

    due = []
    ahead = thresholds.warn_ahead_days
    for line in (thresholds.message_warn_days, thresholds.message_fail_days):
        # Asked on day D, a message crosses the line on D + line + 1 (county days).
        first = today - dt.timedelta(days=line)  # crosses tomorrow
        last = today + dt.timedelta(days=ahead - line - 1)  # crosses in ``ahead`` days
        rows = (
            Question.objects.open()
            .filter(
                asked_at__gte=services._start_of(first),
                asked_at__lt=services._start_of(last + dt.timedelta(days=1)),
            )
            .select_related("interview__unit")
        )
        for question in rows:
            asked_on = question.asked_at.astimezone(COUNTY_TZ).date()
            crosses_on = asked_on + dt.timedelta(days=line + 1)
            context = {
                "unit": question.interview.unit.name,
                "asked": asked_on.isoformat(),
                "day": crosses_on.isoformat(),
                "n": line,
                "nickname": question.nickname,
            }
            due.append(
                Due(
                    f"question:{question.pk}",
                    line,
                    crosses_on,
                    question.interview.unit_id,
                    _("A message to %(unit)s will be unanswered for %(n)s days on %(day)s")
                    % context,
                    _(
                        "%(unit)s: the message from %(nickname)s of %(asked)s has no published "
                        "answer yet. On %(day)s it will be unanswered for more than %(n)s days, "
                        "which the inspection counts against the site. Please answer it on the "
                        "platform before then."
                    )
                    % context,
                )
            )
    return due


def due_warnings(today: dt.date) -> list[Due]:
    report = services.self_check(today)
    return _column_warnings(report, today) + _message_warnings(report.thresholds, today)


def send_inspection_warnings(today: dt.date | None = None) -> int:
    """Send the warnings due ``today`` that were not sent before; returns how many."""
    today = today or county_today()
    count = 0
    for due in due_warnings(today):
        if due.unit_id is None:
            recipients = list(rules.site_warning_recipients().values_list("email", flat=True))
        else:
            recipients = list(
                rules.unit_warning_recipients(due.unit_id).values_list("email", flat=True)
            )
        try:
            with transaction.atomic():
                InspectionWarning.objects.create(
                    subject=due.subject,
                    line=due.line,
                    crosses_on=due.crosses_on,
                    unit_id=due.unit_id,
                    title=due.title[:300],
                    recipients=len(recipients),
                )
                for address in recipients:
                    transaction.on_commit(
                        lambda a=address, s=due.title, t=due.text: send_email(a, s, t)
                    )
        except IntegrityError:  # sent before (another run, or an earlier day): once only
            continue
        count += 1
    return count


def warning_tasks(user: Any, programme: Any) -> list[Task]:
    """Workbench lines for the warnings still ahead: a unit sees its messages; the county office
    and the service center every warning, linked to the self-check."""
    from gongkai.accounts.rules import own_unit_ids

    today = county_today()
    rows = InspectionWarning.objects.filter(crosses_on__gte=today)
    if rules.sees_column_warnings(user):
        url = reverse("inspection:self-check")
    elif own_unit_ids(user):
        rows = rows.filter(unit_id__in=own_unit_ids(user))
        url = reverse("questions:staff-home")
    else:
        return []
    return [
        Task(
            title=_("Inspection warning: %(what)s") % {"what": row.title},
            due=row.crosses_on - dt.timedelta(days=1),
            state=TaskState.TODO,
            url=url,
        )
        for row in rows
    ]
