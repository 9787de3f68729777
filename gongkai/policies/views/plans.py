"""The 解读方案 of a document: entered by the drafting unit, waived by a coordinator."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted
from gongkai.policies import rules
from gongkai.policies.forms import PlanForm, WaivePlanForm
from gongkai.policies.models import DocumentStatus, InterpretationPlan
from gongkai.policies.services import plans
from gongkai.policies.views.common import get_staff_document


@staff_required
def plan_edit(request, pk: int):
    document = get_staff_document(request, pk, write=True)
    plan = plans.plan_of(document)
    if document.status != DocumentStatus.DRAFT:
        messages.error(
            request,
            _("The document is published; its interpretation plan can no longer be changed."),
        )
        return redirect(document.get_staff_url())
    initial = {}
    if plan is None:
        initial = {
            "signed_on": document.signed_on,
            "interpreter_name": document.interpreter_name,
            "interpreter_title": document.interpreter_title or document.drafting_unit.head_title,
        }
    form = PlanForm(
        posted(request),
        instance=plan or InterpretationPlan(document=document),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            plans.save_plan(document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The interpretation plan is saved; the document can be published.")
            )
            return redirect(document.get_staff_url() + "#plan-title")
    return render(
        request,
        "policies/form.html",
        {
            "form": form,
            "title": _("Interpretation plan (解读方案)"),
            "document": document,
            "intro": _(
                "The plan is signed off together with the document (同步审签): its sign-off "
                "date is the document's, %(date)s. The first interpreter is the drafting "
                "unit's head."
            )
            % {"date": document.signed_on.isoformat()},
        },
    )


def _describe_waiver(request, pk: int) -> Confirmation | None:
    document = get_staff_document(request, pk)
    if not request.POST.get("reason", "").strip():
        return None  # the view refuses it with its own message
    return Confirmation(
        title=_("Accept this document without an interpretation plan?"),
        subject=str(document),
        effects=[
            _("The drafting unit can publish the document without a plan signed off with it."),
            _(
                "Your name, the time and the reason are shown on the document's page and kept in "
                "the audit log; the assessment point 方案与文件同步审签 is not earned."
            ),
        ],
        button=_("Yes, accept it without a plan"),
        back_url=document.get_staff_url(),
    )


@require_POST
@predicate_required(rules.can_waive_plan)
@confirm_first(_describe_waiver)
def plan_waive(request, pk: int):
    document = get_staff_document(request, pk)
    form = WaivePlanForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Say why the document is accepted without an interpretation plan.")
        )
        return redirect(document.get_staff_url() + "#plan-title")
    try:
        plans.waive_plan(document, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The document is accepted without an interpretation plan; it can be published."),
        )
    return redirect(document.get_staff_url() + "#plan-title")
