"""The engine-specific part of the search index: FTS5 + triggers on SQLite, GIN on PostgreSQL."""

from django.db import migrations


def forwards(apps, schema_editor):
    from gongkai.portal.search import create_engine_index

    create_engine_index(schema_editor)


def backwards(apps, schema_editor):
    from gongkai.portal.search import drop_engine_index

    drop_engine_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_search_entry")]

    operations = [migrations.RunPython(forwards, backwards)]
