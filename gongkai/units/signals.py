"""What the units directory tells the layers above when a unit leaves it.

``unit_replaced(old, new)``: ``old`` was renamed (``new`` is its successor record) or merged
into ``new``. ``unit_retired(unit)``: ``unit`` is deactivated. Receivers change only what is not
yet published (a draft year's units, slots and guests); published years keep what they named.
"""

from django.dispatch import Signal

unit_replaced = Signal()
unit_retired = Signal()

# Callables ``(unit) -> bool``: does a published record name this unit? Registered by the apps
# that publish (programmes); a unit so named is not renamed in place but carried on by a new one.
HISTORY_CHECKS: list = []


def register_history_check(check) -> None:
    if check not in HISTORY_CHECKS:
        HISTORY_CHECKS.append(check)
