"""The working-day calendar, kept by the county office and the service center."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import is_coordinator, predicate_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.params import posted
from gongkai.workdays import services
from gongkai.workdays.forms import DayOverrideForm
from gongkai.workdays.models import DayOverride


@predicate_required(is_coordinator)
def override_list(request: HttpRequest) -> HttpResponse:
    form = DayOverrideForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.set_day(
            form.cleaned_data["date"],
            is_workday=form.cleaned_data["is_workday"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The calendar has been updated."))
        return redirect("workdays:override-list")
    overrides = DayOverride.objects.all()
    return render(request, "workdays/override_list.html", {"form": form, "overrides": overrides})


def _describe_delete(request: HttpRequest, pk: int) -> Confirmation:
    day = get_object_or_404(DayOverride, pk=pk)
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
    services.clear_day(get_object_or_404(DayOverride, pk=pk))
    messages.success(request, _("The day follows the weekly rule again."))
    return redirect("workdays:override-list")
