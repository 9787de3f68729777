"""One unit's 佐证材料 as one numbered PDF (reportlab, then pypdf for the PDF scans).

Layout: a cover (county, year, unit, score, date generated), a table of contents, then each
assessment point on a new page — its name, weight, score and note — followed by its evidence
(``evidence.EvidenceReader``). Every page after the cover carries in its header the point it
supports and in its footer "第 n 页 / 共 m 页". A PDF scan (the stamped receipt form) gets
one reserved, numbered page per scan page; pypdf lays the scan's page onto it afterwards, so
the numbering and the table of contents count those pages too.

Chinese is drawn with the Adobe-GB1 CID font STSong-Light (as ``gongkai.lib.gongwen``): every
PDF reader in China has it, nothing is embedded, and the text can be extracted."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter, Transformation
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from gongkai.assessment.bundle.blocks import Block, Grid, Picture, ScanPages, Text
from gongkai.assessment.bundle.evidence import EvidenceReader
from gongkai.assessment.services import ScoreTable, UnitScore
from gongkai.lib.deadlines import COUNTY_TZ

SONG = "STSong-Light"
MARGIN = 20 * mm
WIDTH = A4[0] - 2 * MARGIN
HEIGHT = A4[1] - 2 * MARGIN
PHOTO_MAX_PX = 1400  # photos are scaled down before embedding: a readable page, a small file
NUMERALS = "一二三四五六七八九十"


def numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


def _styles() -> dict[str, ParagraphStyle]:
    if SONG not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(SONG))
    base = ParagraphStyle("body", fontName=SONG, fontSize=11, leading=17, wordWrap="CJK")
    return {
        "body": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=9.5, leading=14, textColor=colors.HexColor("#333333")
        ),  # fmt: skip
        "cell": ParagraphStyle("cell", parent=base, fontSize=9.5, leading=13),
        "heading": ParagraphStyle("h3", parent=base, fontSize=12.5, leading=20, spaceBefore=8),
        "point": ParagraphStyle("point", parent=base, fontSize=15, leading=22, spaceAfter=6),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=24, leading=36, alignment=TA_CENTER
        ),  # fmt: skip
        "cover": ParagraphStyle(
            "cover", parent=base, fontSize=14, leading=26, alignment=TA_CENTER
        ),  # fmt: skip
        "toc": ParagraphStyle("toc", parent=base, fontSize=11, leading=18),
    }


class PointStart(Flowable):
    """Zero-size marker: from here on the page header names ``label``."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.width = self.height = 0

    def draw(self) -> None:
        pass


class ScanSlot(Flowable):
    """A reserved page for page ``index`` of a PDF scan; filled in by pypdf after the build."""

    def __init__(self, scan: ScanPages, index: int) -> None:
        super().__init__()
        self.scan, self.index = scan, index
        self.width, self.height = WIDTH, HEIGHT - 30

    def draw(self) -> None:
        self.canv.setFont(SONG, 9)
        self.canv.setFillColor(colors.grey)
        self.canv.drawString(0, self.height - 9, f"{self.scan.caption}（第 {self.index + 1} 页）")


@dataclass
class Layout:
    """What the finished build tells the merge step: which page holds which scan page."""

    slots: list[tuple[int, str, int]] = field(default_factory=list)  # (page 0-based, path, i)


class BundleDoc(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, unit_name: str, year: int) -> None:
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN, bottomMargin=MARGIN,
                         title=f"{unit_name} {year}年度考核佐证材料", author=unit_name)  # fmt: skip
        self.unit_name, self.year = unit_name, year
        self.current = ""
        self.layout = Layout()
        frame = Frame(MARGIN, MARGIN, WIDTH, HEIGHT, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._header)])

    def handle_documentBegin(self) -> None:
        self.current = ""
        self.layout = Layout()
        super().handle_documentBegin()

    def _header(self, canvas: Canvas, doc: Any) -> None:
        if canvas.getPageNumber() == 1:
            return  # the cover
        canvas.saveState()
        canvas.setFont(SONG, 8.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        top = A4[1] - MARGIN + 8
        canvas.drawString(MARGIN, top, f"{self.unit_name} {self.year}年度考核佐证材料")
        if self.current:
            canvas.drawRightString(A4[0] - MARGIN, top, f"佐证考核点：{self.current}"[:60])
        canvas.setStrokeColor(colors.HexColor("#999999"))
        canvas.line(MARGIN, top - 3, A4[0] - MARGIN, top - 3)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, PointStart):
            self.current = flowable.label
            key = f"point-{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.label, key, level=0)
            self.notify("TOCEntry", (0, flowable.label, self.page, key))
        elif isinstance(flowable, ScanSlot):
            self.layout.slots.append((self.page - 1, flowable.scan.path, flowable.index))


