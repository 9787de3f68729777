"""Who is acting: set per request by the middleware, read by the audit signals."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    ip: str | None = None


NOBODY = Actor()
current_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar(
    "current_actor",
    default=NOBODY,  # noqa: B039 - Actor is frozen
)
