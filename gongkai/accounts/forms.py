from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts import rules, services
from gongkai.accounts.models import Role, User
from gongkai.lib import ratelimit


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "H:i")


class LoginForm(AuthenticationForm):
    """Sign-in with lockout: five failures within fifteen minutes lock the account (until the
    time shown, or until the administrator unlocks it); many failures from one address are
    refused for the same window."""

    def _ip(self) -> str:
        return ratelimit.client_ip(self.request) if self.request is not None else "unknown"

    def clean(self):
        ip = self._ip()
        if services.address_blocked(ip):
            raise ValidationError(
                _(
                    "Too many failed sign-ins from this network. Try again in %(minutes)d "
                    "minutes, or ask the administrator for help."
                )
                % {"minutes": settings.LOGIN_LOCKOUT_MINUTES},
                code="ip_blocked",
            )
        username = (self.cleaned_data.get("username") or "")[:150]
        # The same answer whether or not an account has this username (pen-test item 16).
        until = services.sign_in_locked_until(username) if username else None
        if until:
            raise self._locked_error(until)
        try:
            cleaned = super().clean()
        except ValidationError:
            services.register_failed_attempt_from(ip)
            until = services.register_failed_login(username) if username else None
            if until:
                raise self._locked_error(until) from None
            raise
        user = self.get_user()  # None when a field was invalid (no sign-in tried)
        # Wrong second-factor codes stay counted until the code is right (pen-test item 8):
        # a correct password alone clears nothing for an account with an authenticator app.
        if user is not None and not services.has_totp(user):
            services.clear_failed_logins(user)
        return cleaned

    def _locked_error(self, until) -> ValidationError:
        return ValidationError(
            _(
                "This account is locked after %(n)d failed sign-ins. Try again after %(time)s, "
                "or ask the administrator to unlock it now."
            )
            % {"n": settings.LOGIN_LOCKOUT_FAILURES, "time": _when(until)},
            code="locked",
        )


class TOTPForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("6-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise ValidationError(_("Enter the 6 digits your authenticator app shows."))
        return code


class SignInCodeForm(forms.Form):
    """The second step of sign-in: the authenticator's 6 digits, or one recovery code."""

    code = forms.CharField(
        label=gettext_lazy("6-digit code from your authenticator app, or a recovery code"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self):
        from gongkai.accounts.services import RECOVERY_LENGTH, normalise_recovery_code

        code = "".join(self.cleaned_data["code"].split())
        if len(code) == 6 and code.isascii() and code.isdigit():
            self.cleaned_data["kind"] = "totp"
            return code
        if len(normalise_recovery_code(code)) == RECOVERY_LENGTH:
            self.cleaned_data["kind"] = "recovery"
            return code
        raise ValidationError(
            _("Enter the 6 digits your authenticator app shows, or one of your recovery codes.")
        )


class ReauthForm(TOTPForm):
    """Both factors again before the authenticator key is shown a second time."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["password", "code"]


def _unit_model():
    # The unit directory sits above accounts (docs/decisions.md, Layers): reached through the
    # user's foreign key, not imported.
    return User._meta.get_field("unit").related_model


def staff_unit_choices():
    # The directory's own ordering: the order the county configured (sort_order), then kind, name.
    return _unit_model()._default_manager.all()


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("Username"),
        max_length=150,
        regex=r"^[A-Za-z0-9_.-]{3,150}$",
        error_messages={
            "invalid": gettext_lazy(
                "Use 3 or more letters, digits, dots, hyphens or underscores (no spaces)."
            )
        },
    )
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=64)
    # No role is preselected: a clerk created in a hurry must not become a coordinator.
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=[("", "---------"), *Role.choices])
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = staff_unit_choices()

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is taken; choose another."))
        return username

    def clean(self):
        cleaned = super().clean()
        if rules.role_needs_unit(cleaned.get("role")) and not cleaned.get("unit"):
            self.add_error("unit", _("Unit staff belong to a unit: choose the unit."))
        return cleaned


class UnitStaffCreateForm(UserCreateForm):
    """The county office's form: an account of an implementing unit's staff, no role to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["role"]
        self.fields["unit"].required = True
        self.fields["unit"].queryset = (
            _unit_model()._default_manager.implementing().order_by("sort_order", "name")
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = staff_unit_choices()

    def clean(self):
        cleaned = super().clean()
        if rules.role_needs_unit(cleaned.get("role")) and not cleaned.get("unit"):
            self.add_error("unit", _("Unit staff belong to a unit: choose the unit."))
        return cleaned
