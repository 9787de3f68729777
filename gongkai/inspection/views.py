"""The self-check page and the thresholds form (thin: the rules live in services.py)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongkai.accounts.rules import predicate_required
from gongkai.inspection import rules, services
from gongkai.inspection.forms import ThresholdsForm
from gongkai.lib.params import posted


@predicate_required(rules.can_self_check)
def self_check(request: HttpRequest) -> HttpResponse:
    report = services.self_check()
    return render(
        request,
        "inspection/self_check.html",
        {"report": report, "can_edit": rules.can_edit_thresholds(request.user)},
    )


@predicate_required(rules.can_edit_thresholds)
def thresholds(request: HttpRequest) -> HttpResponse:
    form = ThresholdsForm(posted(request), instance=services.current_settings())
    if request.method == "POST" and form.is_valid():
        services.update_settings(by=request.user, **form.values())
        messages.success(request, _("The thresholds are saved; the self-check uses them now."))
        return redirect("inspection:self-check")
    return render(request, "inspection/thresholds.html", {"form": form})
