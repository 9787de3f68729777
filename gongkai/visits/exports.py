"""附件1 as the county's offices use it: an .xlsx laid out like the notice's table."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from gongkai.lib.deadlines import COUNTY_TZ

HEADINGS = ["实施单位", "时间安排", "活动联络人", "联系电话"]


def title(programme) -> str:
    return f"{programme.year} 年度“邀请公民代表走进县、镇政府” 活动计划安排表"


def note(programme) -> str:
    deadline = programme.deadline("visit_plan")
    due = f"{deadline.due_date.month}月{deadline.due_date.day}日" if deadline else ""
    return (
        f"备注：请各单位将活动计划安排表于{due}前报送至县政务信息化服务中心"
        f"（联系电话：{programme.service_center_phone}）。"
    )


def when(activity) -> str:
    start = timezone.localtime(activity.starts_at, COUNTY_TZ)
    text = f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}"
    if activity.ends_at:
        text += f"–{timezone.localtime(activity.ends_at, COUNTY_TZ):%H:%M}"
    return text


def attachment_1_xlsx(programme, activities) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "附件1"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"] = "附件1"
    ws["A2"] = title(programme)
    ws.merge_cells("A2:D2")
    ws["A2"].font = Font(size=16, bold=True)
    ws["A2"].alignment = Alignment(horizontal="center")
    ws.append(HEADINGS)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.border = box
        cell.alignment = Alignment(horizontal="center")
    for activity in activities:
        ws.append(
            [activity.unit.name, when(activity), activity.contact_name, activity.contact_phone]
        )
        for cell in ws[ws.max_row]:
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.append([])
    ws.append([note(programme)])
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
    for column, width in zip("ABCD", (28, 30, 14, 18), strict=True):
        ws.column_dimensions[column].width = width
    ws.print_title_rows = "3:3"
    ws.page_setup.orientation = "portrait"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
