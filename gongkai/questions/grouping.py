"""The host's question board: similar questions grouped ("23 人问到 农机 补贴"), a group merged
into its main question in one step, and the topic cloud of an interview's questions.

Groups come from ``similarity`` (per-process index, incremental); what a group shows is read
from the questions still open (waiting for review or approved) at the time of the request."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.audit.services import record
from gongkai.live.services import publish
from gongkai.questions import screening, services, similarity
from gongkai.questions.models import Question, QuestionStatus

OPEN = (QuestionStatus.PENDING, QuestionStatus.APPROVED)
TOP_WORDS = 3
CLOUD_WORDS = 30
CLOUD_SIZES = 5

# Words that say nothing about the topic of a question (jieba cuts them out as words of their own).
STOP_WORDS = frozenset(
    """请问 领导 你好 您好 谢谢 感谢 什么 时候 怎么 怎样 如何 为什么 哪些 哪里 多少 可以 能否 能不能
    是否 有没有 没有 还有 一下 一直 今年 去年 明年 现在 目前 已经 希望 尽快 问题 情况 事情 关于 我们
    你们 他们 我家 我是 本地 村民 这个 那个 这些 那些 因为 所以 但是 而且 还是 或者 如果 需要 应该
    麻烦 回复 咨询 反映 相关 部门 负责 解决 落实 到底 不能 能够 就是 一些 多久 一样 比较 非常 特别
    政策 请求 问问 还要 不是
    """.split()
)

_jieba_lock = threading.Lock()


def _cut(text: str) -> list[str]:
    import jieba

    with _jieba_lock:
        jieba.setLogLevel(logging.WARNING)
        tokens = jieba.lcut(text)
    return [t for t in tokens if len(t) >= 2 and similarity.signature(t) and t not in STOP_WORDS]


def words_of(index: similarity.InterviewIndex, qid: int) -> list[str]:
    """The topic words of question ``qid`` (cut once per text and kept in the index)."""
    text = index.texts.get(qid, "")
    held = index.words.get(qid)
    if held is None or held[0] != text:
        held = index.words[qid] = (text, _cut(text))
    return held[1]


def _allowed(words: Iterable[str]) -> list[str]:
    """Without the words of the sensitive-word list (a topic cloud never repeats them)."""
    return [w for w in words if not screening.find_words(w)]


@dataclass
class Group:
    interview_id: int
    main_id: int
    member_ids: list[int]  # the others, to be merged into the main one
    people: int  # askers plus their 同问
    words: list[str] = field(default_factory=list)
    main_text: str = ""

    @property
    def size(self) -> int:
        return len(self.member_ids) + 1


def _open_rows(interview_ids: Iterable[int]) -> list[tuple[int, int, str, int]]:
    return list(
        Question.objects.filter(interview_id__in=set(interview_ids), status__in=OPEN)
        .order_by("id")
        .values_list("id", "interview_id", "status", "metoo_count")
    )


def _main_key(row: tuple[int, int, str, int]) -> tuple:
    # approved before waiting, then most 同问, then the earliest
    return (row[2] != QuestionStatus.APPROVED, -row[3], row[0])


def groups_of(interview_ids: Iterable[int]) -> dict[int, Group]:
    """Every group of two or more open questions in the interviews, by the id of each member
    (main question included). Two queries at most per interview with new questions, one else."""
    rows = _open_rows(interview_ids)
    by_interview: dict[int, list[tuple[int, int, str, int]]] = {}
    for row in rows:
        by_interview.setdefault(row[1], []).append(row)
    result: dict[int, Group] = {}
    for interview_id, open_rows in by_interview.items():
        index = similarity.index_for(interview_id)
        clusters: dict[int, list[tuple[int, int, str, int]]] = {}
        for row in open_rows:
            leader = index.group.get(row[0])
            if leader is not None:
                clusters.setdefault(leader, []).append(row)
        for members in clusters.values():
            if len(members) < 2:
                continue
            members.sort(key=_main_key)
            counts: Counter[str] = Counter()
            for row in members:
                counts.update(set(words_of(index, row[0])))
            ranked = sorted(counts.items(), key=lambda wn: (-wn[1], wn[0]))[: TOP_WORDS * 3]
            words = _allowed(w for w, _n in ranked)[:TOP_WORDS]
            group = Group(
                interview_id=interview_id,
                main_id=members[0][0],
                member_ids=[row[0] for row in members[1:]],
                people=sum(1 + row[3] for row in members),
                words=words,
                main_text=index.texts.get(members[0][0], ""),
            )
            for row in members:
                result[row[0]] = group
    return result


def group_of(question: Question) -> Group | None:
    return groups_of([question.interview_id]).get(question.pk)


def interview_groups(interview_id: int) -> list[Group]:
    """The interview's groups, the most asked first."""
    seen: dict[int, Group] = {}
    for group in groups_of([interview_id]).values():
        seen[group.main_id] = group
    return sorted(seen.values(), key=lambda g: (-g.people, g.main_id))


@dataclass
class CloudWord:
    word: str
    count: int
    size: int  # 1 (smallest) .. CLOUD_SIZES


def topic_cloud(interview_id: int, limit: int = CLOUD_WORDS) -> list[CloudWord]:
    """The top words of the interview's questions (waiting, approved, merged; not rejected),
    counted once per question, without stop words and the sensitive-word list; alphabetical
    order is left to the template, here the most frequent first."""
    index = similarity.index_for(interview_id)
    ids = Question.objects.filter(interview_id=interview_id).exclude(status=QuestionStatus.REJECTED)
    counts: Counter[str] = Counter()
    for qid in ids.values_list("id", flat=True):
        if qid in index.texts:
            counts.update(set(words_of(index, qid)))
    candidates = sorted(counts.items(), key=lambda wn: (-wn[1], wn[0]))[: limit * 2]
    allowed = set(_allowed(w for w, _n in candidates))
    top = [(w, n) for w, n in candidates if w in allowed][:limit]
    if not top:
        return []
    most = top[0][1]
    return [CloudWord(word=w, count=n, size=max(1, -(-n * CLOUD_SIZES // most))) for w, n in top]


# --- merging a group -------------------------------------------------------------------------


@transaction.atomic
def merge_group(main: Question, members: Sequence[Question], *, by: Any) -> Question:
    """Merge every member into ``main`` with the usual merge (each asker's lookup code then
    shows the main question's answer) and add each member and its 同问 to the main question's
    同问 count, which the portal shows."""
    members = [m for m in members if m.pk != main.pk]
    if not members:
        raise ValidationError(_("Choose at least one other question to merge."))
    added = 0
    for member in members:
        merged = services.merge_questions(member, into=main, by=by)
        added += 1 + merged.metoo_count
    Question.objects.filter(pk=main.pk).update(metoo_count=F("metoo_count") + added)
    main = Question.objects.select_related("interview", "answer").get(pk=main.pk)
    record(
        "question.grouped",
        instance=main,
        after={"merged": [m.pk for m in members], "metoo_count": main.metoo_count},
        user=by,
    )
    if main.status == QuestionStatus.APPROVED and main.is_public:
        publish(
            main.interview.channel,
            "question.metoo",
            {
                "target": services.list_target(main.interview),
                "key": main.element_id,
                "mode": "replace",
                "html": services.render_item(main),
                "question_id": main.pk,
                "count": main.metoo_count,
            },
        )
    return main
