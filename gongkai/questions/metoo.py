"""同问 (+1): a netizen adds their voice to a published question instead of asking it again.

One per browser per question: the browser carries a random cookie, stored only as a keyed hash
(``voter``), so no account, phone or address is kept; clearing cookies allows another, which the
per-address rate limit bounds. Accepted while the question waits for its answer; the new count
goes to every open page as a ``question.metoo`` live event."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.live.services import publish
from gongkai.questions.models import MeToo, Question
from gongkai.questions.services import list_target, render_item

COOKIE = "gk_voter"
COOKIE_AGE = 365 * 24 * 3600


def new_voter_token() -> str:
    return secrets.token_urlsafe(24)


def voter_hash(token: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"metoo:{token}".encode(), hashlib.sha256).hexdigest()


def _question(pk: int) -> Question:
    question = (
        Question.objects.published()
        .select_related("interview", "answer")
        .filter(pk=pk, merged_into__isnull=True)
        .first()
    )
    if question is None:
        raise Question.DoesNotExist
    return question


def me_too(pk: int, token: str) -> tuple[Question, bool]:
    """Count this browser's 同问 on question ``pk``; returns the question and whether it was
    new (False when this browser had already added its voice). Raises ``Question.DoesNotExist``
    for a question the portal does not show, ``ValidationError`` once it is answered."""
    question = _question(pk)
    answer = getattr(question, "answer", None)
    if answer is not None and answer.published_at:
        raise ValidationError(
            _("This question has been answered: read the answer below it."), code="answered"
        )
    try:
        with transaction.atomic():
            MeToo.objects.create(question=question, voter=voter_hash(token))
            Question.objects.filter(pk=pk).update(metoo_count=F("metoo_count") + 1)
            question.refresh_from_db(fields=["metoo_count"])
            html = render_item(question)
            publish(
                question.interview.channel,
                "question.metoo",
                {
                    "target": list_target(question.interview),
                    "key": question.element_id,
                    "mode": "replace",
                    "html": html,
                    "question_id": question.pk,
                    "count": question.metoo_count,
                },
            )
    except IntegrityError:
        return question, False
    return question, True
