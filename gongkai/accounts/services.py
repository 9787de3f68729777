"""Account security actions: lockout, unlock, two-factor enrolment, account management."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts import rules, signals, totp
from gongkai.accounts.models import AccountChange, RecoveryCode, TOTPDevice, User
from gongkai.accounts.rules import PRIVILEGED_ROLES
from gongkai.lib import ratelimit

if TYPE_CHECKING:
    from gongkai.units.models import Unit

# Session key set once the second factor was given (or an authenticator app confirmed) in this
# session. Staff pages and the Django admin require it of every account with an authenticator
# app (``AccountSecurityMiddleware``, ``GongkaiAdminSite``).
SESSION_2FA_VERIFIED = "gk_2fa_ok"


def lockout_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def locked_until(user: User) -> dt.datetime | None:
    if user.locked_until and user.locked_until > timezone.now():
        return user.locked_until
    return None


def _unknown_key(username: str) -> str:
    digest = hashlib.sha256(username.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"login-unknown:{digest}"


def _unknown_locked_until(username: str) -> dt.datetime | None:
    """Lock state kept for a username no account has, so that the answers to a missing and to
    a real username are the same (a lockout would otherwise confirm that an account exists)."""
    state = cache.get(_unknown_key(username)) or {}
    until = state.get("until")
    return until if until and until > timezone.now() else None


def _register_unknown_failure(username: str) -> dt.datetime | None:
    now = timezone.now()
    key = _unknown_key(username)
    state = cache.get(key) or {}
    if state.get("until") and state["until"] > now:
        return state["until"]
    since = state.get("since")
    if since is None or since < now - lockout_window():
        state = {"since": now, "n": 0}
    state["n"] += 1
    if state["n"] >= settings.LOGIN_LOCKOUT_FAILURES:
        state["until"] = now + lockout_window()
    cache.set(key, state, timeout=int(2 * lockout_window().total_seconds()))
    return state.get("until")


def sign_in_locked_until(username: str) -> dt.datetime | None:
    """When sign-in for ``username`` is locked: the account's lock, or for a username without
    an account the same lock after the same number of failures."""
    user = User.objects.filter(username=username).only("locked_until").first()
    if user is None:
        return _unknown_locked_until(username)
    return locked_until(user)


@transaction.atomic
def register_failed_login(username: str) -> dt.datetime | None:
    """Count one failed sign-in (wrong password or wrong second-factor code) for ``username``;
    lock the account after LOGIN_LOCKOUT_FAILURES failures within LOGIN_LOCKOUT_MINUTES.
    Returns the lock end, if any. A username without an account is counted and locked alike
    (in the cache), so the answers do not tell a real username from a missing one.
    Counters change through ``update()`` (not audited as content: the failure itself is)."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        return _register_unknown_failure(username)
    now = timezone.now()
    if user.failed_logins_since is None or user.failed_logins_since < now - lockout_window():
        User.objects.filter(pk=user.pk).update(failed_logins=1, failed_logins_since=now)
        if settings.LOGIN_LOCKOUT_FAILURES > 1:
            return locked_until(user)
        user.refresh_from_db(fields=["failed_logins"])
    else:
        User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
        user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_LOCKOUT_FAILURES and not locked_until(user):
        until = now + lockout_window()
        User.objects.filter(pk=user.pk).update(locked_until=until)
        signals.send(
            signals.LOCK,
            instance=user,
            after={"locked_until": until.isoformat(), "failed_logins": user.failed_logins},
            user=None,
            username=user.username,
        )
        return until
    return locked_until(user)


def address_blocked(ip: str) -> bool:
    """True while ``ip`` is refused after too many failed sign-ins (passwords or codes)."""
    return bool(cache.get(f"login-ip-blocked:{ip}"))


def register_failed_attempt_from(ip: str) -> None:
    """Count one failed password or second-factor code from ``ip``; after LOGIN_IP_LIMIT in the
    lockout window the address is refused for the window: the LOGIN_IP_LIMIT-th failure blocks
    it, so the next attempt is refused."""
    window = settings.LOGIN_LOCKOUT_MINUTES * 60
    # ``hit`` allows ``limit`` hits; the failure that reaches LOGIN_IP_LIMIT is the one to block.
    if not ratelimit.hit("login-ip", ip, max(0, settings.LOGIN_IP_LIMIT - 1), window):
        cache.set(f"login-ip-blocked:{ip}", 1, timeout=window)


def clear_failed_logins(user: User) -> None:
    """Reset the failure counter after a complete sign-in (password, and the code when the
    account has an authenticator app: a correct password alone never clears wrong codes)."""
    User.objects.filter(pk=user.pk).update(failed_logins=0, failed_logins_since=None)


