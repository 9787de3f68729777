from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class AuditEntryQuerySet(models.QuerySet):
    """Append-only: no update or delete through the ORM. The only removal path is
    ``purge_older_than`` (``gongkai purge_audit``), which keeps at least six months."""

    def update(self, **kwargs):
        raise PermissionDenied("The audit log cannot be altered.")

    def delete(self):
        raise PermissionDenied("The audit log cannot be altered.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise PermissionDenied("The audit log cannot be altered.")

    def update_or_create(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be altered.")

    def purge_older_than(self, days: int) -> int:
        import datetime as dt

        from django.utils import timezone

        if days < MIN_RETENTION_DAYS:
            raise PermissionDenied(
                f"The audit log is kept at least {MIN_RETENTION_DAYS} days (6 months)."
            )
        cutoff = timezone.now() - dt.timedelta(days=days)
        old = AuditEntry.objects.filter(at__lt=cutoff)
        return old._raw_delete(old.db)


# 等保 2.0 安全审计: audit records are kept at least six months.
MIN_RETENTION_DAYS = 183


class AuditEntry(models.Model):
    """One change by one user: who, when, what, before and after. Append-only."""

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

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        LOGIN = "login", _("signed in")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        LOGOUT = "logout", _("signed out")
        EXPORT = "export", _("exported")
        PERMISSION = "permission", _("account or permission changed")
        LOCK = "lock", _("account locked")
        UNLOCK = "unlock", _("account unlocked")
        PURGE = "purge", _("old data removed")
        OTHER = "other", _("other")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    model = models.CharField(_("record type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = scope.scoped_manager("county", AuditEntryQuerySet)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.model} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log cannot be altered.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be altered.")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
