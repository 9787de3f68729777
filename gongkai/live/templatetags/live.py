"""``{% live_event_types %}``: the registry's event types for ``data-live-types``."""

from __future__ import annotations

from django import template

from gongkai.live import events

register = template.Library()


@register.simple_tag
def live_event_types() -> str:
    """Every registered live event type, space-separated (``live/live.js`` listens to these)."""
    return " ".join(events.names())
