"""Policy documents: drafts, numbers and dates, attachments, linked interviews, publication
and later status. Each action is one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import county_today
from gongkai.lib.uploads import validate_document
from gongkai.policies import rules
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    PolicyAttachment,
    PolicyDocument,
)
from gongkai.policies.services.plans import plan_problem
from gongkai.policies.services.timing import rules_for
from gongkai.publishing.models import ReviewStatus


def _check_dates(signed_on: dt.date | None, published_on: dt.date | None) -> None:
    if signed_on and published_on and published_on < signed_on:
        raise ValidationError(
            {
                "published_on": _(
                    "The publication date %(published)s is before the date signed %(signed)s. "
                    "A document is published on or after the day it is signed: check both dates."
                )
                % {"published": published_on.isoformat(), "signed": signed_on.isoformat()}
            }
        )


def _check_number(number: str, exclude_pk: int | None = None) -> None:
    taken = PolicyDocument.objects.filter(number=number.strip())
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "number": _(
                    "The document number %(number)s is already used by another document. "
                    "Check the number (文号) or open the existing document."
                )
                % {"number": number.strip()}
            }
        )


def interview_choices(document: PolicyDocument | None = None) -> Any:
    """Interviews a document may be linked to: the public interviews of the current programme
    and of the years the document was signed and published, newest first, and those already
    linked (so that staff can unlink them)."""
    from gongkai.interviews.models import PUBLIC_STATUSES, Interview
    from gongkai.programmes.models import Programme

    years = set()
    current = Programme.current()
    if current is not None:
        years.add(current.year)
    if document is not None:
        years.update(d.year for d in (document.signed_on, document.published_on) if d)
    offered = Q(status__in=PUBLIC_STATUSES, programme__year__in=years)
    if document is not None and document.pk:
        offered |= Q(pk__in=document.related_interviews.values("pk"))
    return (
        Interview.objects.filter(offered)
        .select_related("unit")
        .order_by("-starts_at", "unit__sort_order", "id")
    )


def _set_related_interviews(document: PolicyDocument, interviews: Any) -> None:
    """Link exactly ``interviews``; a newly linked one must be public (the portal links to it)."""
    chosen = list(interviews)
    linked = set(document.related_interviews.values_list("pk", flat=True))
    hidden = [i for i in chosen if i.pk not in linked and not i.is_public]
    if hidden:
        raise ValidationError(
            {
                "related_interviews": _(
                    "The interview %(interview)s is not published on the portal yet. Link it "
                    "once the media center has announced it."
                )
                % {"interview": str(hidden[0])}
            }
        )
    document.related_interviews.set(chosen)


DOCUMENT_FIELDS = (
    "title",
    "number",
    "issuer",
    "signed_on",
    "drafting_unit",
    "interpreter_name",
    "interpreter_title",
    "text",
)


@transaction.atomic
def create_document(*, by: Any, related_interviews: Any = None, **fields: Any) -> PolicyDocument:
    """A draft document of ``fields["drafting_unit"]``; unit staff only for their own unit.
    ``related_interviews``: the online interviews its portal page links to."""
    unit = fields["drafting_unit"]
    if not rules.can_create_documents(by) or not rules.can_manage_document(
        by, PolicyDocument(drafting_unit=unit)
    ):
        raise PermissionDenied
    _check_number(fields["number"])
    document = PolicyDocument(
        **{k: v for k, v in fields.items() if k in DOCUMENT_FIELDS}, created_by=by
    )
    document.number = document.number.strip()
    if not document.interpreter_title:
        document.interpreter_title = unit.head_title
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError as exc:  # a concurrent save took the number first
        _check_number(document.number)
        raise exc
    if related_interviews:
        _set_related_interviews(document, related_interviews)
    return document


@transaction.atomic
def update_document(
    document: PolicyDocument, *, by: Any, related_interviews: Any = None, **fields: Any
) -> PolicyDocument:
    """Save the edited fields; ``related_interviews`` (None: unchanged) replaces the links."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if "drafting_unit" in fields and not rules.can_manage_document(
        by, PolicyDocument(drafting_unit=fields["drafting_unit"])
    ):
        raise PermissionDenied
    if "number" in fields:
        _check_number(fields["number"], exclude_pk=document.pk)
    _check_dates(fields.get("signed_on", document.signed_on), document.published_on)
    for name, value in fields.items():
        if name in DOCUMENT_FIELDS:
            setattr(document, name, value.strip() if name == "number" else value)
    document.save()
    if related_interviews is not None:
        _set_related_interviews(document, related_interviews)
    return document


@transaction.atomic
def add_attachment(
    document: PolicyDocument, *, by: Any, title: str, upload: Any
) -> PolicyAttachment:
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    try:
        validate_document(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return PolicyAttachment.objects.create(
        document=document, title=title, file=upload, order=document.attachments.count()
    )


def has_written_interpretation(document: PolicyDocument) -> bool:
    """Whether a written, graphic or H5 interpretation is published or waiting for review."""
    return (
        Interpretation.objects.filter(document=document)
        .written()
        .exclude(review_status=ReviewStatus.REJECTED)
        .exists()
    )


class NeedsConfirmation(ValidationError):
    """Publishing without any interpretation: the person must confirm and give a reason."""


@transaction.atomic
def publish_document(
    document: PolicyDocument,
    *,
    by: Any,
    published_on: dt.date | None = None,
    reason: str = "",
) -> PolicyDocument:
    """Publish a draft. Refused without an interpretation plan signed off with the document
    (不予收文) unless a coordinator waived it. Without a written interpretation (published or waiting for review) a
    ``reason`` is required; it is recorded on the document."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if document.status != DocumentStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be published; this document is already %(status)s.")
            % {"status": document.get_status_display()}
        )
    published_on = published_on or county_today()
    _check_dates(document.signed_on, published_on)
    refused = plan_problem(document)
    if refused:
        raise ValidationError(refused, code="no_plan")
    if not has_written_interpretation(document):
        if not reason.strip():
            raise NeedsConfirmation(
                {
                    "reason": _(
                        "This document has no interpretation yet. Add the written interpretation "
                        "first, or confirm that you publish without it and say why."
                    )
                },
                code="needs_confirmation",
            )
        document.no_interpretation_reason = reason.strip()
    timing = rules_for(published_on.year)
    document.status = DocumentStatus.PUBLISHED
    document.published_on = published_on
    document.written_due_on = published_on + dt.timedelta(days=timing.written_days)
    document.video_due_on = published_on + dt.timedelta(days=timing.video_days)
    document.save()
    return document


@transaction.atomic
def change_status(
    document: PolicyDocument, *, by: Any, status: str, note: str = ""
) -> PolicyDocument:
    """Mark a published document revised or repealed (it stays on the portal with its status)."""
    if not rules.can_manage_document(by, document):
        raise PermissionDenied
    if status not in (DocumentStatus.REVISED, DocumentStatus.REPEALED, DocumentStatus.PUBLISHED):
        raise ValidationError({"status": _("Choose revised or repealed.")})
    if document.status == DocumentStatus.DRAFT:
        raise ValidationError(_("Publish the document before marking it revised or repealed."))
    document.status = status
    document.status_note = note.strip()
    document.save()
    return document
