"""The interview page is a host: the questions app fills its slots (``gongkai.interviews.parts``)
and the interviews app imports nothing of the questions app (one-way netizen-question path,
docs/decisions.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import gongkai.interviews
import gongkai.portal
from gongkai.interviews import parts
from tests.fixtures.data import agriculture_interview

INTERVIEWS = Path(gongkai.interviews.__file__).parent
PORTAL = Path(gongkai.portal.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_interviews_never_import_the_questions_app():
    offenders = [
        str(path.relative_to(INTERVIEWS))
        for path in INTERVIEWS.rglob("*.py")
        if "migrations" not in path.parts
        and any(name.startswith("gongkai.questions") for name in _imported_modules(path))
    ]
    assert offenders == []
    templates = [p for p in (INTERVIEWS / "templates").rglob("*.html")]
    loads = re.compile(r"{%\s*load\b[^%]*\bquestions\b")
    assert templates and not [p for p in templates if loads.search(p.read_text())]


def test_portal_imports_no_column_app_nor_importlib():
    imported = set().union(*(_imported_modules(p) for p in PORTAL.rglob("*.py")))
    assert "importlib" not in imported
    assert not [name for name in imported if name.startswith("gongkai.questions")]


def test_questions_app_fills_the_slots_of_the_interview_page_and_control_room():
    from gongkai.consultations import hooks as consultation_hooks
    from gongkai.questions.views import control as question_control
    from gongkai.questions.views import parts as question_parts

    assert parts._parts == {
        "ask": question_parts.ask_part,
        "questions": question_parts.questions_part,
        "control": question_control.control_part,
        # 征集调查: links on the public page, a survey's figures beside the outline review
        "consultations": consultation_hooks.interview_part,
        "outline": consultation_hooks.outline_part,
    }


def test_unknown_slot_is_refused():
    with pytest.raises(ValueError):
        parts.register_part("sidebar", lambda request, interview: "")


@pytest.mark.django_db
def test_live_page_without_parts_shows_no_question_section(client, programme, monkeypatch):
    interview = agriculture_interview(programme)
    with_parts = client.get(f"/interviews/{interview.pk}/").content.decode()
    assert f'id="questions-{interview.pk}"' in with_parts and 'name="captcha_token"' in with_parts
    monkeypatch.setattr(parts, "_parts", {})
    monkeypatch.setattr(parts, "_per_visitor", [])
    page = client.get(f"/interviews/{interview.pk}/?bare=1").content.decode()
    assert 'id="questions-title"' not in page and "captcha_token" not in page
    assert 'id="feed-lines"' in page
