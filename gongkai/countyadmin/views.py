"""The city administrator's pages over the counties (/counties/). Each runs in the all-counties
scope (the request's own host names one county; these pages are the city's)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import no_store, predicate_required
from gongkai.audit.services import record_export
from gongkai.counties import scope
from gongkai.counties.models import County
from gongkai.countyadmin import exports, services
from gongkai.countyadmin.forms import BrandingForm, DisableForm, NewCountyForm
from gongkai.countyadmin.models import CountyExport, ExportState
from gongkai.countyadmin.rules import is_city_admin
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.params import posted, uploaded
from gongkai.questions import services as questions
from gongkai.questions.forms import SensitiveWordsForm
from gongkai.questions.models import SensitiveWord
from gongkai.security.media import media_response
from gongkai.workdays import services as workdays
from gongkai.workdays.forms import DayOverrideForm
from gongkai.workdays.models import DayOverride


def city_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The city administrator only (others 403, visitors to the sign-in page), in the
    all-counties scope."""

    @predicate_required(is_city_admin)
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with scope.all_counties():
            return view(request, *args, **kwargs)

    return wrapped


@city_page
def county_list(request: HttpRequest) -> HttpResponse:
    return render(request, "countyadmin/county_list.html", {"rows": services.overview()})


@no_store
@city_page
def county_new(request: HttpRequest) -> HttpResponse:
    form = NewCountyForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_county(
                name=data["name"],
                slug=data["slug"],
                hosts=data["hosts"],
                template=data["template"],
                year=data["year"],
                by=request.user,  # type: ignore[arg-type]  # city_admin_required: signed in
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            # The one-time passwords are shown on this answer only, never stored in clear.
            return render(request, "countyadmin/county_created.html", {"created": created})
    return render(request, "countyadmin/county_new.html", {"form": form})


@city_page
def county_edit(request: HttpRequest, slug: str) -> HttpResponse:
    county = get_object_or_404(County, slug=slug)
    form = BrandingForm(
        posted(request),
        uploaded(request),
        instance=county,
        initial=services.identity_of(county),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_branding(
                county,
                data=form.cleaned_data,
                logo=form.cleaned_data.get("logo_file"),
                clear_logo=form.cleaned_data.get("clear_logo", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(county)s's portal now shows this.") % {"county": county})
            return redirect("countyadmin:edit", slug=county.slug)
    return render(
        request,
        "countyadmin/county_edit.html",
        {
            "county": county,
            "form": form,
            "disable_form": DisableForm(),
            "exports": CountyExport.objects.filter(county=county)[:5],
        },
    )


def _describe_active(request: HttpRequest, slug: str) -> Confirmation:
    with scope.all_counties():
        county = get_object_or_404(County, slug=slug)
    back = reverse("countyadmin:edit", args=[county.slug])
    if county.active:
        return Confirmation(
            title=_("Disable %(county)s?") % {"county": county.name},
            effects=[
                _("Its portal and staff pages answer “temporarily unavailable” with the notice."),
                _("Its staff cannot work in it until it is enabled again."),
                _("Nothing is deleted; the city's accounts still see it."),
            ],
            button=_("Yes, disable it"),
            back_url=back,
            subject=request.POST.get("notice", ""),
        )
    return Confirmation(
        title=_("Enable %(county)s again?") % {"county": county.name},
        effects=[_("Its portal and staff pages open again as before.")],
        button=_("Yes, enable it"),
        back_url=back,
    )


@require_POST
@city_page
@confirm_first(_describe_active)
def county_toggle(request: HttpRequest, slug: str) -> HttpResponse:
    county = get_object_or_404(County, slug=slug)
    form = DisableForm(request.POST)
    notice = form.cleaned_data["notice"] if form.is_valid() else ""
    services.set_active(county, active=not county.active, notice=notice)
    if county.active:
        messages.success(request, _("%(county)s is enabled again.") % {"county": county})
    else:
        messages.success(request, _("%(county)s is disabled.") % {"county": county})
    return redirect("countyadmin:edit", slug=county.slug)


@require_POST
@city_page
def county_export(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the county's export (its rows, personal data as ciphertext, and its files)."""
    county = get_object_or_404(County, slug=slug)
    exports.start_export(county, by=request.user)
    messages.success(
        request,
        _("The export is being prepared. Refresh this page in a minute to download it."),
    )
    return redirect("countyadmin:edit", slug=county.slug)


@city_page
def county_export_download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    export = get_object_or_404(CountyExport, pk=pk, county__slug=slug, state=ExportState.READY)
    record_export(what="counties.County", rows=export.rows, fmt="zip", filters={"county": slug})
    response = media_response(export.file.name, public=False)
    response["Content-Disposition"] = f'attachment; filename="gongkai-{slug}-{pk}.zip"'
    return response


# --- what the city shares with every county: the national calendar, the base word list -------


@city_page
def shared_workdays(request: HttpRequest) -> HttpResponse:
    """The city's working-day calendar (the national holidays): every county follows it and
    adds its own entries, which win for their day."""
    form = DayOverrideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        count = workdays.set_days(
            data["date"], data["end"], is_workday=data["is_workday"], note=data["note"]
        )
        messages.success(
            request, _("The city's calendar has been updated: %(count)d days.") % {"count": count}
        )
        return redirect("countyadmin:shared-workdays")
    days = DayOverride.objects.filter(scope.own_rows())
    return render(request, "countyadmin/shared_workdays.html", {"form": form, "days": days})


def _describe_workday_delete(request: HttpRequest, pk: int) -> Confirmation:
    with scope.all_counties():
        day: DayOverride = get_object_or_404(DayOverride.objects.filter(scope.own_rows()), pk=pk)
    return Confirmation(
        title=_("Delete the city's entry for %(date)s?") % {"date": day.date.isoformat()},
        effects=[
            _(
                "In every county the day follows the weekly rule again, unless the county has "
                "an entry of its own."
            ),
            _("Deadlines counted in working days across it may move."),
        ],
        button=_("Yes, delete the entry"),
        back_url=reverse("countyadmin:shared-workdays"),
    )


@require_POST
@city_page
@confirm_first(_describe_workday_delete)
def shared_workday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    workdays.clear_day(get_object_or_404(DayOverride.objects.filter(scope.own_rows()), pk=pk))
    messages.success(request, _("The city's entry is deleted."))
    return redirect("countyadmin:shared-workdays")


@city_page
def shared_words(request: HttpRequest) -> HttpResponse:
    """The city's base list of sensitive words: every county's intake flags them; a county adds
    its own words."""
    form = SensitiveWordsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        added = questions.add_sensitive_words(form.cleaned_data["words"].splitlines())
        messages.success(request, _("%(n)s words added.") % {"n": added})
        return redirect("countyadmin:shared-words")
    words = SensitiveWord.objects.filter(scope.own_rows()).order_by("word")
    return render(request, "countyadmin/shared_words.html", {"form": form, "words": words})


def _describe_word_delete(request: HttpRequest, pk: int) -> Confirmation:
    with scope.all_counties():
        word: SensitiveWord = get_object_or_404(
            SensitiveWord.objects.filter(scope.own_rows()), pk=pk
        )
    return Confirmation(
        title=_("Remove “%(word)s” from the city's sensitive words?") % {"word": word},
        effects=[
            _(
                "New questions in every county containing it are no longer held for a closer "
                "look, unless the county lists it itself."
            ),
        ],
        button=_("Yes, remove it"),
        back_url=reverse("countyadmin:shared-words"),
    )


@require_POST
@city_page
@confirm_first(_describe_word_delete)
def shared_word_delete(request: HttpRequest, pk: int) -> HttpResponse:
    questions.remove_sensitive_word(
        get_object_or_404(SensitiveWord.objects.filter(scope.own_rows()), pk=pk)
    )
    messages.success(request, _("The word is removed from the city's list."))
    return redirect("countyadmin:shared-words")
