"""Django's side of ``/live/<channel>/``: nothing to serve (see ``gongkai.live.urls``)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def stream(request: HttpRequest, channel: str) -> HttpResponse:
    """The stream is served by the ASGI endpoint (``gongkai.live.asgi``); Django never is."""
    raise Http404("The live stream is served by the ASGI endpoint.")
