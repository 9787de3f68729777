"""The questions panel of the interview's control room (the ``control`` slot of
``gongkai.interviews.parts``): approved questions newest first (all or unanswered), "正在回答"
and the live answer. htmx swaps the panel in place; without JavaScript each form posts and
the browser comes back to the control room."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.interviews import rules as irules
from gongkai.interviews.models import Interview
from gongkai.questions import control_room, grouping, rules
from gongkai.questions.models import Question


class LiveAnswerForm(forms.Form):
    speaker = forms.CharField(label=gettext_lazy("Answered by"), max_length=60)
    text = forms.CharField(
        label=gettext_lazy("Live answer"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _unanswered(request: HttpRequest) -> bool:
    return request.GET.get("questions") == "unanswered"


def panel_context(request: HttpRequest, interview: Interview) -> dict:
    unanswered = _unanswered(request)
    questions = list(control_room.approved_questions(interview, unanswered=unanswered))
    answering = next((q for q in questions if q.answering_at), None) or (
        control_room.answering_question(interview)
    )
    guests = interview.guests()
    speaker = guests[0].label if guests else ""
    return {
        "interview": interview,
        "questions": questions,
        "unanswered": unanswered,
        "answering": answering,
        "answer_form": LiveAnswerForm(initial={"speaker": speaker}, auto_id=False),
        "groups": grouping.interview_groups(interview.pk)[:GROUPS_SHOWN],
        "cloud": sorted(grouping.topic_cloud(interview.pk), key=lambda w: w.word),
        "control_url": reverse("interviews:staff-control", args=[interview.pk]),
        "panel_url": reverse("questions:control-panel", args=[interview.pk]),
        # htmx swaps the panel alone: it shows the action's message itself.
        "show_messages": bool(getattr(request, "htmx", False)),
    }


GROUPS_SHOWN = 10


def control_part(request: HttpRequest, interview: Interview) -> str:
    """The panel in the control room; only the reviewers (who publish answers) see it."""
    if not rules.can_moderate(request.user):
        return ""
    return render_to_string(
        "questions/staff/_control_panel.html", panel_context(request, interview), request=request
    )


def _interview(request: HttpRequest, pk: int) -> Interview:
    queryset = Interview.objects.select_related("unit", "receipt")
    return irules.access_interview(request.user, queryset, pk)


def _panel(request: HttpRequest, interview: Interview) -> HttpResponse:
    if request.htmx:  # type: ignore[attr-defined]
        return HttpResponse(control_part(request, interview))
    url = reverse("interviews:staff-control", args=[interview.pk])
    if _unanswered(request):
        url += "?questions=unanswered"
    return redirect(url + "#control-questions")


@predicate_required(rules.can_moderate)
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    return _panel(request, _interview(request, pk))


def _question(interview: Interview, question_pk: int) -> Question:
    return get_object_or_404(Question, pk=question_pk, interview=interview)


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@require_POST
@predicate_required(rules.can_moderate)
def answering(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    interview = _interview(request, pk)
    try:
        control_room.mark_answering(_question(interview, question_pk), by=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    return _panel(request, interview)


@require_POST
@predicate_required(rules.can_moderate)
def answering_clear(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _interview(request, pk)
    control_room.clear_answering(interview, by=request.user)
    return _panel(request, interview)


@require_POST
@predicate_required(rules.can_moderate)
def answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    interview = _interview(request, pk)
    question = _question(interview, question_pk)
    form = LiveAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please fill in the answer and who gave it."))
        return _panel(request, interview)
    try:
        control_room.answer_live(
            question,
            by=request.user,
            text=form.cleaned_data["text"],
            speaker=form.cleaned_data["speaker"],
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The live answer is published."))
    return _panel(request, interview)
