from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.accounts import confirmations, rules, services, signals, totp
from gongkai.accounts.forms import (
    LoginForm,
    ReauthForm,
    RoleForm,
    SignInCodeForm,
    TOTPForm,
    UserCreateForm,
)
from gongkai.accounts.http import AuthenticatedHttpRequest
from gongkai.accounts.middleware import ENROL_PENDING
from gongkai.accounts.models import AccountChange, User
from gongkai.lib import ratelimit
from gongkai.lib.confirm import confirm_first
from gongkai.lib.params import posted

PENDING_USER = "gk_2fa_user"
PENDING_NEXT = "gk_2fa_next"
PENDING_AT = "gk_2fa_at"
PENDING_TRIES = "gk_2fa_tries"
PENDING_SECONDS = 300
BACKEND = "django.contrib.auth.backends.ModelBackend"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def form_valid(self, form):
        user = form.get_user()
        if services.has_totp(user):
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_NEXT] = self.get_success_url()
            self.request.session[PENDING_AT] = int(time.time())
            self.request.session[PENDING_TRIES] = 0
            return redirect("accounts:totp-verify")
        response = super().form_valid(form)
        if services.requires_totp(user):
            self.request.session[ENROL_PENDING] = True
            messages.info(
                self.request,
                _("Your role signs in with a second factor. Set up your authenticator app now."),
            )
            return redirect("accounts:totp-enrol")
        return response


def _clear_pending(request) -> None:
    for key in (PENDING_USER, PENDING_NEXT, PENDING_AT, PENDING_TRIES):
        request.session.pop(key, None)


@never_cache
def totp_verify(request):
    """Second step of sign-in: the code from the authenticator app."""
    user_pk = request.session.get(PENDING_USER)
    started = int(request.session.get(PENDING_AT) or 0)
    if not user_pk or time.time() - started > PENDING_SECONDS:
        _clear_pending(request)
        messages.info(request, _("Sign in with your username and password first."))
        return redirect("accounts:login")
    user = get_object_or_404(User, pk=user_pk, is_active=True)
    form = SignInCodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        # A lock or an address block stops every pending code step at once, however many were
        # opened with the password before (pen-test item 8); even a right code is refused then.
        refused = services.address_blocked(ip) or services.locked_until(user)
        code = form.cleaned_data["code"]
        # A recovery code (a lost phone) counts once, in place of the authenticator's code.
        if form.cleaned_data["kind"] == "totp":
            check = services.check_totp
        else:
            check = services.use_recovery_code
        if not refused and check(user, code):
            next_url = request.session.get(PENDING_NEXT) or settings.LOGIN_REDIRECT_URL
            _clear_pending(request)
            services.clear_failed_logins(user)
            auth_login(request, user, backend=BACKEND)
            request.session[services.SESSION_2FA_VERIFIED] = True
            if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
                next_url = settings.LOGIN_REDIRECT_URL
            return redirect(next_url)
        if refused:
            _clear_pending(request)
            messages.error(
                request,
                _(
                    "Sign-in is locked after too many wrong passwords or codes. Try again after "
                    "%(minutes)d minutes, or ask the administrator to unlock the account."
                )
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
            )
            return redirect("accounts:login")
        signals.send(
            signals.LOGIN_FAILED,
            username=user.username,
            model="accounts.User",
            object_repr=user.username + " (2FA)",
        )
        services.register_failed_attempt_from(ip)
        until = services.register_failed_login(user.username)
        tries = int(request.session.get(PENDING_TRIES) or 0) + 1
        request.session[PENDING_TRIES] = tries
        if until or tries >= settings.LOGIN_LOCKOUT_FAILURES:
            _clear_pending(request)
            messages.error(request, _("Too many wrong codes. Sign in again."))
            return redirect("accounts:login")
        form.add_error("code", _("This code is wrong or was already used. Wait for a new code."))
    return render(request, "accounts/totp_verify.html", {"form": form}, status=200)


@rules.staff_required
@rules.no_store
def totp_enrol(request):
    """Set up the authenticator app. Once it is set up the key is shown again only after the
    password and a current code are given again (pen-test item 14), e.g. to move to a new phone."""
    device = services.start_totp_enrolment(request.user)
    if device.confirmed:
        return _totp_reveal(request, device)
    form = TOTPForm(posted(request))
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp(device, form.cleaned_data["code"]):
            request.session.pop(ENROL_PENDING, None)
            request.session[services.SESSION_2FA_VERIFIED] = True
            messages.success(request, _("Your authenticator app is set up."))
            # Shown on this response only: nothing keeps them in clear (no session, no cache).
            codes = services.new_recovery_codes(request.user)
            return _recovery_codes_page(request, codes)
        form.add_error("code", _("This code does not match. Check the app's clock and retry."))
    return render(request, "accounts/totp_enrol.html", _enrol_context(request, device, form))


