"""Staff and citizen texts address the reader as 您, never 你 (issue 14, item 18 and review)."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "gongkai"
CATALOGUES = sorted(ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
INFORMAL = re.compile(r"你")


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_chinese_catalogue_says_nin(po: Path):
    lines = [
        line
        for line in po.read_text(encoding="utf-8").splitlines()
        if line.startswith("msgstr") or line.startswith('"')
    ]
    assert [line for line in lines if INFORMAL.search(line)] == []


def test_templates_say_nin():
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.glob("*/templates/**/*.html")
        if INFORMAL.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []
