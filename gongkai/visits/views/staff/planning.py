"""The staff home page, submitting and editing a unit's activity plan, and the activity page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gongkai.accounts.rules import no_store, predicate_required, sees_all
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import parse_id, posted
from gongkai.units.models import Unit
from gongkai.visits import rules
from gongkai.visits.forms import PlanForm
from gongkai.visits.models import RegistrationStatus
from gongkai.visits.services import plans
from gongkai.visits.views.staff.common import (
    current_programme,
    detail_context,
    get_activity,
    staff_only,
    user_activities,
)


@staff_only
def home(request):
    programme = current_programme(request)
    activities = (
        user_activities(request.user)
        .filter(programme=programme)
        .annotate(
            n_confirmed=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            ),
            n_waiting=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
            n_checked=Count(
                "registrations", filter=Q(registrations__checked_in_at__isnull=False), distinct=True
            ),
        )
        .order_by("starts_at")
    )
    missing = plans.units_without_plan(programme) if sees_all(request.user) else None
    return render(
        request,
        "visits/staff/home.html",
        {
            "programme": programme,
            "activities": activities,
            "missing": missing,
            "can_plan": rules.can_plan(request.user),
            "can_manage_roster": rules.can_manage_roster(request.user),
        },
    )


def _plan_unit(request) -> Unit | None:
    if rules.plans_for_own_unit(request.user):
        return request.user.unit
    raw = request.POST.get("unit") or request.GET.get("unit")
    if not raw:
        return None
    unit_id = parse_id(raw)
    if unit_id is None:
        raise Http404(_("No such unit."))
    return get_object_or_404(Unit.objects.implementing(), pk=unit_id)


@predicate_required(rules.can_plan)
def plan_create(request):
    programme = current_programme(request)
    unit = _plan_unit(request)
    units = (
        None
        if rules.plans_for_own_unit(request.user)
        else programme.participants.order_by("sort_order")
    )
    form = PlanForm(posted(request), initial={"capacity": programme.representative_target})
    if request.method == "POST" and form.is_valid():
        if unit is None:
            form.add_error(None, _("Choose the implementing unit."))
        else:
            try:
                activity = plans.submit_plan(programme, unit, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The plan is submitted."))
                return redirect("visits:staff-activity", pk=activity.pk)
    return render(
        request,
        "visits/staff/plan_form.html",
        {"form": form, "programme": programme, "units": units, "unit": unit},
    )


@staff_only
def plan_edit(request, pk: int):
    activity = get_activity(request, pk, write=True)
    form = PlanForm(posted(request), instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        activity.refresh_from_db()
        try:
            plans.update_plan(activity, by=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("visits:staff-activity", pk=activity.pk)
    return render(
        request,
        "visits/staff/plan_form.html",
        {"form": form, "programme": activity.programme, "activity": activity},
    )


@staff_only
@no_store
def activity_detail(request, pk: int):
    activity = get_activity(request, pk)
    return render(request, "visits/staff/activity.html", detail_context(request, activity))
