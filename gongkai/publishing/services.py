"""Approving and rejecting reviewable material. Each call is one transaction."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.publishing.models import Reviewable, ReviewStatus

R = TypeVar("R", bound=Reviewable)


@transaction.atomic
def approve(item: R, *, by: Any) -> R:
    now = timezone.now()
    item.review_status = ReviewStatus.APPROVED
    item.reviewed_by = by
    item.reviewed_at = now
    item.reject_reason = ""
    item.published_at = item.published_at or now
    item.save()
    return item


@transaction.atomic
def reject(item: R, *, by: Any, reason: str) -> R:
    if not reason.strip():
        raise ValidationError(_("Please say why the material is rejected, so the unit can fix it."))
    item.review_status = ReviewStatus.REJECTED
    item.reviewed_by = by
    item.reviewed_at = timezone.now()
    item.reject_reason = reason.strip()
    item.published_at = None
    item.save()
    return item


@transaction.atomic
def resubmit(item: R) -> R:
    item.review_status = ReviewStatus.PENDING
    item.reviewed_by = None
    item.reviewed_at = None
    item.save()
    return item
