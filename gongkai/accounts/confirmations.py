"""What the administrator's account actions say before they run (``@confirm_first``): each
asks first and says what it will do to the account and to its holder."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts import services
from gongkai.accounts.models import User
from gongkai.lib.confirm import Confirmation


def _account(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


def _needs_auditor(account: User, kind: str) -> list[str]:
    if services.needs_auditor(account, kind=kind, role=""):
        return [_("This is an administrator or auditor account: an auditor must confirm it.")]
    return []


def describe_set_active(request, pk: int) -> Confirmation:
    from gongkai.accounts.models import AccountChange

    account = _account(pk)
    name = {"name": account.username}
    if request.POST.get("active") == "1":
        return Confirmation(
            title=_("Reactivate the account %(name)s?") % name,
            effects=[
                _("Its holder can sign in again with the current password."),
                *_needs_auditor(account, AccountChange.Kind.ACTIVE),
            ],
            button=_("Yes, reactivate the account"),
            back_url=reverse("accounts:user-detail", args=[account.pk]),
        )
    return Confirmation(
        title=_("Deactivate the account %(name)s?") % name,
        effects=[
            _("Its holder is signed out and can no longer sign in."),
            _("What the account did stays recorded; you can reactivate it later."),
            *_needs_auditor(account, AccountChange.Kind.ACTIVE),
        ],
        button=_("Yes, deactivate the account"),
        back_url=reverse("accounts:user-detail", args=[account.pk]),
    )


def describe_reset_password(request, pk: int) -> Confirmation:
    from gongkai.accounts.models import AccountChange

    account = _account(pk)
    return Confirmation(
        title=_("Reset the password of %(name)s?") % {"name": account.username},
        effects=[
            _("The current password stops working at once."),
            _(
                "The next page shows a new one-time password once: give it to the holder, "
                "who must choose a new password at the next sign-in."
            ),
            *_needs_auditor(account, AccountChange.Kind.PASSWORD),
        ],
        button=_("Yes, reset the password"),
        back_url=reverse("accounts:user-detail", args=[account.pk]),
    )


def describe_reset_totp(request, pk: int) -> Confirmation:
    from gongkai.accounts.models import AccountChange

    account = _account(pk)
    return Confirmation(
        title=_("Remove the authenticator app of %(name)s?") % {"name": account.username},
        effects=[
            _("The holder sets up the authenticator app again at the next sign-in."),
            *_needs_auditor(account, AccountChange.Kind.TOTP),
        ],
        button=_("Yes, remove the authenticator app"),
        back_url=reverse("accounts:user-detail", args=[account.pk]),
    )
