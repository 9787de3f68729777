"""Publishing live events: stored in the transaction, pushed only after it commits."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from gongkai.live.models import LiveEvent


def publish(channel: str, type: str, payload: dict[str, Any]) -> LiveEvent:
    """Store an event on ``channel`` and push it to every viewer once the transaction commits.

    A rolled-back change never reaches a browser; a viewer that missed the push finds the event
    in the database when it reconnects with ``Last-Event-ID``.
    """
    event = LiveEvent.objects.create(channel=channel, type=type, payload=payload)

    def push() -> None:
        from gongkai.live.broker import get_broker

        get_broker().publish(channel, event.as_message())

    transaction.on_commit(push)
    return event
