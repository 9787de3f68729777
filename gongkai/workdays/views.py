"""The working-day calendar, kept by the county office and the service center."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import is_coordinator, predicate_required
from gongkai.counties import scope
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.params import posted, uploaded
from gongkai.units.services import ImportFileError, read_rows
from gongkai.workdays import holiday_import, services
from gongkai.workdays.forms import DayOverrideForm, HolidayImportForm
from gongkai.workdays.models import DayOverride


@predicate_required(is_coordinator)
def override_list(request: HttpRequest) -> HttpResponse:
    form = DayOverrideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        count = services.set_days(
            data["date"], data["end"], is_workday=data["is_workday"], note=data["note"]
        )
        messages.success(
            request,
            _("The calendar has been updated.")
            if count == 1
            else _("The calendar has been updated: %(count)d days.") % {"count": count},
        )
        return redirect("workdays:override-list")
    overrides = DayOverride.objects.all()
    return render(request, "workdays/override_list.html", {"form": form, "overrides": overrides})


@predicate_required(is_coordinator)
def holiday_import_view(request: HttpRequest) -> HttpResponse:
    """Import the holiday notice's table: bad rows are listed by number and nothing is saved;
    rows that change nothing (a weekend as a holiday) are shown and must be confirmed."""
    form = HolidayImportForm(posted(request), uploaded(request))
    errors: list[tuple[int, str]] = []
    warnings: list[str] = []
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        upload = form.cleaned_data.get("file")
        try:
            if upload:
                rows = read_rows(upload)
                parsed = holiday_import.parse_rows(rows, year)
            else:
                parsed = holiday_import.parse_text(form.cleaned_data["text"], year)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            errors = parsed.errors
            warnings = [] if errors else holiday_import.warnings(parsed)
            if not errors and parsed.entries and (not warnings or form.cleaned_data["confirm"]):
                count = services.import_days(parsed)
                messages.success(
                    request, _("%(count)d days were imported into the calendar.") % {"count": count}
                )
                return redirect("workdays:override-list")
            if not errors and not parsed.entries:
                errors = [(0, _("No row with a date was found."))]
            if upload and not errors:
                # Confirming re-sends the rows as text: the file need not be chosen again.
                data = request.POST.copy()
                data["text"] = "\n".join("\t".join(c for c in cells if c) for _line, cells in rows)
                form.data = data
            if warnings:
                form.fields["confirm"].widget = forms.CheckboxInput()
    return render(
        request,
        "workdays/holiday_import.html",
        {"form": form, "errors": errors, "warnings": warnings},
    )


def _describe_delete(request: HttpRequest, pk: int) -> Confirmation:
    day: DayOverride = get_object_or_404(DayOverride.objects.filter(scope.own_rows()), pk=pk)
    return Confirmation(
        title=_("Delete the entry for %(date)s?") % {"date": day.date.isoformat()},
        effects=[
            _("The day follows the weekly rule again (Monday to Friday work, weekends off)."),
            _("Deadlines counted in working days across it may move."),
        ],
        button=_("Yes, delete the entry"),
        back_url=reverse("workdays:override-list"),
    )


@require_POST
@predicate_required(is_coordinator)
@confirm_first(_describe_delete)
def override_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # The city's entries (市级) are the city's to remove: 404 here.
    services.clear_day(get_object_or_404(DayOverride.objects.filter(scope.own_rows()), pk=pk))
    messages.success(request, _("The day follows the weekly rule again."))
    return redirect("workdays:override-list")
