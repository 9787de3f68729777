"""Strict CSP guard: no template carries inline script code, style attributes or on*= handlers."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "gongkai"
TEMPLATES = sorted(PACKAGE.rglob("templates/**/*.html"))

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.I | re.S)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def test_templates_found():
    assert len(TEMPLATES) >= 10


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_templates_no_inline_code(path):
    text = path.read_text(encoding="utf-8")
    for attrs, body in SCRIPT.findall(text):
        code = re.sub(r"{#.*?#}", "", body).strip()
        # JSON data blocks (json_script) are data, not code.
        assert not code or "application/json" in attrs, f"inline <script> code in {path}"
    assert not STYLE_ATTR.search(text), f"style= attribute in {path}"
    assert not STYLE_TAG.search(text), f"<style> element in {path}"
    assert not HANDLER.search(text), f"on*= event handler in {path}"
    assert not JS_URL.search(text), f"javascript: URL in {path}"
