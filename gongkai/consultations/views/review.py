"""Staff pages after the citizens have answered: the review of free text (先审后发) by the
service center, and the unit's 采纳情况 report and its publication."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.consultations import rules
from gongkai.consultations.forms import AdoptionForm, FeedbackForm
from gongkai.consultations.models import Comment, CommentStatus, Consultation, Phase
from gongkai.consultations.services import feedback
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted


def _consultation(request: HttpRequest, pk: int, *, write: bool = False) -> Consultation:
    return rules.access_consultation(
        request.user, pk, Consultation.objects.select_related("unit"), write=write
    )


@predicate_required(rules.can_open_list)
def comments(request: HttpRequest, pk: int) -> HttpResponse:
    """Every comment with its state; the reviewers approve or reject pending ones, the unit
    records its adoption decision on approved ones once the window has closed."""
    consultation = _consultation(request, pk)
    rows = list(
        Comment.objects.filter(consultation=consultation)
        .select_related("item")
        .order_by("status", "-flagged", "id")
    )
    can_adopt = (
        rules.can_change(request.user, consultation) and consultation.phase() == Phase.CLOSED
    )
    for row in rows:
        if can_adopt and row.status == CommentStatus.APPROVED:
            row.form = AdoptionForm(  # type: ignore[attr-defined]
                initial={"adoption": row.adoption or None, "reason": row.adoption_reason},
                prefix=f"c{row.pk}",
            )
    return render(
        request,
        "consultations/staff/comments.html",
        {
            "consultation": consultation,
            "rows": rows,
            "can_moderate": rules.can_moderate(request.user),
            "can_adopt": can_adopt,
            "counts": feedback.review_counts(consultation),
        },
    )


def _comment(request: HttpRequest, pk: int, comment_pk: int, *, write: bool = True) -> Comment:
    consultation = _consultation(request, pk, write=write)
    return rules.access_comment(consultation, comment_pk)


@require_POST
@predicate_required(rules.can_moderate)
def comment_approve(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    return _moderate(request, pk, comment_pk, feedback.approve_comment)


@require_POST
@predicate_required(rules.can_moderate)
def comment_reject(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    return _moderate(request, pk, comment_pk, feedback.reject_comment)


def _moderate(
    request: HttpRequest, pk: int, comment_pk: int, decide: Callable[..., object]
) -> HttpResponse:
    """Approve or reject (``decide``) a comment; a refusal is flashed. Back to the comments."""
    comment = _comment(request, pk, comment_pk)
    try:
        decide(comment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("consultations:staff-comments", pk=pk)


@require_POST
@predicate_required(rules.can_create)
def adoption(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    comment = _comment(request, pk, comment_pk)
    form = AdoptionForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            feedback.set_adoption(comment, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The decision is saved."))
    else:
        messages.error(request, _("Please choose a decision for the comment."))
    return redirect(reverse("consultations:staff-comments", args=[pk]) + f"#comment-{comment.pk}")


def _describe_feedback(request: HttpRequest, pk: int) -> Confirmation | None:
    consultation = _consultation(request, pk, write=True)
    if not request.POST.get("summary", "").strip() or feedback.missing_for_feedback(consultation):
        return None  # the view refuses with its own message
    return Confirmation(
        title=_("Publish the results and the adoption report?"),
        effects=[
            _("The results, the approved comments and the unit's decisions appear on the portal."),
            _("The consultation is finished: nothing can be changed afterwards."),
        ],
        button=_("Yes, publish the feedback"),
        back_url=consultation.get_staff_url(),
        subject=consultation.title,
    )


@predicate_required(rules.can_create)
@confirm_first(_describe_feedback)
def feedback_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, write=True)
    form = FeedbackForm(posted(request), initial={"summary": consultation.feedback_summary})
    problems = feedback.missing_for_feedback(consultation)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.publish_feedback(
                consultation, summary=form.cleaned_data["summary"], by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The feedback is published on the portal."))
            return redirect(consultation.get_staff_url())
    return render(
        request,
        "consultations/staff/feedback.html",
        {
            "consultation": consultation,
            "form": form,
            "problems": problems,
            "phase": consultation.phase(),
            "due": feedback.feedback_due(consultation),
        },
    )
