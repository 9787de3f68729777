"""Migration helpers: turning a one-county database into county #1 of a multi-county one.

Used by the migrations that added the ``county`` key: every existing row goes to the first
county (created here if the database has none), so nothing changes for a county that upgrades.
"""

from __future__ import annotations

from django.conf import settings
from django.db import migrations


def first_county_id(apps, schema_editor) -> int:
    County = apps.get_model("counties", "County")
    db = schema_editor.connection.alias
    county = County.objects.using(db).order_by("pk").first()
    if county is None:
        county = County.objects.using(db).create(
            name=getattr(settings, "GONGKAI_COUNTY_NAME", "靖边县"),
            slug=getattr(settings, "GONGKAI_COUNTY_SLUG", "jingbian"),
        )
    return county.pk


def fill_first_county(*model_names: str) -> migrations.RunPython:
    """A RunPython that gives every row of ``app.Model`` without a county the first county."""

    def forwards(apps, schema_editor) -> None:
        db = schema_editor.connection.alias
        models = [apps.get_model(*name.split(".")) for name in model_names]
        if not any(m._base_manager.using(db).filter(county__isnull=True).exists() for m in models):
            return
        county_id = first_county_id(apps, schema_editor)
        for model in models:
            model._base_manager.using(db).filter(county__isnull=True).update(county_id=county_id)

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)
