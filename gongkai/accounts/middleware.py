"""Per-request account security: sign out after inactivity, keep a signed-in user on the
password-change or two-factor enrolment page until that is done, and end any session of an
account with an authenticator app that was opened without the code (e.g. by another sign-in
form than ours): no staff page is reachable with the password alone."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts.services import SESSION_2FA_VERIFIED, has_totp

LAST_SEEN = "gk_last_seen"
ENROL_PENDING = "gk_2fa_enrol"
# Record activity at most this often (a session write per request is needless).
TOUCH_SECONDS = 30


def idle_timeout_seconds() -> int:
    return int(settings.GONGKAI_IDLE_TIMEOUT_MINUTES) * 60


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def _always_allowed(self, path: str) -> bool:
        allowed = (
            reverse("accounts:logout"),
            reverse("accounts:login"),
            reverse("accounts:keepalive"),
            reverse("set_language"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN)
        if last_seen is not None and now - int(last_seen) > idle_timeout_seconds():
            logout(request)
            messages.info(
                request,
                _(
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Sign in again to continue."
                )
                % {"minutes": settings.GONGKAI_IDLE_TIMEOUT_MINUTES},
            )
            return redirect_to_login(request.get_full_path())
        if not request.session.get(SESSION_2FA_VERIFIED) and has_totp(user):
            logout(request)
            messages.info(
                request,
                _(
                    "Your account signs in with a password and a code from your authenticator "
                    "app. Sign in here with both to continue."
                ),
            )
            return redirect_to_login(request.get_full_path())
        if last_seen is None or now - int(last_seen) >= TOUCH_SECONDS:
            request.session[LAST_SEEN] = now
        if not self._always_allowed(request.path):
            if request.session.get(ENROL_PENDING):
                target = reverse("accounts:totp-enrol")
                if request.path != target:
                    return redirect(target)
            elif user.must_change_password:
                allowed = (reverse("accounts:password-change"), reverse("accounts:password-done"))
                if request.path not in allowed:
                    messages.info(request, _("Please choose your own password before you go on."))
                    return redirect(allowed[0])
        return self.get_response(request)
