"""代表库: the coverage of towns and categories in a year, and the year's rotation rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.programmes.years import programme_for_year, selected_programme
from gongkai.visits import rules
from gongkai.visits.forms import PoolRulesForm
from gongkai.visits.services import pool


@predicate_required(rules.can_see_pool_coverage)
def coverage_view(request):
    programme = selected_programme(request)
    if programme is None:
        raise Http404
    return render(
        request,
        "visits/staff/pool.html",
        {
            "programme": programme,
            "coverage": pool.coverage(programme),
            "pool_rules": pool.rules_for(programme),
            "rules_form": PoolRulesForm(instance=pool.rules_for(programme))
            if rules.can_set_pool_rules(request.user)
            else None,
        },
    )


@require_POST
@predicate_required(rules.can_set_pool_rules)
def rules_save(request, year: int):
    programme = programme_for_year(request, year)
    form = PoolRulesForm(request.POST, instance=pool.rules_for(programme))
    if form.is_valid():
        try:
            pool.save_rules(programme, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The rotation rules for %(year)d are saved.") % {"year": year}
            )
    else:
        messages.error(request, _("Enter whole numbers of 0 or more (0 switches a rule off)."))
    return redirect(reverse("visits:staff-pool") + f"?year={year}")
