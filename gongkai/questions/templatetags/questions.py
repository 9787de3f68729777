"""Template tags the interview pages use to embed the question form and the answered questions.

Contract with the interviews app: ``{% load questions %}{% question_form interview %}`` renders
the ask form (or nothing when the interview no longer takes questions) and
``{% question_list interview %}`` renders the approved questions with their answers, inside an
element the live push updates.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def question_form(context, interview):
    return ""


@register.simple_tag(takes_context=True)
def question_list(context, interview):
    return ""
