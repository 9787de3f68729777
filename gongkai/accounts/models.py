from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.security.fields import EncryptedTextField


class Role(models.TextChoices):
    COUNTY_OFFICE = "county_office", _("County government office")
    SERVICE_CENTER = "service_center", _("Government information service center")
    MEDIA_CENTER = "media_center", _("Media center")
    UNIT_STAFF = "unit_staff", _("Unit staff")
    ASSESSOR = "assessor", _("Assessor")
    ADMIN = "admin", _("Administrator")
    SUPERVISOR = "supervisor", _("City supervisor")


class ScopedUserManager(scope.CountyScopedManager, UserManager):
    """Accounts of the county in scope and the city's own accounts (no county): a county's
    staff cannot sign in on another county's host name."""

    use_in_migrations = False
    county_path = staticmethod(scope.own_or_shared("county"))


class User(AbstractUser):
    """A staff account. Citizens and netizens use the portal without an account."""

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Empty: shared by every county of the deployment."),
    )

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.UNIT_STAFF)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("Unit staff belong to exactly one unit and see only that unit's work."),
    )
    display_name = models.CharField(_("display name"), max_length=64, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set for demo and newly created accounts: the password is changed at first login."
        ),
    )

    failed_logins = models.PositiveSmallIntegerField(_("failed sign-ins"), default=0)
    failed_logins_since = models.DateTimeField(_("failed sign-ins since"), null=True, blank=True)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("deactivated at"), null=True, blank=True)

    # Personal data of a deactivated account is blanked after the retention period
    # (``gongkai purge_personal_data``); the account row stays for the audit log.
    objects = ScopedUserManager()

    PERSONAL_DATA_FIELDS = ["display_name", "first_name", "last_name", "email"]
    PERSONAL_DATA_DATE_FIELD = "deactivated_at"

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_locked(self) -> bool:
        from django.utils import timezone

        return self.locked_until is not None and self.locked_until > timezone.now()

    @property
    def role_label(self) -> str:
        return str(self.get_role_display())


class PasswordHistory(models.Model):
    """Hashes of a user's previous passwords: a new password may not repeat the last five."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    objects = scope.scoped_manager(scope.own_or_shared("user__county"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class TOTPDevice(models.Model):
    """An authenticator app enrolled for two-factor sign-in (RFC 6238, 6 digits, 30 s)."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="totp_device"
    )
    secret = EncryptedTextField(_("secret"))
    confirmed = models.BooleanField(_("confirmed"), default=False)
    last_used_step = models.BigIntegerField(_("last used time step"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = scope.scoped_manager(scope.own_or_shared("user__county"))

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return f"TOTP {self.user_id}"


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app at sign-in (a lost phone).

    Ten are issued at enrolment and on regeneration, shown once and stored only as a hash: a
    code is 10 characters from 31 (about 50 bits), so a keyed fast hash is as strong as a slow
    one against a stolen table, and guessing through the sign-in form is rate-limited like any
    wrong code."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(_("code hash"), max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    AUDIT_REDACT = ("code_hash",)

    objects = scope.scoped_manager(scope.own_or_shared("user__county"))

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="recovery_code_unique")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of {self.user_id}"


class AccountChange(models.Model):
    """A change to an administrator's or auditor's account, or one that gives or takes away
    either role, proposed by the administrator and applied only when an auditor confirms it
    (三权分立: no single duty makes or unmakes the other; docs/security.md)."""

    class Kind(models.TextChoices):
        ROLE = "role", _("role and unit")
        ACTIVE = "active", _("activate or deactivate")
        PASSWORD = "password", _("password reset")
        TOTP = "totp", _("authenticator reset")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the auditor")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    account = models.ForeignKey(
        User, verbose_name=_("account"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    new_role = models.CharField(_("new role"), max_length=32, choices=Role.choices, blank=True)
    new_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("new unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_active = models.BooleanField(_("active afterwards"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        User, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = scope.scoped_manager(scope.own_or_shared("account__county"))

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("account change awaiting the auditor")
        verbose_name_plural = _("account changes awaiting the auditor")

    def __str__(self) -> str:
        return f"{self.account_id} {self.kind} {self.status}"