@transaction.atomic
def unlock_account(user: User, *, by: User) -> None:
    User.objects.filter(pk=user.pk).update(
        failed_logins=0, failed_logins_since=None, locked_until=None
    )
    signals.send(signals.UNLOCK, instance=user, user=by, after={"unlocked": True})


def requires_totp(user: User) -> bool:
    return bool(settings.GONGKAI_REQUIRE_2FA) and user.role in settings.TOTP_REQUIRED_ROLES


def has_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def start_totp_enrolment(user: User) -> TOTPDevice:
    """A fresh unconfirmed secret (a confirmed device is replaced only after confirming)."""
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        return TOTPDevice.objects.create(user=user, secret=totp.new_secret())
    if not device.confirmed:
        return device
    return device


@transaction.atomic
def confirm_totp(device: TOTPDevice, code: str) -> bool:
    step = totp.verify(device.secret, code, last_used_step=device.last_used_step)
    if not step:
        return False
    device.confirmed = True
    device.last_used_step = step
    device.save(update_fields=["confirmed", "last_used_step"])
    return True


@transaction.atomic
def check_totp(user: User, code: str) -> bool:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        return False
    step = totp.verify(device.secret, code, last_used_step=device.last_used_step)
    if not step:
        return False
    TOTPDevice.objects.filter(pk=device.pk).update(last_used_step=step)
    return True


RECOVERY_CODES = 10
RECOVERY_LENGTH = 10
RECOVERY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read off paper


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in str(code).upper() if ch.isascii() and ch.isalnum())


def _recovery_hash(user: User, normalised: str) -> str:
    key = hashlib.sha256(f"gongkai.accounts.recovery:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{user.pk}:{normalised}".encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def new_recovery_codes(user: User, *, by: User | None = None) -> list[str]:
    """Replace ``user``'s recovery codes by ten new ones and return them (``XXXXX-XXXXX``): the
    only time they exist in clear. Audited."""
    RecoveryCode.objects.filter(user=user).delete()
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_hash(user, code)) for code in codes
    )
    signals.send(
        signals.PERMISSION,
        instance=user,
        user=by or user,
        after={"recovery_codes": "issued", "count": RECOVERY_CODES},
    )
    half = RECOVERY_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def use_recovery_code(user: User, code: str) -> bool:
    """Spend one of ``user``'s unused recovery codes in place of an authenticator code. Each
    code works once; the use is audited with how many are left."""
    normalised = normalise_recovery_code(code)
    if len(normalised) != RECOVERY_LENGTH:
        return False
    row = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, used_at__isnull=True, code_hash=_recovery_hash(user, normalised))
        .first()
    )
    if row is None:
        return False
    RecoveryCode.objects.filter(pk=row.pk).update(used_at=timezone.now())
    signals.send(
        signals.LOGIN,
        instance=user,
        user=user,
        object_repr=f"{user.username} (recovery code)",
        after={"recovery_code": "used", "left": recovery_codes_left(user)},
    )
    return True


@transaction.atomic
def remove_totp(user: User, *, by: User) -> None:
    RecoveryCode.objects.filter(user=user).delete()
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        signals.send(signals.PERMISSION, instance=user, user=by, after={"totp": "removed"})


