"""What the questions app shows on the interview page (slots of ``gongkai.interviews.parts``)
and on its own per-interview page: the ask form and the published questions with answers.

The list is read here, in the view layer, and handed to the templates (no template tag reads
the database). The list is ``<ol id="questions-<interview.pk>">``, the element the live push
updates (``question.approved`` appends, ``question.answered``/``question.updated`` replace,
``question.removed`` removes ``#question-<id>``; see ``gongkai.live.events``).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string

from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.questions import control_room, services
from gongkai.questions.forms import AskForm
from gongkai.questions.models import Question

ARCHIVE_PAGE_SIZE = 50


def ask_context(interview: Interview) -> dict[str, Any]:
    takes = services.takes_questions(interview)
    return {"interview": interview, "form": AskForm() if takes else None, "takes_questions": takes}


def list_context(request: HttpRequest | None, interview: Interview) -> dict[str, Any]:
    questions = (
        Question.objects.published()
        .filter(interview=interview)
        .select_related("answer")
        .order_by("asked_at", "id")
    )
    page = None
    if not services.takes_questions(interview) and interview.status != InterviewStatus.LIVE:
        # A finished interview's record can hold thousands of questions: pages of
        # ARCHIVE_PAGE_SIZE. Live and preview pages list them all, as the live push appends.
        number = request.GET.get("questions_page") if request is not None else None
        page = Paginator(questions, ARCHIVE_PAGE_SIZE).get_page(number)
        questions = page.object_list
    return {
        "interview": interview,
        "questions": questions,
        "page": page,
        "target": services.list_target(interview),
    }


def ask_part(request: HttpRequest, interview: Interview) -> str:
    return render_to_string("questions/_ask_form.html", ask_context(interview), request=request)


def questions_list(request: HttpRequest, interview: Interview) -> str:
    return render_to_string(
        "questions/_question_list.html", list_context(request, interview), request=request
    )


def questions_part(request: HttpRequest, interview: Interview) -> str:
    """The questions-and-answers section: the list, and during the live the ask form below."""
    html = questions_list(request, interview)
    if interview.status == InterviewStatus.LIVE:
        html = answering_part(interview) + html + ask_part(request, interview)
    return html


def answering_part(interview: Interview) -> str:
    """The "being answered" box above the live questions (``question.answering`` replaces it)."""
    box = control_room.render_answering(interview, control_room.answering_question(interview))
    target = control_room.answering_target(interview)
    return f'<div id="{target}" class="answering" aria-live="polite">{box}</div>'


def register() -> None:
    """Fill the interview page's slots (called from ``QuestionsConfig.ready``)."""
    from gongkai.interviews import parts

    parts.register_part("ask", ask_part)
    parts.register_part("questions", questions_part)
    parts.register_per_visitor(services.takes_questions)
    from gongkai.questions.views.control import control_part

    parts.register_part("control", control_part)
