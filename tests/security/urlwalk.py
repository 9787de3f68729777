"""Walk the URLconf: every view of the platform, with its declared access rule and path
arguments, so the permission matrix and the fuzz tests cover views added later by themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from gongkai.accounts.rules import view_access

# Not this layer's business: Django's own admin (staff superusers only, tested by Django),
# the language switch, the API (schemathesis covers it), uploads (tests/security/test_headers).
SKIPPED_PREFIXES = ("django-admin/", "i18n/", "api/", "media/", "static/")


@dataclass
class Endpoint:
    route: str  # e.g. "staff/audit/export.csv"
    name: str | None  # namespaced URL name
    callback: Any
    converters: dict[str, Any] = field(default_factory=dict)
    default_kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def access(self):
        return view_access(self.callback)

    @property
    def is_staff_area(self) -> bool:
        return self.access is not None or self.route.startswith("staff/") or "/staff/" in self.route

    @property
    def app_label(self) -> str | None:
        module = getattr(self.callback, "__module__", "") or ""
        view_class = getattr(self.callback, "view_class", None)
        if view_class is not None:
            module = view_class.__module__
        for config in apps.get_app_configs():
            if module.startswith(config.name + "."):
                return config.label
        return None

    def url(self, values: dict[str, Any]) -> str:
        out = self.route
        for name in self.converters:
            out = re.sub(r"<(?:[^>:]+:)?" + re.escape(name) + ">", str(values[name]), out)
        return "/" + out


def _walk(patterns, prefix: str, namespace: str, converters: dict) -> Iterator[Endpoint]:
    for entry in patterns:
        route = str(entry.pattern)
        conv = {**converters, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + route, ns, conv)
        elif isinstance(entry, URLPattern):
            full = prefix + route
            if full.startswith("^") or "(?P" in full:
                continue  # regex routes: none in the project
            yield Endpoint(
                route=full,
                name=f"{namespace}{entry.name}" if entry.name else None,
                callback=entry.callback,
                converters=conv,
                default_kwargs=dict(entry.default_args),
            )


def endpoints() -> list[Endpoint]:
    found = _walk(get_resolver().url_patterns, "", "", {})
    return [e for e in found if not e.route.startswith(SKIPPED_PREFIXES)]


def _model_for(endpoint: Endpoint, arg: str) -> type[models.Model] | None:
    """Guess which model a path argument names: ``<model>_id``/``<model>_pk``/``<model>`` in
    the view's app, or for ``pk``/``id`` the model named in the URL name; else the app's only
    model."""
    label = endpoint.app_label
    if label is None:
        return None
    candidates = [m for m in apps.get_app_config(label).get_models() if not m._meta.abstract]
    key = re.sub(r"_(id|pk)$", "", arg).replace("_", "")
    by_name = {m._meta.model_name: m for m in candidates}
    if key in by_name:
        return by_name[key]
    if arg in {"pk", "id"}:
        words = re.split(r"[-_:]", (endpoint.name or "").lower())
        joined = "".join(words)
        named = [m for n, m in by_name.items() if n in words or n in joined]
        if len(named) == 1:
            return named[0]
        if len(candidates) == 1:
            return candidates[0]
    return None


def unit_of(obj: models.Model) -> int | None:
    try:
        field_ = obj._meta.get_field("unit")
    except Exception:
        return None
    if isinstance(field_, models.ForeignKey):
        return getattr(obj, "unit_id", None)
    return None


@dataclass
class Filling:
    values: dict[str, Any]
    other_unit: bool = False  # the object named belongs to another unit than own_unit_id


def fillings(endpoint: Endpoint, own_unit_id: int | None, programme_year: int) -> list[Filling]:
    """Path argument values: an existing object of the own unit, one of ANOTHER unit, and a
    missing id; for other arguments the existing values found in the data."""
    if not endpoint.converters:
        return [Filling({})]
    choices: dict[str, list[tuple[Any, bool]]] = {}
    for arg, converter in endpoint.converters.items():
        if arg == "year":
            choices[arg] = [(programme_year, False), (1999, False)]
            continue
        model = _model_for(endpoint, arg)
        values: list[tuple[Any, bool]] = []
        if model is not None:
            rows = list(model._base_manager.order_by("pk")[:200])
            own = [r for r in rows if unit_of(r) in (None, own_unit_id)]
            other = [r for r in rows if unit_of(r) not in (None, own_unit_id)]
            if isinstance(converter, IntConverter) or arg in {"pk", "id"} or arg.endswith("_id"):
                values += [(r.pk, False) for r in own[:1]] + [(r.pk, True) for r in other[:1]]
            else:
                slug_field = next(
                    (f.name for f in model._meta.fields if f.name in {"slug", "code", "token"}),
                    None,
                )
                if slug_field:
                    values += [(getattr(r, slug_field), False) for r in own[:1]]
                    values += [(getattr(r, slug_field), True) for r in other[:1]]
        if isinstance(converter, IntConverter):
            values += [(1, False), (999999, False)]
        else:
            values += [("1", False), ("does-not-exist", False)]
        choices[arg] = values
    # Vary one argument at a time; the others take their first value.
    first = {arg: vals[0][0] for arg, vals in choices.items()}
    result = []
    seen = set()
    for arg, vals in choices.items():
        for value, other in vals:
            filled = {**first, arg: value}
            key = tuple(sorted(filled.items()))
            if key in seen:
                continue
            seen.add(key)
            result.append(Filling(filled, other))
    return result
