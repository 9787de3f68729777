"""The city's pages: the cross-county dashboard, the ranking, spot checks (thin views)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.city import rules, services
from gongkai.counties import scope
from gongkai.counties.models import County

supervises = predicate_required(rules.can_supervise)


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return services.default_year()


@supervises
def dashboard(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = services.dashboard(year) if year is not None else []
    return render(
        request,
        "city/dashboard.html",
        {
            "year": year,
            "years": services.years(),
            "rows": rows,
            "can_spot_check": rules.can_spot_check(request.user),
        },
    )


@supervises
def ranking(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = services.ranking(year) if year is not None else []
    if year is not None and any(r.stale for r in rows):
        services.request_refresh(year)
    return render(
        request,
        "city/ranking.html",
        {
            "year": year,
            "years": services.years(),
            "rows": rows,
            "from_snapshots": any(r.locked_at for r in rows),
            "provisional": any(r.provisional for r in rows),
            "stale_minutes": int(services.STALE_AFTER.total_seconds() // 60),
        },
    )


@require_POST
@supervises
def ranking_refresh(request: HttpRequest) -> HttpResponse:
    """The ranking's "recompute" button (the year in the address, as the page's)."""
    year = _year(request)
    if year is None:
        return redirect("city:ranking")
    # Computed now, not queued: the person asked and waits for it (about a second for 12
    # counties), and it works without a task worker (the demo, a county's single machine).
    scored = services.refresh_provisional_scores(year)
    messages.success(
        request,
        _("The provisional scores of %(year)s were recomputed (%(n)s counties).")
        % {"year": year, "n": scored},
    )
    return redirect(f"{reverse('city:ranking')}?year={year}")


@supervises
def spot_checks(request: HttpRequest) -> HttpResponse:
    return render(request, "city/spot_checks.html", {"checks": services.spot_checks()})


@require_POST
@predicate_required(rules.can_spot_check)
def spot_check_start(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("county", "")
    with scope.all_counties():
        county = County.objects.filter(pk=raw).first() if raw.isdigit() else None
    if county is None:
        raise Http404
    services.start_spot_check(
        request.session,
        supervisor=request.user,
        county=county,
        note=request.POST.get("note", "")[:200],
    )
    messages.info(
        request,
        _(
            "Spot check of %(county)s started: every page now shows %(county)s as its staff see "
            "it, read-only, and each page you open is recorded. End it from the banner."
        )
        % {"county": county.name},
    )
    return redirect("assessment:staff-home")


@require_POST
@predicate_required(rules.can_spot_check)
def spot_check_end(request: HttpRequest) -> HttpResponse:
    check = services.end_spot_check(request.session, supervisor=request.user)
    if check is not None:
        messages.info(
            request,
            _("Spot check of %(county)s ended: %(pages)d pages recorded.")
            % {"county": check.county.name, "pages": check.pages},
        )
    return redirect("city:spot-checks")
