"""Uploaded files served safely. ``serve_media`` serves files under MEDIA_ROOT with
headers that stop a browser from running an uploaded file (Content-Disposition, nosniff and a
``sandbox`` CSP). A file under a public prefix (``GONGKAI_PUBLIC_MEDIA_PREFIXES``) or of
published content is served to everyone; any other file only to a user who may see the row
holding it, as each app declares with ``register_private_files`` (404 otherwise).

Behind nginx, the faster alternative keeps the permission check in Django and lets nginx send
the bytes: set ``GONGKAI_MEDIA_ACCEL_REDIRECT=/protected-media/`` and declare in nginx::

    location /protected-media/ {
        internal;
        alias /var/lib/gongkai/media/;
        add_header X-Content-Type-Options nosniff;
        add_header Content-Security-Policy "sandbox; default-src 'none'";
    }

The view then answers with ``X-Accel-Redirect`` instead of the file (docs/security.md).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db import models, transaction
from django.db.models import signals
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.counties.uploads import may_serve

# A downloaded upload must never run as a page of this site.
MEDIA_CSP = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'"
# Types a browser may show inline; everything else is downloaded as an attachment.
INLINE_TYPES = {
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "video/mp4",
    "video/webm",
    "audio/mpeg",
    "application/pdf",
}


_public_file_checks: list[tuple[Callable[[str], bool], tuple[str, ...]]] = []


def register_public_files(check: Callable[[str], bool], *, folders: Iterable[str] = ()) -> None:
    """Let an app say which uploaded files are published: ``check(name) -> bool`` answers True
    for a file that belongs to published content (an approved activity photo, a photo of a
    published interview, ...). Those are served to everyone; every other upload goes through
    the rule of the row that owns it (``register_private_files``).

    ``folders`` are the upload folders the check is about ("visits/media/"): it is then not
    asked (no query) for a file stored in another registered file field's folder."""
    if all(c is not check for c, _ in _public_file_checks):
        _public_file_checks.append((check, tuple(folders)))


def public_by_prefix(name: str) -> bool:
    prefixes = getattr(settings, "GONGKAI_PUBLIC_MEDIA_PREFIXES", ["public/"])
    return any(name.startswith(prefix) for prefix in prefixes)


def media_is_public(name: str) -> bool:
    if public_by_prefix(name):
        return True
    known = [o.folder for o in _file_owners if o.folder] + [
        folder for _, folders in _public_file_checks for folder in folders
    ]
    in_known_folder = any(name.startswith(folder) for folder in known)
    return any(
        check(name)
        for check, folders in _public_file_checks
        if not folders or not in_known_folder or any(name.startswith(folder) for folder in folders)
    )


@dataclass(frozen=True)
class FileOwner:
    """One FileField or ImageField of a model and who may open its files."""

    model: type[models.Model]
    field: str
    can_view: Callable[[Any, Any], bool]
    select_related: tuple[str, ...] = ()
    # The folder its uploads are stored under ("policies/attachments/"), from ``upload_to``:
    # ``/media/`` asks the owners whose folder holds the file first (one query, not one per
    # registered field).
    folder: str = ""


def _upload_folder(model: type[models.Model], field: str) -> str:
    """The fixed leading folders of a file field's stored names: the directories before the
    first one with a digit in it (a year, a month) of a sample name from ``upload_to``."""
    try:
        sample = model._meta.get_field(field).generate_filename(None, "sample.bin")
    except Exception:  # an upload_to that needs a real row: no index, the owner is asked last
        return ""
    folders = []
    for part in PurePath(sample).parts[:-1]:
        if any(ch.isdigit() for ch in part):
            break
        folders.append(part)
    return "/".join(folders) + "/" if folders else ""


_file_owners: list[FileOwner] = []


def register_private_files(
    model: type[models.Model],
    field: str,
    can_view: Callable[[Any, Any], bool],
    *,
    select_related: Iterable[str] = (),
) -> None:
    """Declare a model's file field to ``/media/``: a file stored in ``model.field`` is served
    to ``user`` only when ``can_view(user, row)`` holds for a row holding it; the predicate is
    the rule of the page that links the file (a unit's own work, a coordinator, …). A file
    that no registered row holds (never registered, or replaced by a newer upload) is 404.

    Registering also gives the field's new uploads a random name with the extension of their
    detected type (the original name is kept in ``UploadName`` for downloads), and removes
    the old file from storage when an upload replaces it."""
    owner = FileOwner(model, field, can_view, tuple(select_related), _upload_folder(model, field))
    if any(o.model is model and o.field == field for o in _file_owners):
        return
    _file_owners.append(owner)
    uid = f"gongkai-files-{model._meta.label}"  # once per model: the handlers loop its fields
    signals.pre_save.connect(_name_new_upload, sender=model, weak=False, dispatch_uid=uid)
    signals.post_save.connect(_after_upload_saved, sender=model, weak=False, dispatch_uid=uid)


def _owners_for(model: type[models.Model]) -> list[FileOwner]:
    return [o for o in _file_owners if o.model is model]


def _name_new_upload(sender, instance, raw: bool = False, **kwargs) -> None:
    """A newly assigned upload gets its random stored name before the field saves it."""
    if raw:
        return
    from gongkai.counties.uploads import upload_folder
    from gongkai.lib.uploads import random_name

    for owner in _owners_for(sender):
        stored = getattr(instance, owner.field)
        if not stored or getattr(stored, "_committed", True):
            continue
        pending = instance.__dict__.setdefault("_gongkai_uploads", {})
        previous = ""
        if instance.pk is not None:
            previous = (
                sender._default_manager.filter(pk=instance.pk)
                .values_list(owner.field, flat=True)
                .first()
                or ""
            )
        original = PurePath(stored.name or "").name[:255] or "file"
        stored.name = upload_folder() + random_name(stored.file)
        pending[owner.field] = (original, previous)


