"""The Django admin behind the platform's own sign-in (pen-test item 1).

The admin's own login form checked the password only: no second factor, no lockout, no address
limit. Here its login page sends to ``accounts:login`` (password + code + lockout), and the admin
opens only for a session in which the second factor was given whenever the account has an
authenticator app or its role requires one, the same rule as every staff page.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from gongkai.accounts import services


def session_has_second_factor(request: HttpRequest) -> bool:
    """True when the signed-in user may use pages that need both factors in this session."""
    user = request.user
    if not user.is_authenticated:
        return False
    if request.session.get(services.SESSION_2FA_VERIFIED):
        return True
    return not (services.requires_totp(user) or services.has_totp(user))


class GongkaiAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and session_has_second_factor(request)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if request.user.is_authenticated:
            # Signed in but not allowed here (no staff flag, or no code given in this session):
            # sending to the sign-in page again would loop back.
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(next_url)
