"""Security headers on every response: a strict Content-Security-Policy (no inline scripts or
styles anywhere: templates load JS/CSS from static files), Permissions-Policy, Referrer-Policy,
X-Content-Type-Options and COOP; a request carrying a NUL byte is answered 400 before any view.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest

from gongkai.security.messages import NUL_REFUSED

DEFAULT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(self), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), fullscreen=(self)"
)


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