def _after_upload_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    pending = instance.__dict__.pop("_gongkai_uploads", None)
    if not pending:
        return
    from gongkai.security.models import UploadName

    for field, (original, previous) in pending.items():
        stored = getattr(instance, field)
        if stored and stored.name:
            UploadName.objects.update_or_create(
                name=stored.name, defaults={"original_name": original}
            )
        if previous and previous != stored.name:
            storage = stored.storage
            transaction.on_commit(lambda name=previous, st=storage: _discard(name, st))


def _discard(name: str, storage) -> None:
    """Remove a replaced file, unless another row still holds it (demo data shares files)."""
    from gongkai.security.models import UploadName

    if any(o.model._default_manager.filter(**{o.field: name}).exists() for o in _file_owners):
        return
    try:
        storage.delete(name)
    except OSError:  # already gone, or a read-only store: it is unreachable anyway
        pass
    UploadName.objects.filter(name=name).delete()


def private_file_owner(user, name: str) -> Any | None:
    """A registered row holding the file ``name`` that ``user`` may see, or None.

    The owners whose upload folder holds ``name`` are asked first, so opening a file one may
    see costs one query; the others are asked only when those hold no row ``user`` may see
    (a file copied between rows, or stored before the folders were set)."""
    first = [o for o in _file_owners if o.folder and name.startswith(o.folder)]
    rest = [o for o in _file_owners if o not in first]
    for owner in first + rest:
        rows = owner.model._default_manager.filter(**{owner.field: name})
        if owner.select_related:
            rows = rows.select_related(*owner.select_related)
        for row in rows[:20]:
            if owner.can_view(user, row):
                return row
    return None


def _resolve(name: str | None) -> Path:
    if not name:  # an empty FileField: no file to serve
        raise Http404
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        target = (root / name).resolve()
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    if root not in target.parents or not target.is_file():
        raise Http404
    return target


@require_GET
def serve_media(request, path: str):
    """Uploaded files with safe headers. Public files (a public prefix or published content)
    to everyone; any other file only to a user who may see the row holding it, under the same
    rule as the page that links it: 404 for everyone else, and for a file no row holds."""
    parts = path.split("/")
    if (
        "\x00" in path
        or "\\" in path
        or any(p in {"..", "."} for p in parts)
        or path.startswith("/")
    ):
        raise Http404
    # Another county's folder (and an old public file, on another county's host): 404.
    if not may_serve(
        path, getattr(request, "county", None), public_by_prefix=public_by_prefix(path)
    ):
        raise Http404
    # Decided once: the published-file checks query the database.
    public = media_is_public(path)
    if not public:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if private_file_owner(request.user, path) is None:
            raise Http404
    return media_response(path, public=public, range_header=request.headers.get("Range", ""))


def download_name(name: str, target: Path, *, public: bool) -> str:
    """The file name offered to the browser. Staff get the uploader's name back (its extension
    replaced by the stored, detected one); public files keep their random name, since an
    original name may hold a person's name; files stored before names were kept, their
    stored name."""
    from gongkai.security.models import UploadName

    if public:
        return target.name
    original = UploadName.objects.filter(name=name).values_list("original_name", flat=True)
    found = next(iter(original), "")
    if not found:
        return target.name
    return f"{PurePath(found).stem or 'file'}{target.suffix}"


RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _byte_range(header: str, size: int) -> tuple[int, int] | str | None:
    """The one byte range a ``Range`` header asks for, as (first, last) within ``size``;
    ``"unsatisfiable"`` when it lies outside the file; None for anything else (several
    ranges, another unit: the whole file is sent, as RFC 9110 allows)."""
    found = RANGE_RE.match(header.strip())
    if found is None:
        return None
    first, last = found.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or (last and int(last) < start):
        return "unsatisfiable"
    return start, end


def _read_span(target: Path, start: int, length: int):
    with target.open("rb") as handle:
        handle.seek(start)
        while length > 0:
            chunk = handle.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def media_response(name: str | None, *, public: bool, range_header: str = "") -> HttpResponse:
    """An uploaded file (``name`` relative to MEDIA_ROOT, e.g. a FieldFile's ``name``) with the
    safe headers: its type from the extension, inline only for types a browser shows safely,
    nosniff, a sandboxing CSP, no shared caching unless public; handed to nginx when
    GONGKAI_MEDIA_ACCEL_REDIRECT is set. ``range_header`` (the request's ``Range``) gets one
    byte range back (206), which phones need to play and seek a video. Views that check their
    own permissions use it too."""
    target = _resolve(name)
    content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    disposition = "inline" if content_type in INLINE_TYPES else "attachment"
    accel = getattr(settings, "GONGKAI_MEDIA_ACCEL_REDIRECT", "")
    if accel:  # nginx serves the bytes, ranges included
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + name
    else:
        size = target.stat().st_size
        wanted = _byte_range(range_header, size) if range_header else None
        if wanted == "unsatisfiable":
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
        elif wanted is not None:
            start, end = wanted
            response = StreamingHttpResponse(
                _read_span(target, start, end - start + 1), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {start}-{end}/{size}"
            response["Content-Length"] = str(end - start + 1)
        else:
            response = FileResponse(target.open("rb"), content_type=content_type)
        response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = content_disposition_header(
        disposition == "attachment", download_name(name, target, public=public)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_CSP
    response["Cache-Control"] = "private, max-age=0" if not public else "max-age=3600"
    return response
