#!/usr/bin/env python
"""Benchmark: the evidence bundle (佐证材料): one unit's PDF and the county's ZIP of 20 units.

    .venv/bin/python bench/evidence_bundle.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/evidence_bundle.py

Target (issue 17, 4): one unit's bundle < 10 s, the county's 20 units < 2 min on 2 cores.
Data: the 2023 demo (县农业农村局 with its sign-in sheet, three photos, opinions, receipt form,
outline, interview record, interpretations and replies) plus the units of
``bench/assessment_scores.py`` (a year of evidence each); every photo is a real 4000×3000
JPEG (a phone camera's size) and every receipt scan a real two-page PDF, so the scaling of the
photos and the merging of the scans are measured. Throw-away SQLite file or PostgreSQL database.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assessment_scores import build, setup_django  # noqa: E402

UNITS = 20


def real_files() -> tuple[int, int]:
    """Camera-size photos and two-page scans behind the generated rows' file names."""
    from django.conf import settings
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from gongkai.interviews.models import ReceiptForm
    from gongkai.visits.models import Media

    root = Path(settings.MEDIA_ROOT)
    photo = io.BytesIO()
    Image.radial_gradient("L").resize((4000, 3000)).convert("RGB").save(photo, "JPEG", quality=90)
    scan = io.BytesIO()
    canvas = Canvas(scan, pagesize=A4)
    for n in range(2):
        canvas.drawString(100, 700, f"stamped receipt page {n + 1}")
        canvas.showPage()
    canvas.save()
    photos = scans = 0
    for name in Media.objects.filter(file__startswith="bench/").values_list("file", flat=True):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(photo.getvalue())
        photos += 1
    for name in ReceiptForm.objects.filter(scan__startswith="bench/").values_list(
        "scan", flat=True
    ):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(scan.getvalue())
        scans += 1
    return photos, scans


def main() -> None:
    setup_django()
    from django.db import connection

    from gongkai.assessment.bundle.county import build_county_bundle
    from gongkai.assessment.bundle.pdf import unit_bundle_pdf
    from gongkai.assessment.models import CountyBundle
    from gongkai.assessment.services import compute_scores
    from gongkai.programmes.models import Programme
    from gongkai.units.models import Unit

    started = time.perf_counter()
    build(40)
    photos, scans = real_files()
    programme = Programme.objects.get(year=2023)
    rich = Unit.objects.get(name="县农业农村局")
    generated = list(Unit.objects.filter(name__startswith="压测单位").order_by("sort_order"))
    programme.participants.set([rich, *generated[: UNITS - 1]])
    print(
        f"built {UNITS} units ({photos} photos 4000×3000, {scans} two-page scans) in "
        f"{time.perf_counter() - started:.1f}s on {connection.vendor}"
    )
    from pypdf import PdfReader

    table = compute_scores(programme)
    for unit in (rich, generated[1]):  # [1]: an approved photo and a scan
        best, content = float("inf"), b""
        for _ in range(2):
            began = time.perf_counter()
            content = unit_bundle_pdf(table, unit.pk, programme.year)
            best = min(best, time.perf_counter() - began)
        pages = len(PdfReader(io.BytesIO(content)).pages)
        print(f"one unit: {unit.name}: {best:.2f} s, {pages} pages, {len(content) / 1e6:.1f} MB")
    bundle = CountyBundle.objects.create(programme=programme)
    began = time.perf_counter()
    bundle = build_county_bundle(bundle.pk)
    seconds = time.perf_counter() - began
    size = bundle.file.size if bundle.file else 0
    print(
        f"county: {bundle.done} of {bundle.total} units, {bundle.state}, {seconds:.1f} s, "
        f"{size / 1e6:.1f} MB {bundle.error}"
    )


if __name__ == "__main__":
    main()
