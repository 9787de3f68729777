"""Publishing live events: stored in the transaction, pushed only after it commits.

Contract between the apps that publish (interviews, questions) and the live client:

* channel: ``interview.channel`` (``"interview-<pk>"``); viewers connect to ``/live/<channel>/``
  with ``EventSource`` and reconnect with ``Last-Event-ID`` (the event's ``id``).
* type: what happened, e.g. ``feed.line``, ``question.approved``, ``question.answered``,
  ``photo.added``, ``interview.status``; every type has a schema test.
* payload: ``{"target": <element id of the container>, "key": <element id of the item>,
  "mode": "append" | "prepend" | "replace" | "remove", "html": <server-rendered fragment>, ...data}``.
  The browser client (``live/live.js``) puts ``html`` into ``#target``: it replaces the element
  ``#key`` when it exists (so a replayed event is idempotent) and otherwise adds it. The HTML
  is rendered once on the server, not once per viewer.
* on the wire (``gongkai/live/asgi.py``): ``id: <event id>``, ``event: <type>``, ``data: <JSON of
  the payload with "id", "type" and "channel" added>``. A page puts the newest event id it
  rendered into ``data-live-url="/live/<channel>/?last_event_id=<id>"`` so its first connection
  gets only what came later, and marks each ``#target`` container ``aria-live="polite"``.
  ``live/live.js`` listens to the types it knows (``feed.line``, ``question.approved``,
  ``question.answered``, ``question.removed``, ``photo.added``, ``interview.status``...); a page
  adds others with ``data-live-types="a.b c.d"``.
"""

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

    # robust: the change is committed whatever happens to the push; a broker that is down is
    # logged, and viewers find the event when they reconnect (gongkai/live/asgi.py).
    transaction.on_commit(push, robust=True)
    return event


def last_event_id(channel: str) -> int:
    """The newest event id on ``channel`` (0 when none). A page reads it *before* it reads the
    content it renders, and puts it in its stream URL: the first connection then gets only what
    came later, and an event that landed while the page was rendered comes again (the client
    applies it idempotently) rather than going missing."""
    newest = (
        LiveEvent.objects.filter(channel=channel).order_by("-id").values_list("id", flat=True)[:1]
    )
    return next(iter(newest), 0)