def _recovery_codes_page(request, codes: list[str]):
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next_url": resolve_url(settings.LOGIN_REDIRECT_URL)},
    )


@rules.staff_required
@rules.no_store
def recovery_codes(request):
    """New recovery codes, after the password and a current authenticator code: the old ones
    stop working. Reached from the two-factor page."""
    user = request.user
    if not services.has_totp(user):
        return redirect("accounts:totp-enrol")
    form = ReauthForm(posted(request))
    if request.method == "POST" and form.is_valid() and _reauthenticated(user, form):
        return _recovery_codes_page(request, services.new_recovery_codes(user, by=user))
    return render(
        request,
        "accounts/recovery_regenerate.html",
        {"form": form, "left": services.recovery_codes_left(user)},
    )


def _reauthenticated(user, form: ReauthForm) -> bool:
    """The password and a current authenticator code, again, before a secret is shown; a wrong
    pair counts as a failed sign-in and a locked account is refused. Errors go on ``form``."""
    if services.locked_until(user):
        form.add_error(
            None,
            _(
                "Too many wrong passwords or codes. Try again after %(minutes)d minutes, "
                "or ask the administrator to unlock the account."
            )
            % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
        )
        return False
    if user.check_password(form.cleaned_data["password"]) and services.check_totp(
        user, form.cleaned_data["code"]
    ):
        return True
    services.register_failed_login(user.username)
    form.add_error(
        None, _("The password or the code is wrong. Enter both again (wait for a new code).")
    )
    return False


def _enrol_context(request, device, form) -> dict:
    issuer = str(settings.GONGKAI_SITE_NAME)
    uri = totp.provisioning_uri(device.secret, request.user.username, issuer)
    return {
        "form": form,
        "device": device,
        "uri": uri,
        "qr": totp.qr_data_uri(uri),
        "secret_groups": [device.secret[i : i + 4] for i in range(0, len(device.secret), 4)],
        "required": services.requires_totp(request.user),
    }


def _totp_reveal(request, device):
    user = request.user
    form = ReauthForm(posted(request))
    if request.method == "POST" and form.is_valid() and _reauthenticated(user, form):
        context = _enrol_context(request, device, None)
        context["revealed"] = True
        return render(request, "accounts/totp_enrol.html", context)
    return render(
        request,
        "accounts/totp_enrol.html",
        {
            "device": device,
            "reauth_form": form,
            "required": services.requires_totp(user),
            "recovery_left": services.recovery_codes_left(user),
        },
    )


def keepalive(request):
    """The inactivity warning's "stay signed in" button; the middleware records the activity."""
    if not request.user.is_authenticated:
        return HttpResponse(status=401)
    return HttpResponse(status=204)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    request: AuthenticatedHttpRequest  # the parent view requires sign-in

    def form_valid(self, form):
        response = super().form_valid(form)
        if self.request.user.must_change_password:
            self.request.user.must_change_password = False
            self.request.user.save(update_fields=["must_change_password"])
        return response


# Account management: the administrator's duty (not the auditor's).

manage_required = rules.predicate_required(rules.can_manage_accounts)


@manage_required
def user_list(request):
    users = User.objects.select_related("unit").order_by("username")
    return render(request, "accounts/user_list.html", {"users": users})


