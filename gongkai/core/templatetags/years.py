"""The year switcher on every staff page that shows one year (``gongkai.programmes.years``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from gongkai.programmes.years import YEAR_PARAM, year_choices

register = template.Library()

# URL arguments a page may keep when it switches to another year: a unit's scores are the same
# page in every year, an indicator or an objection belongs to one year only.
_KEPT_KWARGS = frozenset({"year", "unit_id"})


def _year_url(request: Any, year: int) -> str | None:
    match = request.resolver_match
    if match is not None and "year" in match.kwargs:
        if not set(match.kwargs) <= _KEPT_KWARGS:
            return None
        try:
            return reverse(match.view_name, kwargs={**match.kwargs, "year": year})
        except NoReverseMatch:
            return None
    params = request.GET.copy()
    params[YEAR_PARAM] = str(year)
    params.pop("page", None)
    return f"{request.path}?{params.urlencode()}"


@register.inclusion_tag("core/year_switcher.html", takes_context=True)
def year_switcher(context: dict[str, Any]) -> dict[str, Any]:
    """Links to the same page in each year the user may see; a draft year is marked."""
    request = context.get("request")
    shown = getattr(request, "gongkai_programme", None)
    if shown is None:
        return {"links": []}
    links = []
    for year, published in year_choices(request.user):
        url = _year_url(request, year)
        if url is None:
            return {"links": []}
        current = year == shown.year
        links.append({"year": year, "url": url, "draft": not published, "current": current})
    return {"links": links}
