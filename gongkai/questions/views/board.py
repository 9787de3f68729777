"""The question board for the moderator and the host: a suggested group of similar questions
merged into its main question in one step (asked first), and past answers to reply with."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.interviews import past_answers
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.params import parse_id
from gongkai.questions import grouping, rules
from gongkai.questions.models import Question


def _members(request: HttpRequest, main: Question) -> list[Question]:
    ids = {parse_id(v) for v in request.POST.getlist("ids")} - {None, main.pk}
    queryset = Question.objects.filter(interview_id=main.interview_id, status__in=grouping.OPEN)
    return list(rules.questions_for(request.user, queryset).filter(pk__in=ids).order_by("id"))


def _back(request: HttpRequest, main: Question) -> str:
    if request.POST.get("back") == "control":
        url = reverse("interviews:staff-control", args=[main.interview_id])
        return url + "#control-questions"
    return reverse("questions:question-detail", args=[main.pk])


def _describe(request: HttpRequest, pk: int) -> Confirmation | None:
    main = rules.access_question(request.user, pk)
    members = _members(request, main)
    if not members:
        return None  # the view says what is missing
    return Confirmation(
        title=_("Merge %(n)d similar questions into #%(pk)d?") % {"n": len(members), "pk": main.pk},
        subject=main.text,
        effects=[
            *[f"#{m.pk} {m.nickname}: {m.text}" for m in members],
            _(
                "Each of them is no longer shown on its own; its asker's lookup code shows the "
                "answer of #%(pk)d."
            )
            % {"pk": main.pk},
            _("#%(pk)d's “me too” count grows by the merged questions and their “me too”s.")
            % {"pk": main.pk},
            _("A merge cannot be undone."),
        ],
        button=_("Yes, merge them"),
        back_url=_back(request, main),
    )


@require_POST
@predicate_required(rules.can_moderate)
@confirm_first(_describe)
def merge_group(request: HttpRequest, pk: int) -> HttpResponse:
    main = rules.access_question(request.user, pk)
    members = _members(request, main)
    if not members:
        messages.error(request, _("Those questions are already merged or rejected; nothing to do."))
        return redirect(_back(request, main))
    try:
        main = grouping.merge_group(main, members, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(n)d questions merged into #%(pk)d; it now counts %(c)d “me too”.")
            % {"n": len(members), "pk": main.pk, "c": main.metoo_count},
        )
    return redirect(_back(request, main))


def suggestions(question: Question) -> list[past_answers.PastAnswer]:
    return past_answers.find(question.text, exclude_interview=question.interview_id)


def reply_text(request: HttpRequest, question: Question) -> str | None:
    """The answer form's text when the moderator chose "reply with this" (``?reply_with=``)."""
    key = request.GET.get("reply_with", "")
    found = past_answers.get(key, question.text) if key else None
    if found is None:
        return None
    link = request.build_absolute_uri(found.url)
    return f"{found.text}\n\n{_('More:')} {found.title} {link}"
