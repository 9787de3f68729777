"""Template tags the interview pages use to embed the question form and the answered questions.

Contract with the interviews app: ``{% load questions %}{% question_form interview %}`` renders
the ask form (or a short note when the interview no longer takes questions) and
``{% question_list interview %}`` renders the approved public questions with their answers,
inside ``<ol id="questions-<interview.pk>">``, the element the live push updates
(``question.approved`` appends, ``question.answered``/``question.updated`` replace,
``question.removed`` removes ``#question-<id>``).
"""

from django import template
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from gongkai.questions import services
from gongkai.questions.forms import AskForm
from gongkai.questions.models import Question

register = template.Library()

ARCHIVE_PAGE_SIZE = 50


@register.simple_tag(takes_context=True)
def question_form(context, interview):
    request = context.get("request")
    return render_to_string(
        "questions/_ask_form.html",
        {
            "interview": interview,
            "form": AskForm() if services.takes_questions(interview) else None,
            "takes_questions": services.takes_questions(interview),
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def question_list(context, interview):
    questions = (
        Question.objects.published()
        .filter(interview=interview)
        .select_related("answer")
        .order_by("asked_at", "id")
    )
    request = context.get("request")
    page = None
    if not services.takes_questions(interview) and interview.status != "live":
        # A finished interview's record can hold thousands of questions: pages of
        # ARCHIVE_PAGE_SIZE. Live and preview pages list them all, as the live push appends.
        number = request.GET.get("questions_page") if request is not None else None
        page = Paginator(questions, ARCHIVE_PAGE_SIZE).get_page(number)
        questions = page.object_list
    return render_to_string(
        "questions/_question_list.html",
        {
            "interview": interview,
            "questions": questions,
            "page": page,
            "target": services.list_target(interview),
        },
        request=request,
    )
