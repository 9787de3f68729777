"""The one registry of live event types: type → payload schema → target container.

Read by the publishing side (``gongkai.live.services.publish`` refuses a type that is not
registered or a payload that does not match its schema), by the schema tests, and by the browser
client: a live page renders ``data-live-types="{% live_event_types %}"`` (the names below) and
``live/live.js`` listens to exactly those, so a type added here reaches open pages without a
second list to keep in step.

Every payload carries the common keys ``target`` (element id of the container), ``key`` (element
id of the item), ``mode`` and ``html``; a type adds its own data keys. ``target`` is a regular
expression the payload's target must match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

COMMON_FIELDS: Mapping[str, type] = {"target": str, "key": str, "mode": str, "html": str}
MODES = frozenset({"append", "prepend", "replace", "remove"})
# What a stored event becomes when its content is taken back (gongkai.live.services.retract):
# the same id, no content, an instruction to remove the item from open pages.
RETRACTED = "live.retracted"


@dataclass(frozen=True)
class EventType:
    name: str
    target: str  # regular expression for payload["target"]
    modes: frozenset[str]
    fields: Mapping[str, type] = field(default_factory=dict)  # beyond COMMON_FIELDS

    def schema(self) -> dict[str, type]:
        return {**COMMON_FIELDS, **self.fields}

    def check(self, payload: Mapping[str, Any]) -> None:
        """Raise ``ValueError`` unless ``payload`` has exactly this type's keys and kinds."""
        schema = self.schema()
        if set(payload) != set(schema):
            raise ValueError(
                f"live event {self.name}: keys {sorted(payload)} != schema {sorted(schema)}"
            )
        for key, kind in schema.items():
            value = payload[key]
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise ValueError(f"live event {self.name}: {key} must be {kind.__name__}")
        if payload["mode"] not in self.modes:
            raise ValueError(f"live event {self.name}: mode {payload['mode']!r} not allowed")
        if not re.fullmatch(self.target, payload["target"]):
            raise ValueError(f"live event {self.name}: target {payload['target']!r}")
        if payload["mode"] == "remove" and payload["html"]:
            raise ValueError(f"live event {self.name}: a removal carries no html")


REGISTRY: dict[str, EventType] = {}


def register(event_type: EventType) -> EventType:
    REGISTRY[event_type.name] = event_type
    return event_type


def get(name: str) -> EventType:
    try:
        return REGISTRY[name]
    except KeyError:
        raise ValueError(f"live event type {name!r} is not registered") from None


def names() -> list[str]:
    return sorted(REGISTRY)


def check(name: str, payload: Mapping[str, Any]) -> None:
    get(name).check(payload)


def _register_all(types: Iterable[EventType]) -> None:
    for event_type in types:
        register(event_type)


_QUESTION = {"question_id": int}
_register_all(
    [
        EventType(
            "feed.line",
            r"feed-lines",
            frozenset({"append"}),
            {"line_id": int, "speaker": str, "said_at": str, "text": str},
        ),
        EventType("feed.removed", r"feed-lines", frozenset({"remove"}), {"line_id": int}),
        EventType(
            "photo.added",
            r"photos",
            frozenset({"append"}),
            {"photo_id": int, "url": str, "caption": str},
        ),
        EventType(
            "interview.status",
            r"interview-status",
            frozenset({"replace"}),
            {"status": str, "label": str},
        ),
        EventType("question.approved", r"questions-\d+", frozenset({"append"}), _QUESTION),
        EventType(
            "question.answered",
            r"questions-\d+",
            frozenset({"replace"}),
            {**_QUESTION, "answer_mode": str},
        ),
        # A moderator's correction: open pages replace the item in place.
        EventType("question.updated", r"questions-\d+", frozenset({"replace"}), _QUESTION),
        EventType("question.removed", r"questions-\d+", frozenset({"remove"}), _QUESTION),
        # 同问: a netizen added their voice; open pages replace the item with the new count.
        EventType(
            "question.metoo",
            r"questions-\d+",
            frozenset({"replace"}),
            {**_QUESTION, "count": int},
        ),
        # The control room marks the question the guest is answering on air (0: none).
        EventType("question.answering", r"answering-\d+", frozenset({"replace"}), _QUESTION),
        EventType(RETRACTED, r"[a-z][a-z0-9-]*", frozenset({"remove"})),
    ]
)
