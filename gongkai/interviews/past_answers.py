"""Past answers a moderator may reply with: sources register here (questions: answers given in
earlier interviews; policies: published interpretations), so the question page can list them
without importing a sibling domain app (pyproject.toml, the layers).

Texts are compared by their character 2-grams (cosine), as the question board groups questions."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

_KEEP = re.compile(r"[0-9a-z\u3400-\u9fff]+")
THRESHOLD = 0.35


def signature(text: str) -> frozenset[str]:
    """The set of character 2-grams of the text's letters, digits and Chinese characters."""
    grams: set[str] = set()
    for run in _KEEP.findall(text.lower()):
        if len(run) == 1:
            grams.add(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams)


def cosine(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / math.sqrt(len(a) * len(b))


@dataclass
class PastAnswer:
    key: str  # "<source>:<id>", what the reply link carries
    kind: str  # shown: 往期访谈 / 政策解读
    title: str
    text: str  # the answer, as the reply is prefilled with it
    url: str  # the public page
    score: float


@dataclass
class Source:
    name: str
    # (question text, excluded interview id) -> matches, best first
    find: Callable[[str, int | None], list[PastAnswer]]
    # (id, question text) -> the answer to reply with, or None when it is not public any more
    get: Callable[[str, str], PastAnswer | None]


_sources: dict[str, Source] = {}


def register_source(source: Source) -> None:
    _sources[source.name] = source


def find(text: str, *, exclude_interview: int | None = None, limit: int = 3) -> list[PastAnswer]:
    found = [a for s in _sources.values() for a in s.find(text, exclude_interview)]
    found.sort(key=lambda a: -a.score)
    return found[:limit]


def get(key: str, text: str) -> PastAnswer | None:
    name, _sep, ident = key.partition(":")
    source = _sources.get(name)
    return source.get(ident, text) if source is not None and ident else None