def _refuse_own(request, account: User):
    """None when ``account`` is not the signed-in user's own; else the refusal (pen-test #7)."""
    try:
        services.check_not_own_account(account, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:user-detail", pk=account.pk)
    return None


def _proposed(request, account: User, kind: str, **change):
    """Propose the change for an auditor to confirm when it concerns an administrator or an
    auditor (三权分立); None when the administrator may make it alone."""
    if not services.needs_auditor(account, kind=kind, role=change.get("role", "")):
        return None
    services.propose_account_change(account, kind=kind, by=request.user, **change)
    messages.info(
        request,
        _(
            "Proposed. Changes to administrator and auditor accounts take effect when an "
            "auditor (考核组/审计员) confirms them under “Account changes”."
        ),
    )
    return redirect("accounts:user-detail", pk=account.pk)


def _confirm_coordinator(request, form, name: str):
    """Giving a coordinator role (sees and changes every unit's work) asks first: the posted
    form comes back as a confirmation page; None once confirmed or for any other role."""
    role = form.cleaned_data["role"]
    if not rules.grants_coordinator(role) or request.POST.get("confirm_coordinator") == "yes":
        return None
    posted_fields = [(k, v) for k, v in request.POST.items() if k != "csrfmiddlewaretoken"]
    context = {
        "fields": posted_fields,
        "name": name,
        "role": dict(form.fields["role"].choices)[role],
    }
    return render(request, "accounts/confirm_coordinator.html", context)


@manage_required
@rules.no_store
def user_create(request):
    form = UserCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        asked = _confirm_coordinator(request, form, form.cleaned_data["username"])
        if asked:
            return asked
        user, password = services.create_staff_user(
            username=form.cleaned_data["username"],
            role=role,
            unit=form.cleaned_data["unit"],
            display_name=form.cleaned_data["display_name"],
            by=request.user,
        )
        if role in services.PRIVILEGED_ROLES:
            # An administrator or auditor account opens only when an auditor confirms it.
            services.set_active(user, active=False, by=request.user)
            services.propose_account_change(
                user, kind=AccountChange.Kind.ACTIVE, active=True, by=request.user
            )
        return render(
            request,
            "accounts/user_password.html",
            {"account": user, "password": password, "awaiting": not user.is_active},
        )
    return render(request, "accounts/user_form.html", {"form": form})


@manage_required
def user_detail(request, pk: int):
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    role_form = RoleForm(
        posted(request),
        initial={"role": account.role, "unit": account.unit_id},
    )
    if request.method == "POST" and role_form.is_valid():
        refused = _refuse_own(request, account)
        if refused:
            return refused
        role, unit = role_form.cleaned_data["role"], role_form.cleaned_data["unit"]
        asked = (
            None if role == account.role else _confirm_coordinator(request, role_form, str(account))
        )
        if asked:
            return asked
        proposed = _proposed(request, account, AccountChange.Kind.ROLE, role=role, unit=unit)
        if proposed:
            return proposed
        services.change_role(account, role=role, unit=unit, by=request.user)
        messages.success(request, _("Role saved."))
        return redirect("accounts:user-detail", pk=account.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "own": account == request.user,
            "role_form": role_form,
            "locked_until": services.locked_until(account),
            "has_totp": services.has_totp(account),
            "pending": account.changes.filter(status=AccountChange.Status.PENDING),
        },
    )


@manage_required
@require_POST
def user_unlock(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    refused = _refuse_own(request, account)
    if refused:
        return refused
    services.unlock_account(account, by=request.user)
    messages.success(request, _("The account is unlocked."))
    return redirect("accounts:user-detail", pk=account.pk)


@manage_required
@require_POST
@confirm_first(confirmations.describe_set_active)
def user_set_active(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    refused = _refuse_own(request, account) or _proposed(
        request, account, AccountChange.Kind.ACTIVE, active=active
    )
    if refused:
        return refused
    services.set_active(account, active=active, by=request.user)
    messages.success(
        request, _("The account is active.") if active else _("The account is deactivated.")
    )
    return redirect("accounts:user-detail", pk=account.pk)


@manage_required
@require_POST
@rules.no_store
@confirm_first(confirmations.describe_reset_password)
def user_reset_password(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    refused = _refuse_own(request, account) or _proposed(
        request, account, AccountChange.Kind.PASSWORD
    )
    if refused:
        return refused
    password = services.reset_password(account, by=request.user)
    return render(
        request, "accounts/user_password.html", {"account": account, "password": password}
    )


@manage_required
@require_POST
@confirm_first(confirmations.describe_reset_totp)
def user_reset_totp(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    refused = _refuse_own(request, account) or _proposed(request, account, AccountChange.Kind.TOTP)
    if refused:
        return refused
    services.remove_totp(account, by=request.user)
    messages.success(request, _("The authenticator app is removed; it is set up at next sign-in."))
    return redirect("accounts:user-detail", pk=account.pk)


# Changes to administrator and auditor accounts: proposed by the administrator, decided by an
# auditor. Both duties see the list; only an auditor decides.

changes_required = rules.predicate_required(rules.can_see_account_changes)
decide_required = rules.predicate_required(rules.can_confirm_account_changes)


@changes_required
def change_list(request):
    changes = AccountChange.objects.select_related(
        "account", "new_unit", "proposed_by", "decided_by"
    )[:200]
    return render(
        request,
        "accounts/change_list.html",
        {"changes": changes, "can_decide": rules.can_confirm_account_changes(request.user)},
    )


@decide_required
@require_POST
@rules.no_store
def change_decide(request, accountchange_pk: int):
    change: AccountChange = get_object_or_404(
        AccountChange.objects.select_related("account"), pk=accountchange_pk
    )
    try:
        if request.POST.get("decision") == "confirm":
            password = services.confirm_account_change(change, by=request.user)
            if password:
                return render(
                    request,
                    "accounts/user_password.html",
                    {"account": change.account, "password": password},
                )
            messages.success(request, _("Confirmed: the change is made."))
        else:
            services.refuse_account_change(change, by=request.user)
            messages.success(request, _("Refused: nothing was changed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:change-list")
