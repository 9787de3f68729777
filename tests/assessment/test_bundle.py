"""The evidence bundle (佐证材料): one numbered PDF per unit, read back with pypdf, and the
county's ZIP built by the background task."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from pypdf import PdfReader

from gongkai.assessment import services
from gongkai.assessment.models import Adjustment, BundleState, CountyBundle, Indicator
from gongkai.interviews.models import ReceiptForm
from gongkai.lib.masking import mask_name
from gongkai.questions.models import Question
from gongkai.units.models import Unit
from gongkai.visits.models import Activity, Registration
from tests.conftest import make_user

PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
UNIT = "县农业农村局"


@pytest.fixture
def unit(demo):
    return Unit.objects.get(name=UNIT)


@pytest.fixture
def assessor(demo):
    client = Client()
    client.force_login(make_user("bundle-assessor", "assessor"))
    return client


def read(content: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def download(client, year, unit_id) -> tuple[PdfReader, list[str]]:
    response = client.get(f"/assessment/{year}/units/{unit_id}/bundle.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    return read(response.content)


def test_cover_contents_and_every_point_with_its_pages_numbered(demo, unit, assessor):
    reader, pages = download(assessor, demo.year, unit.pk)
    score = services.compute_scores(demo).for_unit(unit.pk)
    cover = pages[0]
    assert "2023年度政务公开活动考核" in cover and "佐证材料" in cover
    assert f"单位：{UNIT}" in cover
    assert f"{score.earned} / {score.maximum}" in cover and "生成日期" in cover
    # the table of contents (page 2) and the PDF outline list every point in order
    titles = [item.title for item in reader.outline]
    assert len(titles) == len(score.points)
    assert titles[0].startswith("一、") and score.points[0].name in titles[0]
    assert all(point.name in pages[1] for point in score.points)
    total = len(reader.pages)
    for n, text in enumerate(pages[1:], start=2):
        assert f"第 {n} 页 / 共 {total} 页" in text
    # each point's page says which point it supports, with its weight, score and note
    index, point = next(
        (i, p) for i, p in enumerate(score.points) if p.name == "在计划时段内完成访谈"
    )
    page = next(t for t in pages if f"佐证考核点：{titles[index]}" in t)
    assert str(point.weight) in page and point.note in page
    assert "访谈文字实录" in "".join(pages)


def test_evidence_records_are_in_the_bundle(demo, unit, assessor):
    _, pages = download(assessor, demo.year, unit.pk)
    text = "".join(pages)
    activity = Activity.objects.filter(unit=unit, programme=demo).first()
    assert "活动计划（附件1）" in text and activity.place in text
    assert "签到表（姓名已脱敏）" in text
    assert "活动照片（已审核）" in text
    assert "意见汇总与建议答复" in text
    assert "回执表（附件3）" in text and "盖章回执扫描件" in text
    assert "访谈提纲" in text
    assert "政策解读" in text and "发布日期" in text
    assert "网民留言答复" in text


def test_names_are_masked_and_no_phone_number_is_in_the_bundle(demo, unit, assessor):
    _, pages = download(assessor, demo.year, unit.pk)
    text = "".join(pages)
    signed_in = Registration.objects.filter(
        activity__unit=unit, checked_in_at__isnull=False
    ).select_related("representative")
    assert signed_in
    for registration in signed_in:
        name = registration.representative.name
        assert name not in text
        assert mask_name(name) in text
        assert registration.representative.phone not in text
    assert not PHONE.search(text.replace(" ", "").replace("\n", ""))
    for receipt in ReceiptForm.objects.filter(interview__unit=unit):
        assert receipt.contact_phone not in text
    for question in Question.objects.filter(interview__unit=unit).exclude(phone_encrypted=""):
        assert question.phone_encrypted not in text


def test_a_phone_number_typed_into_a_question_is_masked(demo, unit, assessor):
    question = Question.objects.filter(interview__unit=unit, status="approved").first()
    question.text = "请回电13912345678，谢谢。"
    question.save(update_fields=["text"])
    _, pages = download(assessor, demo.year, unit.pk)
    text = "".join(pages)
    assert "13912345678" not in text and "139****5678" in text


def test_a_locked_year_uses_the_locked_scores(demo, unit, assessor):
    locked = services.lock_year(demo, by=make_user("office", "county_office"))
    point = locked.data["units"][0]["points"][0]
    # data changed after the lock (an adjustment written directly): the recomputation differs
    leaf = Indicator.objects.get(pk=point["indicator_id"])
    row = next(u for u in locked.data["units"] if u["unit_id"] == unit.pk)
    Adjustment.objects.create(
        indicator=leaf, unit=unit, points=0, reason="事后改动", by=locked.locked_by
    )
    live = services.compute_scores(demo, use_snapshot=False).for_unit(unit.pk)
    assert str(live.earned) != row["earned"]
    _, pages = download(assessor, demo.year, unit.pk)
    assert f"{row['earned']} / {row['maximum']}" in pages[0]
    assert "已锁定" in pages[0]
    assert "事后改动" not in "".join(pages)


def test_the_county_bundle_is_built_by_the_task_with_its_progress(
    demo, assessor, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    page = assessor.get(f"/assessment/{demo.year}/bundle/")
    assert "No county bundle built yet" in page.content.decode() or "尚未" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = assessor.post(f"/assessment/{demo.year}/bundle/")
    assert response.status_code == 302
    bundle = CountyBundle.objects.get()
    assert bundle.state == BundleState.READY
    units = services.compute_scores(demo).units
    assert bundle.done == bundle.total == len(units)
    status = assessor.get(f"/assessment/{demo.year}/bundle/{bundle.pk}/status/").content.decode()
    assert f"/assessment/{demo.year}/bundle/{bundle.pk}/download/" in status
    zipped = assessor.get(f"/assessment/{demo.year}/bundle/{bundle.pk}/download/")
    assert "attachment" in zipped["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(zipped.streaming_content)
                                         if zipped.streaming else zipped.content))  # fmt: skip
    names = archive.namelist()
    assert "目录.txt" in names and len(names) == len(units) + 1
    index = archive.read("目录.txt").decode()
    for score in units:
        assert score.unit_name in index
    first = next(n for n in names if UNIT in n)
    reader = PdfReader(io.BytesIO(archive.read(first)))
    assert UNIT in reader.pages[0].extract_text()
    assert bundle.file.name.startswith("private/")


def test_a_failed_build_says_why(demo, assessor, settings, monkeypatch,
                                 django_capture_on_commit_callbacks):  # fmt: skip
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("gongkai.assessment.bundle.county.unit_bundle_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assessor.post(f"/assessment/{demo.year}/bundle/")
    bundle = CountyBundle.objects.get()
    assert bundle.state == BundleState.FAILED
    page = assessor.get(f"/assessment/{demo.year}/bundle/").content.decode()
    assert "disk full" in page
    assert assessor.get(f"/assessment/{demo.year}/bundle/{bundle.pk}/download/").status_code == 404


def test_progress_shows_n_of_n_units_while_building(demo, assessor):
    bundle = CountyBundle.objects.create(programme=demo, state=BundleState.RUNNING, done=3,
                                         total=5)  # fmt: skip
    html = assessor.get(f"/assessment/{demo.year}/bundle/{bundle.pk}/status/").content.decode()
    assert 'value="3"' in html and 'max="5"' in html and "hx-trigger" in html


def scan_pdf(text: str, pages: int = 2) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for n in range(pages):
        canvas.setFont("Helvetica", 20)
        canvas.drawString(100, 700, f"{text} {n + 1}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_a_pdf_scan_of_the_receipt_form_is_appended_page_by_page(demo, unit, assessor):
    from django.core.files.base import ContentFile

    before, _ = download(assessor, demo.year, unit.pk)
    receipt = ReceiptForm.objects.get(interview__unit=unit)
    receipt.scan.save("stamped.pdf", ContentFile(scan_pdf("STAMPED RECEIPT")), save=True)
    reader, pages = download(assessor, demo.year, unit.pk)
    assert len(reader.pages) == len(before.pages) + 2
    text = "".join(pages)
    assert "盖章回执扫描件：共 2 页，附后。" in text
    stamped = [t for t in pages if "STAMPED RECEIPT" in t]
    assert len(stamped) == 2
    # the scan's pages are numbered and stamped with the point like every other page
    assert all("佐证考核点：" in t and "回执表（附件3）按时报送" in t for t in stamped)
    assert all(f"/ 共 {len(reader.pages)} 页" in t for t in stamped)


def test_an_image_scan_is_embedded(demo, unit, assessor):
    from django.core.files.base import ContentFile
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(image, "PNG")
    receipt = ReceiptForm.objects.get(interview__unit=unit)
    receipt.scan.save("stamped.png", ContentFile(image.getvalue()), save=True)
    reader, pages = download(assessor, demo.year, unit.pk)
    page = next(p for p, t in zip(reader.pages, pages, strict=True) if "盖章回执扫描件" in t)
    assert len(page.images) >= 1


def test_the_command_writes_a_unit_pdf_and_builds_the_county_zip(demo, unit, tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    target = tmp_path / "unit.pdf"
    call_command("evidence_bundle", "--year", "2023", "--unit", UNIT, "--output", str(target),
                 stdout=out)  # fmt: skip
    assert UNIT in PdfReader(target).pages[0].extract_text()
    call_command("evidence_bundle", "--year", "2023", stdout=out)
    bundle = CountyBundle.objects.get()
    assert bundle.state == BundleState.READY and bundle.done == bundle.total > 0
    assert f"county bundle {bundle.pk}" in out.getvalue()
    # a new build supersedes the earlier ZIP: one row, one file
    first = Path(bundle.file.path)
    call_command("evidence_bundle", "--year", "2023", stdout=out)
    assert list(CountyBundle.objects.values_list("state", flat=True)) == [BundleState.READY]
    assert not first.exists() and Path(CountyBundle.objects.get().file.path).exists()


def test_a_queued_bundle_says_what_to_do_when_it_stays_queued(demo, assessor):
    bundle = CountyBundle.objects.create(programme=demo, total=5)
    html = assessor.get(f"/assessment/{demo.year}/bundle/{bundle.pk}/status/").content.decode()
    assert "hx-trigger" in html
    assert "后台任务进程没有运行" in html
