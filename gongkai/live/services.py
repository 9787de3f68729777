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
  rendered into ``data-live-url="{% live_stream_url channel id %}"`` (``reverse("live:stream")``,
  ``/live/<channel>/?last_event_id=<id>``) so its first connection
  gets only what came later, and marks each ``#target`` container ``aria-live="polite"``.
  Every type, its payload schema and its target are in ONE registry, ``gongkai.live.events``:
  ``publish`` refuses anything else, and a page passes the registry's names to ``live/live.js``
  with ``data-live-types="{% live_event_types %}"`` (``{% load live %}``).
* order: ids follow the order of commits within a channel (a per-channel lock taken in the
  publishing transaction on PostgreSQL; SQLite has one writer at a time anyway), so a viewer
  that has seen id N has seen every earlier event of its channel.
* taking back: ``retract(channel, key)`` turns every stored event about the element ``key`` into
  a content-free ``live.retracted`` removal, ``rewrite(channel, key, html)`` puts the corrected
  fragment into them; a replay then never returns what was taken back.
* visibility: an event published while its channel is not public (a draft interview) is stored
  ``restricted`` and reaches only staff who may see the channel (``gongkai.live.access``).
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction

from gongkai.live import access, events
from gongkai.live.models import LiveEvent

# The first key of PostgreSQL's two-key advisory locks, so ours never meet anyone else's.
_LOCK_SPACE = 0x4C495645  # "LIVE"


def lock_channel(channel: str) -> None:
    """Serialise the publishing transactions of ``channel`` until they commit.

    PostgreSQL hands out ids at insert, not at commit: without this, two moderators approving at
    once can commit id 11 before id 10, a viewer advances past 10 and no reconnect replays it.
    Holding a per-channel transaction lock from before the insert until the commit makes the
    order of ids the order of commits. Other channels are not held up (a hash collision only
    serialises two channels). SQLite allows one writing transaction at a time: nothing to do.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT pg_advisory_xact_lock({_LOCK_SPACE:d}, hashtext(%s))", [channel]
            )


@transaction.atomic
def publish(channel: str, type: str, payload: dict[str, Any]) -> LiveEvent:
    """Store an event on ``channel`` and push it to every viewer once the transaction commits.

    A rolled-back change never reaches a browser; a viewer that missed the push finds the event
    in the database when it reconnects with ``Last-Event-ID``. ``type`` and ``payload`` must
    match the registry (``gongkai.live.events``); ``ValueError`` otherwise.
    """
    events.check(type, payload)
    lock_channel(channel)
    # Read after the lock: a status change committed by an earlier publisher is seen.
    restricted = access.channel_is_public(channel) is not True
    event = LiveEvent.objects.create(
        channel=channel, type=type, payload=payload, restricted=restricted
    )

    def push() -> None:
        from gongkai.live.broker import get_broker

        get_broker().publish(channel, event.as_message())

    # robust: the change is committed whatever happens to the push; a broker that is down is
    # logged, and viewers find the event when they reconnect (gongkai/live/asgi.py).
    transaction.on_commit(push, robust=True)
    return event


def retract(channel: str, key: str) -> int:
    """Take back every stored event of ``channel`` about the element ``key`` (a deleted feed
    line, a rejected, merged or removed question): each becomes a ``live.retracted`` removal
    with no content, keeping its id, so the cursor of every viewer stays valid and a replay from
    any id returns nothing of what was taken back. Call it in the retracting transaction, before
    publishing the removal itself. Returns how many events were rewritten."""
    count = 0
    for event in LiveEvent.objects.filter(channel=channel, payload__key=key).exclude(
        type=events.RETRACTED
    ):
        target = (event.payload or {}).get("target") or "retracted"
        event.type = events.RETRACTED
        event.payload = {"target": target, "key": key, "mode": "remove", "html": ""}
        event.save(update_fields=["type", "payload"])
        count += 1
    return count


def rewrite(channel: str, key: str, html: str) -> int:
    """Put the corrected fragment ``html`` into every stored event of ``channel`` that shows the
    element ``key`` (a moderator redacted a phone number from a question): a replay returns the
    corrected text only. Removals and retracted events are left alone. Returns the count."""
    count = 0
    for event in LiveEvent.objects.filter(channel=channel, payload__key=key).exclude(
        type=events.RETRACTED
    ):
        payload = dict(event.payload or {})
        if payload.get("mode") == "remove" or payload.get("html") == html:
            continue
        payload["html"] = html
        event.payload = payload
        event.save(update_fields=["payload"])
        count += 1
    return count


def last_event_id(channel: str) -> int:
    """The newest event id on ``channel`` (0 when none). A page reads it *before* it reads the
    content it renders, and puts it in its stream URL: the first connection then gets only what
    came later, and an event that landed while the page was rendered comes again (the client
    applies it idempotently) rather than going missing."""
    newest = (
        LiveEvent.objects.filter(channel=channel).order_by("-id").values_list("id", flat=True)[:1]
    )
    return next(iter(newest), 0)
