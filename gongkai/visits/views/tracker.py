"""The public suggestion tracker: /visits/suggestions/ and one suggestion's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.lib.params import parse_id
from gongkai.portal.cache import public_page
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit
from gongkai.visits.services import tracker
from gongkai.visits.views.public import LOOKUP_LIMIT, TOO_MANY, _allowed

PAGE_SIZE = 20


@public_page
def suggestion_list(request):
    year = parse_id(request.GET.get("year", ""))
    unit_id = parse_id(request.GET.get("unit", ""))
    status = request.GET.get("status", "")
    filters = tracker.TrackerFilter(year=year, unit_id=unit_id, status=status)
    page = Paginator(tracker.public_suggestions(filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = tracker.mark_overdue(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "visits/suggestions.html",
        {
            "page": page,
            "suggestions": rows,
            "filters": filters,
            "years": Programme.objects.published().order_by("-year").values_list("year", flat=True),
            "units": Unit.objects.filter(
                pk__in=tracker.public_suggestions().values("responsible_unit")
            ).order_by("sort_order", "name"),
            "statuses": tracker.status_filter_choices(),
            "query": query.urlencode(),
        },
    )


def suggestion_detail(request, pk: int):
    """A published suggestion's page; with ``?code=`` (the opinion form's lookup code) the
    representative also sees their own suggestion before it is published."""
    code = request.GET.get("code", "")
    suggestion = tracker.published_suggestion(pk)
    own = False
    if code:
        if not _allowed(request, "visits-lookup", "", LOOKUP_LIMIT):
            return render(
                request,
                "visits/suggestion.html",
                {"too_many": _("Too many attempts. Please try again in an hour.")},
                status=TOO_MANY,
            )
        mine = tracker.own_suggestion(pk, code)
        if mine is not None:
            suggestion, own = mine, True
    if suggestion is None:
        raise Http404
    tracker.mark_overdue([suggestion])
    return render(
        request,
        "visits/suggestion.html",
        {"s": suggestion, "own": own, "steps": suggestion.steps.all()},
    )
