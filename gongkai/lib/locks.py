"""Named transaction locks, so that a check ("is this venue free?", "is there room?") and the
write that relies on it cannot interleave with another request's.

A check that reads rows and then writes is an unlocked read under PostgreSQL's READ COMMITTED:
two bookings sent at the same instant both see a free venue and both are stored. Where the
check has one parent row, the services lock that row (``select_for_update``); where it spans
rows that do not exist yet (every recording of the media center, every self-registration made
with one phone number), they hold a named lock from here until their transaction ends.

PostgreSQL: ``pg_advisory_xact_lock`` in a key space of our own, released at commit or
rollback. SQLite allows one writing transaction at a time: nothing to do.
"""

from __future__ import annotations

from django.db import connection

# The first key of PostgreSQL's two-key advisory locks, so ours never meet anyone else's
# (gongkai.live uses its own space).
_LOCK_SPACE = 0x46524545  # "FREE"


def hold(name: str) -> None:
    """Wait for and hold the lock ``name`` until the current transaction ends.

    Call inside ``transaction.atomic``, before the check it protects. Two different names
    may share a lock (a hash collision): that only makes one wait for the other."""
    if not connection.in_atomic_block:
        raise RuntimeError("locks.hold() needs a transaction (transaction.atomic)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock({_LOCK_SPACE:d}, hashtext(%s))", [name])
