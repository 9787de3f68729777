"""Answers published in earlier interviews as past answers for the question board (registered
in apps.py; the policies app registers its interpretations the same way)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.interviews import past_answers
from gongkai.questions.models import Answer, QuestionStatus

NAME = "question"
# The latest answers compared (a county answers a few hundred a year).
LOOKBACK = 3000


def _public():
    return Answer.objects.filter(
        published_at__isnull=False,
        question__status=QuestionStatus.APPROVED,
        question__is_public=True,
    ).select_related("question__interview")


def _answer(answer: Answer, score: float) -> past_answers.PastAnswer:
    question = answer.question
    url = reverse("questions:interview-questions", args=[question.interview_id])
    return past_answers.PastAnswer(
        key=f"{NAME}:{question.pk}",
        kind=_("Earlier interview"),
        title=f"{question.interview.topic}: {question.text[:60]}",
        text=answer.text,
        url=f"{url}#{question.element_id}",
        score=score,
    )


def find(text: str, exclude_interview: int | None) -> list[past_answers.PastAnswer]:
    sig = past_answers.signature(text)
    rows = _public().exclude(question__interview_id=exclude_interview)
    rows = rows.order_by("-published_at").values_list("id", "question__text")[:LOOKBACK]
    scored = [
        (score, pk)
        for pk, qtext in rows
        if (score := past_answers.cosine(sig, past_answers.signature(qtext)))
        >= past_answers.THRESHOLD
    ]
    scored.sort(reverse=True)
    answers = _public().in_bulk([pk for _s, pk in scored[:3]])
    return [_answer(answers[pk], score) for score, pk in scored[:3] if pk in answers]


def get(ident: str, text: str) -> past_answers.PastAnswer | None:
    answer = _public().filter(question_id=int(ident) if ident.isdigit() else 0).first()
    if answer is None:
        return None
    score = past_answers.cosine(
        past_answers.signature(text), past_answers.signature(answer.question.text)
    )
    return _answer(answer, score)


def register() -> None:
    past_answers.register_source(past_answers.Source(name=NAME, find=find, get=get))
