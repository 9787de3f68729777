"""Netizen messages in the portal's registries: the questions and answers shown on interview
pages and the 互动数据 statistics refresh cached pages when they change. The statistics
themselves reach the portal through ``services.public_statistics()``."""

from __future__ import annotations

from gongkai.portal import cache


def register() -> None:
    from gongkai.questions.models import Answer, Question, QuestionStatus

    # A new message waits for review: nothing public changes until it is approved (the 互动数据
    # counts may lag by the page-cache lifetime, 60 s by default).
    cache.register_content_model(Question, when=lambda q: q.status != QuestionStatus.PENDING)
    cache.register_content_model(Answer)
