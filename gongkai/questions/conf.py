"""This app's settings: a Django setting of the same name wins over the environment variable.

``QUESTIONS_CAPTCHA_DISABLED`` exists only for the intake benchmark; ``check --deploy`` fails
when it is on (see checks.py)."""

from __future__ import annotations

from django.conf import settings

from gongkai.lib.env import env_bool, env_int


def _setting(name: str, default):
    return getattr(settings, name, default)


def captcha_disabled() -> bool:
    return bool(_setting("QUESTIONS_CAPTCHA_DISABLED", env_bool("QUESTIONS_CAPTCHA_DISABLED")))


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


def bench_views_enabled() -> bool:
    """Mount the bare insert view bench/question_intake.py compares against. Never in production."""
    return bool(_setting("QUESTIONS_BENCH_VIEWS", env_bool("QUESTIONS_BENCH_VIEWS")))
