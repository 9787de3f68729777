"""Account security actions: lockout, unlock, two-factor enrolment, account management."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.accounts import totp
from gongkai.accounts.models import TOTPDevice, User
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record


def lockout_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def locked_until(user: User) -> dt.datetime | None:
    if user.locked_until and user.locked_until > timezone.now():
        return user.locked_until
    return None


@transaction.atomic
def register_failed_login(username: str) -> dt.datetime | None:
    """Count one failed sign-in for ``username``; lock the account after
    LOGIN_LOCKOUT_FAILURES failures within LOGIN_LOCKOUT_MINUTES. Returns the lock end, if any.
    Counters change through ``update()`` (not audited as content: the failure itself is)."""
    user = User.objects.select_for_update().filter(username=username).first()
    if user is None:
        return None
    now = timezone.now()
    if user.failed_logins_since is None or user.failed_logins_since < now - lockout_window():
        User.objects.filter(pk=user.pk).update(failed_logins=1, failed_logins_since=now)
        return locked_until(user)
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_LOCKOUT_FAILURES and not locked_until(user):
        until = now + lockout_window()
        User.objects.filter(pk=user.pk).update(locked_until=until)
        record(
            AuditEntry.Action.LOCK,
            instance=user,
            after={"locked_until": until.isoformat(), "failed_logins": user.failed_logins},
            user=None,
            username=user.username,
        )
        return until
    return locked_until(user)


def clear_failed_logins(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_logins=0, failed_logins_since=None)


@transaction.atomic
def unlock_account(user: User, *, by: User) -> None:
    User.objects.filter(pk=user.pk).update(
        failed_logins=0, failed_logins_since=None, locked_until=None
    )
    record(AuditEntry.Action.UNLOCK, instance=user, user=by, after={"unlocked": True})


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


@transaction.atomic
def remove_totp(user: User, *, by: User) -> None:
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        record(AuditEntry.Action.PERMISSION, instance=user, user=by, after={"totp": "removed"})


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
    record(
        AuditEntry.Action.PERMISSION,
        instance=user,
        user=by,
        after={"role": role, "unit": getattr(unit, "pk", None)},
    )
    return user, password


@transaction.atomic
def change_role(user: User, *, role: str, unit, by: User) -> None:
    before = {"role": user.role, "unit": user.unit_id}
    user.role = role
    user.unit = unit
    user.save(update_fields=["role", "unit"])
    record(
        AuditEntry.Action.PERMISSION,
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
    record(
        AuditEntry.Action.PERMISSION,
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
    record(AuditEntry.Action.PERMISSION, instance=user, user=by, after={"password": "reset"})
    return password
