"""Netizen messages in the portal's registries: the questions and answers shown on interview
pages and the 互动数据 statistics refresh cached pages when they change. The statistics
themselves reach the portal through ``services.public_statistics()``."""

from __future__ import annotations

from gongkai.portal import cache


def register() -> None:
    from gongkai.questions.models import Answer, Question

    for model in (Question, Answer):
        cache.register_content_model(model)
