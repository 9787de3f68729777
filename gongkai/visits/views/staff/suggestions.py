"""Opinion forms (paper entry, scans) and the suggestions they carry: assignment and answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.params import parse_id
from gongkai.security.media import media_response
from gongkai.units.models import Unit
from gongkai.visits import rules
from gongkai.visits.forms import (
    AnswerForm,
    AssignForm,
    BulkStatusForm,
    PaperOpinionForm,
    PublishSuggestionForm,
)
from gongkai.visits.models import (
    Channel,
    OpinionForm,
    Suggestion,
    SuggestionOutcome,
    SuggestionStatus,
)
from gongkai.visits.services import opinions, tracker, unit_compliance
from gongkai.visits.views.staff.common import activity_url, get_activity, staff_only


@staff_only
def opinion_paper(request, pk: int):
    activity = get_activity(request, pk, write=True)
    if request.method == "POST":
        form = PaperOpinionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                sheet = opinions.submit_opinion(
                    activity,
                    satisfaction=form.cleaned_data["satisfaction"],
                    suggestions=form.suggestions(),
                    channel=Channel.PAPER,
                    scan=form.cleaned_data["scan"],
                    by=request.user,
                    nonce=form.cleaned_data["nonce"] or None,
                )
            except ValidationError as exc:
                form.add_error("scan", exc.messages)
            else:
                messages.success(
                    request,
                    _("Opinion form saved. Lookup code for the representative: %(code)s")
                    % {"code": sheet.code},
                )
                return redirect(activity_url(pk, "after", "opinions"))
    else:
        import secrets

        form = PaperOpinionForm(initial={"nonce": secrets.token_urlsafe(16)})
    return render(request, "visits/staff/opinion_paper.html", {"activity": activity, "form": form})


@staff_only
def opinion_scan(request, pk: int, form_pk: int):
    """Paper forms may carry a handwritten name: the scan is served only to staff who may see
    the activity, never from a public address."""
    activity = get_activity(request, pk)
    sheet = get_object_or_404(OpinionForm, pk=form_pk, activity=activity)
    if not sheet.scan:
        raise Http404
    return media_response(sheet.scan.name, public=False)


def _suggestions(user):
    return rules.visible_suggestions(
        user, Suggestion.objects.select_related("activity__unit", "responsible_unit", "form")
    )


@staff_only
def suggestion_list(request):
    status = request.GET.get("status", "")
    suggestions = _suggestions(request.user).order_by("status", "id")
    if status in SuggestionStatus.values:
        suggestions = suggestions.filter(status=status)
    # ?unit= : the suggestions a unit must answer (the compliance page's evidence link).
    unit_id = parse_id(request.GET.get("unit", ""))
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is not None:
        suggestions = suggestions.annotate(owner=unit_compliance.suggestion_owner()).filter(
            owner=unit.pk
        )
    return render(
        request,
        "visits/staff/suggestions.html",
        {
            "suggestions": suggestions,
            "statuses": SuggestionStatus.choices,
            "outcomes": SuggestionOutcome.choices,
            "status": status,
            "unit": unit,
            "can_manage": rules.can_manage_suggestions(request.user),
            "can_answer": rules.can_answer_suggestions(request.user),
            "units": Unit.objects.implementing()
            if rules.can_manage_suggestions(request.user)
            else [],
        },
    )


@require_POST
@predicate_required(rules.can_manage_suggestions)
def suggestion_bulk(request):
    # A ticked id that is not a row id (tampered form) is ignored, not a server error.
    ids = [i for i in map(parse_id, request.POST.getlist("ids")) if i is not None]
    data = request.POST.copy()
    data.setlist("ids", [str(i) for i in ids])
    form = BulkStatusForm(data, ids=ids)
    if form.is_valid():
        n = opinions.set_suggestion_status(
            form.cleaned_data["ids"], form.cleaned_data["status"], by=request.user
        )
        skipped = len(form.cleaned_data["ids"]) - n
        messages.success(request, _("%(n)d suggestions changed.") % {"n": n})
        if skipped:
            messages.warning(
                request,
                _(
                    "%(n)d left unchanged: a suggestion moves only along its steps (assigned, being handled, answered, closed), needs a responsible unit to be assigned and an answer to be answered or closed."
                )
                % {"n": skipped},
            )
    else:
        messages.error(request, _("Tick at least one suggestion and choose the new status."))
    return redirect("visits:staff-suggestions")


@require_POST
@predicate_required(rules.can_manage_suggestions)
def suggestion_assign(request, pk: int):
    suggestion = rules.access_suggestion(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            opinions.assign_suggestion(
                suggestion,
                form.cleaned_data["responsible_unit"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Assigned."))
    else:
        messages.error(request, _("Choose the responsible unit."))
    return redirect("visits:staff-suggestions")


@require_POST
@staff_only
def suggestion_answer(request, pk: int):
    suggestion = rules.access_suggestion(request.user, pk, answer=True)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please write the answer the representative will read."))
        return redirect("visits:staff-suggestions")
    try:
        opinions.answer_suggestion(
            suggestion,
            answer=form.cleaned_data["answer"],
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Answered; the representative can read it with their code."))
    return redirect("visits:staff-suggestions")


@require_POST
@staff_only
def suggestion_start(request, pk: int):
    """The responsible unit starts handling an assigned suggestion (办理中)."""
    suggestion = rules.access_suggestion(request.user, pk, answer=True)
    try:
        opinions.start_handling(suggestion, by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Marked as being handled; the public tracker shows it."))
    return redirect("visits:staff-suggestions")


def _describe_publish(request, pk: int) -> Confirmation | None:
    suggestion = rules.access_suggestion(request.user, pk)
    if not PublishSuggestionForm(request.POST).is_valid():
        return None  # the view says what is missing
    return Confirmation(
        title=_("Publish this suggestion on the portal?"),
        subject=request.POST.get("text", ""),
        effects=[
            _(
                "Anyone can read this text on the public suggestion tracker, with the unit, its steps and its answer."
            ),
            _("Check that it names no person and holds no phone number or address."),
            _("You can take it off the tracker again later."),
        ],
        button=_("Yes, publish it"),
        back_url=reverse("visits:staff-suggestions") + f"#s-{suggestion.pk}",
    )


@require_POST
@predicate_required(rules.can_manage_suggestions)
@confirm_first(_describe_publish)
def suggestion_publish(request, pk: int):
    suggestion = rules.access_suggestion(request.user, pk)
    form = PublishSuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Write the text the public will read (without any personal data).")
        )
        return redirect("visits:staff-suggestions")
    tracker.publish_suggestion(suggestion, text=form.cleaned_data["text"], by=request.user)
    messages.success(request, _("Published on the suggestion tracker."))
    return redirect("visits:staff-suggestions")


@require_POST
@predicate_required(rules.can_manage_suggestions)
def suggestion_withdraw(request, pk: int):
    suggestion = rules.access_suggestion(request.user, pk)
    tracker.withdraw_suggestion(suggestion, by=request.user)
    messages.success(request, _("Taken off the suggestion tracker."))
    return redirect("visits:staff-suggestions")
