"""The day of the activity: check-in, the sign-in sheet, the record, questions and answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import no_store
from gongkai.audit.services import record
from gongkai.visits import rules
from gongkai.visits.forms import RecordForm, ResponseForm
from gongkai.visits.models import RegistrationStatus
from gongkai.visits.services import attendance
from gongkai.visits.views.staff.common import (
    activity_url,
    detail_context,
    get_activity,
    get_registration,
    staff_only,
    with_contacts,
)


@require_POST
@staff_only
def registration_checkin(request, pk: int, reg_pk: int):
    reg = get_registration(request, pk, reg_pk)
    try:
        attendance.check_in(reg, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(activity_url(pk, "day", "attendance"))


@staff_only
@no_store
def signin_sheet(request, pk: int):
    activity = get_activity(request, pk)
    registrations = with_contacts(
        request.user,
        activity,
        activity.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
            "representative"
        ),
    )
    show_contacts = rules.can_see_contacts(request.user, activity)
    if any(r.full_contacts for r in registrations):
        # a printable list of names and phone numbers is an export of personal data
        record("export", instance=activity, object_repr=f"sign-in sheet: {activity}")
    return render(
        request,
        "visits/staff/signin_sheet.html",
        {
            "activity": activity,
            "registrations": registrations,
            "show_contacts": show_contacts,
            "blank_rows": range(5),
        },
    )


@require_POST
@staff_only
@no_store
def record_view(request, pk: int):
    activity = get_activity(request, pk, write=True)
    form = RecordForm(request.POST)
    if form.is_valid():
        attendance.record_activity(activity, by=request.user, **form.cleaned_data)
        messages.success(request, _("The activity is recorded as held."))
        return redirect(activity_url(pk, "day", "record"))
    return render(
        request,
        "visits/staff/activity.html",
        detail_context(request, activity, record_form=form),
        status=400,
    )


@require_POST
@staff_only
@no_store
def response_add(request, pk: int):
    activity = get_activity(request, pk, write=True)
    form = ResponseForm(request.POST)
    if form.is_valid():
        attendance.add_response(activity, **form.cleaned_data)
        messages.success(request, _("The question and answer are recorded."))
        return redirect(activity_url(pk, "after", "responses"))
    return render(
        request,
        "visits/staff/activity.html",
        detail_context(request, activity, response_form=form),
        status=400,
    )
