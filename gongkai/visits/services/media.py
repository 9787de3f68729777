"""Photos and videos of an activity: content checks, the capture date (EXIF), publication."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.lib import uploads
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.visits.models import Activity, Media, MediaKind

EXIF_TOLERANCE_DAYS = 2
PHOTO_MAX = 20 * uploads.MB
VIDEO_MAX = 1024 * uploads.MB


def exif_taken_at(upload) -> dt.datetime | None:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            exif = image.getexif()
            raw = exif.get_ifd(0x8769).get(36867) or exif.get(306)
    except Exception:  # noqa: BLE001 - no readable EXIF is normal
        return None
    finally:
        upload.seek(0)
    if not raw:
        return None
    try:
        naive = dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=COUNTY_TZ)


@transaction.atomic
def upload_media(activity: Activity, upload, *, caption: str = "", by: Any) -> Media:
    """Check the file by content (photo or video), read the photo's capture date and flag it when
    it is far from the activity day. The item waits for the service center's review."""
    head = uploads.sniff(uploads._head(upload))
    if head in {"mp4", "mov", "webm", "avi"}:
        uploads.validate_video(upload, limit=VIDEO_MAX)
        kind, taken = MediaKind.VIDEO, None
    else:
        uploads.validate_image(upload, limit=PHOTO_MAX)
        kind, taken = MediaKind.PHOTO, exif_taken_at(upload)
    flag = bool(taken and abs((taken.date() - activity.day).days) > EXIF_TOLERANCE_DAYS)
    return Media.objects.create(
        activity=activity,
        kind=kind,
        file=upload,
        caption=caption,
        taken_at=taken,
        date_flag=flag,
        size=upload.size,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )


def is_published_file(name: str) -> bool:
    """An activity photo or video approved for the portal (served without sign-in)."""
    from gongkai.publishing.models import ReviewStatus

    return Media.objects.filter(file=name, review_status=ReviewStatus.APPROVED).exists()
