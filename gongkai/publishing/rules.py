"""Who reviews: the service center and the county office act; assessors read the queue."""

from typing import Any

from gongkai.accounts.rules import is_coordinator, sees_all


def can_view_queue(user: Any) -> bool:
    return sees_all(user)


def can_review(user: Any) -> bool:
    return is_coordinator(user)
