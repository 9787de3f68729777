"""Checking uploaded files by their content, never by their name (SPEC §8, 等保).

Each ``validate_*`` function raises ``django.core.exceptions.ValidationError`` with a message that
tells the person what to do, and returns the detected kind ("jpeg", "png", "mp4", "pdf", ...).
"""

from __future__ import annotations

import uuid
import warnings
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MB = 1024 * 1024
IMAGE_MAX = 20 * MB
VIDEO_MAX = 2048 * MB
DOCUMENT_MAX = 30 * MB
# A 410 KB PNG can hold 144 million pixels and take gigabytes to decode (a "decompression
# bomb"): photos are refused above this many pixels (50 MP covers every camera's normal mode).
IMAGE_MAX_PIXELS = 50_000_000

# The extension a stored file gets from its detected type: never the name the uploader chose,
# so ``page.html`` holding a PNG is served as ``.png`` and anything unknown as ``.bin``.
KIND_EXTENSIONS = {
    "jpeg": "jpg",
    "png": "png",
    "gif": "gif",
    "webp": "webp",
    "pdf": "pdf",
    "heic": "heic",
    "mov": "mov",
    "mp4": "mp4",
    "webm": "webm",
    "avi": "avi",
    "mp3": "mp3",
    "wav": "wav",
}
# Containers whose own extension says what is inside (Word, Excel …) when the name agrees.
CONTAINER_EXTENSIONS = {
    "zip": {"docx", "xlsx", "pptx", "zip"},
    "ole": {"doc", "xls", "ppt"},
}


def sniff(head: bytes) -> str | None:
    """The file type from its first bytes, or None when unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1"):
            return "heic"
        if brand.startswith(b"qt"):
            return "mov"
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "avi"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"  # an ID3 tag, or an MPEG audio frame's sync bits
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # also .docx/.xlsx
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"  # legacy .doc/.xls
    return None


def stored_extension(head: bytes, original_name: str) -> str:
    """The extension a file is stored under, from its first bytes."""
    kind = sniff(head)
    if kind in KIND_EXTENSIONS:
        return KIND_EXTENSIONS[kind]
    given = PurePath(original_name).suffix.lower().lstrip(".")
    if kind in CONTAINER_EXTENSIONS:
        return given if given in CONTAINER_EXTENSIONS[kind] else kind
    return "bin"


def random_name(upload) -> str:
    """A new upload's stored file name: random (the original may hold a person's name and must
    not be guessable), with the extension of the detected type."""
    return f"{uuid.uuid4().hex}.{stored_extension(_head(upload), upload.name or '')}"


def _head(upload, length: int = 64) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(length)
    upload.seek(position)
    return head


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            _(
                "The file is %(size)s; the limit is %(limit)s. Please compress it or choose a smaller file."
            )
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty. Please choose the file again."), code="empty")


def _sniffed(upload, limit: int, kinds: set[str], refusal: str, code: str) -> str:
    """The upload's kind, read from its first bytes, once it is within ``limit`` and one of
    ``kinds``; otherwise ValidationError(``refusal``, ``code``)."""
    _check_size(upload, limit)
    kind = sniff(_head(upload))
    if kind not in kinds:
        raise ValidationError(refusal, code=code)
    return kind


def validate_image(upload, limit: int = IMAGE_MAX) -> str:
    kind = _sniffed(
        upload,
        limit,
        {"jpeg", "png", "gif", "webp"},
        _(
            "This file is not a photo we can show (JPEG, PNG, GIF or WebP), whatever its name says. Please choose a photo file."
        ),
        "not_image",
    )
    from PIL import Image

    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Our own limit below is lower than Pillow's warning threshold; only the size is read.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                image.verify()
    except Image.DecompressionBombError as exc:  # more than twice Pillow's own limit
        raise ValidationError(
            _(
                "The photo has far too many pixels to be opened safely. Please reduce its size "
                "(for example to 4000 × 3000) and upload it again."
            ),
            code="too_many_pixels",
        ) from exc
    except Exception as exc:  # noqa: BLE001 - any decoder failure means a broken image
        raise ValidationError(
            _("The photo is damaged and cannot be opened. Please export it again."), code="broken"
        ) from exc
    finally:
        upload.seek(0)
    max_pixels = getattr(settings, "GONGKAI_IMAGE_MAX_PIXELS", IMAGE_MAX_PIXELS)
    if width * height > max_pixels:
        raise ValidationError(
            _(
                "The photo is %(width)s × %(height)s pixels; at most %(megapixels)s megapixels "
                "(%(ten_thousands)s 万) are accepted. Please reduce its size (for example to "
                "4000 × 3000) and upload it again."
            )
            % {
                "width": width,
                "height": height,
                "megapixels": max_pixels // 1_000_000,
                "ten_thousands": max_pixels // 10_000,
            },
            code="too_many_pixels",
        )
    return kind


def validate_video(upload, limit: int = VIDEO_MAX) -> str:
    return _sniffed(
        upload,
        limit,
        {"mp4", "mov", "webm", "avi"},
        _(
            "This file is not a video (MP4, MOV, WebM or AVI), whatever its name says. Please choose the video file."
        ),
        "not_video",
    )


def validate_audio(upload, limit: int = VIDEO_MAX) -> str:
    """An audio interpretation: MP3, M4A (an MP4 container) or WAV."""
    return _sniffed(
        upload,
        limit,
        {"mp3", "mp4", "wav"},
        _(
            "This file is not audio (MP3, M4A or WAV), whatever its name says. Please choose the audio file."
        ),
        "not_audio",
    )


def validate_scan(upload, limit: int = DOCUMENT_MAX) -> str:
    """A signed and stamped scan: PDF or a photo."""
    return _sniffed(
        upload,
        limit,
        {"pdf", "jpeg", "png"},
        _("Please upload the scan as a PDF, JPEG or PNG file."),
        "not_scan",
    )


def validate_document(upload, limit: int = DOCUMENT_MAX) -> str:
    """A text document: PDF, Word (.docx/.doc) or a photo of paper."""
    return _sniffed(
        upload,
        limit,
        {"pdf", "zip", "ole", "jpeg", "png"},
        _("Please upload the document as PDF or Word, or a photo of the paper."),
        "not_document",
    )
