"""Who may change the units directory: built on the shared rules in ``gongkai.accounts.rules``."""

from gongkai.accounts.rules import can_manage_units

__all__ = ["can_manage_units"]
