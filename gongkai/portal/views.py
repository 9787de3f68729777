"""The public portal: home, the published notices with their attachments, search, feeds, the
sitemap. No personal data is ever rendered here. Public GET pages go through
``cache.public_page`` (anonymous visitors get a cached copy, ETag and Cache-Control)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from gongkai.accounts.rules import predicate_required
from gongkai.lib.params import parse_id, posted
from gongkai.portal import feeds as portal_feeds
from gongkai.portal import home as portal_home
from gongkai.portal import identity
from gongkai.portal import search as portal_search
from gongkai.portal import sitemaps as portal_sitemaps
from gongkai.portal import statistics as portal_statistics
from gongkai.portal.cache import public_page
from gongkai.portal.care import CARE_COOKIE
from gongkai.portal.models import SiteIdentity
from gongkai.portal.rules import can_edit_site_identity
from gongkai.programmes import notice
from gongkai.programmes.models import Programme, TrackKind
from gongkai.units.models import UnitKind

SEARCH_MAX_PAGE = 10_000
SEARCH_PAGE_SIZE = 20


@require_safe
@public_page
def home(request):
    programme = (
        Programme.objects.published()
        .prefetch_related("tracks", "slots__slot_units__unit", "guests__unit")
        .first()
    )
    context = {
        "programme": programme,
        "track_kinds": TrackKind,
        "sections": portal_home.rendered_sections(),
        "latest_notices": Programme.objects.published().order_by("-year")[:5],
    }
    return render(request, "portal/home.html", context)


@require_safe
@public_page
def notice_list(request):
    programmes = Programme.objects.published().order_by("-year")
    return render(request, "portal/notice_list.html", {"programmes": programmes})


def _published_programme(year: int) -> Programme:
    return get_object_or_404(
        Programme.objects.published().prefetch_related(
            "attachments", "deadlines", "tracks", "slots__slot_units__unit"
        ),
        year=year,
    )


@require_safe
@public_page
def notice_detail(request, year: int):
    programme = _published_programme(year)
    context = {"programme": programme, "notice": notice.layout(programme)}
    return render(request, "portal/notice_detail.html", context)


def _document(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "max-age=600"
    return response


@require_safe
def notice_docx(request, year: int):
    """The notice with its attachments as a Word file laid out as GB/T 9704 asks."""
    programme = _published_programme(year)
    return _document(
        notice.notice_docx(programme),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        notice.file_name(programme, "docx"),
    )


@require_safe
def notice_pdf(request, year: int):
    """The same document as a PDF."""
    programme = _published_programme(year)
    return _document(
        notice.notice_pdf(programme), "application/pdf", notice.file_name(programme, "pdf")
    )


@require_safe
@public_page
def attachment_detail(request, year: int, number: int):
    programme = _published_programme(year)
    attachment = next((a for a in programme.attachments.all() if a.number == number), None)
    if attachment is None:
        raise Http404
    context: dict[str, object] = {"programme": programme, "attachment": attachment}
    if number == 1:
        # 附件1 lists every implementing unit the year named (retired ones too: a published
        # year keeps them); the rows are filled by the units' plans.
        context["units"] = programme.participants.exclude(kind=UnitKind.SPECIAL)
    return render(request, f"portal/attachment_{number}.html", context)


def public_statistics() -> list[tuple[str, object]] | None:
    """The registered statistics (``gongkai.portal.statistics``), or None for "no data yet"."""
    return portal_statistics.rows() or None


@require_safe
@public_page
def stats(request):
    return render(
        request,
        "portal/stats.html",
        {
            "statistics": public_statistics(),
            "sections": portal_statistics.sections(request),
        },
    )


@require_safe
@public_page
def accessibility(request):
    return render(request, "portal/accessibility.html")


@require_safe
@public_page
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    # A page that is no page number (or one far past any result) is the first page: the offset
    # must fit the database's integer.
    page_number = parse_id(request.GET.get("page"))
    if page_number is None or page_number > SEARCH_MAX_PAGE:
        page_number = 1
    kinds = portal_search.kinds()
    kind = request.GET.get("kind", "")
    kind = kind if kind in {k for k, _label in kinds} else ""
    year = parse_id(request.GET.get("year"))
    years = portal_search.years()
    year = year if year in years else None
    filters = portal_search.Filters(kind=kind, year=year)
    results = None
    page = None
    if query:
        results = portal_search.search(
            query,
            limit=SEARCH_PAGE_SIZE,
            offset=(page_number - 1) * SEARCH_PAGE_SIZE,
            filters=filters,
        )
        # The paginator only counts: the hits come from the engine.
        page = Paginator(range(results.total), SEARCH_PAGE_SIZE).get_page(page_number)
    context = {
        "query": query,
        "search_query": query,
        "results": results,
        "page": page,
        "kinds": kinds,
        "years": years,
        "kind": kind,
        "year": year,
        "filter_query": urlencode({k: v for k, v in (("kind", kind), ("year", year)) if v}),
    }
    return render(request, "portal/search.html", context)


@require_safe
@public_page
def feed_list(request):
    return render(request, "portal/feeds.html", {"columns": portal_feeds.columns()})


feed_rss = require_safe(public_page(portal_feeds.ColumnFeed()))
feed_atom = require_safe(public_page(portal_feeds.ColumnAtomFeed()))


@require_safe
@public_page
def sitemap(request):
    return django_sitemap(
        request,
        sitemaps=portal_sitemaps.django_sitemaps(),
        template_name="portal/sitemap.xml",
        content_type="application/xml",
    ).render()


# Display preferences are not worth a CSRF token: without one every public page stays cacheable
# (the worst a forged POST can do is switch someone's text size or language).
@csrf_exempt
@require_POST
def care_toggle(request):
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if getattr(request, "care_mode", False):
        response.delete_cookie(CARE_COOKIE)
    else:
        response.set_cookie(
            CARE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


language = csrf_exempt(require_POST(set_language))


class SiteIdentityForm(forms.ModelForm):
    class Meta:
        model = SiteIdentity
        fields = ["site_code", "icp_number", "police_number"]


@predicate_required(can_edit_site_identity)
def site_identity(request):
    """The county fills in the footer's registration numbers (网站标识码, ICP备案, 公安备案)."""
    form = SiteIdentityForm(posted(request), instance=identity.current())
    if request.method == "POST" and form.is_valid():
        identity.update(**form.cleaned_data)
        messages.success(request, _("The footer now shows these numbers on every page."))
        return redirect("portal:site-identity")
    return render(request, "portal/site_identity.html", {"form": form})


def _darker(colour: str, factor: float = 0.75) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c * factor):02x}" for c in (red, green, blue))


@require_safe
def county_style(request):
    """The county's header colour as a stylesheet (the CSP allows no inline style); linked from
    every page of a county that chose a colour, its URL changing with the colour."""
    colour = getattr(request, "county", None) and request.county.colour
    body = ""
    if colour:
        body = f":root {{ --brand: {colour}; --brand-dark: {_darker(colour)}; }}\n"
    response = HttpResponse(body, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
