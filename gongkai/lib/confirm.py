"""Ask before an irreversible action, without JavaScript.

``@confirm_first(describe)`` on a POST view: a POST without ``confirmed=1`` changes nothing and
answers with a page that says what the action will do (``describe``) and posts the same fields
again with ``confirmed=1``; only that second POST reaches the view. Put it *below* the view's
permission decorators, and let ``describe`` fetch the object with the app's ``access_*`` helper
so the page never names what the user may not see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


@dataclass
class Confirmation:
    title: str  # the question: "Reject this question?"
    effects: list[str] = field(default_factory=list)  # what will happen, one line each
    button: str = ""  # "Yes, reject it"
    back_url: str = ""  # where "no" goes
    subject: str = ""  # what the action is about, quoted on the page


def confirm_first(describe: Callable[..., Confirmation | None]):
    """``describe(request, *args, **kwargs)`` returns what to ask, or None when the view
    should answer itself (an incomplete form it refuses with its own message)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "POST" and request.POST.get(CONFIRMED) != "1":
                confirmation = describe(request, *args, **kwargs)
                if confirmation is None:
                    return view(request, *args, **kwargs)
                fields = [
                    (name, value)
                    for name in request.POST
                    if name not in ("csrfmiddlewaretoken", CONFIRMED)
                    for value in request.POST.getlist(name)
                ]
                return render(
                    request,
                    "confirm_action.html",
                    {"confirmation": confirmation, "fields": fields, "action": request.path},
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
