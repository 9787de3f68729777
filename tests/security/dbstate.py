"""Row counts of every table in one query: "nothing stored" checks, cheap enough for every
request of the permission matrix and the fuzz tests."""

from __future__ import annotations

from django.apps import apps
from django.db import connection

# Machinery tables whose rows come and go with any request.
UNCOUNTED = {"sessions.Session", "audit.AuditEntry", "live.LiveEvent"}


def _counted():
    return [
        m
        for m in apps.get_models()
        if m._meta.label not in UNCOUNTED and m._meta.managed and not m._meta.proxy
    ]


def row_counts() -> dict[str, int]:
    found = _counted()
    sql = "SELECT " + ", ".join(
        f"(SELECT COUNT(*) FROM {connection.ops.quote_name(m._meta.db_table)})" for m in found
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        values = cursor.fetchone()
    return {m._meta.label: n for m, n in zip(found, values, strict=True)}
