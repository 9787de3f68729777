"""The error pages' views that Django does not render by itself: the CSRF failure (a form sent
from a page open too long, or with cookies blocked) in the portal's look, with what to do next.
404, 400, 403 and 500 use the templates of the same names (``portal/templates``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
        back = ""
    body = render_to_string("403_csrf.html", {"back": back}, request=request)
    return HttpResponseForbidden(body)
