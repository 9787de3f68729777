"""Video interpretations recorded by the media center: requests, scheduling without clashes
(venue, crew, online interviews), the upload."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.interviews.crew import lock_recording_calendar
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.policies import rules
from gongkai.policies.models import (
    Interpretation,
    InterpretationKind,
    PolicyDocument,
    VideoRequest,
    VideoRequestStatus,
)
from gongkai.policies.services.interpretations import check_interpreter, create_interpretation


@dataclass(frozen=True)
class Clash:
    what: str
    starts_at: dt.datetime
    reason: str

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, COUNTY_TZ)
        return f"{self.what} ({local:%Y-%m-%d %H:%M}): {self.reason}"


def find_clashes(
    *,
    starts_at: dt.datetime,
    duration_minutes: int,
    venue: str,
    crew_ids: set[int],
    exclude_request: int | None = None,
) -> list[Clash]:
    """Other video recordings and online interviews at an overlapping time that use the same
    venue or a crew member of this one."""
    from gongkai.interviews.models import Interview

    ends_at = starts_at + dt.timedelta(minutes=duration_minutes)
    window = Q(starts_at__lt=ends_at, starts_at__gt=starts_at - dt.timedelta(days=1))
    clashes: list[Clash] = []
    requests = (
        VideoRequest.objects.filter(window)
        .exclude(status=VideoRequestStatus.CANCELLED)
        .select_related("document")
    )
    if exclude_request is not None:
        requests = requests.exclude(pk=exclude_request)
    interviews = Interview.objects.filter(window).select_related("unit")
    for label, other in [(_("Video recording %(number)s"), r) for r in requests] + [
        (_("Online interview of %(unit)s"), i) for i in interviews
    ]:
        if other.starts_at is None:  # pragma: no cover - the window filter excludes them
            continue
        other_end = other.starts_at + dt.timedelta(minutes=other.duration_minutes)
        if other_end <= starts_at:
            continue
        reasons = []
        if venue and other.venue and venue.strip() == other.venue.strip():
            reasons.append(_("same venue %(venue)s") % {"venue": venue})
        if crew_ids & other.crew_ids():
            reasons.append(_("a crew member is already booked"))
        if reasons:
            what = label % (
                {"number": other.document.number}
                if isinstance(other, VideoRequest)
                else {"unit": other.unit.name}
            )
            clashes.append(Clash(what, other.starts_at, ", ".join(reasons)))
    return clashes


@transaction.atomic
def request_video(
    document: PolicyDocument,
    *,
    by: Any,
    starts_at: dt.datetime,
    duration_minutes: int = 60,
    interpreter: str = "",
    note: str = "",
) -> VideoRequest:
    """The drafting unit asks the media center to record the video interpretation."""
    check_interpreter(document, by)
    return VideoRequest.objects.create(
        document=document,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        interpreter=interpreter.strip() or document.interpreter,
        note=note,
        requested_by=by,
    )


@transaction.atomic
def cancel_video_request(video_request: VideoRequest, *, by: Any, reason: str) -> VideoRequest:
    """The drafting unit (or the service center) calls off a recording not yet made; the
    media center's crew and venue are free again, the reason goes to the request's note."""
    video_request = (
        VideoRequest.objects.select_for_update().select_related("document").get(pk=video_request.pk)
    )
    check_interpreter(video_request.document, by)
    if video_request.status not in (VideoRequestStatus.REQUESTED, VideoRequestStatus.SCHEDULED):
        raise ValidationError(
            _("Only a recording not yet made can be cancelled (this one is: %(status)s).")
            % {"status": video_request.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the recording is cancelled.")]})
    video_request.status = VideoRequestStatus.CANCELLED
    stamp = timezone.localtime(timezone.now(), COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
    line = _("Cancelled %(when)s: %(reason)s") % {"when": stamp, "reason": reason.strip()}
    video_request.note = f"{video_request.note}\n{line}".strip()
    video_request.save()
    return video_request


@transaction.atomic
def schedule_video(
    request: VideoRequest,
    *,
    by: Any,
    starts_at: dt.datetime,
    duration_minutes: int,
    venue: str,
    host: Any = None,
    camera: Any = None,
    editor: Any = None,
) -> VideoRequest:
    """The media center books venue and crew; refused when they are booked elsewhere."""
    if not rules.is_media_center(by):
        raise PermissionDenied
    request = VideoRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == VideoRequestStatus.CANCELLED:  # cancelled while the form was open
        raise ValidationError(_("This request was cancelled; ask the drafting unit for a new one."))
    # Checked and written under the calendar lock shared with the interviews: two bookings
    # sent together cannot both find the venue or the crew free (issue 13, item 14).
    lock_recording_calendar()
    crew = {u.pk for u in (host, camera, editor) if u is not None}
    clashes = find_clashes(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        venue=venue,
        crew_ids=crew,
        exclude_request=request.pk,
    )
    if clashes:
        raise ValidationError(
            [
                _("This time clashes with %(clash)s. Choose another time, venue or crew.")
                % {"clash": str(c)}
                for c in clashes
            ]
        )
    request.starts_at = starts_at
    request.duration_minutes = duration_minutes
    request.venue = venue.strip()
    request.host, request.camera, request.editor = host, camera, editor
    if request.status == VideoRequestStatus.REQUESTED:
        request.status = VideoRequestStatus.SCHEDULED
    request.save()
    return request


@transaction.atomic
def upload_recorded_video(
    request: VideoRequest, *, by: Any, title: str, upload: Any
) -> Interpretation:
    """The media center uploads the recording; it becomes a video interpretation of the
    document, waiting for the service center's review."""
    if not rules.is_media_center(by):
        raise PermissionDenied
    if request.status == VideoRequestStatus.CANCELLED:
        raise ValidationError(_("This request was cancelled; ask the drafting unit for a new one."))
    interpretation = create_interpretation(
        request.document,
        by=by,
        kind=InterpretationKind.VIDEO,
        title=title,
        video=upload,
        interpreter=request.interpreter,
        video_request=request,
    )
    request.status = VideoRequestStatus.RECORDED
    request.save()
    return interpretation


def video_recordings(starts_at: dt.datetime, ends_at: dt.datetime) -> list:
    """Video-interpretation recordings near [starts_at, ends_at), in the interviews app's
    ``Recording`` shape, so booking an interview checks venue and crew against them too."""
    from gongkai.interviews.services import Recording

    requests = (
        VideoRequest.objects.filter(
            starts_at__lt=ends_at, starts_at__gt=starts_at - dt.timedelta(days=1)
        )
        .exclude(status=VideoRequestStatus.CANCELLED)
        .select_related("document")
    )
    return [
        Recording(
            key=f"video-request-{r.pk}",
            label=_("Video recording %(number)s") % {"number": r.document.number},
            starts_at=r.starts_at,
            ends_at=r.starts_at + dt.timedelta(minutes=r.duration_minutes),
            venue=r.venue.strip(),
            crew_ids=frozenset(r.crew_ids()),
            unit_id=None,
        )
        for r in requests
    ]
