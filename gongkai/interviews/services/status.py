"""The interview's status as a state machine: 草稿 → 预告 → 直播中 → 往期回顾, one step at a time.

Each step forward has its preconditions (``missing_for``) and records what actually happened:
going live records the actual start, archiving the actual end. A step back (one step, with a
written reason) undoes what the step recorded. Every step is a ``StatusChange`` row (its
creation lands in the audit log with the reason) and is pushed to open live pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.interviews.models import Interview, InterviewStatus, StatusChange
from gongkai.interviews.services.control_room import status_payload
from gongkai.live.services import publish

S = InterviewStatus
FORWARD: dict[str, str] = {S.DRAFT: S.PREVIEW, S.PREVIEW: S.LIVE, S.LIVE: S.ARCHIVED}
BACK: dict[str, str] = {after: before for before, after in FORWARD.items()}
# A start or end typed in later (the button was pressed late) may not lie in the future.
CLOCK_SLACK = dt.timedelta(minutes=5)


def next_status(interview: Interview) -> str | None:
    return FORWARD.get(interview.status)


def previous_status(interview: Interview) -> str | None:
    return BACK.get(interview.status)


def is_step(interview: Interview, to: str) -> bool:
    return to in (next_status(interview), previous_status(interview))


def is_forward(interview: Interview, to: str) -> bool:
    return to == next_status(interview)


def missing_for(interview: Interview, to: str) -> list[str]:
    """What stops ``interview`` from stepping forward to ``to`` (empty: it may)."""
    missing: list[str] = []
    if to == S.PREVIEW:
        if interview.starts_at is None:
            missing.append(_("Book a time for the interview."))
        if not interview.topic.strip():
            missing.append(_("Give the interview a topic (the receipt form's topic)."))
        if not interview.guests():
            missing.append(_("Name at least one guest on the receipt form (Attachment 3)."))
    elif to == S.LIVE:
        if interview.starts_at is None:
            missing.append(_("Book a time for the interview."))
    elif to == S.ARCHIVED:
        if interview.actual_started_at is None:
            missing.append(_("The actual start is not recorded: go live first."))
        if not interview.feed_lines.exists() and interview.video_record is None:
            missing.append(
                _("Nothing to show in the archive: type the text record or upload the video.")
            )
    return missing


def _check_time(value: dt.datetime, *, after: dt.datetime | None, label: str) -> None:
    if value > timezone.now() + CLOCK_SLACK:
        raise ValidationError(
            _("The %(what)s cannot lie in the future.") % {"what": label}, code="future"
        )
    if after is not None and value <= after:
        raise ValidationError(
            _("The %(what)s must come after the actual start, %(start)s.")
            % {"what": label, "start": timezone.localtime(after).strftime("%Y-%m-%d %H:%M")},
            code="order",
        )


@transaction.atomic
def set_status(
    interview: Interview,
    *,
    status: str,
    by: User | None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Interview:
    """Take one step: forward to the next status (its preconditions met; ``at`` is the actual
    start when going live, the actual end when archiving, now by default) or back to the
    previous one (``reason`` required; what the undone step recorded is cleared)."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    current = interview.status
    if status not in S.values:
        raise ValidationError(_("Unknown status."), code="status")
    if status == current:
        raise ValidationError(
            _("The interview is already “%(status)s”.") % {"status": S(status).label},
            code="same",
        )
    now = timezone.now()
    if status == FORWARD.get(current):
        missing = missing_for(interview, status)
        if missing:
            raise ValidationError(" ".join(missing), code="precondition")
        if status == S.LIVE:
            interview.actual_started_at = at or now
            _check_time(interview.actual_started_at, after=None, label=_("actual start"))
        elif status == S.ARCHIVED:
            interview.actual_ended_at = at or now
            _check_time(
                interview.actual_ended_at,
                after=interview.actual_started_at,
                label=_("actual end"),
            )
    elif status == BACK.get(current):
        if not reason.strip():
            raise ValidationError(
                _("Please say why the interview goes back a step; the reason is kept."),
                code="no_reason",
            )
        if current == S.LIVE:
            interview.actual_started_at = None
        elif current == S.ARCHIVED:
            interview.actual_ended_at = None
    else:
        raise ValidationError(
            _("The status changes one step at a time: from “%(current)s” only to %(steps)s.")
            % {
                "current": S(current).label,
                "steps": " / ".join(
                    f"“{S(s).label}”" for s in (FORWARD.get(current), BACK.get(current)) if s
                ),
            },
            code="jump",
        )
    interview.status = status
    interview.save(update_fields=["status", "actual_started_at", "actual_ended_at", "updated_at"])
    StatusChange.objects.create(
        interview=interview,
        from_status=current,
        to_status=status,
        reason=reason.strip(),
        by=by,
        at=now,
    )
    publish(interview.channel, "interview.status", status_payload(interview))
    return interview
