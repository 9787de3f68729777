"""Who may use the city's pages (built on gongkai.accounts.rules)."""

from __future__ import annotations

from typing import Any

from gongkai.accounts import rules


def can_supervise(user: Any) -> bool:
    """The cross-county dashboard, the ranking and the spot-check record: the city's
    supervisor and the city's administrator (never a county's account)."""
    return rules.is_supervisor(user) or rules.is_city_admin(user)


def can_spot_check(user: Any) -> bool:
    """Reading a county as its staff see it, read-only: the city's supervisor only (a reader,
    ``accounts.rules.READERS``, so every change stays refused)."""
    return rules.is_supervisor(user)
