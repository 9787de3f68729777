"""This app's settings: a Django setting of the same name wins over the environment variable.

There is no switch to turn the CAPTCHA off: the intake benchmark answers it in its own WSGI
module (bench/intake_wsgi.py)."""

from __future__ import annotations

from django.conf import settings

from gongkai.lib.env import env_int


def _setting(name: str, default):
    return getattr(settings, name, default)


def ip_limit() -> tuple[int, int]:
    """Questions one address may send: (count, window in seconds)."""
    return (
        _setting("QUESTIONS_RATE_PER_IP", env_int("QUESTIONS_RATE_PER_IP", 5)),
        _setting("QUESTIONS_RATE_WINDOW", env_int("QUESTIONS_RATE_WINDOW", 600)),
    )


def interview_limit() -> tuple[int, int]:
    """Questions one interview takes per minute, against floods from many addresses."""
    return (
        _setting("QUESTIONS_RATE_PER_INTERVIEW", env_int("QUESTIONS_RATE_PER_INTERVIEW", 300)),
        60,
    )


def lookup_limit() -> tuple[int, int]:
    """Lookup-code attempts per address, against guessing."""
    return (_setting("QUESTIONS_LOOKUP_RATE", env_int("QUESTIONS_LOOKUP_RATE", 20)), 600)
