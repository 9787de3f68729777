"""The review queue (先审后发) of the service center: pending items of every registered model."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.publishing import services
from gongkai.publishing.registry import reviewable_kind, reviewable_kinds
from gongkai.publishing.rules import can_review, can_view_queue


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        error_messages={"required": gettext_lazy("Please say why, so the unit can fix it.")},
    )


@predicate_required(can_view_queue)
def queue(request):
    sections = []
    for kind in reviewable_kinds():
        items = list(
            kind.model.objects.pending().select_related(kind.owner_unit_field).order_by("pk")
        )
        rows = [
            {
                "item": item,
                "unit": kind.owner_unit(item),
                "detail_url": kind.detail_url(item) if kind.detail_url else "",
                "preview_url": kind.preview_url(item) if kind.preview_url else "",
                "preview_is_video": kind.preview_is_video,
                "flag": getattr(item, "date_flag", False),
            }
            for item in items
        ]
        sections.append({"kind": kind, "rows": rows})
    return render(
        request,
        "publishing/queue.html",
        {"sections": sections, "can_review": can_review(request.user), "reject_form": RejectForm()},
    )


def _item(kind_key: str, pk: int):
    kind = reviewable_kind(kind_key)
    if kind is None:
        raise Http404
    return get_object_or_404(kind.model, pk=pk)


def _describe_approve(request, kind: str, pk: int) -> Confirmation:
    item = _item(kind, pk)
    return Confirmation(
        title=_("Approve and publish “%(item)s”?") % {"item": item},
        effects=[
            _("It appears on the public portal at once, for everyone to see."),
            _("To take it down later, the unit must replace it; published material is recorded."),
        ],
        button=_("Yes, approve and publish"),
        back_url=reverse("publishing:staff-home"),
    )


@require_POST
@predicate_required(can_review)
@confirm_first(_describe_approve)
def item_approve(request, kind: str, pk: int):
    item = _item(kind, pk)
    services.approve(item, by=request.user)
    messages.success(request, _("Approved: it is now on the public page."))
    return redirect("publishing:staff-home")


def _describe_reject(request, kind: str, pk: int) -> Confirmation:
    item = _item(kind, pk)
    return Confirmation(
        title=_("Send “%(item)s” back to the unit?") % {"item": item},
        subject=request.POST.get("reason", ""),
        effects=[
            _("The material is not published; the unit sees your reason and must submit it again."),
        ],
        button=_("Yes, send it back"),
        back_url=reverse("publishing:staff-home"),
    )


@require_POST
@predicate_required(can_review)
@confirm_first(_describe_reject)
def item_reject(request, kind: str, pk: int):
    item = _item(kind, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            services.reject(item, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rejected; the unit sees your reason."))
    else:
        messages.error(
            request, _("Please say why the material is rejected, so the unit can fix it.")
        )
    return redirect("publishing:staff-home")
