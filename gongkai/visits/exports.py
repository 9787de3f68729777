"""Attachment 1 (附件1) as the county's offices use it: an .xlsx laid out like the notice's table.

The wording (sheet label, the notice's column headings) is the notice's own form, kept as data in
``data/attachment_1.json``; the title and the note come from the programme's NoticeAttachment 1,
so a later year's notice changes them without code."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils import timezone
from django.utils.dateformat import format as date_format
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.xlsx import append_row, workbook_bytes

DATA = Path(__file__).resolve().parent / "data" / "attachment_1.json"


@lru_cache(maxsize=1)
def form() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


def headings() -> list[str]:
    return list(form()["headings"])


def title(programme) -> str:
    attachment = next((a for a in programme.attachments.all() if a.number == 1), None)
    return attachment.title if attachment else form()["fallback_title"].format(year=programme.year)


def note(programme) -> str:
    attachment = next((a for a in programme.attachments.all() if a.number == 1), None)
    return form()["note_prefix"] + attachment.note if attachment and attachment.note else ""


def when(activity) -> str:
    text = date_format(timezone.localtime(activity.starts_at, COUNTY_TZ), form()["date_format"])
    if activity.ends_at:
        text += "–" + date_format(
            timezone.localtime(activity.ends_at, COUNTY_TZ), form()["end_format"]
        )
    return text


def attachment_1_xlsx(programme, activities) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = form()["label"]
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = form()["label"]
    ws["A2"] = title(programme)
    ws.merge_cells("A2:D2")
    ws["A2"].font = Font(size=16, bold=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    append_row(ws, headings())
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center")
    for activity in activities:
        append_row(
            ws, [activity.unit.name, when(activity), activity.contact_name, activity.contact_phone]
        )
        for cell in ws[ws.max_row]:
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    append_row(ws, [])
    append_row(ws, [note(programme)])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
    for column, width in zip("ABCD", (28, 30, 14, 18), strict=True):
        ws.column_dimensions[column].width = width
    ws.print_title_rows = "3:3"
    return workbook_bytes(wb)
