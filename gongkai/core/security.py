"""Web hardening: security headers on every response, and uploaded files served safely.

``SecurityHeadersMiddleware`` sets a strict Content-Security-Policy (no inline scripts or
styles anywhere: templates load JS/CSS from static files), Permissions-Policy,
Referrer-Policy and X-Content-Type-Options. ``serve_media`` serves files under MEDIA_ROOT with
headers that stop a browser from running an uploaded file (Content-Disposition, nosniff and a
``sandbox`` CSP), and only to signed-in staff unless the file lies under a public prefix
(``GONGKAI_PUBLIC_MEDIA_PREFIXES``).

Behind nginx, the faster alternative keeps the permission check in Django and lets nginx send
the bytes: set ``GONGKAI_MEDIA_ACCEL_REDIRECT=/protected-media/`` and declare in nginx::

    location /protected-media/ {
        internal;
        alias /var/lib/gongkai/media/;
        add_header X-Content-Type-Options nosniff;
        add_header Content-Security-Policy "sandbox; default-src 'none'";
    }

The view then answers with ``X-Accel-Redirect`` instead of the file (docs/security.md).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.accounts.security_messages import NUL_REFUSED

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(self), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), fullscreen=(self)"
)
# A downloaded upload must never run as a page of this site.
MEDIA_CSP = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'"
# Types a browser may show inline; everything else is downloaded as an attachment.
INLINE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/webm",
    "audio/mpeg",
    "application/pdf",
}


class SecurityHeadersMiddleware:
    """Strict CSP and companion headers; a view may set its own CSP (kept as is)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = getattr(settings, "GONGKAI_CSP", DEFAULT_CSP)
        self.permissions_policy = getattr(
            settings, "GONGKAI_PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY
        )

    def __call__(self, request):
        if _has_nul(request):
            response = _nul_refused()
        else:
            response = self.get_response(request)
        if self.csp and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.csp
        response.setdefault("Permissions-Policy", self.permissions_policy)
        response.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY or "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The form is read here, after RequestBodyLimitMiddleware has refused an oversized
        # body by its length, and still before the CSRF check and any view.
        return _nul_refused() if _has_nul_in_form(request) else None


def _nul_refused() -> HttpResponseBadRequest:
    return HttpResponseBadRequest(str(NUL_REFUSED), content_type="text/plain; charset=utf-8")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request) -> bool:
    """NUL bytes are never valid text (PostgreSQL refuses them in text columns): a request
    carrying one in its path or query string (here) or form fields (``_has_nul_in_form``) is
    answered 400 before any view runs."""
    try:
        return "\x00" in request.path or any(
            "\x00" in v for values in request.GET.lists() for v in values[1]
        )
    except Exception:  # malformed query: the view's own parsing reports it
        return False


def _has_nul_in_form(request) -> bool:
    try:
        if request.method == "POST" and request.content_type in FORM_TYPES:
            return any("\x00" in v for values in request.POST.lists() for v in values[1])
    except Exception:  # malformed body: the view's own parsing reports it
        return False
    return False


_public_file_checks: list = []


def register_public_files(check) -> None:
    """Let an app say which uploaded files are published: ``check(name) -> bool`` answers True
    for a file that belongs to published content (an approved activity photo, a photo of a
    published interview, ...). Those are served to everyone; every other upload needs a
    signed-in user."""
    if check not in _public_file_checks:
        _public_file_checks.append(check)


def media_is_public(name: str) -> bool:
    prefixes = getattr(settings, "GONGKAI_PUBLIC_MEDIA_PREFIXES", ["public/"])
    if any(name.startswith(prefix) for prefix in prefixes):
        return True
    return any(check(name) for check in _public_file_checks)


def _resolve(name: str) -> Path:
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / name).resolve()
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    if root not in target.parents or not target.is_file():
        raise Http404
    return target


@require_GET
def serve_media(request, path: str):
    """Uploaded files with safe headers; non-public files for signed-in staff only."""
    parts = path.split("/")
    if (
        "\x00" in path
        or "\\" in path
        or any(p in {"..", "."} for p in parts)
        or path.startswith("/")
    ):
        raise Http404
    # Decided once: the published-file checks query the database.
    public = media_is_public(path)
    if not public and not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return media_response(path, public=public)


def media_response(name: str, *, public: bool) -> HttpResponse:
    """An uploaded file (``name`` relative to MEDIA_ROOT, e.g. a FieldFile's ``name``) with the
    safe headers: its type from the extension, inline only for types a browser shows safely,
    nosniff, a sandboxing CSP, no shared caching unless public; handed to nginx when
    GONGKAI_MEDIA_ACCEL_REDIRECT is set. Views that check their own permissions use it too."""
    target = _resolve(name)
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    accel = getattr(settings, "GONGKAI_MEDIA_ACCEL_REDIRECT", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
    else:
        response = FileResponse(target.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        disposition == "attachment", target.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cache-Control"] = "private, max-age=0" if not public else "max-age=3600"
    return response
