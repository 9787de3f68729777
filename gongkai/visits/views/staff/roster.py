"""Who comes: inviting representatives, cancelling registrations, the roster."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import no_store, predicate_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import parse_id
from gongkai.visits import rules
from gongkai.visits.forms import InviteForm, PoolFieldsForm
from gongkai.visits.models import Registration, RegistrationStatus, RepresentativeCategory
from gongkai.visits.services import pool, registrations
from gongkai.visits.views.staff.common import (
    activity_url,
    detail_context,
    get_activity,
    get_registration,
    staff_only,
)


@require_POST
@staff_only
@no_store
def invite(request, pk: int):
    activity = get_activity(request, pk, write=True)
    raw_rep = request.POST.get("representative")
    if raw_rep:
        rep_id = parse_id(raw_rep)
        if rep_id is None:
            raise Http404(_("No such representative."))
        # Only from the part of the roster this user may see (another unit's people: 404).
        rep = get_object_or_404(rules.visible_representatives(request.user), pk=rep_id)
        try:
            reg = registrations.invite(activity, rep, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _waiting_message(reg))
        return redirect(activity_url(pk, "before", "invite"))
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reg = registrations.invite_by_hand(
                activity,
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                address=data["address"],
                workplace=data["workplace"],
                email=data["email"],
                by=request.user,
                category=data["category"],
                town=data["town"],
                sector=data["sector"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _waiting_message(reg))
            return redirect(activity_url(pk, "before", "invite"))
    return render(
        request,
        "visits/staff/activity.html",
        detail_context(request, activity, invite_form=form),
        status=400,
    )


def _waiting_message(reg: Registration) -> str:
    if reg.status == RegistrationStatus.WAITING:
        return _(
            "The activity is full: the person is on the waiting list and moves up when someone cancels."
        )
    return _("Invited and confirmed; an SMS has been sent.")


def _describe_cancel(request, pk: int, reg_pk: int) -> Confirmation:
    reg = get_registration(request, pk, reg_pk)
    return Confirmation(
        title=_("Cancel the registration of %(name)s?") % {"name": reg.representative.name},
        subject=reg.activity.title,
        effects=[
            _("%(name)s no longer takes part in this activity; the place is freed.")
            % {"name": reg.representative.name},
            _("If people are on the waiting list, the first one moves up and is told."),
            _("This cannot be undone here: the person would have to register again."),
        ],
        button=_("Yes, cancel the registration"),
        back_url=reverse("visits:staff-activity", args=[pk]),
    )


@require_POST
@staff_only
@confirm_first(_describe_cancel)
def registration_cancel(request, pk: int, reg_pk: int):
    reg = get_registration(request, pk, reg_pk)
    promoted = registrations.cancel_registration(reg)
    messages.success(
        request,
        _("Cancelled.")
        + (" " + _("The first person on the waiting list has moved up.") if promoted else ""),
    )
    return redirect(activity_url(pk, "before", "attendance"))


@predicate_required(rules.can_manage_roster)
@no_store
def representative_list(request):
    reps = (
        rules.visible_representatives(request.user)
        .select_related("added_by_unit")
        .annotate(n=Count("registrations"))
        .order_by("id")
    )
    reps = reps.select_related("town")
    return render(
        request,
        "visits/staff/representatives.html",
        {
            "reps": reps,
            "show_contacts": rules.can_see_contacts(request.user),
            "categories": RepresentativeCategory.choices,
            "towns": list(PoolFieldsForm.base_fields["town"].queryset),  # type: ignore[attr-defined]
        },
    )


@require_POST
@predicate_required(rules.can_manage_roster)
def representative_pool_fields(request, pk: int):
    """Set a roster person's category, town and field (代表库)."""
    rep = get_object_or_404(rules.editable_representatives(request.user), pk=pk)
    form = PoolFieldsForm(request.POST)
    if form.is_valid():
        pool.set_pool_fields(rep, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a category from the list."))
    return redirect(reverse("visits:staff-representatives") + f"#rep-{rep.pk}")
