"""The size guard (issue #12): no Python file under gongkai/ grows past 500 lines. A module
that does is split by concept into a package whose ``__init__`` keeps the old names."""

from __future__ import annotations

from pathlib import Path

LIMIT = 500
ROOT = Path(__file__).resolve().parent.parent / "gongkai"


def test_no_module_over_the_limit():
    too_long = {
        str(path.relative_to(ROOT.parent)): n
        for path in sorted(ROOT.rglob("*.py"))
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert not too_long, f"split these by concept (at most {LIMIT} lines each): {too_long}"
