"""Factories for policy documents, free of surprising behaviour: each returns exactly what it
names, through the services where a test relies on the rules they enforce."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    InterpretationKind,
    InterpretationPlan,
    PlannedForm,
    PolicyDocument,
)
from gongkai.publishing.models import ReviewStatus
from gongkai.units.models import Unit

MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def mp4_upload(name: str = "clip.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MP4, content_type="video/mp4")


def png_upload(name: str = "graphic.png") -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name: str = "text.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%demo\n", content_type="application/pdf")


def upload_error(validator, upload) -> list[str]:
    """The message a page in the default language (zh-hans) shows for this bad upload."""
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("zh-hans"):
        try:
            validator(upload)
        except ValidationError as exc:
            return exc.messages
    raise AssertionError("the upload was accepted")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=COUNTY_TZ)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def nongye(programme) -> Unit:
    return Unit.objects.get(name="县农业农村局")


@pytest.fixture
def zhenjing(programme) -> Unit:
    return Unit.objects.get(name="镇靖镇")


_counter = {"n": 0}


def make_document(
    unit: Unit,
    *,
    published_on: dt.date | None = None,
    signed_on: dt.date | None = None,
    written_days: int = 0,
    video_days: int = 30,
    number: str | None = None,
    title: str = "测试文件",
    plan: bool = True,
) -> PolicyDocument:
    """A document; with ``plan`` (the default) its 解读方案 signed off with it."""
    _counter["n"] += 1
    signed_on = signed_on or (published_on or dt.date(2023, 5, 1)) - dt.timedelta(days=1)
    document = PolicyDocument.objects.create(
        title=f"{title}{_counter['n']}",
        number=number or f"靖测发〔2023〕{_counter['n']}号",
        issuer=unit.name,
        signed_on=signed_on,
        published_on=published_on,
        drafting_unit=unit,
        interpreter_title=unit.head_title,
        status=DocumentStatus.PUBLISHED if published_on else DocumentStatus.DRAFT,
        written_due_on=published_on + dt.timedelta(days=written_days) if published_on else None,
        video_due_on=published_on + dt.timedelta(days=video_days) if published_on else None,
    )
    if plan:
        make_plan(document)
    return document


def make_plan(document: PolicyDocument, *, signed_on: dt.date | None = None) -> InterpretationPlan:
    return InterpretationPlan.objects.create(
        document=document,
        outline="一、出台背景\n二、主要措施\n三、与群众有关的变化",
        forms=[PlannedForm.TEXT, PlannedForm.QA],
        channels="县政府门户网站政策解读栏目",
        planned_on=document.published_on or document.signed_on,
        interpreter_name="王某某",
        interpreter_title=document.interpreter_title or "局长",
        signed_on=signed_on or document.signed_on,
    )


def make_interpretation(
    document: PolicyDocument,
    *,
    kind: str = InterpretationKind.TEXT,
    published: dt.datetime | None = None,
    status: str | None = None,
    title: str = "解读",
) -> Interpretation:
    return Interpretation.objects.create(
        document=document,
        kind=kind,
        title=title,
        body="背景、主要措施、和群众有关的变化。",
        review_status=status or (ReviewStatus.APPROVED if published else ReviewStatus.PENDING),
        published_at=published,
    )
