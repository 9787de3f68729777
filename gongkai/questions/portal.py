"""Netizen messages in the portal's registries: the questions and answers shown on interview
pages and the 互动数据 statistics refresh cached pages when they change; the statistics
themselves are registered with the portal (``services.public_statistics``)."""

from __future__ import annotations

from gongkai.portal import cache, statistics


def register() -> None:
    from gongkai.questions import services
    from gongkai.questions.models import Answer, Question, QuestionStatus

    statistics.register_statistics(services.public_statistics)

    # A new message waits for review: nothing public changes until it is approved (the 互动数据
    # counts may lag by the page-cache lifetime, 60 s by default).
    cache.register_content_model(Question, when=lambda q: q.status != QuestionStatus.PENDING)
    cache.register_content_model(Answer)
