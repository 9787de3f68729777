"""Fixture data for the permission matrix: every model a URL names, with a row of each of the
given units, so every route taking an object id is tried with the own unit's row AND another
unit's row.

The demo data has most of them; the missing ones are copies of an existing row moved to the
unit (through the row's path to its unit, see ``urlwalk.unit_path``: a question is moved to an
interview of the unit, creating that too if need be), or made by ``MAKERS`` when the demo has
no row to copy."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable

from django.core.files.base import ContentFile
from django.db import models

from tests.security.urlwalk import ARGS, USABLE, _model, unit_path


def _objection(unit_id: int) -> models.Model:
    from gongkai.accounts.models import User
    from gongkai.assessment.models import Objection
    from gongkai.programmes.models import Programme

    return Objection.objects.create(
        programme=Programme.objects.order_by("-year").first(),
        unit_id=unit_id,
        text="Cross-unit fixture objection",
        raised_by=User.objects.filter(unit_id=unit_id).first() or User.objects.first(),
    )


def _attachment(unit_id: int) -> models.Model:
    from gongkai.policies.models import PolicyAttachment

    document = row_of_unit(_model("policies.PolicyDocument"), unit_id)
    attachment = PolicyAttachment(document=document, title="Cross-unit fixture attachment")
    attachment.file.save("fixture.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    return attachment


def _interview_video(unit_id: int) -> models.Model:
    """An interview of the unit (a fresh one when its own has a video already) with a video
    record waiting for review."""
    from gongkai.interviews.models import Interview, InterviewVideo

    interview = Interview.objects.filter(unit_id=unit_id, recorded_video__isnull=True).first()
    if interview is None:
        template = Interview.objects.order_by("pk").first()
        interview = Interview.objects.create(programme=template.programme, unit_id=unit_id)
    record = InterviewVideo(interview=interview)
    record.file.save("fixture.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    record.save()
    return record


def _send_to_unit(question) -> None:
    from django.utils import timezone

    question.sent_to_unit_at = timezone.now()
    question.save(update_fields=["sent_to_unit_at"])


def _add_scan(sheet) -> None:
    sheet.scan.save("scan.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)


# Makes a row usable in the sense of urlwalk.USABLE.
MAKE_USABLE: dict[str, Callable[[models.Model], None]] = {
    "questions.Question": _send_to_unit,
    "visits.OpinionForm": _add_scan,
}

MAKERS: dict[str, Callable[[int], models.Model]] = {
    "assessment.Objection": _objection,
    "policies.PolicyAttachment": _attachment,
    "interviews.InterviewVideo": _interview_video,
}


def named_models() -> list[type[models.Model]]:
    """The unit-owned models that URL path arguments name (and the review queue's kinds)."""
    from gongkai.publishing.registry import reviewable_kinds

    labels = {spec.model for _, _, spec in ARGS if spec.model and "{" not in spec.model}
    found = [_model(label) for label in sorted(labels)]
    found += [kind.model for kind in reviewable_kinds()]
    return [m for m in dict.fromkeys(found) if unit_path(m) is not None]


def row_of_unit(model: type[models.Model], unit_id: int) -> models.Model:
    """A (usable) row of ``model`` owned by unit ``unit_id``: the first there is, else a new
    one."""
    path = unit_path(model)
    assert path is not None, model
    label = model._meta.label
    mine = model._base_manager.filter(**{path: unit_id}).order_by("pk")
    usable = USABLE.get(label, {})
    existing = mine.filter(**usable).first()
    if existing is not None:
        return existing
    if label in MAKERS:
        return MAKERS[label](unit_id)
    row = mine.first()
    if row is None:
        template = model._base_manager.order_by("pk").first()
        if template is None:
            raise LookupError(f"no {label} to copy for unit {unit_id}: add a maker to MAKERS")
        row = _copy_to_unit(template, path, unit_id)
    if usable:
        MAKE_USABLE[label](row)
    return row


def _copy_to_unit(template: models.Model, path: str, unit_id: int) -> models.Model:
    model = type(template)
    first, _, rest = path.partition("__")
    fk = model._meta.get_field(first)
    copy = model._base_manager.get(pk=template.pk)
    copy.pk = None
    copy._state.adding = True
    if rest:
        parent_model = fk.related_model
        # The owning parent must itself reach the unit by the rest of the path.
        assert unit_path(parent_model) == rest, (model, path, unit_path(parent_model))
        setattr(copy, fk.attname, row_of_unit(parent_model, unit_id).pk)
    else:
        setattr(copy, fk.attname, unit_id)
    # Unique within the county too: (county, name), (county, id_index) ...
    in_constraints = {
        name
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is None
        for name in c.fields
        if name != "county"
    }
    for f in model._meta.fields:
        unique = f.unique or (f.name in in_constraints and isinstance(f, models.CharField))
        if unique and not f.primary_key and f is not fk:
            setattr(copy, f.attname, _fresh(f))
    copy.save()
    return copy


def _fresh(f: models.Field):
    if f.null:
        return None
    if isinstance(f, models.CharField | models.TextField):
        return secrets.token_hex(32)[: f.max_length or 64]
    raise LookupError(f"cannot make a fresh value for unique {f}")


def ensure_rows_of_units(unit_ids: Iterable[int]) -> None:
    for model in named_models():
        for unit_id in unit_ids:
            row_of_unit(model, unit_id)
