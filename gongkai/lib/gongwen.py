"""Official documents laid out as GB/T 9704-2012 《党政机关公文格式》 asks: .docx and PDF.

The standard, as far as a generated file can follow it:

- A4 paper (210 mm × 297 mm); 版心 156 mm × 225 mm: margins top 37 mm, bottom 35 mm, left
  28 mm, right 26 mm;
- 22 lines of 28 characters: body in 3号 (16 pt) 仿宋_GB2312, exact line height 225 mm / 22;
- the title in 2号 (22 pt) 方正小标宋简体, centred; first-level headings (一、) in 黑体,
  second-level ((一)) in 楷体_GB2312; body paragraphs indented two characters;
- the 发文机关署名 and 成文日期 right-aligned with four characters to spare;
- page numbers "— 1 —" in 4号 (14 pt) 宋体, odd pages right, even pages left, one character
  in from the edge;
- the language zh-CN.

Word substitutes a font the reader's machine lacks (方正小标宋简体 → 宋体, 仿宋_GB2312 → 仿宋):
the file names the standard's fonts so that a county office machine, which has them, shows
the document exactly. The PDF uses the Adobe-GB1 CID fonts (STSong-Light), which every PDF
reader in China shows without embedded font files.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 37, 35, 28, 26
BODY_PT, TITLE_PT, PAGE_NUMBER_PT = 16, 22, 14  # 3号, 2号, 4号
LINES_PER_PAGE, CHARS_PER_LINE = 22, 28
LINE_PT = (PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM) / 25.4 * 72 / LINES_PER_PAGE
BODY_FONT, TITLE_FONT, HEADING_FONT, KAITI_FONT, SONG_FONT = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
LATIN_FONT = "Times New Roman"
LANGUAGE = "zh-CN"
DASH = "—"

HEADING_1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING_2 = re.compile(r"^（[一二三四五六七八九十]+）")
DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")


# --- the document's parts ------------------------------------------------------------------


@dataclass
class Paragraph:
    text: str
    kind: str = "body"  # body | heading1 | heading2 | addressee


@dataclass
class Gongwen:
    """A 公文 in its parts, ready for the page, .docx or PDF."""

    title: str
    issuer_mark: str = ""  # 发文机关标志, e.g. 靖边县人民政府办公室文件
    number: str = ""  # 发文字号
    addressee: str = ""  # 主送机关
    paragraphs: list[Paragraph] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)  # 附件说明, in order
    signature: str = ""  # 发文机关署名
    date: str = ""  # 成文日期, as written (2023年4月3日)
    note: str = ""  # 附注, e.g. （此件公开发布）


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse(
    text: str, *, title: str = "", number: str = "", issuer: str = "", date: str = ""
) -> Gongwen:
    """Split a notice stored as plain text (as typed or pasted from the signed document) into
    its parts. Lines repeating the header (发文机关标志, 发文字号, the title) are dropped — the
    page shows them from their own fields —, the attachment list ("附件：1. …" with or without a
    leading "- ") becomes a list, the last issuer and date lines become the signature."""
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    doc = Gongwen(title=title, number=number, signature=issuer, date=date)
    header = {_squash(v) for v in (title, number) if v}
    body: list[str] = []
    for block in blocks:
        flat = _squash(block)
        if not body and not doc.addressee:
            if flat in header or flat.endswith("文件") or (title and flat == _squash(title)):
                if flat.endswith("文件"):
                    doc.issuer_mark = block
                continue
            if block.endswith("：") and "\n" not in block:
                doc.addressee = block
                continue
        body.append(block)
    # from the end: 附注, 成文日期, 署名, then the attachment list
    if body and re.fullmatch(r"（[^（）]+）", body[-1]):
        doc.note = body.pop()
    if body and DATE_LINE.match(_squash(body[-1])):
        doc.date = body.pop()
    if body and (not issuer or _squash(body[-1]) == _squash(issuer)) and len(body[-1]) <= 30:
        doc.signature = body.pop()
    for i, block in enumerate(body):
        stripped = block.lstrip("-• ").strip()
        if stripped.startswith("附件："):
            lines = [ln.strip() for ln in stripped[len("附件：") :].splitlines() if ln.strip()]
            doc.attachments = [re.sub(r"^\d+[.．、]\s*", "", ln) for ln in lines]
            body = body[:i] + body[i + 1 :]
            break
    # Chinese text is not hard-wrapped: every line is a paragraph of its own
    for line in (ln.strip() for block in body for ln in block.splitlines()):
        if not line:
            continue
        kind = "body"
        if HEADING_1.match(line):
            kind = "heading1"
        elif HEADING_2.match(line):
            kind = "heading2"
        doc.paragraphs.append(Paragraph(line, kind))
    return doc


# --- .docx ---------------------------------------------------------------------------------


def _fonts(run_or_style, east_asia: str, size_pt: float | None = None, bold: bool = False):
    font = run_or_style.font
    font.name = LATIN_FONT
    if size_pt:
        font.size = Pt(size_pt)
    font.bold = bold
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _page_number(paragraph, size_pt: float = PAGE_NUMBER_PT) -> None:
    """``— PAGE —`` as a field, so Word counts the pages."""

    def run(text: str = ""):
        r = paragraph.add_run(text)
        _fonts(r, SONG_FONT, size_pt)
        return r

    run(f"{DASH} ")
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1")):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text
    end = run()
    fld = OxmlElement("w:fldChar")
    fld.set(qn("w:fldCharType"), "end")
    end._r.append(fld)
    run(f" {DASH}")


def _setup_section(section, document) -> None:
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.footer_distance = Mm(28 - 7)  # the page number sits 7 mm below the 版心
    # odd pages: number on the right; even pages: on the left; one character in
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)
    _page_number(even)


def new_document() -> Document:
    """An empty A4 公文 with the standard's page, fonts, line grid and page numbers."""
    document = Document()
    document.settings.odd_and_even_pages_header_footer = True
    normal = document.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_PT)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    # the document's own language (Word's proofing, screen readers)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        r_pr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if r_pr is not None:
            lang = r_pr.find(qn("w:lang"))
            if lang is None:
                lang = OxmlElement("w:lang")
                r_pr.append(lang)
            lang.set(qn("w:val"), LANGUAGE)
            lang.set(qn("w:eastAsia"), LANGUAGE)
    _setup_section(document.sections[0], document)
    return document


