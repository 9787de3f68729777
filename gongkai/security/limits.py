"""The request-body size limit: an oversized body is refused before anything reads it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.urls import Resolver404, resolve

MB = 1024 * 1024

# Staff pages that take photos, scans and documents (up to 30 MB each, lib/uploads.py).
UPLOAD_ROUTES = frozenset(
    {
        "interviews:receipt-edit",
        "interviews:outline-edit",
        "interviews:photo-add",
        "interviews:guest-photo",
        "consultations:staff-attachment-add",
        "policies:attachment-add",
        "units:units-import",
        "visits:staff-opinion-paper",
        "workdays:holiday-import",
        "countyadmin:edit",  # a county's logo
    }
)
# Staff pages that take video records (interview videos up to 2 GB).
VIDEO_UPLOAD_ROUTES = frozenset(
    {
        "interviews:video-upload",
        "policies:interpretation-create",
        "policies:interpretation-revise",
        "policies:video-request-upload",
        "visits:staff-media-upload",
    }
)


def body_limits() -> dict[str, int]:
    """Largest request body in bytes: ``default`` for every route and everyone, ``upload`` /
    ``video`` for signed-in staff on the routes above (GONGKAI_*_MAX_MB settings)."""
    return {
        "default": settings.GONGKAI_BODY_MAX_MB * MB,
        "upload": settings.GONGKAI_UPLOAD_MAX_MB * MB,
        "video": settings.GONGKAI_VIDEO_UPLOAD_MAX_MB * MB,
    }


def _route_kind(request: HttpRequest) -> str | None:
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return None
    if name in VIDEO_UPLOAD_ROUTES:
        return "video"
    if name in UPLOAD_ROUTES:
        return "upload"
    return None


def _signed_in(request: HttpRequest) -> bool:
    if not hasattr(request, "session"):
        return False
    return auth.get_user(request).is_authenticated


class RequestBodyLimitMiddleware:
    """Refuses an oversized request body by its declared length, before anything reads it.

    Django reads the body when something first touches ``request.POST`` (the NUL check in
    SecurityHeadersMiddleware.process_view, the CSRF check, a view) and writes uploaded files
    above FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file: a 300 MB anonymous POST was on disk
    before the CSRF check refused it. This middleware's request phase runs before every
    ``process_view`` and answers 413 from the Content-Length header alone; the larger limits
    of the upload routes hold only for a signed-in user (a session lookup, made only for a
    body above the default). A body without a length (chunked) is refused with 411: Django's
    WSGI request would read none of it, and the proxy in front (docs/deployment.md) always
    sends the length. nginx has the same limits per location, so an oversized body normally
    never reaches the workers at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self._refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        raw = request.META.get("CONTENT_LENGTH")
        if not raw:
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return render(request, "413.html", {"length_required": True}, status=411)
            return None
        try:
            length = int(raw)
        except ValueError:
            return None  # Django then reads nothing (an unparsable length counts as 0)
        limits = body_limits()
        if length <= limits["default"]:
            return None
        kind = _route_kind(request)
        limit = limits["default"]
        if kind is not None and _signed_in(request):
            limit = max(limit, limits[kind])
        if length <= limit:
            return None
        context = {
            "limit": filesizeformat(limit),
            "size": filesizeformat(length),
            "staff_route": kind is not None,
        }
        return render(request, "413.html", context, status=413)
