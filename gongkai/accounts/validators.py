"""Password rules (等保 2.0 身份鉴别): length is Django's MinimumLengthValidator (10); these add
character classes, no username inside, and no reuse of the last five passwords."""

from __future__ import annotations

import string

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    classes = [
        any(c in string.ascii_lowercase for c in password),
        any(c in string.ascii_uppercase for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() for c in password) or any(not c.isascii() for c in password),
    ]
    return sum(classes)


class CharacterClassesValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Use at least %(n)d of these four: lower-case letters, capital letters, digits, "
            "other characters (such as - ! or @)."
        ) % {"n": self.min_classes}


class UsernameNotContainedValidator:
    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError(self.get_help_text(), code="password_contains_username")

    def get_help_text(self):
        return _("Your password must not contain your username.")


class PasswordHistoryValidator:
    def __init__(self, remember: int = 5):
        self.remember = remember

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        # The history's newest entry is the current password (recorded when it was set).
        hashes = list(user.password_history.values_list("password", flat=True)[: self.remember])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes[: self.remember - 1]]
        for encoded in hashes:
            if check_password(password, encoded):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password, user=None):
        """Called by ``User.save()`` after ``set_password``: keep the new hash."""
        if user is None or user.pk is None or not user.password:
            return
        from gongkai.accounts.models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = user.password_history.values_list("pk", flat=True)[self.remember :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return ngettext(
            "Do not reuse your last password.",
            "Do not reuse any of your last %(n)d passwords.",
            self.remember,
        ) % {"n": self.remember}
