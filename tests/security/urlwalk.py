"""Walk the URLconf: every view of the platform, with its declared access rule and path
arguments, so the permission matrix and the fuzz tests cover views added later by themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
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


# --- what each path argument names ---------------------------------------------------------


@dataclass(frozen=True)
class Arg:
    """What a path argument names: a row of ``model`` (a label; ``{kind}`` stands for the value
    of the route's ``kind`` argument) found by ``field``, or one of fixed ``values`` when it
    names no row."""

    model: str | None = None
    field: str = "pk"
    values: tuple[str, ...] = ()


# First match wins: (URL name pattern, argument) → Arg. An argument ``<model>_pk``/``<model>_id``
# naming a model of the view's own app needs no entry. test_permission_matrix checks that every
# path argument of the URLconf is understood, so a new route cannot slip past the matrix.
ARGS: list[tuple[str, str, Arg]] = [
    ("*", "year", Arg("programmes.Programme", "year")),
    ("*", "unit_id", Arg("units.Unit")),
    ("accounts:*", "pk", Arg("accounts.User")),
    ("units:*", "pk", Arg("units.Unit")),
    ("workdays:*", "pk", Arg("workdays.DayOverride")),
    ("interviews:*", "line_pk", Arg("interviews.FeedLine")),
    ("interviews:guest-photo", "person_pk", Arg("interviews.ReceiptPerson")),
    ("interviews:*", "pk", Arg("interviews.Interview")),
    ("interviews:status-step", "to", Arg(values=("preview", "draft"))),
    ("questions:interview-questions", "pk", Arg("interviews.Interview")),
    ("questions:question-ask", "pk", Arg("interviews.Interview")),
    ("questions:word-delete", "pk", Arg("questions.SensitiveWord")),
    ("questions:control-*", "pk", Arg("interviews.Interview")),
    ("questions:*", "pk", Arg("questions.Question")),
    # A captcha token is made per page view and kept in the cache, not a row.
    ("questions:captcha-image", "token", Arg(values=("captcha-token",))),
    ("visits:registration*", "code", Arg("visits.Registration", "code")),
    ("visits:checkin", "token", Arg("visits.Activity", "checkin_token")),
    ("visits:opinion", "token", Arg("visits.Activity", "opinion_token")),
    ("visits:qr", "what", Arg(values=("checkin",))),
    ("visits:qr", "token", Arg("visits.Activity", "checkin_token")),
    ("visits:staff-suggestion-*", "pk", Arg("visits.Suggestion")),
    ("visits:suggestion", "pk", Arg("visits.Suggestion")),
    ("visits:staff-representative-*", "pk", Arg("visits.Representative")),
    ("visits:*", "reg_pk", Arg("visits.Registration")),
    ("visits:*", "form_pk", Arg("visits.OpinionForm")),
    ("visits:*", "pk", Arg("visits.Activity")),
    ("policies:*", "attachment_id", Arg("policies.PolicyAttachment")),
    ("policies:interpretation-file", "which", Arg(values=("image", "video", "audio"))),
    ("policies:interpretation-create", "pk", Arg("policies.PolicyDocument")),
    ("policies:video-request-create", "pk", Arg("policies.PolicyDocument")),
    ("policies:interpretation-*", "pk", Arg("policies.Interpretation")),
    ("policies:video-request-*", "pk", Arg("policies.VideoRequest")),
    ("policies:*", "pk", Arg("policies.PolicyDocument")),
    ("consultations:*", "item_pk", Arg("consultations.Item")),
    ("consultations:*", "attachment_id", Arg("consultations.Attachment")),
    ("consultations:*", "comment_pk", Arg("consultations.Comment")),
    ("consultations:*", "pk", Arg("consultations.Consultation")),
    ("assessment:indicator-*", "pk", Arg("assessment.Indicator")),
    ("assessment:lock-detail", "pk", Arg("assessment.Snapshot")),
    ("assessment:bundle-*", "pk", Arg("assessment.CountyBundle")),
    ("assessment:*", "pk", Arg("assessment.Objection")),
    ("publishing:*", "kind", Arg(values=("{reviewable kinds}",))),
    ("publishing:*", "pk", Arg("{kind}")),
    ("countyadmin:shared-workday-delete", "pk", Arg("workdays.DayOverride")),
    ("countyadmin:shared-word-delete", "pk", Arg("questions.SensitiveWord")),
    ("countyadmin:export-download", "pk", Arg("countyadmin.CountyExport")),
    ("countyadmin:*", "slug", Arg("counties.County", "slug")),
    ("portal:attachment", "number", Arg("programmes.NoticeAttachment", "number")),
    ("portal:feed-*", "slug", Arg(values=("interviews", "policies", "visits"))),
    # Served by the ASGI endpoint (gongkai.live.asgi); Django answers 404 for any channel.
    ("live:stream", "channel", Arg(values=("interview-1",))),
]


def arg_spec(endpoint: Endpoint, arg: str) -> Arg | None:
    """How to fill ``arg`` of ``endpoint``; None when nothing says (a gap in ARGS)."""
    for pattern, name, spec in ARGS:
        if name == arg and fnmatchcase(endpoint.name or "", pattern):
            if spec.values == ("{reviewable kinds}",):
                from gongkai.publishing.registry import reviewable_kinds

                return Arg(values=tuple(k.key for k in reviewable_kinds()))
            return spec
    label = endpoint.app_label
    key = re.sub(r"_(id|pk)$", "", arg).replace("_", "")
    if label is not None and key != arg:
        by_name = {m._meta.model_name: m for m in apps.get_app_config(label).get_models()}
        if key in by_name:
            return Arg(by_name[key]._meta.label)
    return None


# --- which unit a row belongs to -----------------------------------------------------------

# Where following foreign keys finds more than one way to a unit, the one that owns the row.
UNIT_PATHS: dict[str, str | None] = {
    "visits.Registration": "activity__unit",  # not the unit that added the representative
    "visits.Representative": "added_by_unit",  # not the town the person lives in
    "accounts.AccountChange": None,  # new_unit is where an account moves, not an owner
}
# Foreign keys that name who did something, not who owns the row.
_ACTOR_MODELS = {"accounts.User"}
MAX_HOPS = 3


def discovered_unit_paths(model: type[models.Model]) -> list[str]:
    """The shortest foreign-key paths (at most MAX_HOPS) from ``model`` to a Unit, not through
    accounts (a row's author is not its owner)."""
    from gongkai.units.models import Unit

    if model is Unit:
        return ["pk"]
    frontier: list[tuple[type[models.Model], str]] = [(model, "")]
    for _hop in range(MAX_HOPS):
        found, following = [], []
        for current, path in frontier:
            for f in current._meta.fields:
                if not isinstance(f, models.ForeignKey):
                    continue
                target = f.related_model
                step = f"{path}__{f.name}" if path else f.name
                if target is Unit:
                    found.append(step)
                elif target._meta.label not in _ACTOR_MODELS and target is not current:
                    following.append((target, step))
        if found:
            return found
        frontier = following
    return []


def unit_path(model: type[models.Model]) -> str | None:
    """The lookup from ``model`` to the unit owning its rows (None: rows of no unit)."""
    if model._meta.label in UNIT_PATHS:
        return UNIT_PATHS[model._meta.label]
    paths = discovered_unit_paths(model)
    if len(paths) > 1:
        raise LookupError(f"{model._meta.label}: {paths}; say which in UNIT_PATHS")
    return paths[0] if paths else None


def units_of(model: type[models.Model], pks) -> dict[Any, int | None]:
    path = unit_path(model)
    if path is None:
        return {pk: None for pk in pks}
    return dict(model._base_manager.filter(pk__in=list(pks)).values_list("pk", path))


def unit_of(obj: models.Model) -> int | None:
    return units_of(type(obj), [obj.pk]).get(obj.pk)


# --- filling the path arguments ----------------------------------------------------------

MISSING_INT = 999999
MISSING_STR = "does-not-exist"


@dataclass
class Filling:
    values: dict[str, Any]
    kind: str  # "own": rows of the persona's unit (or of no unit); "other": of ANOTHER unit;
    #            "any": persona of no unit; "missing": one argument names no row
    objects: list[models.Model] = field(default_factory=list)

    @property
    def other_unit(self) -> bool:
        return self.kind == "other"


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


# Rows a view only shows in some state: these are tried first, so an own row gets as far as
# the page (a unit sees a question once it is sent to it; a scan is served when there is one).
USABLE: dict[str, dict[str, Any]] = {
    "questions.Question": {"sent_to_unit_at__isnull": False},
    "visits.OpinionForm": {"scan__gt": ""},
}


def _rows(model: type[models.Model]) -> list[tuple[models.Model, int | None]]:
    rows = list(model._base_manager.order_by("pk")[:300])
    units = units_of(model, [r.pk for r in rows])
    usable = USABLE.get(model._meta.label)
    if usable:
        ok = set(model._base_manager.filter(**usable).values_list("pk", flat=True))
        rows.sort(key=lambda r: r.pk not in ok)
    return [(r, units.get(r.pk)) for r in rows]


def _coherent(specs, owned, prefer: int | None = None):
    """Values for every argument, rows related to each other (a feed line of the interview
    named, an objection of the year named), every unit-owned row passing ``owned``; rows of
    unit ``prefer`` first."""
    args = list(specs)
    cache: dict[str, list] = {}

    def rows_for(label: str):
        if label not in cache:
            cache[label] = _rows(_model(label))
        return cache[label]

    def fill(i: int, values: dict, chosen: list[models.Model]):
        if i == len(args):
            return dict(values), list(chosen)
        arg = args[i]
        spec = specs[arg]
        if spec.model is None:
            for value in spec.values:
                hit = fill(i + 1, {**values, arg: value}, chosen)
                if hit:
                    return hit
            return None
        label = spec.model.format(**values)
        try:
            model = _model(label)
        except LookupError:
            return None
        has_unit = unit_path(model) is not None
        rows = sorted(rows_for(model._meta.label), key=lambda r: r[1] != prefer)
        for row, unit in rows:
            if has_unit and not owned(unit):
                continue
            if not _related(row, chosen):
                continue
            hit = fill(i + 1, {**values, arg: getattr(row, spec.field)}, [*chosen, row])
            if hit:
                return hit
        return None

    return fill(0, {}, [])


def _related(row: models.Model, chosen: list[models.Model]) -> bool:
    for f in row._meta.fields:
        if not isinstance(f, models.ForeignKey):
            continue
        for other in chosen:
            if f.related_model is type(other) and getattr(row, f.attname) != other.pk:
                return False
    return True


def fillings(endpoint: Endpoint, own_unit_id: int | None, other_unit_id: int | None = None):
    """Path argument values: rows of the persona's own unit, rows of ANOTHER unit (of
    ``other_unit_id`` where there are some), and each argument in turn naming no row. With no
    own unit (roles that see every unit): any rows, ``other_unit_id``'s first. Values are
    coherent: a child row belongs to the parent row named in the same URL, so the view gets as
    far as its permission check."""
    if not endpoint.converters:
        return [Filling({}, "own")]
    specs = {
        arg: arg_spec(endpoint, arg) or Arg(values=(MISSING_STR,)) for arg in endpoint.converters
    }
    result: list[Filling] = []
    if own_unit_id is None:
        base = _coherent(specs, lambda unit: True, other_unit_id)
        if base:
            result.append(Filling(base[0], "any", base[1]))
    else:
        base = _coherent(specs, lambda unit: unit in (None, own_unit_id), own_unit_id)
        if base:
            result.append(Filling(base[0], "own", base[1]))
        other = _coherent(
            specs, lambda unit: unit is not None and unit != own_unit_id, other_unit_id
        )
        if other and any(unit_path(type(row)) is not None for row in other[1]):
            result.append(Filling(other[0], "other", other[1]))
        if base is None:
            anything = _coherent(specs, lambda unit: True)
            if anything:
                result.append(Filling(anything[0], "any", anything[1]))
    start = result[0].values if result else {}
    for arg, converter in endpoint.converters.items():
        spec = specs[arg]
        if spec.model is None and arg != "kind":
            continue
        missing = MISSING_INT if isinstance(converter, IntConverter) else MISSING_STR
        if arg == "year":
            missing = 1999
        values = {a: start.get(a, _placeholder(c)) for a, c in endpoint.converters.items()}
        values[arg] = missing
        result.append(Filling(values, "missing"))
    return result


def _placeholder(converter) -> Any:
    return MISSING_INT if isinstance(converter, IntConverter) else MISSING_STR
