"""The read-only JSON API; its OpenAPI 3 schema is served at /api/openapi.json.

Public and anonymous: only what the portal shows anyway. No personal data: guests appear by
unit and title, never by name; programmes appear once their notice is published. Dates are ISO
8601 (``2023-04-09``); ``closes_at`` is the first instant after a deadline in county time
(``2023-04-10T00:00:00+08:00``).
"""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Schema

from gongkai.programmes.models import Programme
from gongkai.units.models import Unit

api = NinjaAPI(
    title="Gongkai API",
    version="1",
    urls_namespace="api",
    description="Read-only data of the county's government-openness programme.",
)


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str
    head_title: str
    office_phone: str
    active: bool
    is_demo: bool


class ProgrammeSummary(Schema):
    year: int
    title: str
    url: str


class WindowOut(Schema):
    kind: str
    label: str
    start: dt.date
    end: dt.date


class DeadlineOut(Schema):
    kind: str
    label: str
    due_date: dt.date
    closes_at: dt.datetime
    submit_to: str


class GuestOut(Schema):
    unit: str
    title: str


class SlotOut(Schema):
    start: dt.date
    end: dt.date
    units: list[str]
    note: str


class AttachmentOut(Schema):
    number: int
    title: str


class NoticeOut(Schema):
    number: str
    title: str
    issuer: str
    date: dt.date | None
    printed_date: dt.date | None
    url: str
    attachments: list[AttachmentOut]


class ProgrammeOut(Schema):
    year: int
    title: str
    service_center_phone: str
    representative_target: int
    min_activities: int
    notice: NoticeOut
    windows: list[WindowOut]
    deadlines: list[DeadlineOut]
    guests: list[GuestOut]
    slots: list[SlotOut]
    implementing_units: list[str]


class ErrorOut(Schema):
    """A 404: ``{"detail": "Not Found"}``."""

    detail: str


class ValidationErrorOut(Schema):
    """A 422 for a malformed parameter (e.g. a year that is not a number): one item per error."""

    detail: list[dict]


def _unit(unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "kind_label": str(unit.get_kind_display()),
        "head_title": unit.head_title,
        "office_phone": unit.phone,
        "active": unit.active,
        "is_demo": unit.is_demo,
    }


@api.get("/units", response=list[UnitOut], tags=["units"], summary="The units directory")
def list_units(request):
    return [_unit(u) for u in Unit.objects.all()]


@api.get(
    "/programmes",
    response=list[ProgrammeSummary],
    tags=["programmes"],
    summary="Published annual programmes, newest first",
)
def list_programmes(request):
    return [
        {
            "year": p.year,
            "title": p.title,
            "url": reverse("api:programme", kwargs={"year": p.year}),
        }
        for p in Programme.objects.published().order_by("-year")
    ]


@api.get(
    "/programmes/{year}",
    response={200: ProgrammeOut, 404: ErrorOut, 422: ValidationErrorOut},
    url_name="programme",
    tags=["programmes"],
    summary="One programme: windows, deadlines, guests, interview slots and notice",
)
def get_programme(request, year: int):
    programme = get_object_or_404(
        Programme.objects.published().prefetch_related(
            "tracks",
            "deadlines",
            "guests__unit",
            "slots__slot_units__unit",
            "attachments",
            "participants",
        ),
        year=year,
    )
    return {
        "year": programme.year,
        "title": programme.title,
        "service_center_phone": programme.service_center_phone,
        "representative_target": programme.representative_target,
        "min_activities": programme.min_activities,
        "notice": {
            "number": programme.notice_number,
            "title": programme.notice_title,
            "issuer": programme.notice_issuer,
            "date": programme.notice_date,
            "printed_date": programme.notice_printed_date,
            "url": reverse("portal:notice", kwargs={"year": programme.year}),
            "attachments": [
                {"number": a.number, "title": a.title} for a in programme.attachments.all()
            ],
        },
        "windows": [
            {
                "kind": t.kind,
                "label": str(t.get_kind_display()),
                "start": t.start,
                "end": t.end,
            }
            for t in programme.tracks.all()
        ],
        "deadlines": [
            {
                "kind": d.kind,
                "label": str(d),
                "due_date": d.due_date,
                "closes_at": d.closes_at,
                "submit_to": d.submit_to,
            }
            for d in programme.deadlines.all()
        ],
        "guests": [{"unit": g.unit.name, "title": g.title} for g in programme.guests.all()],
        "slots": [
            {
                "start": s.start,
                "end": s.end,
                "units": [u.name for u in s.ordered_units()],
                "note": s.note,
            }
            for s in programme.slots.all()
        ],
        "implementing_units": [u.name for u in programme.participants.all()],
    }
