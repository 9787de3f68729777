"""How much of an interpretation repeats its document (要点摘抄/文件压缩 is not an interpretation).

The interpretation and the document are cut into words (jieba); punctuation and spaces are
dropped and also break word groups, so a group never spans two sentences. The share is the
part of the interpretation's word groups of ``N`` words (3-grams) that also occur in the
document. A copied passage scores near 100 %; an interpretation in its own words (background,
what changes for people) scores low even where it names the same measures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

N = 3
_WORD = re.compile(r"\w", re.UNICODE)


def _segments(text: str) -> list[list[str]]:
    """The text's words, in runs between punctuation."""
    import jieba

    runs: list[list[str]] = [[]]
    for token in jieba.lcut(text or ""):
        token = token.strip()
        if token and _WORD.search(token):
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def ngrams(text: str, n: int = N) -> list[tuple[str, ...]]:
    grams: list[tuple[str, ...]] = []
    for run in _segments(text):
        grams.extend(tuple(run[i : i + n]) for i in range(len(run) - n + 1))
    return grams


def repeated_share(interpretation: str, document: str, n: int = N) -> float:
    """The share (0..1) of the interpretation's word n-grams found in the document; 0 when the
    interpretation has none (too short to judge) or the document has no text."""
    own = ngrams(interpretation, n)
    if not own or not (document or "").strip():
        return 0.0
    source = set(ngrams(document, n))
    return sum(1 for gram in own if gram in source) / len(own)


@dataclass(frozen=True)
class RepeatWarning:
    percent: int  # the share found in the document, rounded
    threshold: int  # the county's limit (percent)


def interpretation_text(interpretation: Any) -> str:
    """What an interpretation says in words: its text and its questions and answers."""
    parts = [interpretation.body or ""]
    for pair in interpretation.qa_pairs or []:
        parts.append(pair.get("q", ""))
        parts.append(pair.get("a", ""))
    return "\n".join(p for p in parts if p)


def repeat_warning(interpretation: Any, threshold: int) -> RepeatWarning | None:
    """A warning for the reviewer when the share reaches ``threshold`` percent."""
    share = repeated_share(interpretation_text(interpretation), interpretation.document.text)
    percent = round(share * 100)
    if share * 100 >= threshold and percent > 0:
        return RepeatWarning(percent, threshold)
    return None
