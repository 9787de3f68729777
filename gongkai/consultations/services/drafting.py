"""Drafting a consultation and moving it along its states.

draft → submitted (a unit asks the service center) → published (the window decides whether it
is upcoming, open or closed) → feedback (results and 采纳情况 published). A coordinator may
publish a draft directly and send a submitted one back to draft. Every save is audited
(gongkai.audit.signals)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.consultations.models import (
    CHOICE_KINDS,
    Attachment,
    Choice,
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Item,
    ItemKind,
    Phase,
    Template,
)
from gongkai.lib.uploads import validate_document
from gongkai.units.models import Unit

EDITABLE = (ConsultationStatus.DRAFT, ConsultationStatus.SUBMITTED)
FIELDS = (
    "title",
    "description",
    "draft_text",
    "interpretation",
    "opens_at",
    "closes_at",
    "phone_verification",
    "policy",
    "interview",
)
TOPIC_CANDIDATES = 3


def _check_window(opens_at: dt.datetime, closes_at: dt.datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": _("The window must close after it opens. Please change the end time.")}
        )


def _check_editable(consultation: Consultation) -> None:
    if consultation.status not in EDITABLE:
        raise ValidationError(_("This consultation is published and can no longer be changed."))


@transaction.atomic
def create_consultation(
    *,
    by: Any,
    programme: Any,
    unit: Unit,
    kind: str,
    template: str = "",
    **fields: Any,
) -> Consultation:
    """A new draft; a built-in kind fills in its questions (editable while it is a draft)."""
    if template in (Template.CHOOSE_TOPIC, Template.PRE_INTERVIEW) and not fields.get("interview"):
        raise ValidationError(
            {"interview": _("Please choose the interview this consultation is for.")}
        )
    if template:
        kind = ConsultationKind.SURVEY
    _check_window(fields["opens_at"], fields["closes_at"])
    consultation = Consultation.objects.create(
        programme=programme,
        unit=unit,
        kind=kind,
        template=template,
        created_by=by,
        **{name: fields.get(name) for name in FIELDS if name in fields},
    )
    _fill_template(consultation)
    return consultation


def _fill_template(consultation: Consultation) -> None:
    template = consultation.template
    if template == Template.VOTE_UNITS:
        item = add_item(
            consultation,
            kind=ItemKind.MULTIPLE,
            text=_("Which units should hold an online interview next year?"),
            choices=[],
            max_choices=3,
        )
        units = Unit.objects.implementing().order_by("name")
        Choice.objects.bulk_create(
            Choice(item=item, position=n, label=u.name, unit=u) for n, u in enumerate(units)
        )
        add_item(
            consultation,
            kind=ItemKind.TEXT,
            text=_("What would you like these units to talk about?"),
            required=False,
        )
    elif template == Template.CHOOSE_TOPIC:
        add_item(
            consultation,
            kind=ItemKind.SINGLE,
            text=_("Which topic should the interview be about?"),
            choices=[_("Candidate topic %(n)s") % {"n": n} for n in range(1, TOPIC_CANDIDATES + 1)],
        )
        add_item(
            consultation,
            kind=ItemKind.TEXT,
            text=_("Another topic you would suggest"),
            required=False,
        )
    elif template == Template.PRE_INTERVIEW:
        add_item(
            consultation,
            kind=ItemKind.RATING,
            text=_("How satisfied are you with the unit's work this year?"),
        )
        add_item(
            consultation,
            kind=ItemKind.TEXT,
            text=_("What should the guest answer in the interview?"),
            required=False,
        )


@transaction.atomic
def update_consultation(consultation: Consultation, *, by: Any, **fields: Any) -> Consultation:
    _check_editable(consultation)
    _check_window(fields["opens_at"], fields["closes_at"])
    for name in FIELDS:
        if name in fields:
            setattr(consultation, name, fields[name])
    consultation.save()
    return consultation


# --- questions ----------------------------------------------------------------------------


@transaction.atomic
def add_item(
    consultation: Consultation,
    *,
    kind: str,
    text: str,
    choices: list[str] | None = None,
    required: bool = True,
    max_choices: int | None = None,
) -> Item:
    _check_editable(consultation)
    labels = [c.strip() for c in (choices or []) if c.strip()]
    if kind in CHOICE_KINDS and len(labels) < 2 and consultation.template != Template.VOTE_UNITS:
        raise ValidationError({"choices": _("Please give at least two choices, one per line.")})
    last = consultation.items.aggregate(last=Max("position"))["last"]
    item = Item.objects.create(
        consultation=consultation,
        position=0 if last is None else last + 1,
        kind=kind,
        text=text.strip(),
        required=required,
        max_choices=max_choices if kind == ItemKind.MULTIPLE else None,
    )
    if kind in CHOICE_KINDS:
        Choice.objects.bulk_create(
            Choice(item=item, position=n, label=label) for n, label in enumerate(labels)
        )
    return item


@transaction.atomic
def update_item(item: Item, *, text: str, choices: list[str] | None, required: bool) -> Item:
    """Change a question's wording and choices (a draft has no answers yet)."""
    _check_editable(item.consultation)
    item.text = text.strip()
    item.required = required
    item.save()
    if item.has_choices and choices is not None:
        labels = [c.strip() for c in choices if c.strip()]
        if len(labels) < 2:
            raise ValidationError({"choices": _("Please give at least two choices, one per line.")})
        existing = list(item.choices.all())
        for n, label in enumerate(labels):
            if n < len(existing):
                if existing[n].label != label or existing[n].position != n:
                    existing[n].label, existing[n].position = label, n
                    existing[n].save()
            else:
                Choice.objects.create(item=item, position=n, label=label)
        for extra in existing[len(labels) :]:
            extra.delete()
    return item


