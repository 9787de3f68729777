"""Netizen messages in the portal's registries: the questions and answers shown on interview
pages and the 互动数据 statistics refresh cached pages when they change; the statistics
themselves are registered with the portal (``services.public_statistics``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from gongkai.portal import cache, statistics


def stats_section(request: HttpRequest) -> str:
    """The 互动数据 page's breakdown of netizen messages: per interview, per unit, reply times,
    with charts (nothing until a message has been received)."""
    from gongkai.questions import services, stats
    from gongkai.questions.models import QuestionKind

    context = stats.breakdown_context()
    if not context["question_stats"]["questions"]:
        return ""
    limits = services.reply_limits()
    context["limits"] = [(label, limits.get(value)) for value, label in QuestionKind.choices]
    return render_to_string("questions/_stats.html", context, request=request)


def register() -> None:
    from gongkai.questions import services
    from gongkai.questions.models import Answer, Question, QuestionStatus

    statistics.register_statistics(services.public_statistics)
    statistics.register_section(stats_section)

    # A new message waits for review: nothing public changes until it is approved (the 互动数据
    # counts may lag by the page-cache lifetime, 60 s by default).
    cache.register_content_model(Question, when=lambda q: q.status != QuestionStatus.PENDING)
    cache.register_content_model(Answer)
