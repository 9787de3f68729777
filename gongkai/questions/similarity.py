"""Similar questions in one interview, in pure Python (docs/performance.md, "Similar questions").

Each question's signature is the set of its character 2-grams (Chinese has no spaces; 2-grams
match 农机补贴 in 农机购置补贴 and need no dictionary). Two questions are similar when the cosine
of their signatures reaches ``THRESHOLD``. An inverted index (2-gram → questions) finds the
candidates, rarest 2-grams first within a budget (请问, 什么 are in most questions and tell
little), which keeps the lookup short whatever the interview's size.

Groups are built incrementally: a question joins the group of its most similar earlier question,
or starts its own (leader clustering). The index of an interview is kept per process and reads
only the questions added since its last use; a corrected text bumps the interview's version
in the shared cache and every process reads that interview afresh.
"""

from __future__ import annotations

import math
import threading
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.cache import cache

from gongkai.interviews import past_answers

THRESHOLD = 0.45
POSTING_BUDGET = 1500
CANDIDATES = 100
MIN_SHARED = 2  # one 2-gram in common (问题1, 问题2) is not a topic

_KEEP = past_answers._KEEP
signature = past_answers.signature


class InterviewIndex:
    """The signatures of one interview's questions and their groups (question id → leader)."""

    def __init__(self) -> None:
        self.texts: dict[int, str] = {}
        self.sigs: dict[int, frozenset[str]] = {}
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        self.group: dict[int, int] = {}
        self.words: dict[int, tuple[str, list[str]]] = {}  # text, its topic words
        self.max_id = 0
        self.version: str | None = None

    def similar(self, sig: frozenset[str]) -> list[tuple[int, float]]:
        """Questions of the index similar to ``sig``, most similar first.

        The rarest 2-grams of ``sig`` are looked up first, until ``POSTING_BUDGET`` ids have
        been read (a common 2-gram such as 请问 adds little and costs most); the
        ``CANDIDATES`` questions sharing most of them are then scored exactly."""
        if not sig:
            return []
        lists = sorted((self.postings[g] for g in sig if g in self.postings), key=len)
        counts: Counter[int] = Counter()
        read = 0
        for ids in lists:
            if read and read + len(ids) > POSTING_BUDGET:
                break
            counts.update(ids)
            read += len(ids)
        size = len(sig)
        found = []
        for qid, _shared in counts.most_common(CANDIDATES):
            other = self.sigs[qid]
            shared = len(sig & other)
            score = shared / math.sqrt(size * len(other))
            if score >= THRESHOLD and shared >= MIN_SHARED:
                found.append((qid, score))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found

    def add(self, qid: int, text: str) -> int:
        """Index question ``qid``; returns its group (the leader's id)."""
        sig = signature(text)
        best = self.similar(sig)
        leader = self.group[best[0][0]] if best else qid
        self.texts[qid] = text
        self.sigs[qid] = sig
        self.group[qid] = leader
        for gram in sig:
            self.postings[gram].append(qid)
        self.max_id = max(self.max_id, qid)
        return leader

    def add_all(self, rows: Iterable[tuple[int, str]]) -> None:
        for qid, text in rows:
            if qid not in self.sigs:
                self.add(qid, text)


_lock = threading.Lock()
_indexes: dict[int, InterviewIndex] = {}


def index_for(interview_id: int) -> InterviewIndex:
    """The interview's index, brought up to date with the questions added since its last use
    (one query, for the new rows only)."""
    from gongkai.questions.models import Question

    version = cache.get(_version_key(interview_id))
    with _lock:
        index = _indexes.get(interview_id)
        if index is None or index.version != version:
            index = _indexes[interview_id] = InterviewIndex()
            index.version = version
        rows = (
            Question.objects.filter(interview_id=interview_id, id__gt=index.max_id)
            .order_by("id")
            .values_list("id", "text")
        )
        index.add_all(rows)
        return index


def _version_key(interview_id: int) -> str:
    return f"questions:similar:{interview_id}"


def text_changed(interview_id: int) -> None:
    """A question's text changed: every process reads the interview's questions afresh."""
    cache.set(_version_key(interview_id), uuid.uuid4().hex, timeout=None)
    forget(interview_id)


def forget(interview_id: int | None = None) -> None:
    """Drop the held index of an interview (a question's text changed), or all of them."""
    with _lock:
        if interview_id is None:
            _indexes.clear()
        else:
            _indexes.pop(interview_id, None)
