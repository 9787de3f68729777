"""Request types for views, so a type checker knows what the middleware and decorators add."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from gongkai.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that passed a sign-in check (``predicate_required``, ``login_required``):
    ``request.user`` is a :class:`User`, never ``AnonymousUser``."""

    user: User


class HtmxHttpRequest(HttpRequest):
    """A request through ``django_htmx.middleware.HtmxMiddleware`` (every request here)."""

    htmx: HtmxDetails
