"""解读方案: the interpretation plan submitted and signed off with a document (国办发〔2016〕80号:
同步组织、同步审签、同步部署). A document is not accepted for publication without one (不予收文)
unless a coordinator waives it with a reason; the waiver is recorded and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.policies import rules
from gongkai.policies.models import (
    DocumentStatus,
    InterpretationPlan,
    PlannedForm,
    PolicyDocument,
)

PLAN_FIELDS = (
    "outline",
    "forms",
    "channels",
    "planned_on",
    "interpreter_name",
    "interpreter_title",
    "signed_on",
)


def plan_of(document: PolicyDocument) -> InterpretationPlan | None:
    try:
        return document.plan
    except InterpretationPlan.DoesNotExist:
        return None


def _check(document: PolicyDocument, fields: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    signed_on: dt.date | None = fields.get("signed_on")
    if signed_on is not None and signed_on != document.signed_on:
        errors["signed_on"] = [
            _(
                "The plan was signed off on %(plan)s but the document on %(document)s. The plan "
                "is signed off together with the document (同步审签): enter the document's "
                "sign-off date, or correct the document's date if that one is wrong."
            )
            % {"plan": signed_on.isoformat(), "document": document.signed_on.isoformat()}
        ]
    forms = fields.get("forms") or []
    if not forms:
        errors["forms"] = [_("Choose at least one form of interpretation.")]
    elif any(f not in PlannedForm.values for f in forms):
        errors["forms"] = [_("Choose the forms from the list.")]
    planned_on: dt.date | None = fields.get("planned_on")
    if planned_on is not None and planned_on < document.signed_on:
        errors["planned_on"] = [
            _(
                "The interpretation cannot be published before the document is signed off "
                "(%(signed)s). Choose the day the document is published or a later one."
            )
            % {"signed": document.signed_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_plan(document: PolicyDocument, *, by: Any, **fields: Any) -> InterpretationPlan:
    """Create or correct the document's plan; the drafting unit (and coordinators) only.
    Once the document is published the plan is part of the record and stays as it is."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(
            _(
                "The document is published; its interpretation plan is kept as it was signed "
                "off and can no longer be changed."
            )
        )
    _check(document, fields)
    values = {k: v for k, v in fields.items() if k in PLAN_FIELDS}
    plan = plan_of(document)
    if plan is None:
        plan = InterpretationPlan(document=document, created_by=by)
    for name, value in values.items():
        setattr(plan, name, value.strip() if isinstance(value, str) else value)
    plan.save()
    document.plan = plan
    return plan


def plan_problem(document: PolicyDocument) -> str:
    """Why the document cannot be accepted for publication as it is ("" when it can): no
    plan, or a plan not signed off with it. A coordinator's waiver clears either."""
    if document.plan_waived_at is not None:
        return ""
    plan = plan_of(document)
    if plan is None:
        return _(
            "This document has no interpretation plan (解读方案), so it cannot be accepted "
            "(不予收文). Enter the plan signed off with the document (outline, forms, channels, "
            "date, first interpreter) and publish again; if it really cannot have one, ask the "
            "service center or the county office to accept it without a plan."
        )
    if not plan.signed_with_document:
        return _(
            "The interpretation plan was signed off on %(plan)s, not with the document "
            "(%(document)s). Correct the plan's sign-off date (同步审签) and publish again."
        ) % {"plan": plan.signed_on.isoformat(), "document": document.signed_on.isoformat()}
    return ""


@transaction.atomic
def waive_plan(document: PolicyDocument, *, by: Any, reason: str) -> PolicyDocument:
    """A coordinator accepts a draft without a (synchronous) plan, saying why. Recorded on
    the document (the staff page shows it) and, as every change, in the audit log."""
    if not rules.can_waive_plan(by):
        raise PermissionDenied
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(_("Only a draft can be accepted without a plan."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why the document is accepted without an interpretation plan.")}
        )
    document.plan_waiver_reason = reason.strip()
    document.plan_waived_by = by
    document.plan_waived_at = timezone.now()
    document.save(update_fields=["plan_waiver_reason", "plan_waived_by", "plan_waived_at"])
    return document
