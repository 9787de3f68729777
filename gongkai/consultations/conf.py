"""This app's settings: a Django setting of the same name wins over the environment variable."""

from __future__ import annotations

from django.conf import settings

from gongkai.lib.env import env_int


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, env_int(name, default)))


def feedback_days() -> int:
    """Working days after the window closes within which the feedback (results and 采纳情况)
    must be published: later, the consultation is overdue on the workbench and in the
    assessment evidence."""
    return _setting("CONSULTATIONS_FEEDBACK_DAYS", 15)


def ip_limit() -> tuple[int, int]:
    """Responses (and refused attempts) one address may send: (count, window in seconds)."""
    return (
        _setting("CONSULTATIONS_RATE_PER_IP", 10),
        _setting("CONSULTATIONS_RATE_WINDOW", 600),
    )


def code_limit() -> tuple[int, int]:
    """SMS codes one address may ask for: (count, window in seconds)."""
    return (_setting("CONSULTATIONS_CODE_RATE_PER_IP", 5), 3600)
