"""What accounts tell the audit log, without importing it (docs/decisions.md, Layers).

Accounts sit below the audit log: the log's pages check account rules, so accounts cannot
import the log back. Account actions send ``account_event`` instead, as Django's own
``user_logged_in`` / ``user_login_failed`` do; ``gongkai.audit.signals`` records each one in
the same transaction (a receiver runs synchronously, inside the caller's ``atomic`` block).
"""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

# The audit actions account events use (``audit.AuditEntry.Action`` values).
LOCK = "lock"
UNLOCK = "unlock"
PERMISSION = "permission"
LOGIN_FAILED = "login_failed"
LOGIN = "login"

# Sent with ``action`` (one of the above) and ``record``'s keyword arguments: ``instance``,
# ``user``, ``username``, ``before``, ``after``, ``model``, ``object_repr``.
account_event = Signal()


def send(action: str, **details: Any) -> None:
    account_event.send(sender=None, action=action, **details)
