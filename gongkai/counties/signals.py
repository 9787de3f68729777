"""Every row of a county-owned table gets its county when it is first saved: the county in
scope, else the deployment's first county. A row meant for every county (a city-wide holiday,
a base sensitive word, a city account) is saved in ``scope.all_counties()`` or with
``row.city_wide = True``."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import pre_save

from gongkai.counties import scope

_county_models: set[type] = set()


def fill_county(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.county_id is not None:
        return
    if getattr(instance, "city_wide", False) or scope.is_all():
        if instance._meta.get_field("county").null:
            return
    from gongkai.counties.models import default_county_id

    instance.county_id = default_county_id()


def county_models() -> set[type]:
    """The models with a ``county`` key (the roots of each county's data)."""
    if not _county_models:
        from gongkai.counties.models import County

        for model in apps.get_models():
            try:
                field = model._meta.get_field("county")
            except Exception:
                continue
            if getattr(field, "related_model", None) is County:
                _county_models.add(model)
    return _county_models


def connect() -> None:
    for model in county_models():
        pre_save.connect(fill_county, sender=model, dispatch_uid=f"county-{model._meta.label}")
