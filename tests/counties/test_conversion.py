"""Upgrading a one-county database: the migrations that add the counties turn every existing
row into a row of county #1, keeping its data (no conversion command needed;
docs/deployment.md "Upgrading a one-county deployment").

The test loads the demo, migrates the database back to before the counties existed (the
county columns and table dropped: a one-county database as it was), adds rows there with the
historical models, reads every row of every table, migrates forward again and compares."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from gongkai.counties import resolve

pytestmark = pytest.mark.django_db(transaction=True)


def _rows() -> dict[str, dict[object, dict[str, object]]]:
    """Every row of every table, by primary key (the first column)."""
    quote = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith(("django_migrations", "sqlite_")) or "_fts" in table:
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = [c[0] for c in cursor.description]
            result[table] = {
                (row[0], i if columns[0] != "id" else 0): dict(zip(columns, row, strict=True))
                for i, row in enumerate(cursor.fetchall())
            }
    return result


def test_a_one_county_database_becomes_county_1_without_losing_a_row(settings, tmp_path):
    from gongkai.ops.demo import load_demo

    settings.MEDIA_ROOT = str(tmp_path)
    load_demo()
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    try:
        # Back to before the counties: every migration that needs the counties goes too.
        state = executor.migrate([("counties", None)])
        tables = connection.introspection.table_names()
        assert "counties_county" not in tables
        with connection.cursor() as cursor:
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, "units_unit")
            ]
        assert "county_id" not in columns
        # Rows made by the historical models of the one-county schema.
        Unit = state.apps.get_model("units", "Unit")
        Unit.objects.create(name="升级前新建的单位", kind="department", sort_order=999)
        before = _rows()
        executor = MigrationExecutor(connection)
        executor.migrate(leaves)
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        resolve.forget()
    after = _rows()

    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM counties_county")
        counties = [row[0] for row in cursor.fetchall()]
    assert len(counties) == 1
    (county_id,) = counties
    checked = 0
    for table, rows in before.items():
        assert table in after, f"{table} is gone"
        assert after[table].keys() == rows.keys(), f"{table}: rows added or lost"
        for key, row in rows.items():
            new = after[table][key]
            assert {c: new[c] for c in row} == row, f"{table} {key}: data changed"
            if "county_id" in new:
                assert new["county_id"] in (county_id, None), (table, key)
            checked += 1
    # Every county key that must be set is county #1's (nullable ones: accounts and city-wide
    # rows stay as they were, the county's own rows get county #1).
    for table in (
        "units_unit",
        "programmes_programme",
        "visits_representative",
        "accounts_user",
    ):
        assert {r["county_id"] for r in after[table].values()} == {county_id}, table
    assert checked > 500
