"""Uploaded files (pen-test items 5 and 17): ``/media/`` applies the rule of the page that links
a file, uploads are stored under random names with the extension of their detected type, the
original name comes back in ``Content-Disposition``, a replaced file is gone, and photos with
too many pixels are refused."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.interviews.models import Interview, Photo, ReceiptForm
from gongkai.policies.models import PolicyAttachment
from tests.fixtures.pages import not_found, to_sign_in
from tests.interviews.conftest import PDF, png_bytes
from tests.interviews.test_views import _receipt_post
from tests.policies.conftest import make_document


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def demo(programme, personas):
    from gongkai.interviews.demo import load_demo

    load_demo(programme)
    return {i.unit.name: i for i in Interview.objects.select_related("unit")}


def served(response) -> bytes:
    """The bytes of a file download (status 200 checked first)."""
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def media_url(name: str) -> str:
    return settings.MEDIA_URL + name


def png_header_only(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of ``width`` × ``height`` white pixels: a few KB on disk, however
    many pixels it declares (the pen test's 144-megapixel photo was 410 KB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


# --- item 5: the page's rule for /media/ ------------------------------------------------------


def test_draft_policy_attachment_only_for_its_unit_and_coordinators(client_as, personas):
    document = make_document(personas["unit_staff"].unit)  # a draft of 县农业农村局
    response = client_as("unit_staff").post(
        f"/policies/staff/{document.pk}/attachments/new/",
        {
            "title": "起草说明",
            "file": SimpleUploadedFile("张三的起草说明.pdf", PDF, "application/pdf"),
        },
    )
    assert response.status_code == 302
    stored = PolicyAttachment.objects.get(document=document).file.name
    url = media_url(stored)
    assert not_found(client_as("other_unit_staff").get(url))
    assert served(client_as("unit_staff").get(url)) == PDF
    assert served(client_as("service_center").get(url)) == PDF
    assert to_sign_in(client_as(None).get(url))  # sign in first


def test_upload_names_are_random_and_the_original_comes_back_for_download(client_as, personas):
    document = make_document(personas["unit_staff"].unit)
    client_as("unit_staff").post(
        f"/policies/staff/{document.pk}/attachments/new/",
        {
            "title": "起草说明",
            "file": SimpleUploadedFile("张三的起草说明.pdf", PDF, "application/pdf"),
        },
    )
    stored = PolicyAttachment.objects.get(document=document).file.name
    assert "张三" not in stored and stored.startswith("policies/attachments/")
    assert len(Path(stored).stem) == 32 and stored.endswith(".pdf")
    response = client_as("unit_staff").get(media_url(stored))
    assert quote("张三的起草说明.pdf") in response["Content-Disposition"]


def test_receipt_scan_for_its_unit_and_the_service_center_not_the_media_center(demo, client_as):
    interview = demo["县农业农村局"]
    ReceiptForm.objects.filter(interview=interview).delete()
    response = client_as("unit_staff").post(
        reverse("interviews:receipt-edit", args=[interview.pk]),
        _receipt_post(scan=SimpleUploadedFile("回执.pdf", PDF, "application/pdf")),
    )
    assert response.status_code == 302
    url = media_url(ReceiptForm.objects.get(interview=interview).scan.name)
    assert served(client_as("unit_staff").get(url)) == PDF
    assert served(client_as("service_center").get(url)) == PDF
    assert not_found(client_as("other_unit_staff").get(url))
    assert not_found(client_as("media_center").get(url))


def test_stored_before_the_fix_receipt_scan_keeps_working(demo, client_as):
    """Demo scans were stored under their given names: still served, by the same rule."""
    receipt = ReceiptForm.objects.get(interview=demo["县农业农村局"])
    assert receipt.scan.name.endswith(f"demo-receipt-{receipt.interview.unit_id}.pdf")
    url = media_url(receipt.scan.name)
    response = client_as("unit_staff").get(url)
    assert response.status_code == 200
    assert f"demo-receipt-{receipt.interview.unit_id}.pdf" in response["Content-Disposition"]
    assert client_as("other_unit_staff").get(url).status_code == 404


def test_file_no_row_holds_is_404_for_staff(client_as, personas):
    orphan = Path(settings.MEDIA_ROOT) / "interviews" / "receipts" / "stray.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(PDF)
    assert not_found(client_as("service_center").get(media_url("interviews/receipts/stray.pdf")))


# --- item 17: pixels, detected extension, replaced files --------------------------------------


def test_photo_with_144_megapixels_is_refused_with_advice(demo, client_as):
    interview = demo["县农业农村局"]
    bomb = png_header_only(12_000, 12_000)
    assert len(bomb) < 410 * 1024
    response = client_as("media_center").post(
        reverse("interviews:photo-add", args=[interview.pk]),
        {"image": SimpleUploadedFile("bomb.png", bomb, "image/png"), "caption": "现场"},
        HTTP_HX_REQUEST="true",
    )
    assert Photo.objects.count() == 0
    page = response.content.decode()
    assert "12000 × 12000" in page and "4000 × 3000" in page
    assert "5000 万像素" in page  # the default language (zh-hans) says what to do


def test_scan_named_html_is_stored_and_served_as_png(demo, client_as):
    interview = demo["县农业农村局"]
    ReceiptForm.objects.filter(interview=interview).delete()
    client_as("unit_staff").post(
        reverse("interviews:receipt-edit", args=[interview.pk]),
        _receipt_post(scan=SimpleUploadedFile("scan.html", png_bytes(), "text/html")),
    )
    name = ReceiptForm.objects.get(interview=interview).scan.name
    assert name.endswith(".png") and "scan" not in Path(name).name
    response = client_as("unit_staff").get(media_url(name))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert 'filename="scan.png"' in response["Content-Disposition"]


def test_outline_of_unknown_type_is_stored_as_bin(demo, client_as):
    """A Word file passes the content check as a zip; named ``.html`` it is stored as ``.zip``
    and downloaded as an attachment, never shown as a page."""
    interview = demo["县农业农村局"]
    docx = b"PK\x03\x04" + b"\x00" * 200
    client_as("unit_staff").post(
        reverse("interviews:outline-edit", args=[interview.pk]),
        {"text": "", "file": SimpleUploadedFile("outline.html", docx, "text/html")},
    )
    interview.refresh_from_db()
    name = interview.outline.file.name
    assert name.endswith(".zip")
    response = client_as("unit_staff").get(media_url(name))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment")


def test_replaced_receipt_scan_is_gone(demo, client_as, django_capture_on_commit_callbacks):
    interview = demo["县农业农村局"]
    ReceiptForm.objects.filter(interview=interview).delete()
    client = client_as("unit_staff")
    url = reverse("interviews:receipt-edit", args=[interview.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _receipt_post(scan=SimpleUploadedFile("v1.pdf", PDF, "application/pdf")))
    first = ReceiptForm.objects.get(interview=interview).scan.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _receipt_post(scan=SimpleUploadedFile("v2.png", png_bytes(), "image/png")))
    second = ReceiptForm.objects.get(interview=interview).scan.name
    assert second != first and second.endswith(".png")
    assert client_as("service_center").get(media_url(first)).status_code == 404
    assert not (Path(settings.MEDIA_ROOT) / first).exists()
    assert client_as("service_center").get(media_url(second)).status_code == 200


def test_photo_beyond_pillows_own_limit_is_refused_not_called_damaged():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from gongkai.lib.uploads import validate_image

    upload = SimpleUploadedFile("huge.png", png_header_only(20_000, 10_000), "image/png")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        validate_image(upload)
    assert caught.value.code == "too_many_pixels"
    assert "缩小尺寸" in caught.value.messages[0]


def test_original_file_name_stays_out_of_the_audit_log_and_is_purged(client_as, personas):
    from django.core.management import call_command

    from gongkai.audit.models import AuditEntry
    from gongkai.security.models import UploadName

    document = make_document(personas["unit_staff"].unit)
    client_as("unit_staff").post(
        f"/policies/staff/{document.pk}/attachments/new/",
        {"title": "起草说明", "file": SimpleUploadedFile("张三.pdf", PDF, "application/pdf")},
    )
    assert UploadName.objects.get().original_name == "张三.pdf"
    assert not any("张三" in str(e.after) + e.object_repr for e in AuditEntry.objects.all())
    UploadName.objects.update(uploaded_at="2020-01-01T00:00:00+08:00")
    call_command("purge_personal_data")
    assert UploadName.objects.get().original_name == ""
    stored = PolicyAttachment.objects.get().file.name
    response = client_as("unit_staff").get(media_url(stored))
    assert Path(stored).name in response["Content-Disposition"]  # the stored name then


def test_visit_opinion_scan_on_media_follows_the_activity_rule(client_as, programme, personas):
    from gongkai.visits import services
    from tests.visits.conftest import at, jpeg_bytes

    activity = services.submit_plan(
        programme,
        personas["unit_staff"].unit,
        by=personas["unit_staff"],
        now=at("2023-04-07"),
        title="走进县农业农村局",
        starts_at=at("2023-05-16"),
        place="会议室",
        contact_name="联络人",
        contact_phone="0912-4600001",
        leader="局长",
    )
    scan = SimpleUploadedFile("张三的意见表.JPG", jpeg_bytes(), content_type="image/jpeg")
    sheet = services.submit_opinion(
        activity, satisfaction="fair", suggestions=["x"], channel="paper", scan=scan
    )
    assert sheet.scan.name.endswith(".jpg") and "张三" not in sheet.scan.name
    url = media_url(sheet.scan.name)
    response = client_as("unit_staff").get(url)
    assert response.status_code == 200
    assert quote("张三的意见表.jpg") in response["Content-Disposition"]
    assert client_as("other_unit_staff").get(url).status_code == 404
    assert client_as("media_center").get(url).status_code == 404


def test_model_with_two_file_fields_names_each_upload_once(personas):
    from gongkai.policies.models import Interpretation
    from gongkai.security.models import UploadName
    from tests.policies.conftest import mp4_upload, png_upload

    document = make_document(personas["unit_staff"].unit)
    item = Interpretation.objects.create(
        document=document,
        kind="graphic",
        title="图解",
        image=png_upload("图解.png"),
        video=mp4_upload("视频.mp4"),
    )
    assert item.image.name.endswith(".png") and item.video.name.endswith(".mp4")
    originals = dict(UploadName.objects.values_list("name", "original_name"))
    assert originals == {item.image.name: "图解.png", item.video.name: "视频.mp4"}


def test_published_photo_keeps_its_random_name_for_everyone(demo, client_as):
    from gongkai.interviews.models import InterviewStatus

    interview = demo["县农业农村局"]
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.LIVE)
    client_as("media_center").post(
        reverse("interviews:photo-add", args=[interview.pk]),
        {"image": SimpleUploadedFile("张三.png", png_bytes(), "image/png"), "caption": "现场"},
    )
    name = Photo.objects.get().image.name
    response = client_as(None).get(media_url(name))
    assert response.status_code == 200
    assert quote("张三") not in response["Content-Disposition"]
    assert Path(name).name in response["Content-Disposition"]


def test_private_file_asks_the_owner_of_its_folder_first(client_as, personas, monkeypatch):
    """Opening a private file costs one owner query and no published-file check of another
    folder, not one query per registered file field."""
    import dataclasses

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.security import media as security

    document = make_document(personas["unit_staff"].unit)
    client = client_as("unit_staff")
    client.post(
        f"/policies/staff/{document.pk}/attachments/new/",
        {"title": "起草说明", "file": SimpleUploadedFile("说明.pdf", PDF, "application/pdf")},
    )
    stored = PolicyAttachment.objects.get(document=document).file.name
    assert stored.startswith("policies/attachments/")

    def queries_naming_the_file() -> int:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(media_url(stored))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        return sum(1 for q in ctx.captured_queries if stored in q["sql"])

    indexed = queries_naming_the_file()
    # the same request with no folder index: every check and owner is asked in turn
    monkeypatch.setattr(
        security,
        "_file_owners",
        [dataclasses.replace(o, folder="") for o in security._file_owners],
    )
    monkeypatch.setattr(
        security, "_public_file_checks", [(c, ()) for c, _ in security._public_file_checks]
    )
    unindexed = queries_naming_the_file()
    assert indexed == 2  # the attachment's row, then its original name for the download
    assert unindexed >= indexed + 8


# --- video on phones: byte ranges (issue 14, item 4) ---------------------------------------


def test_media_answers_a_byte_range_with_206(client_as, personas):
    document = make_document(personas["unit_staff"].unit)
    client = client_as("unit_staff")
    client.post(
        f"/policies/staff/{document.pk}/attachments/new/",
        {"title": "说明", "file": SimpleUploadedFile("说明.pdf", PDF, "application/pdf")},
    )
    url = media_url(PolicyAttachment.objects.get(document=document).file.name)
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    part = client.get(url, HTTP_RANGE="bytes=2-9")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 2-9/{len(PDF)}"
    assert part["Content-Length"] == "8"
    assert b"".join(part.streaming_content) == PDF[2:10]
    tail = client.get(url, HTTP_RANGE="bytes=-4")
    assert b"".join(tail.streaming_content) == PDF[-4:]
    open_ended = client.get(url, HTTP_RANGE=f"bytes={len(PDF) - 3}-")
    assert b"".join(open_ended.streaming_content) == PDF[-3:]
    outside = client.get(url, HTTP_RANGE=f"bytes={len(PDF) + 10}-")
    assert outside.status_code == 416 and outside["Content-Range"] == f"bytes */{len(PDF)}"
    # the same safe headers as the whole file
    assert (
        part["X-Content-Type-Options"] == "nosniff" and "sandbox" in part["Content-Security-Policy"]
    )


def test_a_range_never_opens_a_file_one_may_not_see(client_as, personas):
    document = make_document(personas["unit_staff"].unit)
    client_as("unit_staff").post(
        f"/policies/staff/{document.pk}/attachments/new/",
        {"title": "说明", "file": SimpleUploadedFile("说明.pdf", PDF, "application/pdf")},
    )
    url = media_url(PolicyAttachment.objects.get(document=document).file.name)
    refused = client_as("other_unit_staff").get(url, HTTP_RANGE="bytes=0-3")
    assert not_found(refused) and "Content-Range" not in refused
