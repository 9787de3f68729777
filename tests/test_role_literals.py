"""Guard: permission decisions are made in ``rules.py`` files only.

A role literal — a member of ``accounts.models.Role`` (``Role.UNIT_STAFF``) or its value as a
string (``"unit_staff"``) compared with something — outside a ``rules.py`` is a permission
decision made where nobody looks for it. Views declare a rule (``predicate_required``, an
``access_*`` helper) and templates get the answer of a rule in their context instead.

Checked: every Python module under ``gongkai/`` (parsed with ``ast``) and every template
(``role ==``/``!=``/``in`` and a quoted role value inside ``{% if %}``/``{% elif %}``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from gongkai.accounts.models import Role

PACKAGE = Path(__file__).resolve().parents[1] / "gongkai"
ROLE_VALUES = frozenset(Role.values)
ROLE_NAMES = frozenset(Role.names)

# Files where a role literal is data, not a decision (path relative to gongkai/, glob).
ALLOWED: dict[str, str] = {
    "*/rules.py": "where the decisions live",
    "*/migrations/*.py": "history of the schema",
    "accounts/models.py": "defines Role",
    "*/demo.py": "demo data: the demo accounts and who does what in the demo",
    "core/management/commands/demo*.py": "demo data",
}

# Violations owned by another helper of issue #12, moved there; the test fails when one
# disappears so that its entry is removed (strict, like the permission matrix's KNOWN_BUGS).
PENDING: dict[str, str] = {}


def _allowed(relative: str) -> bool:
    path = Path(relative)
    return any(path.match(pattern) for pattern in ALLOWED)


def _is_role_member(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == "Role"
        and node.attr in ROLE_NAMES
    )


def _is_role_string(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ROLE_VALUES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_role_string(e) for e in node.elts)
    return False


def python_violations(source: str) -> list[int]:
    """Line numbers of role literals: any ``Role.<MEMBER>``, and a role value as a string in a
    comparison or as a ``role=`` argument."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if _is_role_member(node):
            lines.append(node.lineno)
        elif isinstance(node, ast.Compare) and any(
            _is_role_string(n) for n in (node.left, *node.comparators)
        ):
            lines.append(node.lineno)
        elif isinstance(node, ast.keyword) and node.arg == "role" and _is_role_string(node.value):
            lines.append(node.value.lineno)
    return sorted(set(lines))


_TAG = re.compile(r"{%\s*(?:el)?if\b(.*?)%}", re.S)
_ROLE_TEST = re.compile(r"\.role\b\s*(?:==|!=|\bin\b|\bnot in\b)")
_ROLE_STRING = re.compile("[\"'](" + "|".join(sorted(ROLE_VALUES)) + ")[\"']")


def template_violations(source: str) -> list[int]:
    lines = []
    for match in _TAG.finditer(source):
        condition = match.group(1)
        if _ROLE_TEST.search(condition) or _ROLE_STRING.search(condition):
            lines.append(source.count("\n", 0, match.start()) + 1)
    return lines


def _violations() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if _allowed(relative):
            continue
        lines = python_violations(path.read_text(encoding="utf-8"))
        if lines:
            found[relative] = lines
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        lines = template_violations(path.read_text(encoding="utf-8"))
        if lines:
            found[path.relative_to(PACKAGE).as_posix()] = lines
    return found


def test_no_role_literal_outside_rules():
    found = {k: v for k, v in _violations().items() if k not in PENDING}
    assert found == {}, "decide in the app's rules.py and ask the rule here: " + ", ".join(
        f"{path}:{lines}" for path, lines in found.items()
    )


def test_pending_entries_still_needed():
    found = _violations()
    gone = [path for path in PENDING if path not in found]
    assert gone == [], f"no role literal left in {gone}: remove it from PENDING"


def test_guard_catches_role_literals():
    assert python_violations("if user.role == Role.UNIT_STAFF:\n    pass\n") == [1]
    assert python_violations("ok = role in ('admin', 'assessor')\n") == [1]
    assert python_violations("x = 1\nUser.objects.filter(role='media_center')\n") == [2]
    assert python_violations("ROLES = frozenset({Role.ADMIN})\n") == [1]
    assert python_violations("kind == PersonRole.GUEST\nx = Role.choices\n") == []
    assert template_violations('{% if user.role == "admin" %}x{% endif %}') == [1]
    assert template_violations("a\n{% elif user.role != 'assessor' %}") == [2]
    assert template_violations("{% if can_manage %}{{ user.role_label }}{% endif %}") == []
