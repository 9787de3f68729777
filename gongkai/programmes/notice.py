"""The year's notice as an official document: its parts for the 公文 page, and the notice with
its three attachments as .docx and PDF (GB/T 9704-2012, see ``gongkai.lib.gongwen``)."""

from __future__ import annotations

from gongkai.lib import gongwen
from gongkai.programmes.models import Programme
from gongkai.units.models import UnitKind

RECEIPT_ROWS = [
    ("访谈主题", "", "", ""),
    ("嘉宾及工作人员信息", "", "", ""),
    ("角色", "姓名", "简介", ""),
    ("访谈嘉宾", "", "", ""),
    ("联系人", "", "联系电话", ""),
    ("", "", "电子邮箱", ""),
    ("单位负责人", "（盖章）", "", ""),
    ("备注", "", "", ""),
]


def layout(programme: Programme) -> gongwen.Gongwen:
    """The notice in its parts: 发文字号, title, 主送, body, 附件说明, 署名, date, 附注."""
    date = ""
    if programme.notice_date:
        d = programme.notice_date
        date = f"{d.year}年{d.month}月{d.day}日"
    doc = gongwen.parse(
        programme.notice_text,
        title=programme.notice_title or programme.title,
        number=programme.notice_number,
        issuer=programme.notice_issuer,
        date=date,
    )
    if not doc.attachments:
        doc.attachments = [a.title for a in programme.attachments.all()]
    return doc


def attachment_tables(programme: Programme) -> list[gongwen.PdfTable]:
    """附件1–3 as tables, laid out as the notice prints them."""
    tables = []
    for attachment in programme.attachments.all():
        label = f"附件{attachment.number}"
        if attachment.number == 1:
            # The units the year named, retired ones included: a published year keeps them.
            units = programme.participants.exclude(kind=UnitKind.SPECIAL)
            headings = ["实施单位", "时间安排", "活动联络人", "联系电话"]
            rows = [[unit.name, "", "", ""] for unit in units]
        elif attachment.number == 2:
            headings = ["受访单位", "时间安排"]
            rows = [
                [
                    " ".join(u.name for u in slot.ordered_units()),
                    f"{slot.start.month}月{slot.start.day}日-{slot.end.month}月{slot.end.day}日",
                ]
                for slot in programme.slots.all()
            ]
            rows.append(["视频解读单位", "文件出台同时提供解读材料及及时进行视频解读"])
        else:
            headings = list(RECEIPT_ROWS[0])
            rows = [list(r) for r in RECEIPT_ROWS[1:]]
        note = f"备注：{attachment.note}" if attachment.note else ""
        tables.append(gongwen.PdfTable(label, attachment.title, headings, rows, note))
    return tables


def notice_docx(programme: Programme) -> bytes:
    document = gongwen.new_document()
    gongwen.write_body(document, layout(programme))
    for table in attachment_tables(programme):
        gongwen.new_page_section(document)
        gongwen.add_paragraph(document, table.label, kind="label")
        gongwen.add_paragraph(document, table.title, kind="title")
        gongwen.add_table(document, table.headings, table.rows)
        if table.note:
            gongwen.add_paragraph(document, table.note, kind="plain")
    return gongwen.docx_bytes(document)


def notice_pdf(programme: Programme) -> bytes:
    return gongwen.pdf_bytes(layout(programme), attachment_tables(programme))


def file_name(programme: Programme, extension: str) -> str:
    return f"notice-{programme.year}.{extension}"