def add_paragraph(document, text: str, *, kind: str = "body", align=None):
    """A paragraph in the standard's font for its kind: body (indented two characters),
    heading1 (黑体), heading2 (楷体), addressee / plain (no indent), title (2号小标宋,
    centred), right (署名 and date: right-aligned, four characters in)."""
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    east_asia, size = BODY_FONT, BODY_PT
    if kind in ("body", "heading1", "heading2"):
        fmt.first_line_indent = Pt(BODY_PT * 2)
    if kind == "heading1":
        east_asia = HEADING_FONT
    elif kind == "heading2":
        east_asia = KAITI_FONT
    elif kind == "title":
        east_asia, size = TITLE_FONT, TITLE_PT
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(LINE_PT * 1.2)
    elif kind == "right":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(BODY_PT * 4)
    elif kind == "center":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif kind == "label":  # 附件 labels, top left in 黑体
        east_asia = HEADING_FONT
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    _fonts(run, east_asia, size)
    return paragraph


def add_table(document, headings: Sequence[str], rows: Iterable[Sequence[str]], *, size_pt=12):
    """A ruled table in 仿宋 (tables may use a smaller size), headings in 黑体, repeated on
    every page."""
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = table.rows[0]
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, text in zip(head.cells, headings, strict=True):
        _cell(cell, text, HEADING_FONT, size_pt)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=False):
            _cell(cell, str(text or ""), BODY_FONT, size_pt)
    return table


