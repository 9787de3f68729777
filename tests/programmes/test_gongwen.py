"""The notice as an official document (issue 14, items 10 and 11): a 公文 page, and the notice
with its attachments as .docx and PDF laid out as GB/T 9704-2012 asks; the 附件3 receipt
.docx follows the same standard."""

from __future__ import annotations

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.lib import gongwen
from tests.fixtures.pages import not_found

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def _east_asia(run_or_style) -> str:
    fonts = run_or_style.element.rPr.find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def _lang(run_or_style) -> str:
    return run_or_style.element.rPr.find(qn("w:lang")).get(qn("w:eastAsia"))


def assert_gb9704(document) -> None:
    """A4, 版心 156 × 225 mm, 3号仿宋 body on an exact 22-line grid, zh-CN, page numbers."""

    def mm(length) -> float:  # Word stores twips: compare to a tenth of a millimetre
        return round(int(length) / 36000, 1)  # EMU per mm

    for section in document.sections:
        assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
        assert (mm(section.top_margin), mm(section.bottom_margin)) == (37, 35)
        assert (mm(section.left_margin), mm(section.right_margin)) == (28, 26)
        assert mm(section.page_width - section.left_margin - section.right_margin) == 156
        assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225
        for footer in (section.footer, section.even_page_footer):
            xml = footer.paragraphs[0]._p.xml
            assert "PAGE" in xml and "— " in xml and " —" in xml  # — 1 —
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert _east_asia(normal) == "仿宋_GB2312"
    assert _lang(normal) == "zh-CN"
    line = normal.paragraph_format.line_spacing
    assert round(Mm(225) / line) == 22  # 22 lines to the page
    assert document.settings.odd_and_even_pages_header_footer


def _title_runs(document, title: str):
    return [r for p in document.paragraphs for r in p.runs if r.text == title]


@pytest.mark.django_db
def test_notice_page_is_laid_out_as_a_gongwen(client, programme):
    html = client.get("/notices/2023/", **ZH).content.decode()
    body = html[html.index('<article class="gongwen"') : html.index("</article>")]
    # the header once, from its fields; the title as the page's heading
    assert body.count("靖政办发〔2023〕15号") == 1
    assert body.count("靖边县人民政府办公室文件") == 1
    assert re.search(r'<h1 id="notice-title" class="gongwen-title">靖边县人民政府办公室关于', body)
    # no literal markdown, the attachments as a list of links, the signature apart
    assert "- 附件" not in body
    assert body.count('href="/notices/2023/attachments/') == 3
    assert '<footer class="gongwen-signature">' in body
    assert "<p>2023年4月3日</p>" in body
    assert '<h2 class="gongwen-h1">一、邀请公民代表走进县、镇政府活动</h2>' in body
    assert 'class="gongwen-p">为进一步加强政府与群众沟通交流' in body
    # two duties typed on two lines are two paragraphs
    assert re.search(r'class="gongwen-p">2\. 县政务信息化服务中心', body)
    assert 'href="/notices/2023/notice.docx"' in html and 'href="/notices/2023/notice.pdf"' in html


@pytest.mark.django_db
def test_notice_docx_follows_gb_9704(client, programme):
    response = client.get("/notices/2023/notice.docx")
    assert response.status_code == 200
    assert "notice-2023.docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    assert_gb9704(document)
    title = programme.notice_title
    (run,) = _title_runs(document, title)
    assert run.font.size == Pt(22) and _east_asia(run) == "方正小标宋简体"
    texts = [p.text for p in document.paragraphs]
    assert texts.count("靖政办发〔2023〕15号") == 1
    body = next(p for p in document.paragraphs if p.text.startswith("为进一步加强"))
    assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
    signature = next(p for p in document.paragraphs if p.text == "2023年4月3日")
    assert signature.alignment == 2  # right
    # each attachment on its own page, with its table
    assert [p.text for p in document.paragraphs if re.fullmatch(r"附件\d", p.text)] == [
        "附件1",
        "附件2",
        "附件3",
    ]
    assert len(document.sections) == 4
    assert len(document.tables) == 3
    units = [row.cells[0].text for row in document.tables[0].rows[1:]]
    assert "县农业农村局" in units


@pytest.mark.django_db
def test_notice_pdf_is_a4_with_the_notice_and_attachments(client, programme):
    response = client.get("/notices/2023/notice.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 595.2756 841.8898 ]" in pdf  # A4 in points
    assert pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ") >= 5
    assert b"STSong-Light" in pdf


@pytest.mark.django_db
def test_unpublished_year_has_no_documents(client, programme):
    programme.notice_published = False
    programme.save()
    for url in ("/notices/2023/notice.docx", "/notices/2023/notice.pdf"):
        response = client.get(url)
        assert not_found(response), url
        assert "Content-Disposition" not in response


def test_parse_keeps_parts_apart():
    text = (
        "某某县人民政府办公室文件\n\n某政办发〔2024〕1号\n\n关于某事的通知\n\n各单位：\n\n"
        "正文第一段。\n\n一、第一件事\n\n（一）细项\n\n- 附件：1. 甲表\n2. 乙表\n\n"
        "某某县人民政府办公室\n\n2024年3月1日\n\n（此件公开发布）"
    )
    doc = gongwen.parse(
        text, title="关于某事的通知", number="某政办发〔2024〕1号", issuer="某某县人民政府办公室"
    )
    assert doc.issuer_mark == "某某县人民政府办公室文件"
    assert doc.addressee == "各单位："
    assert [(p.kind, p.text) for p in doc.paragraphs] == [
        ("body", "正文第一段。"),
        ("heading1", "一、第一件事"),
        ("heading2", "（一）细项"),
    ]
    assert doc.attachments == ["甲表", "乙表"]
    assert (doc.signature, doc.date, doc.note) == (
        "某某县人民政府办公室",
        "2024年3月1日",
        "（此件公开发布）",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/visits/staff/attachment-1.xlsx",
        "/interviews/staff/schedule.xlsx",
        "/interviews/staff/receipts.xlsx",
        "/assessment/2023/report.xlsx",
        "/staff/units/export.xlsx",
    ],
)
def test_spreadsheets_print_on_a4_fit_to_width_with_headings(client_as, url):
    from openpyxl import load_workbook

    response = client_as("county_office").get(url)
    assert response.status_code == 200, url
    book = load_workbook(io.BytesIO(response.content))
    for sheet in book.worksheets:
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(sheet.page_setup.fitToWidth) == 1 and int(sheet.page_setup.fitToHeight) == 0
        assert sheet.print_title_rows  # the heading row on every printed page
