"""The county office opens unit staff accounts itself (docs/decisions.md: delegated, audited).

Only accounts of an implementing unit's staff, always with the unit staff role; roles, resets,
deactivation and every other account stay with the administrator (三权分立)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render

from gongkai.accounts import rules, services
from gongkai.accounts.forms import UnitStaffCreateForm
from gongkai.accounts.models import User
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted


@rules.predicate_required(rules.can_create_unit_staff_accounts)
@rules.no_store
def unit_staff_create(request):
    form = UnitStaffCreateForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user, password = services.create_unit_staff_account(
                username=form.cleaned_data["username"],
                unit=form.cleaned_data["unit"],
                display_name=form.cleaned_data["display_name"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(
                request,
                "accounts/user_password.html",
                {"account": user, "password": password, "delegated": True},
            )
    accounts = (
        User.objects.filter(role=rules.delegated_account_role())
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "username")
    )
    return render(request, "accounts/unit_staff_form.html", {"form": form, "accounts": accounts})
