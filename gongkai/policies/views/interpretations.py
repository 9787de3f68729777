"""Writing, revising and reviewing interpretations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.deadlines import county_today
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted, uploaded
from gongkai.policies import rules
from gongkai.policies.forms import InterpretationForm, ReviewForm, qa_as_text
from gongkai.policies.models import Interpretation
from gongkai.policies.services import interpretations, repetition
from gongkai.policies.services.timing import rules_for
from gongkai.policies.views.common import get_staff_document


def _interpretation_page(request, form, document, *, title: str, revising=None):
    """The interpretation form (new or correcting one), its script showing the fields the
    chosen form of interpretation needs."""
    return render(
        request,
        "policies/form.html",
        {
            "form": form,
            "title": title,
            "document": document,
            "interpretation": revising,
            "multipart": True,
            "script": "policies/interpretation-form.js",
        },
    )


@staff_required
def interpretation_create(request, pk: int):
    document = get_staff_document(request, pk)
    interpretations.check_interpreter(document, request.user)  # 403 page with the reason
    form = InterpretationForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        try:
            interpretations.create_interpretation(document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The interpretation is sent to the service center for review.")
            )
            return redirect(document.get_staff_url())
    return _interpretation_page(request, form, document, title=_("New interpretation"))


@staff_required
def interpretation_revise(request, pk: int):
    """Correct a rejected (or waiting) interpretation and send it for review again."""
    interpretation: Interpretation = get_object_or_404(
        Interpretation.objects.select_related("document", "document__drafting_unit"), pk=pk
    )
    document = interpretation.document
    if not rules.can_revise(request.user, interpretation):
        if not rules.interprets(request.user, interpretation):
            raise Http404  # another unit's work does not exist for this user
        messages.error(
            request,
            _("This interpretation is published; add a new one to say more or differently."),
        )
        return redirect(document.get_staff_url())
    initial = {
        "kind": interpretation.kind,
        "title": interpretation.title,
        "interpreter": interpretation.interpreter,
        "body": interpretation.body,
        "url": interpretation.url,
        "qa_pairs": qa_as_text(interpretation.qa_pairs),
    }
    form = InterpretationForm(posted(request), uploaded(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interpretations.revise_interpretation(
                interpretation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The corrected interpretation is sent to the service center again.")
            )
            return redirect(document.get_staff_url())
    return _interpretation_page(
        request, form, document, title=_("Correct the interpretation"), revising=interpretation
    )


@predicate_required(rules.can_review)
def review_list(request):
    pending = list(
        Interpretation.objects.pending()
        .select_related("document", "document__drafting_unit")
        .order_by("created_at", "id")
    )
    # 要点摘抄 is not an interpretation: warn above the county's share of repeated words.
    threshold = rules_for(county_today().year).repeat_warning_percent
    for interpretation in pending:
        interpretation.repeat_warning = repetition.repeat_warning(interpretation, threshold)
    return render(
        request,
        "policies/review_list.html",
        {"pending": pending, "form": ReviewForm(), "threshold": threshold},
    )


@require_POST
@predicate_required(rules.can_review)
def interpretation_review(request, pk: int):
    interpretation: Interpretation = get_object_or_404(Interpretation.objects.pending(), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("policies:review-list")
    try:
        if form.cleaned_data["decision"] == "approve":
            interpretations.approve_interpretation(interpretation, by=request.user)
            messages.success(request, _("Published: %(title)s") % {"title": interpretation.title})
        else:
            interpretations.reject_interpretation(
                interpretation, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected: %(title)s") % {"title": interpretation.title})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "policies:review-list"
    return redirect(target)
