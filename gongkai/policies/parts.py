"""Parts of the public policy document page that other apps provide; the policies app imports
none of them (the consultations app links its consultations on a draft here).

``register_part(slot, render)``: ``render(request, document)`` returns the slot's HTML (already
escaped, e.g. from ``render_to_string``); the document view calls it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from gongkai.policies.models import PolicyDocument

SLOTS = ("consultations",)

Render = Callable[[HttpRequest, "PolicyDocument"], str]
_parts: dict[str, Render] = {}


def register_part(slot: str, render: Render) -> None:
    if slot not in SLOTS:
        raise ValueError(f"policy document page slot {slot!r} is not one of {SLOTS}")
    _parts[slot] = render


def render_parts(request: HttpRequest, document: PolicyDocument) -> dict[str, SafeString]:
    return {
        slot: mark_safe(render(request, document))  # noqa: S308  (rendered by templates)
        for slot, render in _parts.items()
    }
