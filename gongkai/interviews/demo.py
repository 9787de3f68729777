"""Demo content: the six 2023 interviews booked in their slots, receipt forms (one late),
outlines, crew from the demo media account, one archived interview with its text record and
one preview a week after the day the demo is loaded. Idempotent: loading twice leaves the same
rows."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.interviews.models import (
    FeedLine,
    Interview,
    InterviewStatus,
    Outline,
    PersonRole,
    ReceiptForm,
    ReceiptPerson,
    RelatedLink,
)
from gongkai.interviews.services import slot_for
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import Programme
from gongkai.units.models import Unit

DATA = Path(__file__).resolve().parent / "data" / "demo-2023.json"
# A minimal PDF standing in for the signed and stamped scan.
SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


UPCOMING_IN_DAYS = 7


def placeholder_portrait(seed: int = 0) -> bytes:
    """A drawn placeholder portrait (a silhouette on a soft background), never a photo of a
    real person: the demo guests' photos."""
    import io

    from PIL import Image, ImageDraw

    backgrounds = [(222, 232, 244), (228, 238, 226), (240, 232, 222)]
    image = Image.new("RGB", (240, 300), backgrounds[seed % len(backgrounds)])
    draw = ImageDraw.Draw(image)
    figure = (120, 134, 156)
    draw.ellipse((75, 55, 165, 155), fill=figure)  # head
    draw.ellipse((30, 170, 210, 360), fill=figure)  # shoulders
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _at(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=COUNTY_TZ)


def _starts_at(row: dict) -> dt.datetime:
    """The preview (预告) is a week ahead of the day the demo is loaded, at its time of day, so
    a newcomer can ask in advance; the other interviews keep their 2023 dates."""
    starts = _at(row["starts_at"])
    if row["status"] != "preview":
        return starts
    day = timezone.localdate(timezone.now(), COUNTY_TZ) + dt.timedelta(days=UPCOMING_IN_DAYS)
    return dt.datetime.combine(day, starts.time(), tzinfo=COUNTY_TZ)


@transaction.atomic
def load_demo(programme: Programme) -> None:
    if programme.year != 2023:
        return
    data = json.loads(DATA.read_text(encoding="utf-8"))
    media = User.objects.filter(role=Role.MEDIA_CENTER).order_by("username").first()
    for row in data["interviews"]:
        unit = Unit.objects.get(name=row["unit"])
        interview, _ = Interview.objects.update_or_create(
            programme=programme,
            unit=unit,
            defaults={
                "slot": slot_for(programme, unit),
                "starts_at": _starts_at(row),
                "duration_minutes": 90,
                "topic": row["topic"],
                "venue": row["venue"],
                "status": row["status"],
                # What happened: the archived interview ran as scheduled.
                "actual_started_at": _at(row["starts_at"])
                if row["status"] in (InterviewStatus.LIVE, InterviewStatus.ARCHIVED)
                else None,
                "actual_ended_at": _at(row["starts_at"]) + dt.timedelta(minutes=90)
                if row["status"] == InterviewStatus.ARCHIVED
                else None,
                "host": media,
                "camera": media,
                "editor": media,
            },
        )
        receipt_data = row.get("receipt")
        if receipt_data:
            receipt = ReceiptForm.objects.filter(interview=interview).first()
            fields = {
                k: receipt_data[k]
                for k in ("contact_name", "contact_phone", "contact_email", "unit_head", "notes")
            }
            if receipt is None:
                receipt = ReceiptForm(interview=interview, **fields)
                receipt.scan.save(f"demo-receipt-{unit.pk}.pdf", ContentFile(SCAN), save=False)
            else:
                for k, v in fields.items():
                    setattr(receipt, k, v)
            receipt.submitted_at = _at(receipt_data["submitted_at"])
            receipt.save()
            receipt.people.all().delete()
            people = ReceiptPerson.objects.bulk_create(
                ReceiptPerson(
                    receipt=receipt, role=role, name=name, title=title, introduction=intro, order=i
                )
                for i, (role, name, title, intro) in enumerate(receipt_data["people"])
            )
            for i, person in enumerate(p for p in people if p.role == PersonRole.GUEST):
                person.photo.save(
                    f"demo-guest-{unit.pk}-{i}.png", ContentFile(placeholder_portrait(i)), save=True
                )
        outline_data = row.get("outline")
        if outline_data:
            at = _at(outline_data["submitted_at"])
            Outline.objects.update_or_create(
                interview=interview,
                defaults={
                    "text": outline_data["text"],
                    "state": outline_data["state"],
                    "review_comment": outline_data.get("comment", ""),
                    "first_submitted_at": at,
                    "submitted_at": at,
                },
            )
        if "feed" in row:
            interview.feed_lines.all().delete()
            FeedLine.objects.bulk_create(
                FeedLine(
                    interview=interview,
                    speaker_kind=kind,
                    speaker_name=name,
                    said_at=_at(at),
                    text=text,
                    created_by=media,
                )
                for kind, name, at, text in row["feed"]
            )
        if "links" in row:
            interview.links.all().delete()
            RelatedLink.objects.bulk_create(
                RelatedLink(interview=interview, title=title, url=url, order=i)
                for i, (title, url) in enumerate(row["links"])
            )
