"""The netizen questions in the interview's control room: the approved questions to pick from,
the one the guest is answering on air ("正在回答", shown on the live page) and its live answer.

Each action is one transaction; the live page learns of it through ``question.answering``
(the box ``#answering-<interview>`` above the questions) and ``question.answered``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.live.services import publish
from gongkai.questions import services
from gongkai.questions.models import AnswerMode, Question, QuestionStatus


def answering_target(interview: Interview) -> str:
    return f"answering-{interview.pk}"


def answering_key(interview: Interview) -> str:
    return f"answering-{interview.pk}-now"


def approved_questions(interview: Interview, *, unanswered: bool = False) -> QuerySet[Question]:
    """The approved questions of ``interview``, newest first; ``unanswered``: without a
    published answer."""
    questions = (
        Question.objects.filter(interview=interview, status=QuestionStatus.APPROVED)
        .select_related("answer")
        .order_by("-asked_at", "-id")
    )
    if unanswered:
        questions = questions.exclude(answer__published_at__isnull=False)
    return questions


def answering_question(interview: Interview) -> Question | None:
    return (
        Question.objects.filter(interview=interview, answering_at__isnull=False)
        .order_by("-answering_at")
        .first()
    )


def render_answering(interview: Interview, question: Question | None) -> str:
    """The live page's "being answered" box (always an element with the key's id)."""
    if question is not None and not (
        question.is_public and question.status == QuestionStatus.APPROVED
    ):
        question = None  # a private question is answered on air without being shown
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            "questions/_answering.html",
            {"key": answering_key(interview), "question": question},
        )


def _push_answering(interview: Interview, question: Question | None) -> None:
    publish(
        interview.channel,
        "question.answering",
        {
            "target": answering_target(interview),
            "key": answering_key(interview),
            "mode": "replace",
            "html": render_answering(interview, question),
            "question_id": question.pk if question is not None else 0,
        },
    )


def _check_live(interview: Interview) -> None:
    if interview.status != InterviewStatus.LIVE:
        raise ValidationError(_("The interview is not live."), code="not_live")


@transaction.atomic
def mark_answering(question: Question, *, by: Any) -> Question:
    """Mark ``question`` as the one being answered on air; any other mark of the interview is
    cleared (one at a time)."""
    question = Question.objects.select_for_update().select_related("interview").get(pk=question.pk)
    interview = question.interview
    _check_live(interview)
    if question.status != QuestionStatus.APPROVED:
        raise ValidationError(_("Only an approved question can be answered on air."))
    Question.objects.filter(interview=interview, answering_at__isnull=False).exclude(
        pk=question.pk
    ).update(answering_at=None)
    question.answering_at = timezone.now()
    question.save(update_fields=["answering_at"])
    _push_answering(interview, question)
    return question


@transaction.atomic
def clear_answering(interview: Interview, *, by: Any) -> None:
    """No question is being answered any more (the guest moved on)."""
    if Question.objects.filter(interview=interview, answering_at__isnull=False).update(
        answering_at=None
    ):
        _push_answering(interview, None)


@transaction.atomic
def answer_live(question: Question, *, by: Any, text: str, speaker: str) -> Question:
    """Record the guest's live answer to ``question``, publish it at once and clear the
    "being answered" mark."""
    answer = services.answer_question(
        question, by=by, text=text, speaker=speaker, mode=AnswerMode.LIVE, publish_now=True
    )
    question = answer.question
    if question.answering_at is not None:
        question.answering_at = None
        question.save(update_fields=["answering_at"])
        _push_answering(question.interview, None)
    return question
