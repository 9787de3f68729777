"""Template tags of live pages: the stream's address and the registry's event types."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from gongkai.live import events

register = template.Library()


@register.simple_tag
def live_event_types() -> str:
    """Every registered live event type, space-separated (``live/live.js`` listens to these)."""
    return " ".join(events.names())


@register.simple_tag
def live_stream_url(channel: str, last_event_id: int | None = None) -> str:
    """``/live/<channel>/?last_event_id=<id>`` from ``live/urls.py`` (``data-live-url``)."""
    url = reverse("live:stream", kwargs={"channel": channel})
    if last_event_id is not None:
        url += "?" + urlencode({"last_event_id": int(last_event_id)})
    return url
