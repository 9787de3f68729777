"""The moderation queue (先审后发) and the units' answers. Reviewers: the service center and the
county office; assessors read; a unit's staff see the questions sent to their unit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.http import AuthenticatedHttpRequest
from gongkai.accounts.rules import predicate_required
from gongkai.audit.services import record
from gongkai.counties import scope
from gongkai.interviews.models import Interview
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.masking import mask_phone
from gongkai.lib.params import parse_id, posted
from gongkai.questions import grouping, rules, services
from gongkai.questions.forms import (
    AnswerForm,
    BulkApproveForm,
    CorrectForm,
    MergeForm,
    QueueFilterForm,
    RejectForm,
    ReplyLimitForm,
    SensitiveWordsForm,
)
from gongkai.questions.models import Answer, Question, QuestionStatus, SensitiveWord
from gongkai.questions.views import board

PAGE_SIZE = 50


def _answer_of(question: Question) -> Answer | None:
    try:
        return question.answer
    except Answer.DoesNotExist:
        return None


@predicate_required(rules.can_open_queue)
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    interviews = list(
        rules.queue_interviews(
            request.user, Interview.objects.select_related("unit").order_by("-starts_at", "-id")
        )
    )
    default_status = "pending" if rules.can_moderate(request.user) else "all"
    form = QueueFilterForm(request.GET or {"status": default_status}, interviews=interviews)
    questions = rules.questions_for(request.user).select_related(
        "interview__unit", "answer", "merged_into"
    )
    if form.is_valid():
        status = form.cleaned_data["status"] or default_status
        today = timezone.localdate()
        if status == "overdue":
            questions = questions.overdue(today)
        elif status == "answer_draft":
            questions = questions.filter(answer__isnull=False, answer__published_at__isnull=True)
        elif status != "all":
            questions = questions.filter(status=status)
        if form.cleaned_data["flagged"]:
            questions = questions.filter(flagged=True)
        if form.cleaned_data["interview"]:
            questions = questions.filter(interview_id=form.cleaned_data["interview"])
    page = Paginator(questions.order_by("-flagged", "asked_at", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    if rules.can_moderate(request.user) and page.object_list:
        groups = grouping.groups_of({q.interview_id for q in page.object_list})
        for q in page.object_list:
            q.similar_group = groups.get(q.pk)
    return render(
        request,
        "questions/staff/queue.html",
        {
            "filter_form": form,
            "page": page,
            "can_moderate": rules.can_moderate(request.user),
            "today": timezone.localdate(),
            "query": _query_without_page(request),
        },
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@predicate_required(rules.can_open_queue)
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = rules.access_question(
        request.user,
        pk,
        Question.objects.select_related("interview__unit", "answer", "merged_into", "reviewed_by"),
    )
    can_moderate = rules.can_moderate(request.user)
    answer = _answer_of(question)
    phone = question.phone_encrypted
    if phone and rules.sees_phone(request.user):
        record("question.phone_shown", instance=question, user=request.user)
    elif phone:
        phone = mask_phone(phone)
    candidates = []
    if can_moderate:
        candidates = list(
            Question.objects.filter(
                interview_id=question.interview_id,
                status__in=[QuestionStatus.PENDING, QuestionStatus.APPROVED],
            )
            .exclude(pk=question.pk)
            .order_by("-asked_at")[:200]
        )
    answer_initial = {"mode": "written" if question.interview.status == "archived" else "live"}
    if answer:
        answer_initial = {"speaker": answer.speaker, "text": answer.text, "mode": answer.mode}
    group, group_questions, past = None, [], []
    if can_moderate:
        group = grouping.group_of(question)
        if group is not None:
            ids = [group.main_id, *group.member_ids]
            found = Question.objects.in_bulk(ids)
            group_questions = [found[i] for i in ids if i in found]
        past = board.suggestions(question)
        prefill = board.reply_text(request, question)
        if prefill is not None:
            answer_initial["text"] = prefill
    return render(
        request,
        "questions/staff/detail.html",
        {
            "question": question,
            "answer": answer,
            "phone": phone,
            "can_moderate": can_moderate,
            "can_answer": rules.can_answer(request.user, question),
            "reject_form": RejectForm(),
            # its own ids: the answer form on the same page has a "text" field too
            "correct_form": CorrectForm(initial={"text": question.text}, auto_id="id_correct_%s"),
            "actions": services.allowed_actions(question, answer),
            "merge_form": MergeForm(candidates=candidates) if candidates else None,
            "answer_form": AnswerForm(initial=answer_initial),
            "duplicates": question.duplicates.all(),
            "group": group,
            "group_questions": group_questions,
            "past_answers": past,
        },
    )


def _moderated(request: HttpRequest, pk: int) -> Question:
    if not rules.can_moderate(request.user):
        raise PermissionDenied
    return rules.access_question(request.user, pk)


def _done(request: HttpRequest, question: Question, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("questions:question-detail", pk=question.pk)


def _refused(request: HttpRequest, question: Question, error: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(error.messages))
    return redirect("questions:question-detail", pk=question.pk)


@require_POST
@predicate_required(rules.can_moderate)
def question_approve(request: HttpRequest, pk: int) -> HttpResponse:
    question = _moderated(request, pk)
    try:
        services.approve_question(question, by=request.user)
    except ValidationError as exc:
        return _refused(request, question, exc)
    return _done(request, question, _("The question is approved."))


def _describe_reject(request: HttpRequest, pk: int) -> Confirmation:
    question = _moderated(request, pk)
    effects = [_("The question is not shown on the portal; the asker sees the reason.")]
    if question.status == QuestionStatus.APPROVED:
        effects.append(_("It was public: open live pages drop it at once."))
    effects.append(_("It can still be approved later from this page."))
    return Confirmation(
        title=_("Reject question #%(pk)d?") % {"pk": question.pk},
        subject=question.text,
        effects=effects,
        button=_("Yes, reject it"),
        back_url=reverse("questions:question-detail", args=[question.pk]),
    )


@require_POST
@predicate_required(rules.can_moderate)
@confirm_first(_describe_reject)
def question_reject(request: HttpRequest, pk: int) -> HttpResponse:
    question = _moderated(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a reason, and write it when you choose “Other”."))
        return redirect("questions:question-detail", pk=question.pk)
    try:
        services.reject_question(
            question,
            by=request.user,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        return _refused(request, question, exc)
    return _done(request, question, _("The question is rejected."))


@require_POST
@predicate_required(rules.can_moderate)
def question_correct(request: HttpRequest, pk: int) -> HttpResponse:
    question = _moderated(request, pk)
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The corrected text cannot be empty or longer than 1000 characters.")
        )
        return redirect("questions:question-detail", pk=question.pk)
    services.correct_question(question, by=request.user, text=form.cleaned_data["text"])
    return _done(request, question, _("The correction is saved; the original text is kept."))


def _describe_merge(request: HttpRequest, pk: int) -> Confirmation | None:
    question = _moderated(request, pk)
    into_pk = parse_id(request.POST.get("into"))
    if into_pk is None:
        return None  # the view says what is missing
    into = rules.access_question(request.user, into_pk)
    return Confirmation(
        title=_("Merge question #%(pk)d into #%(into)d?") % {"pk": question.pk, "into": into.pk},
        subject=question.text,
        effects=[
            _("The question is no longer shown on its own; its asker sees the answer of #%(into)d:")
            % {"into": into.pk},
            into.text,
            _("A merge cannot be undone."),
        ],
        button=_("Yes, merge"),
        back_url=reverse("questions:question-detail", args=[question.pk]),
    )


@require_POST
@predicate_required(rules.can_moderate)
@confirm_first(_describe_merge)
def question_merge(request: HttpRequest, pk: int) -> HttpResponse:
    question = _moderated(request, pk)
    try:
        into_pk = int(request.POST.get("into", ""))
    except ValueError:
        messages.error(request, _("Please choose the question to keep."))
        return redirect("questions:question-detail", pk=question.pk)
    into = rules.access_question(request.user, into_pk)
    try:
        services.merge_questions(question, into=into, by=request.user)
    except ValidationError as exc:
        return _refused(request, question, exc)
    messages.success(request, _("Merged: the asker will see the answer of the kept question."))
    return redirect("questions:question-detail", pk=into.pk)


@require_POST
@predicate_required(rules.can_moderate)
def question_send(request: HttpRequest, pk: int) -> HttpResponse:
    question = _moderated(request, pk)
    try:
        services.send_to_unit(question, by=request.user)
    except ValidationError as exc:
        return _refused(request, question, exc)
    return _done(
        request,
        question,
        _("Sent to %(unit)s; its staff can now draft the answer.")
        % {"unit": question.interview.unit.name},
    )


@require_POST
@predicate_required(rules.can_moderate)
def questions_bulk_approve(request: HttpRequest) -> HttpResponse:
    form = BulkApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please tick the questions to approve."))
    else:
        count = services.approve_questions(form.cleaned_data["ids"], by=request.user)
        messages.success(request, _("%(n)s questions approved.") % {"n": count})
    back = request.POST.get("back", "")
    home = reverse("questions:staff-home")
    return redirect(back if back.startswith(home) else home)


@require_POST
@predicate_required(rules.can_open_queue)
def answer_save(request: HttpRequest, pk: int) -> HttpResponse:
    question = rules.access_question(request.user, pk)
    if not rules.can_answer(request.user, question):
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please fill in the answer, who gave it and how it was given."))
        return redirect("questions:question-detail", pk=question.pk)
    publish_now = form.cleaned_data["publish_now"] and rules.can_moderate(request.user)
    try:
        services.answer_question(
            question,
            by=request.user,
            text=form.cleaned_data["text"],
            speaker=form.cleaned_data["speaker"],
            mode=form.cleaned_data["mode"],
            publish_now=publish_now,
        )
    except ValidationError as exc:
        return _refused(request, question, exc)
    if publish_now:
        return _done(request, question, _("The answer is published."))
    return _done(
        request, question, _("The answer is saved; the service center publishes it after review.")
    )


@require_POST
@predicate_required(rules.can_moderate)
def answer_approve(request: HttpRequest, pk: int) -> HttpResponse:
    question = _moderated(request, pk)
    answer = _answer_of(question)
    if answer is None:
        messages.error(request, _("There is no answer to approve yet."))
        return redirect("questions:question-detail", pk=question.pk)
    try:
        services.approve_answer(answer, by=request.user)
    except ValidationError as exc:
        return _refused(request, question, exc)
    return _done(request, question, _("The answer is published."))


@predicate_required(rules.can_moderate)
def word_list(request: HttpRequest) -> HttpResponse:
    form = SensitiveWordsForm(posted(request), prefix="words")
    limits = services.reply_limits()
    limit_form = ReplyLimitForm(None, limits=limits, prefix="limits")
    if request.method == "POST" and "limits-consult" in request.POST:
        form = SensitiveWordsForm(prefix="words")
        limit_form = ReplyLimitForm(request.POST, limits=limits, prefix="limits")
        if limit_form.is_valid():
            for kind, days in limit_form.cleaned_data.items():
                services.set_reply_limit(kind, days)
            messages.success(request, _("The reply limits are saved."))
            return redirect("questions:word-list")
    elif request.method == "POST" and form.is_valid():
        lines = form.cleaned_data["words"].splitlines()
        added = services.add_sensitive_words(lines)
        messages.success(request, _("%(n)s words added.") % {"n": added})
        return redirect("questions:word-list")
    return render(
        request,
        "questions/staff/words.html",
        {"form": form, "limit_form": limit_form, "words": SensitiveWord.objects.all()},
    )


def _describe_word_delete(request: HttpRequest, pk: int) -> Confirmation:
    word: SensitiveWord = get_object_or_404(SensitiveWord.objects.filter(scope.own_rows()), pk=pk)
    return Confirmation(
        title=_("Remove “%(word)s” from the sensitive words?") % {"word": word},
        effects=[_("New questions containing it are no longer held for a closer look.")],
        button=_("Yes, remove it"),
        back_url=reverse("questions:word-list"),
    )


@require_POST
@predicate_required(rules.can_moderate)
@confirm_first(_describe_word_delete)
def word_delete(request: HttpRequest, pk: int) -> HttpResponse:
    # The city's base words (市级) are the city's to remove: 404 here.
    services.remove_sensitive_word(
        get_object_or_404(SensitiveWord.objects.filter(scope.own_rows()), pk=pk)
    )
    messages.success(request, _("The word is removed from the list."))
    return redirect("questions:word-list")
