"""Interpretations of a document (text, 图解, H5 link, 简明问答, video, 动漫, audio): who interprets, what each form
needs, revision and the service center's review."""

from __future__ import annotations

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


def _check_content(
    kind: str,
    *,
    body: str,
    image: Any,
    video: Any,
    url: str,
    audio: Any = None,
    qa_pairs: list[dict[str, str]] | None = None,
    kept_image: bool = False,
    kept_video: bool = False,
    kept_audio: bool = False,
) -> None:
    """What each form of interpretation needs; a file already stored counts when ``kept_*``.
    Raises one ValidationError naming every missing or refused field."""
    errors: dict[str, list[str]] = {}
    if kind == InterpretationKind.TEXT and not body.strip():
        errors["body"] = [_("Write the interpretation text.")]
    if kind == InterpretationKind.GRAPHIC:
        if image:
            try:
                validate_image(image)
            except ValidationError as exc:
                errors["image"] = exc.messages
        elif not kept_image:
            errors["image"] = [_("Choose the graphic (图解) image file.")]
    if kind in InterpretationKind.with_video_file():
        if video:
            try:
                validate_video(video)
            except ValidationError as exc:
                errors["video"] = exc.messages
        elif not kept_video:
            errors["video"] = [_("Choose the video file.")]
    if kind == InterpretationKind.AUDIO:
        if audio:
            try:
                validate_audio(audio)
            except ValidationError as exc:
                errors["audio"] = exc.messages
        elif not kept_audio:
            errors["audio"] = [_("Choose the audio file (MP3, M4A or WAV).")]
    if kind == InterpretationKind.QA and not qa_pairs:
        errors["qa_pairs"] = [
            _("Write at least one question and its answer, one pair per line: question | answer.")
        ]
    if kind == InterpretationKind.LINK and not url.strip():
        errors["url"] = [_("Give the address of the H5 page (starting with https://).")]
    if errors:
        raise ValidationError(errors)


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
    _check_content(
        kind, body=body, image=image, video=video, url=url, audio=audio, qa_pairs=qa_pairs
    )
    return Interpretation.objects.create(
        document=document,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        image=image if kind == InterpretationKind.GRAPHIC else "",
        video=video if kind in InterpretationKind.with_video_file() else "",
        audio=audio if kind == InterpretationKind.AUDIO else "",
        qa_pairs=list(qa_pairs or []) if kind == InterpretationKind.QA else [],
        url=url.strip() if kind == InterpretationKind.LINK else "",
        interpreter=interpreter.strip() or document.interpreter,
        video_request=video_request,
        created_by=by,
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
    _check_content(
        kind,
        body=body,
        image=image,
        video=video,
        url=url,
        audio=audio,
        qa_pairs=qa_pairs,
        kept_image=bool(interpretation.image),
        kept_video=bool(interpretation.video),
        kept_audio=bool(interpretation.audio),
    )
    interpretation.kind = kind
    interpretation.title = title.strip()
    interpretation.body = body.strip()
    interpretation.url = url.strip() if kind == InterpretationKind.LINK else ""
    interpretation.interpreter = interpreter.strip() or interpretation.document.interpreter
    if kind != InterpretationKind.GRAPHIC:
        interpretation.image = ""
    elif image:
        interpretation.image = image
    if kind not in InterpretationKind.with_video_file():
        interpretation.video = ""
    elif video:
        interpretation.video = video
    if kind != InterpretationKind.AUDIO:
        interpretation.audio = ""
    elif audio:
        interpretation.audio = audio
    interpretation.qa_pairs = list(qa_pairs or []) if kind == InterpretationKind.QA else []
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
