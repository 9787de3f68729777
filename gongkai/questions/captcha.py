"""A CAPTCHA without any outside service: a short arithmetic question in text (readable by
screen readers) or, for those who prefer it, a code drawn as a picture with Pillow.

The answer is kept server-side in the cache under a random token; it is checked once and then
deleted, whatever the outcome."""

from __future__ import annotations

import io
import random
import secrets
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

TTL_SECONDS = 15 * 60
TEXT = "text"
IMAGE = "image"
# No 0/O, 1/I/L: easy to read on a phone.
IMAGE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_rng = random.SystemRandom()


@dataclass(frozen=True)
class Challenge:
    token: str
    variant: str
    prompt: str  # the question in text; empty for the image variant


def _key(token: str) -> str:
    return f"questions:captcha:{token}"


def new_challenge(variant: str = TEXT) -> Challenge:
    token = secrets.token_urlsafe(16)
    if variant == IMAGE:
        code = "".join(_rng.choice(IMAGE_ALPHABET) for _char in range(5))
        cache.set(_key(token), {"variant": IMAGE, "answer": code}, TTL_SECONDS)
        return Challenge(token, IMAGE, "")
    a, b = _rng.randint(2, 9), _rng.randint(1, 9)
    cache.set(_key(token), {"variant": TEXT, "answer": str(a + b)}, TTL_SECONDS)
    prompt = _("What is %(a)s plus %(b)s? Type the number.") % {"a": a, "b": b}
    return Challenge(token, TEXT, prompt)


def verify(token: str, answer: str) -> bool:
    """True once for the right answer; the challenge is used up either way."""
    if not token or not answer:
        return False
    stored = cache.get(_key(token))
    if stored is None:
        return False
    cache.delete(_key(token))
    given = answer.strip().upper().replace(" ", "")
    # Bytes: compare_digest refuses str with non-ASCII characters (a typed 十六).
    return secrets.compare_digest(given.encode(), stored["answer"].upper().encode())


def image_code(token: str) -> str | None:
    stored = cache.get(_key(token))
    if stored is None or stored["variant"] != IMAGE:
        return None
    return stored["answer"]


def render_png(code: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    width, height = 180, 64
    image = Image.new("RGB", (width, height), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    try:
        font = ImageFont.load_default(size=36)
    except TypeError:  # Pillow < 10.1
        font = ImageFont.load_default()
    for _line in range(6):
        draw.line(
            [(_rng.randint(0, width), _rng.randint(0, height)) for _point in range(2)],
            fill=(_rng.randint(120, 200),) * 3,
            width=1,
        )
    x = 12
    for char in code:
        draw.text((x, _rng.randint(6, 16)), char, fill=(20, 40, 90), font=font)
        x += 32
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
