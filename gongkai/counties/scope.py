"""Which county the running code works for.

Every request runs inside one county's scope, chosen from its host name by
``gongkai.counties.middleware.CountyMiddleware``, or, for the city's own pages, inside an
explicit all-counties scope (``all_counties()``). Models that belong to a county use
``scoped_manager``: their default manager adds the county to every query, so a county's staff
cannot reach another county's rows by guessing an address (404), and a form's choices, a
search, a feed or an export list only the county's own rows.

Inside a request a query of a county's rows with no scope at all raises ``ScopeError`` (a
programming mistake, never a silent leak). Outside requests (management commands, background
tasks, the shell) no scope means the whole deployment: commands that act on one county take
``--county``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from gongkai.counties.models import County


class ScopeError(RuntimeError):
    """A county's rows were queried inside a request without a county in scope."""


class _All:
    def __repr__(self) -> str:
        return "<all counties>"


ALL = _All()

_current: ContextVar[Any] = ContextVar("gongkai_county", default=None)
_strict: ContextVar[bool] = ContextVar("gongkai_county_strict", default=False)


def current() -> County | None:
    """The county in scope, or None (no scope, or the all-counties scope)."""
    value = _current.get()
    return None if value is ALL or value is None else value


def current_id() -> int | None:
    county = current()
    return county.pk if county is not None else None


def is_all() -> bool:
    return _current.get() is ALL


@contextmanager
def activate(county: County | None) -> Iterator[None]:
    """Run the block for one county (None: leave the scope as it is)."""
    if county is None:
        yield
        return
    token = _current.set(county)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def all_counties() -> Iterator[None]:
    """Run the block over every county: the city's pages, cross-county commands."""
    token = _current.set(ALL)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def strict() -> Iterator[None]:
    """Refuse unscoped queries in the block (every request runs so)."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def set_for_request(county: County | Any) -> tuple[Any, Any]:
    """Set the scope for a request (the county, or ALL); returns tokens for ``reset``."""
    return _current.set(county), _strict.set(True)


def reset(tokens: tuple[Any, Any]) -> None:
    _current.reset(tokens[0])
    _strict.reset(tokens[1])


def snapshot() -> tuple[Any, bool]:
    return _current.get(), _strict.get()


@contextmanager
def restore(state: tuple[Any, bool]) -> Iterator[None]:
    """Re-enter a scope taken with ``snapshot`` (a streamed response's later chunks)."""
    t1, t2 = _current.set(state[0]), _strict.set(state[1])
    try:
        yield
    finally:
        _current.reset(t1)
        _strict.reset(t2)


CountyPath = str | Callable[[int], Q]


def _in_scope(model: type[models.Model]) -> Any:
    """The county in scope (or ALL, or None outside a request); inside a request without one,
    ScopeError."""
    value = _current.get()
    if value is None and _strict.get():
        raise ScopeError(
            f"{model._meta.label} queried inside a request without a county in "
            "scope: run the query in scope.activate(county) or scope.all_counties()."
        )
    return value


def restrict(queryset: models.QuerySet, path: CountyPath) -> models.QuerySet:
    value = _in_scope(queryset.model)
    if value is ALL or value is None:
        return queryset
    if callable(path):
        return queryset.filter(path(value.pk))
    return queryset.filter(**{path: value.pk})


class CountyQuerySet(models.QuerySet):
    """Locks only the rows of its own table: the county filter joins the parents (programme,
    unit), and a plain FOR UPDATE would lock those too (every activity of a programme waiting
    on one another) or fail on PostgreSQL where the join is an outer one."""

    def select_for_update(self, nowait=False, skip_locked=False, of=(), no_key=False):
        return super().select_for_update(
            nowait=nowait, skip_locked=skip_locked, of=of or ("self",), no_key=no_key
        )


class CountyScopedManager(models.Manager):
    """A default manager that adds the county in scope to every query.

    ``county_path`` (a class attribute: Django builds related managers from the class) is the
    lookup from the model to its county (``"county"``, ``"programme__county"``,
    ``"interview__programme__county"``) or a function of the county's id returning a ``Q``
    (rows shared by the whole city have no county)."""

    county_path: CountyPath = "county"

    def get_queryset(self) -> models.QuerySet:
        return restrict(super().get_queryset(), self.county_path)

    def create(self, **kwargs: Any) -> Any:
        """A new row names no row to filter, so the county's filter (and its joins) is not
        built for it: ~9 % of a question's intake (bench/profile_intake.py). The scope is
        checked as for a query; the row gets its county when saved (``fill_county``)."""
        _in_scope(self.model)
        return super().get_queryset().create(**kwargs)


def _path_name(path: CountyPath) -> str:
    name = path if isinstance(path, str) else getattr(path, "path", "q")
    return "".join(part.title() for part in name.split("__"))


def scoped_manager(
    county_path: CountyPath = "county", queryset_class: type[models.QuerySet] | None = None
) -> Any:
    """The default manager of a model that belongs to a county (typed ``Any``: the class is
    made here, out of sight of the type checker's Django plugin)."""
    if queryset_class is None:
        queryset_class = CountyQuerySet
    else:
        queryset_class = type(
            f"County{queryset_class.__name__}", (CountyQuerySet, queryset_class), {}
        )
    base: type[CountyScopedManager] = CountyScopedManager.from_queryset(queryset_class)
    attrs = {
        "county_path": staticmethod(county_path) if callable(county_path) else county_path,
        "__module__": __name__,
    }
    manager_class = type(f"ScopedBy{_path_name(county_path)}{base.__name__}", (base,), attrs)
    return manager_class()


def own_or_shared(field: str = "county") -> Callable[[int], Q]:
    """Rows of the county in scope and rows shared by the whole city (no county)."""

    def q(county_id: int) -> Q:
        return Q(**{f"{field}_id": county_id}) | Q(**{f"{field}__isnull": True})

    q.path = field  # type: ignore[attr-defined]
    return q


def own_rows(field: str = "county") -> Q:
    """The rows the running code may change in a table shared with the city (``own_or_shared``):
    the county's own rows in a county's scope, the city's rows (no county) in the all-counties
    scope. A county reads the city's working days and sensitive words but never changes them."""
    if is_all():
        return Q(**{f"{field}__isnull": True})
    county_id = current_id()
    if county_id is None:  # outside requests: the county new rows get (the first)
        from gongkai.counties.models import default_county_id

        county_id = default_county_id()
    return Q(**{f"{field}_id": county_id})


def county_id_of(obj: models.Model) -> int | None:
    """The county a row belongs to, found along its manager's ``county_path`` (None for a row
    of a model that is not a county's, or a row shared by the city)."""
    manager = type(obj)._default_manager
    path = getattr(manager, "county_path", None)
    if path is None:
        return None
    if callable(path):
        path = getattr(path, "path", None)
        if path is None:
            return None
    *steps, last = str(path).split("__")
    current: Any = obj
    for step in steps:
        current = getattr(current, step, None)
        if current is None:
            return None
    return getattr(current, f"{last}_id", None)
