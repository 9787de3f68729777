"""附件2 (.xlsx), 附件3 (.docx per interview, .xlsx for all units) and the iCal feed.

The notice's own headings come from ``data/forms.json`` (they are the county's form, in
Chinese); the values come from the database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import icalendar
from django.utils import timezone

from gongkai.interviews.models import Interview, InterviewStatus, PersonRole, ReceiptForm
from gongkai.lib import ical
from gongkai.lib.deadlines import days_late
from gongkai.lib.xlsx import append_row, workbook_bytes
from gongkai.programmes.models import DeadlineKind, Programme

DATA = Path(__file__).resolve().parent / "data" / "forms.json"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@cache
def labels() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def day(value: dt.date) -> str:
    return labels()["date"].format(m=value.month, d=value.day)


def _local(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _xlsx_bytes(workbook) -> bytes:
    return workbook_bytes(workbook, heading_row=2)


def attachment2_xlsx(programme: Programme, interviews: Iterable[Interview]) -> bytes:
    """附件2 在线访谈时间计划表 laid out like the notice, plus a sheet of the booked times."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    text = labels()["attachment2"]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    book = Workbook()
    sheet = book.active
    sheet.title = text["title"][:31]
    sheet["A1"] = text["label"]
    sheet["A2"] = text["title"]
    sheet["A2"].font = Font(size=16, bold=True)
    sheet["A2"].alignment = Alignment(horizontal="center")
    sheet.merge_cells("A2:B2")
    for slot in programme.slots.all():
        append_row(
            sheet,
            [" ".join(u.name for u in slot.ordered_units()), f"{day(slot.start)}-{day(slot.end)}"],
        )
    append_row(sheet, text["video_row"])
    outline = programme.deadline(DeadlineKind.INTERVIEW_OUTLINE)
    remark_row = sheet.max_row + 1
    sheet.cell(
        row=remark_row,
        column=1,
        value=text["remark"].format(outline_due=day(outline.due_date) if outline else ""),
    )
    sheet.merge_cells(start_row=remark_row, start_column=1, end_row=remark_row, end_column=2)
    for row in sheet.iter_rows(min_row=3, max_row=remark_row):  # the notice's table, boxed
        for cell in row:
            cell.border = box
            cell.alignment = wrap
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["B"].width = 40

    bookings = book.create_sheet(text["bookings_sheet"])
    append_row(bookings, text["bookings_headings"])
    bookings.print_title_rows = "1:1"
    for interview in interviews:
        slot = interview.slot
        append_row(
            bookings,
            [
                interview.unit.name,
                f"{day(slot.start)}-{day(slot.end)}" if slot else "",
                _local(interview.starts_at),
                interview.duration_minutes,
                interview.topic,
                interview.venue,
                interview.host_label,
                interview.camera_label,
                interview.editor_label,
                str(InterviewStatus(interview.status).label),
            ],
        )
    return _xlsx_bytes(book)


def _lateness_text(receipt: ReceiptForm) -> str:
    text = labels()["attachment3"]
    late = receipt.lateness()
    if late is None:
        return text["on_time"]
    return text["late"].format(days=days_late(late))


def receipt_title(programme: Programme) -> str:
    return labels()["attachment3"]["title"].format(year=programme.year)


def receipt_docx(interview: Interview) -> bytes:
    """附件3 回执表 for one interview, laid out like the notice's form."""
    from gongkai.lib import gongwen

    text = labels()["attachment3"]
    receipt: ReceiptForm | None = getattr(interview, "receipt", None)
    people = list(receipt.people.all()) if receipt else []
    document = gongwen.new_document()  # A4, GB/T 9704 fonts, page numbers, zh-CN
    gongwen.add_paragraph(document, text["label"], kind="label")
    gongwen.add_paragraph(document, receipt_title(interview.programme), kind="title")

    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"

    def row(*cells: str, merge_from: int | None = None) -> None:
        r = table.add_row().cells
        for i, value in enumerate(cells):
            r[i].text = value
        if merge_from is not None:
            r[merge_from].merge(r[3])
            r[merge_from].text = cells[merge_from]

    row(text["topic"], interview.topic, "", "", merge_from=1)
    title_row = table.add_row().cells
    title_row[0].merge(title_row[3])
    title_row[0].text = text["people"]
    row(*text["people_headings"], "", merge_from=2)
    for person in people or [None]:
        if person is None:
            row(text["roles"][PersonRole.GUEST], "", "", "", merge_from=2)
            continue
        intro = person.introduction
        if person.title:
            intro = f"{person.title} {intro}".strip()
        row(text["roles"][person.role], person.name, intro, "", merge_from=2)
    row(
        text["contact"],
        receipt.contact_name if receipt else "",
        text["phone"],
        receipt.contact_phone if receipt else "",
    )
    row("", "", text["email"], receipt.contact_email if receipt else "")
    row(text["head"], receipt.unit_head if receipt else "", "", "", merge_from=1)
    row(text["notes"], receipt.notes if receipt else "", "", "", merge_from=1)
    gongwen.add_paragraph(
        document, text["date_line"].format(year=interview.programme.year), kind="right"
    )
    return gongwen.docx_bytes(document)


def receipts_xlsx(programme: Programme, interviews: Iterable[Interview]) -> bytes:
    """Every unit's 附件3 in one sheet, one row per interview."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    text = labels()["attachment3"]
    book = Workbook()
    sheet = book.active
    sheet.title = text["sheet"]
    append_row(sheet, [receipt_title(programme)])
    sheet["A1"].font = Font(size=14, bold=True)
    append_row(sheet, text["export_headings"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for interview in interviews:
        receipt: ReceiptForm | None = getattr(interview, "receipt", None)
        if receipt is None:
            append_row(
                sheet,
                [interview.unit.name, interview.topic, _local(interview.starts_at)]
                + [""] * 6
                + ["", text["missing"], ""],
            )
            continue
        people = "\n".join(
            f"{text['roles'][p.role]} {p.name} {p.title} {p.introduction}".strip()
            for p in receipt.people.all()
        )
        append_row(
            sheet,
            [
                interview.unit.name,
                interview.topic,
                _local(interview.starts_at),
                people,
                receipt.contact_name,
                receipt.contact_phone,
                receipt.contact_email,
                receipt.unit_head,
                text["yes"] if receipt.scan else text["no"],
                _local(receipt.submitted_at),
                _lateness_text(receipt),
                receipt.notes,
            ],
        )
    return _xlsx_bytes(book)


def calendar_ics(interviews: Iterable[Interview], *, name: str, host: str, base_url: str) -> str:
    """An iCalendar feed with one VEVENT per booked interview, in Asia/Shanghai time."""
    now = ical.stamp()

    def event(interview: Interview) -> icalendar.Event:
        # A topic is published with the preview; before that only the unit's booked time is
        # public (附件2 is a public attachment of the notice).
        topic = interview.topic if interview.is_public else ""
        return ical.event(
            uid=f"interview-{interview.pk}@{host}",
            stamp=now,
            start=interview.starts_at,
            end=interview.ends_at,
            summary=f"{interview.unit.name} {topic}".strip(),
            location=interview.venue,
            url=f"{base_url}{interview.pk}/" if interview.is_public else "",
        )

    booked = (interview for interview in interviews if interview.starts_at is not None)
    return ical.calendar(name, "Online interviews", (event(i) for i in booked))
