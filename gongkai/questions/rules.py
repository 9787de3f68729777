"""Who may do what with netizen messages, built on gongkai.accounts.rules.

The service center and the county office review everything; assessors read (phones masked);
a unit's staff see only the questions sent to their unit and draft answers to them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from gongkai.accounts import rules
from gongkai.accounts.models import Role
from gongkai.questions.models import Question, QuestionQuerySet


def can_moderate(user: Any) -> bool:
    return rules.is_coordinator(user)


def can_open_queue(user: Any) -> bool:
    return rules.sees_all(user) or _is_unit_staff(user)


def _is_unit_staff(user: Any) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.UNIT_STAFF
        and bool(user.unit_id)
    )


def has_question_tasks(user: Any) -> bool:
    """Workbench lines about messages: for the reviewers and for unit staff (their answers)."""
    return rules.is_coordinator(user) or (
        getattr(user, "is_authenticated", False) and user.role == Role.UNIT_STAFF
    )


def queue_interviews(user: Any, queryset: QuerySet) -> QuerySet:
    """The interviews the queue's filter offers: unit staff only their unit's, everyone else
    who opens the queue all of them."""
    if not can_moderate(user) and getattr(user, "role", None) == Role.UNIT_STAFF:
        return queryset.filter(unit_id__in=rules.own_unit_ids(user))
    return queryset


def sees_phone(user: Any) -> bool:
    """Only the reviewers, who may call the asker back, see the phone number unmasked."""
    return rules.is_coordinator(user)


def questions_for(user: Any, queryset: QuestionQuerySet | None = None) -> QuestionQuerySet:
    queryset = Question.objects.all() if queryset is None else queryset
    if rules.sees_all(user):
        return queryset
    if _is_unit_staff(user):
        return rules.unit_work(user, queryset, unit_field="interview__unit").filter(
            sent_to_unit_at__isnull=False
        )
    return queryset.none()


def access_question(user: Any, pk: Any, queryset: QuestionQuerySet | None = None) -> Question:
    """One question for ``user``; 404 alike for missing and for another unit's question."""
    try:
        return questions_for(user, queryset).get(pk=pk)
    except (Question.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def can_answer(user: Any, question: Question) -> bool:
    if rules.is_coordinator(user):
        return True
    return (
        _is_unit_staff(user)
        and question.sent_to_unit_at is not None
        and rules.can_change_unit_work(user, question.interview.unit_id)
    )
