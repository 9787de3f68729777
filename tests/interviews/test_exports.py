"""附件2 .xlsx, 附件3 .docx and .xlsx, and the iCal feed, opened by real readers."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse

from gongkai.audit.models import AuditEntry
from tests.interviews.conftest import at


def _workbook(response):
    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_attachment2_xlsx_has_notice_layout_and_2023_data(demo, client_as):
    book = _workbook(client_as("service_center").get(reverse("interviews:schedule-export")))
    sheet = book.worksheets[0]
    rows = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["附件2"]
    assert rows[1] == ["在线访谈时间计划表"]
    # The notice's rows, in its order: two slots, the video row, the remark.
    assert rows[2:5] == [
        ["县农业农村局 县统计局 镇靖镇", "5月8日-5月19日"],
        ["县自然资源和规划局 县乡村振兴局 小河镇", "5月22日-6月2日"],
        ["视频解读单位", "文件出台同时提供解读材料及及时进行视频解读"],
    ]
    assert len(rows) == 6
    remark = rows[5][0]
    assert remark.startswith("备注：相关单位联系人在5月1日前报送访谈提纲")
    assert "访谈嘉宾在时间计划内调整时间进行访谈" in remark

    bookings = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert bookings[0][:3] == ["受访单位", "计划时段", "访谈时间"]
    nongye = next(r for r in bookings if r[0] == "县农业农村局")
    assert nongye[1:5] == ["5月8日-5月19日", "2023-05-10 09:00", 90, "推进乡村振兴 建设农业强县"]
    assert len(bookings) == 7


def test_receipt_docx_has_notice_headings_and_data(demo, client_as):
    from docx import Document

    interview = demo["县农业农村局"]
    response = client_as("unit_staff").get(reverse("interviews:receipt-docx", args=[interview.pk]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "附件3" in paragraphs
    assert "2023年县政府门户网站“在线访谈”回执表" in paragraphs
    table = document.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    flat = [text for row in cells for text in row]
    assert cells[0][0] == "访谈主题" and cells[0][1] == "推进乡村振兴 建设农业强县"
    assert "嘉宾及工作人员信息" in flat
    assert cells[2][:3] == ["角色", "姓名", "简介"]
    assert cells[3][:2] == ["访谈嘉宾", "王建军"]
    assert cells[4][:2] == ["工作人员", "刘晓燕"]
    assert ["联系人", "刘晓燕", "联系电话", "0912-4621001"] == cells[5]
    assert cells[6][2:] == ["电子邮箱", "nyncj@jingbian.example.gov.cn"]
    assert cells[7][0] == "单位负责人: (盖章)" and cells[7][1] == "王建军"
    assert cells[8][0] == "备注:"
    assert paragraphs[-1] == "2023年"
    # laid out as GB/T 9704 asks: A4, 版心, fonts, zh-CN, page numbers
    from tests.programmes.test_gongwen import assert_gb9704

    assert_gb9704(document)


def test_receipt_docx_without_form_still_renders_blank_rows(demo, client_as):
    from docx import Document

    interview = demo["县乡村振兴局"]
    response = client_as("service_center").get(
        reverse("interviews:receipt-docx", args=[interview.pk])
    )
    document = Document(io.BytesIO(response.content))
    first_column = [row.cells[0].text for row in document.tables[0].rows]
    assert first_column[:4] == ["访谈主题", "嘉宾及工作人员信息", "角色", "访谈嘉宾"]


def test_receipts_xlsx_lists_every_unit_with_lateness(demo, client_as):
    book = _workbook(client_as("service_center").get(reverse("interviews:receipts-export")))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "2023年县政府门户网站“在线访谈”回执表"
    headings = list(rows[1])
    assert headings[:2] == ["单位", "访谈主题"]
    by_unit = {r[0]: dict(zip(headings, r, strict=True)) for r in rows[2:]}
    assert len(by_unit) == 6
    assert by_unit["县农业农村局"]["是否逾期"] == "按时"
    assert by_unit["县农业农村局"]["联系电话"] == "0912-4621001"
    # 1 day 10 hours after the deadline: 2 calendar days, as on every page (days_late).
    assert by_unit["镇靖镇"]["是否逾期"] == "逾期2天"
    assert by_unit["县乡村振兴局"]["是否逾期"] == "未报送"
    assert AuditEntry.objects.filter(action="export", object_repr="receipts.xlsx").count() == 1


def test_calendar_ics_parses_with_one_event_per_interview(demo, client):
    import icalendar

    response = client.get(reverse("interviews:calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 6
    nongye = next(e for e in events if str(e["SUMMARY"]).startswith("县农业农村局"))
    start = nongye.decoded("DTSTART")
    assert start == at("2023-05-10T09:00")
    assert str(start.tzinfo) == "Asia/Shanghai"
    assert nongye.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert str(nongye["LOCATION"]) == "县融媒体中心演播室"
    assert len({str(e["UID"]) for e in events}) == 6
    # Draft interviews show only the unit; the topic is published with the preview.
    tongji = next(e for e in events if str(e["SUMMARY"]).startswith("县统计局"))
    assert str(tongji["SUMMARY"]) == "县统计局"
    for line in response.content.split(b"\r\n"):
        assert len(line) <= 75
