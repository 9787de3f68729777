"""The county's view: statistics by unit and the interpretation deadline rules."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.params import parse_id, posted
from gongkai.policies import rules
from gongkai.policies.forms import RulesForm
from gongkai.policies.models import InterpretationRules
from gongkai.policies.services import timing, unit_statistics
from gongkai.programmes.years import default_programme, visible_programmes


@staff_required
def statistics(request):
    # The years the user may open (a draft: coordinators only); by default the current one.
    programmes = list(visible_programmes(request.user))
    current = default_programme(request.user)
    year = parse_id(request.GET.get("year") or (current.year if current else 0))
    if year is None or year > 9999:  # not a calendar year: all years, as with no programme
        year = 0
    per_unit = unit_statistics.statistics(year or None)
    return render(
        request,
        "policies/statistics.html",
        {
            "year": year,
            "programmes": programmes,
            "rows": list(per_unit.values()),
            "county": unit_statistics.county_statistics(year or None),
        },
    )


@predicate_required(rules.can_edit_rules)
def rules_edit(request):
    form = RulesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        timing.set_rules(**form.cleaned_data)
        messages.success(request, _("The interpretation deadlines are saved."))
        return redirect("policies:rules-edit")
    return render(
        request,
        "policies/rules.html",
        {
            "form": form,
            "rows": InterpretationRules.objects.select_related("programme").order_by(
                "-programme__year"
            ),
            "default": InterpretationRules(),
        },
    )
