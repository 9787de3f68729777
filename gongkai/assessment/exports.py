"""The assessment report as .xlsx: a ranking sheet (one row per unit) and a breakdown sheet."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongkai.assessment.services import ScoreTable
from gongkai.lib.xlsx import append_row, workbook_bytes
from gongkai.programmes.models import Programme


def absolute(url: str, base_url: str) -> str:
    """An evidence link the reader can open from the spreadsheet: the site's address in front
    of a path (GONGKAI_SITE_URL, else the address the report was downloaded from)."""
    if url.startswith("/") and not url.startswith("//") and base_url:
        return base_url.rstrip("/") + url
    return url


def report_xlsx(programme: Programme, table: ScoreTable, *, base_url: str = "") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "排名"
    append_row(sheet, [f"{programme.year}年度政务公开活动考核赋分"])
    sheet["A1"].font = Font(bold=True, size=14)
    headings = ["名次", "单位", "得分", "应得分", "百分制得分"] + [
        leaf["name"] for leaf in table.leaves
    ]
    append_row(sheet, headings)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for unit in table.units:
        by_id = {p.indicator_id: p for p in unit.points}
        row = [
            unit.rank,
            unit.unit_name,
            float(unit.earned),
            float(unit.maximum),
            float(unit.percent),
        ]
        for leaf in table.leaves:
            point = by_id.get(leaf["id"])
            row.append(None if point is None or point.earned is None else float(point.earned))
        append_row(sheet, row)
    sheet.column_dimensions["B"].width = 28
    detail = book.create_sheet("明细")
    append_row(detail, ["单位", "考核点", "分值", "得分", "说明", "调整理由", "佐证"])
    detail.print_title_rows = "1:1"
    for cell in detail[1]:
        cell.font = Font(bold=True)
    for unit in table.units:
        for point in unit.points:
            links = [absolute(e.get("url", ""), base_url) for e in point.evidence]
            evidence = "；".join(
                " ".join(x for x in (e.get("label", ""), e.get("date", ""), link) if x)
                for e, link in zip(point.evidence, links, strict=True)
            )
            append_row(
                detail,
                [
                    unit.unit_name,
                    point.name,
                    float(point.weight),
                    None if point.earned is None else float(point.earned),
                    point.note,
                    point.adjustment_reason,
                    evidence,
                ],
            )
            if len(links) == 1 and links[0].startswith(("http://", "https://")):
                detail.cell(row=detail.max_row, column=7).hyperlink = links[0]
    return workbook_bytes(book, heading_row=2)
