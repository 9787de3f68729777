"""Every create, change and delete of a project model lands in the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save

from gongkai.accounts.signals import account_event
from gongkai.audit import services
from gongkai.audit.models import AuditEntry

# High-volume or derived rows whose changes are not "content": live pushes are copies of
# audited changes; sessions and task rows are machinery.
SKIPPED_LABELS = {"audit.AuditEntry", "live.LiveEvent"}


def _audited(sender) -> bool:
    meta = sender._meta
    return (
        meta.app_config is not None
        and meta.app_config.name.startswith("gongkai.")
        and meta.label not in SKIPPED_LABELS
    )


def on_pre_save(sender, instance, raw=False, **kwargs):
    if raw or not _audited(sender) or instance.pk is None:
        instance._audit_before = None
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    instance._audit_before = services.snapshot(old) if old is not None else None


def on_post_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _audited(sender):
        return
    before = None if created else getattr(instance, "_audit_before", None)
    after = services.snapshot(instance)
    if before is not None and before == after:
        return
    services.record(
        AuditEntry.Action.CREATE if created or before is None else AuditEntry.Action.UPDATE,
        instance=instance,
        before=before,
        after=after,
    )


def on_post_delete(sender, instance, **kwargs):
    if not _audited(sender):
        return
    services.record(AuditEntry.Action.DELETE, instance=instance, before=services.snapshot(instance))


def on_login(sender, request, user, **kwargs):
    services.record(
        AuditEntry.Action.LOGIN, user=user, model="accounts.User", object_repr=user.get_username()
    )


def on_logout(sender, request, user, **kwargs):
    if user is not None:
        services.record(
            AuditEntry.Action.LOGOUT,
            user=user,
            model="accounts.User",
            object_repr=user.get_username(),
        )


def on_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    services.record(
        AuditEntry.Action.LOGIN_FAILED,
        username=username,
        model="accounts.User",
        object_repr=username,
    )


def on_account_event(sender, action, **details):
    """Lockouts, unlocks, role and password changes, failed second factors
    (``gongkai.accounts.signals``)."""
    details.pop("signal", None)
    services.record(action, **details)


def connect() -> None:
    pre_save.connect(on_pre_save, dispatch_uid="audit_pre_save")
    post_save.connect(on_post_save, dispatch_uid="audit_post_save")
    post_delete.connect(on_post_delete, dispatch_uid="audit_post_delete")
    user_logged_in.connect(on_login, dispatch_uid="audit_login")
    user_logged_out.connect(on_logout, dispatch_uid="audit_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    account_event.connect(on_account_event, dispatch_uid="audit_account_event")