def numbered_canvas(total_pages: dict[str, int]):
    """A canvas that writes "第 n 页 / 共 m 页" on each page once the page count is known."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            total_pages["total"] = total
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont(SONG, 9)
                self.setFillColor(colors.HexColor("#444444"))
                text = f"第 {self._pageNumber} 页 / 共 {total} 页"
                self.drawCentredString(A4[0] / 2, MARGIN - 12, text)
                super().showPage()
            super().save()

    return NumberedCanvas


def _picture(block: Picture, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    from PIL import Image as PILImage

    try:
        with PILImage.open(block.path) as img:
            img.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX))
            rgb = img.convert("RGB")
            width, height = rgb.size
            data = io.BytesIO()
            rgb.save(data, "JPEG", quality=80)
    except (OSError, ValueError):
        return [Paragraph(escape(f"{block.caption}（图片无法读取）"), styles["small"])]
    data.seek(0)
    scale = min(WIDTH * 0.8 / width, HEIGHT * 0.45 / height)
    image = Image(data, width=width * scale, height=height * scale)
    return [KeepTogether([image, Paragraph(escape(block.caption), styles["small"])]),
            Spacer(1, 6)]  # fmt: skip


def _grid(block: Grid, styles: dict[str, ParagraphStyle]) -> Table:
    cell = styles["cell"]
    widths = block.widths or [1 / len(block.header)] * len(block.header)
    data = [[Paragraph(escape(h), cell) for h in block.header]]
    data += [[Paragraph(escape(v), cell) for v in row] for row in block.rows]
    table = Table(data, colWidths=[WIDTH * w for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#666666")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _flowables(blocks: list[Block], styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        if isinstance(block, Text):
            out.append(Paragraph(escape(block.text), styles[block.style]))
        elif isinstance(block, Grid):
            out += [_grid(block, styles), Spacer(1, 6)]
        elif isinstance(block, Picture):
            out += _picture(block, styles)
        elif isinstance(block, ScanPages):
            try:
                block.pages = len(PdfReader(block.path).pages)
            except Exception:  # noqa: BLE001 - a broken upload must not stop the bundle
                block.pages = 0
            if not block.pages:
                out.append(
                    Paragraph(
                        escape(f"{block.caption}：文件没有页面或无法读取，请单位重新上传。"),
                        styles["small"],
                    )
                )
                continue
            out.append(Paragraph(escape(f"{block.caption}：共 {block.pages} 页，附后。"),
                                 styles["small"]))  # fmt: skip
            for index in range(block.pages):
                out += [PageBreak(), ScanSlot(block, index)]
    return out


def _cover(score: UnitScore, table: ScoreTable, year: int, styles) -> list[Flowable]:
    county = str(settings.GONGKAI_SITE_NAME)
    today = timezone.localtime(timezone.now(), COUNTY_TZ).date()
    lines = [
        f"单位：{score.unit_name}",
        f"得分：{score.earned} / {score.maximum}（百分制 {score.percent}，第 {score.rank} 名）",
        f"成绩：{'已锁定（' + table.locked_at[:10] + '）' if table.locked else '未锁定，按当前数据计算'}",
        f"生成日期：{today.isoformat()}",
    ]
    return [
        Spacer(1, 50 * mm),
        Paragraph(escape(county), styles["cover"]),
        Spacer(1, 8 * mm),
        Paragraph(escape(f"{year}年度政务公开活动考核"), styles["title"]),
        Paragraph("佐证材料", styles["title"]),
        Spacer(1, 25 * mm),
        *[Paragraph(escape(line), styles["cover"]) for line in lines],
        PageBreak(),
    ]


def _points(score: UnitScore, table: ScoreTable, styles) -> list[Flowable]:
    rules = {leaf["id"]: leaf.get("rule", "") for leaf in table.leaves}
    reader = EvidenceReader()
    story: list[Flowable] = []
    for n, point in enumerate(score.points, start=1):
        label = f"{numeral(n)}、{point.name}"
        earned = "不适用" if point.earned is None else str(point.earned)
        rows = [["分值", str(point.weight)], ["得分", earned], ["说明", point.note or "—"]]
        if point.adjusted:
            rows.append(["人工调整理由", point.adjustment_reason])
        listed = [[e.get("label", ""), e.get("date", "")] for e in point.evidence if e.get("label")]
        story += [PageBreak(), PointStart(label), Paragraph(escape(label), styles["point"])]
        story.append(_grid(Grid(["项目", "内容"], rows, [0.2, 0.8]), styles))
        story.append(Spacer(1, 6))
        if listed:
            story.append(Paragraph("佐证清单", styles["heading"]))
            story.append(_grid(Grid(["材料", "日期"], listed, [0.8, 0.2]), styles))
        blocks = reader.blocks(point.name, rules.get(point.indicator_id, ""), point.evidence)
        if not blocks and not listed:
            blocks = [Text("本考核点无佐证材料。", "small")]
        story += _flowables(blocks, styles)
    return story


def _merge_scans(content: bytes, layout: Layout) -> bytes:
    if not layout.slots:
        return content
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    readers: dict[str, PdfReader] = {}
    for page_index, path, scan_index in layout.slots:
        reader = readers.setdefault(path, PdfReader(path))
        scan = reader.pages[scan_index]
        box = scan.mediabox
        width, height = float(box.width), float(box.height)
        scale = min(WIDTH / width, (HEIGHT - 30) / height)
        left = MARGIN + (WIDTH - width * scale) / 2
        bottom = MARGIN + (HEIGHT - 30 - height * scale)
        move = (
            Transformation()
            .scale(scale, scale)
            .translate(left - float(box.left) * scale, bottom - float(box.bottom) * scale)
        )
        writer.pages[page_index].merge_transformed_page(scan, move)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def unit_bundle_pdf(table: ScoreTable, unit_id: int, year: int) -> bytes:
    """The unit's bundle from ``table`` (a locked year's table is its snapshot's)."""
    score = table.for_unit(unit_id)
    if score is None:
        raise LookupError(unit_id)
    with translation.override("zh-hans"):
        styles = _styles()
        toc = TableOfContents()
        toc.levelStyles = [styles["toc"]]
        story: list[Flowable] = _cover(score, table, year, styles)
        story += [Paragraph("目　录", styles["point"]), toc]
        story += _points(score, table, styles)
        buffer = io.BytesIO()
        doc = BundleDoc(buffer, score.unit_name, year)
        doc.multiBuild(story, canvasmaker=numbered_canvas({}))
    return _merge_scans(buffer.getvalue(), doc.layout)