def temporary_password() -> str:
    """A one-time password the administrator hands over; changed at first sign-in."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    body = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{body[:4]}-{body[4:8]}-{body[8:]}7a"


@transaction.atomic
def create_staff_user(
    *, username: str, role: str, unit, display_name: str, by: User
) -> tuple[User, str]:
    password = temporary_password()
    user = User(
        username=username,
        role=role,
        unit=unit,
        display_name=display_name,
        must_change_password=True,
    )
    user.set_password(password)
    user.save()
    signals.send(
        signals.PERMISSION,
        instance=user,
        user=by,
        after={"role": role, "unit": getattr(unit, "pk", None)},
    )
    return user, password


@transaction.atomic
def create_unit_staff_account(
    *, username: str, unit, display_name: str, by: User
) -> tuple[User, str]:
    """The county office opens an account for an implementing unit's staff itself (delegated,
    audited under its own name); the role is always unit staff."""
    if not rules.can_create_unit_staff_accounts(by):
        raise PermissionDenied
    if unit is None or not type(unit)._default_manager.implementing().filter(pk=unit.pk).exists():
        raise ValidationError(_("Choose one of the implementing units."))
    return create_staff_user(
        username=username,
        role=rules.delegated_account_role(),
        unit=unit,
        display_name=display_name,
        by=by,
    )


@transaction.atomic
def change_role(user: User, *, role: str, unit, by: User) -> None:
    before = {"role": user.role, "unit": user.unit_id}
    user.role = role
    user.unit = unit
    user.save(update_fields=["role", "unit"])
    signals.send(
        signals.PERMISSION,
        instance=user,
        user=by,
        before=before,
        after={"role": role, "unit": getattr(unit, "pk", None)},
    )


@transaction.atomic
def set_active(user: User, *, active: bool, by: User) -> None:
    user.is_active = active
    user.deactivated_at = None if active else timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    signals.send(
        signals.PERMISSION,
        instance=user,
        user=by,
        after={"is_active": active},
    )


@transaction.atomic
def reset_password(user: User, *, by: User) -> str:
    password = temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save()
    User.objects.filter(pk=user.pk).update(
        failed_logins=0, failed_logins_since=None, locked_until=None
    )
    signals.send(signals.PERMISSION, instance=user, user=by, after={"password": "reset"})
    return password


# 三权分立 (pen-test item 7): nobody changes their own account through account management, and
# whatever makes or unmakes an administrator or an auditor needs both duties: the administrator
# proposes, an auditor (the assessor role) who is neither the account nor the proposer confirms.
# The roles are listed with the other rules: gongkai.accounts.rules.PRIVILEGED_ROLES.


def check_not_own_account(account: User, *, by: User) -> None:
    if account.pk == by.pk:
        raise ValidationError(
            _(
                "You cannot change your own account here (role, unit, status, password or "
                "authenticator app). Another administrator proposes the change and an auditor "
                "confirms it; to change your own password use “Change password”."
            ),
            code="own_account",
        )


def needs_auditor(account: User, *, kind: str, role: str = "") -> bool:
    """True when the change touches an administrator's or auditor's account, or gives either
    role."""
    if account.role in PRIVILEGED_ROLES:
        return True
    return kind == AccountChange.Kind.ROLE and role in PRIVILEGED_ROLES


@transaction.atomic
def propose_account_change(
    account: User,
    *,
    kind: str,
    by: User,
    role: str = "",
    unit: Unit | None = None,
    active: bool | None = None,
) -> AccountChange:
    check_not_own_account(account, by=by)
    change = AccountChange.objects.create(
        account=account,
        kind=kind,
        new_role=role,
        new_unit=unit,
        new_active=active,
        proposed_by=by,
    )
    signals.send(
        signals.PERMISSION,
        instance=account,
        user=by,
        after={"proposed": kind, "role": role, "active": active, "change": change.pk},
    )
    return change


def _check_decider(change: AccountChange, by: User) -> None:
    if change.status != AccountChange.Status.PENDING:
        raise ValidationError(_("This change was already decided."), code="decided")
    if not rules.can_confirm_account_changes(by) or not by.is_active:
        raise ValidationError(
            _("An auditor (考核组/审计员 account) confirms or refuses this change."), code="role"
        )
    if by.pk in (change.account_id, change.proposed_by_id):
        raise ValidationError(
            _(
                "You proposed this change or it is about your own account: another auditor "
                "confirms or refuses it."
            ),
            code="own_account",
        )


@transaction.atomic
def confirm_account_change(change: AccountChange, *, by: User) -> str | None:
    """Apply a proposed change as the auditor ``by``. Returns the temporary password when the
    change is a password reset (shown once to the confirming auditor, who hands it over)."""
    change = AccountChange.objects.select_for_update().select_related("account").get(pk=change.pk)
    _check_decider(change, by)
    AccountChange.objects.filter(pk=change.pk).update(
        status=AccountChange.Status.CONFIRMED, decided_by=by, decided_at=timezone.now()
    )
    account = change.account
    signals.send(
        signals.PERMISSION,
        instance=account,
        user=by,
        after={"confirmed": change.kind, "change": change.pk, "proposed_by": change.proposed_by_id},
    )
    if change.kind == AccountChange.Kind.ROLE:
        change_role(account, role=change.new_role, unit=change.new_unit, by=by)
    elif change.kind == AccountChange.Kind.ACTIVE:
        set_active(account, active=bool(change.new_active), by=by)
    elif change.kind == AccountChange.Kind.PASSWORD:
        return reset_password(account, by=by)
    elif change.kind == AccountChange.Kind.TOTP:
        remove_totp(account, by=by)
    return None


@transaction.atomic
def refuse_account_change(change: AccountChange, *, by: User) -> None:
    change = AccountChange.objects.select_for_update().get(pk=change.pk)
    _check_decider(change, by)
    AccountChange.objects.filter(pk=change.pk).update(
        status=AccountChange.Status.REFUSED, decided_by=by, decided_at=timezone.now()
    )
    signals.send(
        signals.PERMISSION,
        instance=change.account,
        user=by,
        after={"refused": change.kind, "change": change.pk},
    )
