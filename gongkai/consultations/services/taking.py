"""A citizen takes part: one response per browser (a random token in a cookie) and, when the
consultation asks for it, per phone number verified with an SMS code. Choices and ratings count
at once; free text is a ``Comment`` that waits for review (先审后发), flagged by the questions'
sensitive-word list."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.consultations.models import (
    Answer,
    Comment,
    Consultation,
    Item,
    ItemKind,
    Phase,
    Response,
)
from gongkai.questions import screening
from gongkai.security.fields import blind_index
from gongkai.security.notify import send_sms

CODE_TTL_SECONDS = 10 * 60
DEVICE_COOKIE = "gk_consult"


class AlreadyResponded(ValidationError):
    """This browser or this phone has already taken part."""


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def device_hash(consultation: Consultation, token: str) -> str:
    return blind_index(f"consultation:{consultation.pk}:device:{token}")


def phone_hash(consultation: Consultation, phone: str) -> str:
    return blind_index(f"consultation:{consultation.pk}:phone:{phone}")


def has_responded(consultation: Consultation, token: str | None) -> bool:
    if not token:
        return False
    return Response.objects.filter(
        consultation=consultation, device_hash=device_hash(consultation, token)
    ).exists()


# --- phone codes --------------------------------------------------------------------------


def _code_key(consultation: Consultation, phone: str) -> str:
    return f"consultations:code:{phone_hash(consultation, phone)}"


def send_code(consultation: Consultation, phone: str) -> bool:
    """Text a six-digit code to ``phone``; False when the phone's daily SMS limit is reached."""
    code = f"{secrets.randbelow(1_000_000):06d}"
    cache.set(_code_key(consultation, phone), code, CODE_TTL_SECONDS)
    text = _("Your code for “%(title)s” is %(code)s. It is valid for 10 minutes.") % {
        "title": consultation.title[:30],
        "code": code,
    }
    return send_sms(phone, text)


def check_code(consultation: Consultation, phone: str, code: str) -> bool:
    """True for the code last sent to ``phone`` (used up when right)."""
    stored = cache.get(_code_key(consultation, phone))
    if not stored or not code or not secrets.compare_digest(stored.encode(), code.strip().encode()):
        return False
    cache.delete(_code_key(consultation, phone))
    return True


# --- responding ---------------------------------------------------------------------------


def duplicate_refusal() -> AlreadyResponded:
    return AlreadyResponded(
        _(
            "You have already taken part in this consultation: each person answers once. "
            "Thank you! The results are published here after it closes."
        ),
        code="duplicate",
    )


@transaction.atomic
def respond(
    consultation: Consultation,
    items: list[Item],
    *,
    device_token: str,
    answers: dict[str, Any],
    comment: str = "",
    phone: str = "",
    now: dt.datetime | None = None,
) -> Response:
    """Store one response. ``answers`` maps each item's ``field_name`` to its cleaned value
    (a Choice pk, a list of them, a rating 1–5 or a text); ``comment`` is the general
    suggestion on a draft."""
    now = now or timezone.now()
    if consultation.phase(now) != Phase.OPEN:
        raise ValidationError(_("This consultation is not open for responses."), code="closed")
    device = device_hash(consultation, device_token)
    phone_key = phone_hash(consultation, phone) if phone else ""
    taken = Response.objects.filter(consultation=consultation, device_hash=device)
    if phone_key:
        taken = taken | Response.objects.filter(consultation=consultation, phone_hash=phone_key)
    if taken.exists():
        raise duplicate_refusal()
    try:
        with transaction.atomic():
            response = Response.objects.create(
                consultation=consultation,
                submitted_at=now,
                device_hash=device,
                phone_hash=phone_key,
            )
    except IntegrityError as exc:  # a second tab sent at the same instant
        raise duplicate_refusal() from exc
    rows: list[Answer] = []
    texts: list[tuple[Item | None, str]] = []
    for item in items:
        value = answers.get(item.field_name)
        if value in (None, "", []):
            continue
        if item.kind == ItemKind.SINGLE:
            rows.append(Answer(response=response, item=item, choice_id=int(value)))
        elif item.kind == ItemKind.MULTIPLE:
            rows += [Answer(response=response, item=item, choice_id=int(v)) for v in value]
        elif item.kind == ItemKind.RATING:
            rows.append(Answer(response=response, item=item, rating=int(value)))
        else:
            texts.append((item, str(value)))
    if comment.strip():
        texts.append((None, comment))
    # In one statement: the response row itself is audited; its ticks are counts, not content.
    Answer.objects.bulk_create(rows)
    for text_item, text in texts:
        matched = screening.find_words(text)
        Comment.objects.create(
            consultation=consultation,
            response=response,
            item=text_item,
            text=text.strip(),
            flagged=bool(matched),
            matched_words=matched,
        )
    return response
