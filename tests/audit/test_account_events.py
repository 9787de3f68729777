"""Accounts tell the audit log through a signal (they sit below it); the names must match."""

from gongkai.accounts import signals
from gongkai.audit.models import AuditEntry


def test_account_event_actions_are_audit_actions():
    assert {signals.LOCK, signals.UNLOCK, signals.PERMISSION, signals.LOGIN_FAILED} <= set(
        AuditEntry.Action.values
    )