@transaction.atomic
def delete_item(item: Item) -> None:
    _check_editable(item.consultation)
    item.delete()


@transaction.atomic
def move_item(item: Item, step: int) -> None:
    """Swap ``item`` with its neighbour above (step -1) or below (step 1)."""
    _check_editable(item.consultation)
    items = list(item.consultation.items.all())
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + step
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


# --- attachments ----------------------------------------------------------------------------


@transaction.atomic
def add_attachment(consultation: Consultation, *, title: str, upload: Any) -> Attachment:
    _check_editable(consultation)
    try:
        validate_document(upload)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    return Attachment.objects.create(
        consultation=consultation,
        title=title.strip(),
        file=upload,
        order=consultation.attachments.count(),
    )


@transaction.atomic
def delete_attachment(attachment: Attachment) -> None:
    _check_editable(attachment.consultation)
    attachment.file.delete(save=False)
    attachment.delete()


# --- the state machine --------------------------------------------------------------------


def _check_ready(consultation: Consultation, now: dt.datetime) -> None:
    if consultation.closes_at <= now:
        raise ValidationError(
            _("The window has already ended. Please move its end to a later time first.")
        )
    if consultation.kind == ConsultationKind.SURVEY and not consultation.items.exists():
        raise ValidationError(_("A survey needs at least one question. Please add one first."))
    if consultation.kind == ConsultationKind.OPINION and not consultation.draft_text.strip():
        raise ValidationError(
            _("A call for comments needs the text of the draft. Please add it first.")
        )
    for item in consultation.items.filter(kind__in=CHOICE_KINDS):
        if item.choices.count() < 2:
            raise ValidationError(
                _("The question “%(q)s” needs at least two choices.") % {"q": item.text}
            )


@transaction.atomic
def submit(consultation: Consultation, *, by: Any, now: dt.datetime | None = None) -> None:
    """A unit hands its draft to the service center to be published."""
    if consultation.status != ConsultationStatus.DRAFT:
        raise ValidationError(_("Only a draft can be sent for publication."))
    _check_ready(consultation, now or timezone.now())
    consultation.status = ConsultationStatus.SUBMITTED
    consultation.save()


@transaction.atomic
def send_back(consultation: Consultation, *, by: Any) -> None:
    if consultation.status != ConsultationStatus.SUBMITTED:
        raise ValidationError(_("Only a consultation waiting for publication can be sent back."))
    consultation.status = ConsultationStatus.DRAFT
    consultation.save()


@transaction.atomic
def publish(consultation: Consultation, *, by: Any, now: dt.datetime | None = None) -> None:
    """Put the consultation on the portal: citizens take part while its window is open."""
    if consultation.status not in EDITABLE:
        raise ValidationError(_("This consultation is already published."))
    now = now or timezone.now()
    _check_ready(consultation, now)
    consultation.status = ConsultationStatus.PUBLISHED
    consultation.published_at = now
    consultation.save()


@transaction.atomic
def close_now(consultation: Consultation, *, by: Any, now: dt.datetime | None = None) -> None:
    """End an open window early (the end time becomes now)."""
    now = now or timezone.now()
    if consultation.phase(now) != Phase.OPEN:
        raise ValidationError(_("Only an open consultation can be closed."))
    consultation.closes_at = now
    consultation.save()
