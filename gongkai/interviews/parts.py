"""Parts of the public interview page that other apps provide; the interviews app imports none
of them (the dependency runs one way: those apps import ``gongkai.interviews``).

The page (``interviews/detail.html``) has two slots an app can fill from its ``ready()``:

* ``ask``: the body of the preview's "ask in advance" section;
* ``questions``: the body of the "questions and answers" section (preview, live and archive).

The staff control room (``interviews/staff/control.html``) has one more, ``control``: a panel
beside the live text (the questions app: the approved questions, "正在回答", the live answer).
``consultations`` (public page) links the consultations that fed the interview, and ``outline``
(staff page, beside the outline review) shows their figures (the consultations app).

``register_part(slot, render)``: ``render(request, interview)`` returns the slot's HTML (already
escaped, e.g. from ``render_to_string``); the interview view calls it, so the part reads the
database in the view, not from a template tag. ``register_per_visitor(predicate)``:
``predicate(interview)`` is true while a part carries a form (a CSRF token), i.e. while the page
is rendered for each visitor and never served from the page cache.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from gongkai.interviews.models import Interview

SLOTS = ("ask", "questions", "control", "consultations", "outline")

Render = Callable[[HttpRequest, "Interview"], str]
_parts: dict[str, Render] = {}
_per_visitor: list[Callable[[Interview], bool]] = []


def register_part(slot: str, render: Render) -> None:
    if slot not in SLOTS:
        raise ValueError(f"interview page slot {slot!r} is not one of {SLOTS}")
    _parts[slot] = render


def register_per_visitor(predicate: Callable[[Interview], bool]) -> None:
    if predicate not in _per_visitor:
        _per_visitor.append(predicate)


def render_parts(
    request: HttpRequest, interview: Interview, slots: tuple[str, ...] = ("ask", "questions")
) -> dict[str, SafeString]:
    """The HTML of the ``slots`` the page shows (a slot nobody fills is absent)."""
    return {
        slot: mark_safe(_parts[slot](request, interview))  # noqa: S308  (rendered by templates)
        for slot in slots
        if slot in _parts
    }


def is_per_visitor(interview: Interview) -> bool:
    """Whether some part makes ``interview``'s page one that is rendered for each visitor."""
    return any(predicate(interview) for predicate in _per_visitor)
