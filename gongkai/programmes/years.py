"""Which year a staff page shows: every year stays reachable, a draft only for coordinators.

The year is carried in the URL: in the path where the page has one (``/assessment/2023/``),
otherwise as ``?year=2023``. Without it a page shows the current published year
(``Programme.current()``). A year the user may not see (a draft, for anyone but the
coordinators) answers 404, the same as a year that does not exist; it never falls back to
another year silently.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from gongkai.lib.params import parse_id
from gongkai.programmes.models import Programme
from gongkai.programmes.rules import can_see_draft_programmes

YEAR_PARAM = "year"
MAX_YEAR = 9999


def visible_programmes(
    user: Any, queryset: QuerySet[Programme] | None = None
) -> QuerySet[Programme]:
    """The programmes ``user`` may open, newest first."""
    queryset = Programme.objects.all() if queryset is None else queryset
    if not can_see_draft_programmes(user):
        queryset = queryset.published()
    return queryset.order_by("-year")


def default_programme(user: Any, queryset: QuerySet[Programme] | None = None) -> Programme | None:
    """The current published year; with none published yet, the newest the user may see."""
    visible = visible_programmes(user, queryset)
    return visible.published().first() or visible.first()


def programme_for_year(
    request: Any, year: int, queryset: QuerySet[Programme] | None = None
) -> Programme:
    """The programme of ``year`` if the user may see it (404 otherwise); remembered on the
    request for the year switcher."""
    programme = visible_programmes(request.user, queryset).filter(year=year).first()
    if programme is None:
        raise Http404
    request.gongkai_programme = programme
    return programme


def selected_programme(
    request: Any, queryset: QuerySet[Programme] | None = None
) -> Programme | None:
    """The programme a page shows: ``?year=`` when given (404 when unknown or not visible),
    else the default. Remembered on the request for the year switcher."""
    raw = request.GET.get(YEAR_PARAM)
    if raw:
        year = parse_id(raw)
        if year is None or year > MAX_YEAR:
            raise Http404
        return programme_for_year(request, year, queryset)
    programme = default_programme(request.user, queryset)
    request.gongkai_programme = programme
    return programme


def year_choices(user: Any) -> list[tuple[int, bool]]:
    """(year, published) for the switcher, newest first."""
    return list(visible_programmes(user).values_list("year", "notice_published"))
