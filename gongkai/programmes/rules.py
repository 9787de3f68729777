"""Who may set up the annual programme: built on the shared rules in ``gongkai.accounts.rules``."""

from gongkai.accounts.rules import can_manage_programme

__all__ = ["can_manage_programme"]
