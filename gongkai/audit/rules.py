"""Who reads the audit log (等保 2.0 三权分立): the coordinators and the auditor read it, only
the auditor (the assessor role) exports it, and the administrator does neither."""

from typing import Any

from gongkai.accounts.rules import AUDITORS, COORDINATORS, role_of


def can_read_audit(user: Any) -> bool:
    return role_of(user) in COORDINATORS | AUDITORS


def can_export_audit(user: Any) -> bool:
    """Exporting the whole log is the auditor's duty."""
    return role_of(user) in AUDITORS
