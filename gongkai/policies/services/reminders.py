"""E-mail reminders to the drafting unit before an interpretation is due."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.policies.models import InterpretationRules, PolicyDocument
from gongkai.policies.services.timeliness import Progress, documents_with_progress, progress
from gongkai.policies.services.timing import rules_for


def send_reminders(now: dt.datetime | None = None) -> int:
    """E-mail the drafting unit's staff once per interpretation, ``remind_days`` before it is due
    (the workbench shows the same task). Run daily: ``manage.py policy_reminders``. Returns the
    number of reminders sent."""
    from gongkai.accounts.models import User
    from gongkai.security.notify import send_email

    today = county_today(now)
    sent = 0
    documents = documents_with_progress(
        PolicyDocument.objects.public().filter(
            Q(written_reminded_on__isnull=True, written_due_on__gte=today)
            | Q(video_reminded_on__isnull=True, video_due_on__gte=today)
        )
    )
    rules_by_year: dict[int, InterpretationRules] = {}
    for document in documents:
        published_on = document.published_on
        if published_on is None:  # pragma: no cover - public() documents are published
            continue
        year = published_on.year
        timing = rules_by_year.setdefault(year, rules_for(year))
        state = progress(document, today)
        due_now = []
        for track, flag, label in (
            (state.written, "written_reminded_on", _("written interpretation")),
            (state.video, "video_reminded_on", _("video interpretation")),
        ):
            if (
                getattr(document, flag) is None
                and track.state == Progress.WAITING
                and track.days_left is not None
                and track.days_left <= timing.remind_days
                and track.due is not None
            ):
                due_now.append((flag, label, track.due))
        if not due_now:
            continue
        addresses = list(
            User.objects.filter(unit_id=document.drafting_unit_id, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        with transaction.atomic():
            for flag, label, due in due_now:
                setattr(document, flag, today)
                subject = _("Reminder: the %(what)s of %(number)s is due on %(due)s") % {
                    "what": label,
                    "number": document.number,
                    "due": due.isoformat(),
                }
                text = _(
                    "%(title)s (%(number)s) was published on %(published)s. Its %(what)s is due "
                    "on %(due)s. Please submit it on the platform so the service center can review "
                    "and publish it in time."
                ) % {
                    "title": document.title,
                    "number": document.number,
                    "published": published_on.isoformat(),
                    "what": label,
                    "due": due.isoformat(),
                }
                for address in addresses:
                    transaction.on_commit(partial(send_email, address, subject, text))
                sent += 1
            document.save(update_fields=[flag for flag, _label, _due in due_now])
    return sent
