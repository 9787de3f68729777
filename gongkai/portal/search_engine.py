"""The database side of site search: the SQL that matches and ranks entries, and the
structures the migration creates for it.

On SQLite an FTS5 table kept in sync by triggers does the matching (bm25 ranking); on
PostgreSQL a GIN index over ``to_tsvector('simple', segmented)`` does it (ts_rank). Other
databases fall back to substring matching. Only word characters (``search.query_terms``) ever
reach these queries' match syntax; everything else is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import connection

logger = logging.getLogger("gongkai.portal.search")  # the name the logs had before the split


@dataclass(frozen=True)
class Filters:
    """Narrowing a search: one column (a registered kind) and one year of publication."""

    kind: str = ""
    year: int | None = None

    def sql(self, alias: str) -> tuple[str, list]:
        from gongkai.counties import scope

        clauses, params = [], []
        county_id = scope.current_id()
        if county_id is not None:  # each county's index is its own
            clauses.append(f"{alias}.county_id = %s")
            params.append(county_id)
        if self.kind:
            clauses.append(f"{alias}.kind = %s")
            params.append(self.kind)
        if self.year:
            from gongkai.lib.deadlines import COUNTY_TZ  # a year as the county counts it

            start = dt.datetime(self.year, 1, 1, tzinfo=COUNTY_TZ)
            clauses.append(f"{alias}.published_at >= %s AND {alias}.published_at < %s")
            params += [start, start.replace(year=self.year + 1)]
        return "".join(f" AND {c}" for c in clauses), params


def match_ids(terms: list[str], filters: Filters = Filters()) -> list[int]:
    """Every matching entry's id, best first (a county's index is thousands of entries, not
    millions: the ranking is done by the database, the de-duplication and paging by ``search``)."""
    from gongkai.portal.models import SearchEntry

    vendor = connection.vendor
    table = SearchEntry._meta.db_table
    extra, extra_params = filters.sql("e")
    if vendor == "sqlite" and fts5_available():
        # Every term must appear (FTS5 AND); terms are quoted phrases of word characters.
        match = " ".join(f'"{t}"' for t in terms)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT f.rowid FROM {FTS_TABLE} f JOIN {table} e ON e.id = f.rowid "
                f"WHERE {FTS_TABLE} MATCH %s{extra} ORDER BY bm25({FTS_TABLE}, 4.0, 1.0)",
                [match, *extra_params],
            )
            return [row[0] for row in cursor.fetchall()]
    if vendor == "postgresql":
        tsquery = " & ".join(terms)
        condition = "to_tsvector('simple', e.segmented) @@ to_tsquery('simple', %s)"
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT e.id FROM {table} e WHERE {condition}{extra} "
                # Title words weigh more (A); long texts are normalised (1 + log length).
                "ORDER BY ts_rank(setweight(to_tsvector('simple', e.title_segmented), 'A') || "
                "setweight(to_tsvector('simple', e.segmented), 'D'), to_tsquery('simple', %s), 1) "
                "DESC, e.published_at DESC NULLS LAST, e.id DESC",
                [tsquery, *extra_params, tsquery],
            )
            return [row[0] for row in cursor.fetchall()]
    qs = SearchEntry.objects.all()
    for term in terms:
        qs = qs.filter(segmented__icontains=term)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(published_at__year=filters.year)
    return list(qs.order_by("-published_at", "-id").values_list("id", flat=True))


# --- the FTS5 table (SQLite) ----------------------------------------------------------------

FTS_TABLE = "portal_search_fts"
_fts5: bool | None = None


def fts5_available() -> bool:
    """True when the migration could create the FTS5 table (SQLite built with FTS5)."""
    global _fts5
    if not _fts5:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=%s", [FTS_TABLE]
            )
            _fts5 = bool(cursor.fetchone()[0])
    return bool(_fts5)


SQLITE_SETUP = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title_segmented, segmented, "
    "content='portal_searchentry', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER IF NOT EXISTS portal_search_ai AFTER INSERT ON portal_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, title_segmented, segmented) "
    "VALUES (new.id, new.title_segmented, new.segmented); END",
    "CREATE TRIGGER IF NOT EXISTS portal_search_ad AFTER DELETE ON portal_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_segmented, segmented) "
    "VALUES ('delete', old.id, old.title_segmented, old.segmented); END",
    "CREATE TRIGGER IF NOT EXISTS portal_search_au AFTER UPDATE ON portal_searchentry BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_segmented, segmented) "
    "VALUES ('delete', old.id, old.title_segmented, old.segmented); "
    f"INSERT INTO {FTS_TABLE}(rowid, title_segmented, segmented) "
    "VALUES (new.id, new.title_segmented, new.segmented); END",
]
SQLITE_TEARDOWN = [
    "DROP TRIGGER IF EXISTS portal_search_ai",
    "DROP TRIGGER IF EXISTS portal_search_ad",
    "DROP TRIGGER IF EXISTS portal_search_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
POSTGRES_SETUP = [
    "CREATE INDEX IF NOT EXISTS portal_search_tsv ON portal_searchentry "
    "USING gin (to_tsvector('simple', segmented))",
]
POSTGRES_TEARDOWN = ["DROP INDEX IF EXISTS portal_search_tsv"]


def create_engine_index(schema_editor) -> None:
    """Used by the migration: the FTS5 table on SQLite, the GIN index on PostgreSQL."""
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_SETUP, "postgresql": POSTGRES_SETUP}.get(vendor, [])
    for statement in statements:
        try:
            schema_editor.execute(statement)
        except Exception:
            if vendor == "sqlite" and "fts5" in statement:
                # SQLite without FTS5: search falls back to substring matching.
                logger.warning("search: SQLite has no FTS5; using substring matching")
                return
            raise


def drop_engine_index(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_TEARDOWN, "postgresql": POSTGRES_TEARDOWN}.get(vendor, []):
        schema_editor.execute(statement)
