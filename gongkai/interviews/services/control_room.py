"""The control room's actions on a running interview: the text feed, photos, the portal status
and the publication details. Each is one transaction; live events are stored in it and pushed
after it commits (``gongkai.live.services.publish``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.interviews.models import (
    FeedLine,
    Interview,
    InterviewStatus,
    Photo,
    RelatedLink,
    SpeakerKind,
)
from gongkai.live.services import publish, retract


def _render(template: str, context: dict[str, Any]) -> str:
    # One rendering for every viewer, in the site's language.
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, context)


def _label(choice: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(choice.label)


def feed_line_payload(line: FeedLine) -> dict[str, Any]:
    return {
        "target": "feed-lines",
        "key": line.dom_id,
        "mode": "append",
        "html": _render("interviews/_feed_line.html", {"line": line}),
        "line_id": line.pk,
        "speaker": line.speaker_name or _label(SpeakerKind(line.speaker_kind)),
        "said_at": line.said_at.isoformat(),
        "text": line.text,
    }


def photo_payload(photo: Photo) -> dict[str, Any]:
    return {
        "target": "photos",
        "key": photo.dom_id,
        "mode": "append",
        "html": _render("interviews/_photo.html", {"photo": photo}),
        "photo_id": photo.pk,
        "url": photo.image.url,
        "caption": photo.caption,
    }


def status_payload(interview: Interview) -> dict[str, Any]:
    return {
        "target": "interview-status",
        "key": "interview-status-badge",
        "mode": "replace",
        "html": _render("interviews/_status.html", {"interview": interview}),
        "status": interview.status,
        "label": _label(InterviewStatus(interview.status)),
    }


@transaction.atomic
def add_feed_line(
    interview: Interview,
    *,
    speaker_kind: str,
    speaker_name: str,
    text: str,
    by: User | None,
    said_at: dt.datetime | None = None,
) -> FeedLine:
    """Save a line of the text feed and publish it to the live page."""
    if not text.strip():
        raise ValidationError(_("Please type what was said."), code="empty")
    line = FeedLine.objects.create(
        interview=interview,
        speaker_kind=speaker_kind,
        speaker_name=speaker_name if speaker_kind != SpeakerKind.HOST else "",
        text=text.strip(),
        said_at=said_at or timezone.now(),
        created_by=by,
    )
    publish(interview.channel, "feed.line", feed_line_payload(line))
    return line


def feed_removed_payload(line: FeedLine) -> dict[str, Any]:
    return {
        "target": "feed-lines",
        "key": line.dom_id,
        "mode": "remove",
        "html": "",
        "line_id": line.pk,
    }


@transaction.atomic
def remove_feed_line(line: FeedLine, *, by: User | None) -> None:
    """Take back a wrong line (a typo in the heat of the interview); open pages drop it."""
    payload = feed_removed_payload(line)
    channel = line.interview.channel
    line.delete()
    retract(channel, payload["key"])  # a replay from any id no longer returns the line
    publish(channel, "feed.removed", payload)


@transaction.atomic
def add_photo(interview: Interview, *, image: Any, caption: str, by: User | None) -> Photo:
    """Save a photo of the interview and publish it to the live page."""
    photo = Photo.objects.create(interview=interview, image=image, caption=caption, created_by=by)
    publish(interview.channel, "photo.added", photo_payload(photo))
    return photo


@transaction.atomic
def set_publication(
    interview: Interview, *, stream_url: str, links: list[tuple[str, str]], by: User | None
) -> Interview:
    """Set the stream address and the related documents listed on the archive page."""
    interview.stream_url = stream_url
    interview.save(update_fields=["stream_url", "updated_at"])
    interview.links.all().delete()
    for i, (title, url) in enumerate(links):  # one by one: each lands in the audit log
        RelatedLink.objects.create(interview=interview, title=title, url=url, order=i)
    return interview
