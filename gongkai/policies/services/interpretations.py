"""Interpretations of a document (text, 图解, H5 link, 简明问答, video, 动漫, audio): who interprets, what each form
needs, revision and the service center's review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.lib.uploads import validate_audio, validate_image, validate_video
from gongkai.policies import rules
from gongkai.policies.models import Interpretation, InterpretationKind, PolicyDocument, VideoRequest
from gongkai.publishing import services as publishing


def check_interpreter(document: PolicyDocument, by: Any) -> None:
    """Raise PermissionDenied, saying who may, unless ``by`` may interpret ``document``."""
    if not rules.can_interpret(by, document):
        raise PermissionDenied(
            _(
                "Only the drafting unit (%(unit)s) and the service center can add interpretations "
                "to this document: whoever drafts, interprets."
            )
            % {"unit": document.drafting_unit.name}
        )


# Each file field: the kinds that keep a file in it (every other kind keeps it empty) and the
# check of a chosen file.
_FILES: dict[str, tuple[tuple[str, ...], Callable[[Any], object]]] = {
    "image": ((InterpretationKind.GRAPHIC,), validate_image),
    "video": (InterpretationKind.with_video_file(), validate_video),
    "audio": ((InterpretationKind.AUDIO,), validate_audio),
}


def _missing_file(field: str) -> str:
    return {
        "image": _("Choose the graphic (图解) image file."),
        "video": _("Choose the video file."),
        "audio": _("Choose the audio file (MP3, M4A or WAV)."),
    }[field]


def _checked_content(
    kind: str,
    document: PolicyDocument,
    *,
    stored: Interpretation | None,
    title: str,
    body: str,
    url: str,
    interpreter: str,
    qa_pairs: list[dict[str, str]] | None,
    files: dict[str, Any],
) -> dict[str, Any]:
    """What each form of interpretation needs, then its fields: a field the kind does not use
    is emptied; a file field it uses is left out when no file is chosen and ``stored`` (the
    interpretation revised) has one, which is kept. Raises one ValidationError naming every
    missing or refused field."""
    errors: dict[str, list[str]] = {}
    if kind == InterpretationKind.TEXT and not body.strip():
        errors["body"] = [_("Write the interpretation text.")]
    fields: dict[str, Any] = {
        "kind": kind,
        "title": title.strip(),
        "body": body.strip(),
        "url": url.strip() if kind == InterpretationKind.LINK else "",
        "qa_pairs": list(qa_pairs or []) if kind == InterpretationKind.QA else [],
        "interpreter": interpreter.strip() or document.interpreter,
    }
    for field, (kinds, validate) in _FILES.items():
        file = files[field]
        if kind not in kinds:
            fields[field] = ""
        elif file:
            try:
                validate(file)
            except ValidationError as exc:
                errors[field] = exc.messages
            fields[field] = file
        elif not (stored is not None and getattr(stored, field)):
            errors[field] = [_missing_file(field)]
    if kind == InterpretationKind.QA and not qa_pairs:
        errors["qa_pairs"] = [
            _("Write at least one question and its answer, one pair per line: question | answer.")
        ]
    if kind == InterpretationKind.LINK and not url.strip():
        errors["url"] = [_("Give the address of the H5 page (starting with https://).")]
    if errors:
        raise ValidationError(errors)
    return fields


@transaction.atomic
def create_interpretation(
    document: PolicyDocument,
    *,
    by: Any,
    kind: str,
    title: str,
    body: str = "",
    image: Any = None,
    video: Any = None,
    url: str = "",
    interpreter: str = "",
    video_request: VideoRequest | None = None,
    audio: Any = None,
    qa_pairs: list[dict[str, str]] | None = None,
) -> Interpretation:
    """An interpretation waiting for the service center's review."""
    if video_request is None:
        check_interpreter(document, by)
    fields = _checked_content(
        kind,
        document,
        stored=None,
        title=title,
        body=body,
        url=url,
        interpreter=interpreter,
        qa_pairs=qa_pairs,
        files={"image": image, "video": video, "audio": audio},
    )
    return Interpretation.objects.create(
        document=document, video_request=video_request, created_by=by, **fields
    )


@transaction.atomic
def revise_interpretation(
    interpretation: Interpretation,
    *,
    by: Any,
    kind: str,
    title: str,
    body: str = "",
    image: Any = None,
    video: Any = None,
    url: str = "",
    interpreter: str = "",
    audio: Any = None,
    qa_pairs: list[dict[str, str]] | None = None,
) -> Interpretation:
    """Correct a rejected (or still waiting) interpretation and send it for review again. A
    file not chosen again is kept; the earlier rejection stays in the audit log."""
    interpretation = (
        Interpretation.objects.select_for_update()
        .select_related("document")
        .get(pk=interpretation.pk)
    )
    if interpretation.review_status not in rules.REVISABLE:
        raise ValidationError(
            _("This interpretation is published; add a new one to say more or differently.")
        )
    if not rules.can_revise(by, interpretation):
        raise PermissionDenied
    fields = _checked_content(
        kind,
        interpretation.document,
        stored=interpretation,
        title=title,
        body=body,
        url=url,
        interpreter=interpreter,
        qa_pairs=qa_pairs,
        files={"image": image, "video": video, "audio": audio},
    )
    for field, value in fields.items():
        setattr(interpretation, field, value)
    interpretation.reject_reason = ""
    interpretation.save()
    return publishing.resubmit(interpretation)


@transaction.atomic
def approve_interpretation(interpretation: Interpretation, *, by: Any) -> Interpretation:
    if not rules.can_review(by):
        raise PermissionDenied
    return publishing.approve(interpretation, by=by)


@transaction.atomic
def reject_interpretation(
    interpretation: Interpretation, *, by: Any, reason: str
) -> Interpretation:
    if not rules.can_review(by):
        raise PermissionDenied
    return publishing.reject(interpretation, by=by, reason=reason)