def _cell(cell, text: str, east_asia: str, size_pt: float) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    paragraph.paragraph_format.first_line_indent = Pt(0)
    run = paragraph.add_run(text)
    _fonts(run, east_asia, size_pt)


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def new_page_section(document) -> None:
    """A new section on a new page with the same page setup (an attachment)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _setup_section(section, document)


def write_body(document, doc: Gongwen) -> None:
    """The notice itself: 版头, title, 主送, body, 附件说明, 署名, date, 附注."""
    if doc.issuer_mark:
        mark = add_paragraph(document, doc.issuer_mark, kind="center")
        for run in mark.runs:
            _fonts(run, TITLE_FONT, 26)
            run.font.color.rgb = _RED
    if doc.number:
        add_paragraph(document, doc.number, kind="center")
    if doc.issuer_mark or doc.number:
        _red_rule(document)
    add_paragraph(document, doc.title, kind="title")
    add_paragraph(document, "", kind="plain")
    if doc.addressee:
        add_paragraph(document, doc.addressee, kind="plain")
    for paragraph in doc.paragraphs:
        add_paragraph(document, paragraph.text, kind=paragraph.kind)
    if doc.attachments:
        add_paragraph(document, "", kind="plain")
        for i, title in enumerate(doc.attachments, 1):
            prefix = "附件：" if i == 1 else "　　　"
            p = add_paragraph(document, f"{prefix}{i}. {title}", kind="plain")
            p.paragraph_format.left_indent = Pt(BODY_PT * 2)
    if doc.signature or doc.date:
        add_paragraph(document, "", kind="plain")
        add_paragraph(document, "", kind="plain")
    if doc.signature:
        add_paragraph(document, doc.signature, kind="right")
    if doc.date:
        add_paragraph(document, doc.date, kind="right")
    if doc.note:
        add_paragraph(document, doc.note, kind="body")


def _red_rule(document) -> None:
    """The red line under the 版头."""
    paragraph = document.add_paragraph()
    p_pr = paragraph._p.get_or_add_pPr()
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "1"), ("color", "C00000")):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    p_pr.append(border)


_RED = RGBColor(0xC0, 0x00, 0x00)


def docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------


@dataclass
class PdfTable:
    label: str  # 附件1
    title: str
    headings: Sequence[str]
    rows: list[Sequence[str]]
    note: str = ""


def pdf_bytes(doc: Gongwen, attachments: Sequence[PdfTable] = ()) -> bytes:
    """The same 公文 as a PDF (A4, the same 版心, margins and sizes)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        HRFlowable,
        PageBreak,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )
    from reportlab.platypus import Paragraph as Para

    song = "STSong-Light"
    if song not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(song))
    leading = LINE_PT
    # CJK wrapping: lines break between any two characters, never before a closing mark
    base = ParagraphStyle("body", fontName=song, fontSize=BODY_PT, leading=leading, wordWrap="CJK")
    styles = {
        "body": ParagraphStyle("b", parent=base, firstLineIndent=BODY_PT * 2),
        "heading1": ParagraphStyle("h1", parent=base, firstLineIndent=BODY_PT * 2),
        "heading2": ParagraphStyle("h2", parent=base, firstLineIndent=BODY_PT * 2),
        "plain": ParagraphStyle("p", parent=base, alignment=TA_LEFT),
        "title": ParagraphStyle(
            "t", parent=base, fontSize=TITLE_PT, leading=TITLE_PT * 1.5, alignment=TA_CENTER
        ),
        "center": ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        "mark": ParagraphStyle(
            "m", parent=base, fontSize=26, leading=40, alignment=TA_CENTER, textColor=colors.red
        ),
        "right": ParagraphStyle("r", parent=base, alignment=TA_RIGHT, rightIndent=BODY_PT * 4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=12, leading=16),
    }

    def p(text: str, kind: str = "body"):
        from xml.sax.saxutils import escape

        return Para(escape(text), styles[kind])

    story: list = []
    if doc.issuer_mark:
        story.append(p(doc.issuer_mark, "mark"))
    if doc.number:
        story.append(p(doc.number, "center"))
    if doc.issuer_mark or doc.number:
        story.append(HRFlowable(width="100%", thickness=1.5, color=colors.red, spaceBefore=4))
    story.append(Spacer(1, leading / 2))
    story.append(p(doc.title, "title"))
    story.append(Spacer(1, leading / 2))
    if doc.addressee:
        story.append(p(doc.addressee, "plain"))
    story.extend(p(par.text, par.kind) for par in doc.paragraphs)
    if doc.attachments:
        story.append(Spacer(1, leading))
        for i, title in enumerate(doc.attachments, 1):
            story.append(p(f"{'附件：' if i == 1 else '　　　'}{i}. {title}", "plain"))
    story.append(Spacer(1, leading * 2))
    if doc.signature:
        story.append(p(doc.signature, "right"))
    if doc.date:
        story.append(p(doc.date, "right"))
    if doc.note:
        story.append(p(doc.note, "body"))
    width = (PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM) * mm
    for table in attachments:
        story.append(PageBreak())
        story.append(p(table.label, "plain"))
        story.append(p(table.title, "title"))
        data = [[p(h, "cell") for h in table.headings]]
        data += [[p(str(v or ""), "cell") for v in row] for row in table.rows] or [
            [p("", "cell") for _ in table.headings]
        ]
        grid = Table(data, colWidths=[width / len(table.headings)] * len(table.headings),
                     repeatRows=1)  # fmt: skip
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
        story.append(grid)
        if table.note:
            story.append(Spacer(1, leading / 2))
            story.append(p(table.note, "plain"))

    def page_number(canvas, document) -> None:
        number = canvas.getPageNumber()
        canvas.setFont(song, PAGE_NUMBER_PT)
        y = (MARGIN_BOTTOM_MM - 7) * mm - PAGE_NUMBER_PT
        text = f"{DASH} {number} {DASH}"
        if number % 2:
            canvas.drawRightString((PAGE_WIDTH_MM - MARGIN_RIGHT_MM) * mm - PAGE_NUMBER_PT, y, text)
        else:
            canvas.drawString(MARGIN_LEFT_MM * mm + PAGE_NUMBER_PT, y, text)

    out = io.BytesIO()
    SimpleDocTemplate(
        out,
        pagesize=(PAGE_WIDTH_MM * mm, PAGE_HEIGHT_MM * mm),
        topMargin=MARGIN_TOP_MM * mm,
        bottomMargin=MARGIN_BOTTOM_MM * mm,
        leftMargin=MARGIN_LEFT_MM * mm,
        rightMargin=MARGIN_RIGHT_MM * mm,
        title=doc.title,
        lang=LANGUAGE,
    ).build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()
