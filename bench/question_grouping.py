"""Similar-question grouping benchmark: one new question against 5,000 of the same interview.

Builds 5,000 synthetic questions (40 topics × many phrasings, as a busy live interview gets
them), indexes them with ``gongkai.questions.similarity`` and times grouping each of 500 new
questions (signature + lookup + joining a group), printing p50/p99 in ms (target p99 < 50 ms).
For the comparison in docs/performance.md it also times the alternatives on the same data
(a scan of every signature without the index; character 3-grams; jieba words; rapidfuzz when
installed) and counts how often each puts a new question in a group of its own topic.
No database is needed.

    .venv/bin/python bench/question_grouping.py [--questions 5000] [--new 500]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from gongkai.questions import similarity  # noqa: E402

TOPICS = [
    "农机补贴",
    "种粮补贴",
    "耕地保护",
    "农村公路",
    "自来水",
    "养老保险",
    "医疗保险",
    "低保",
    "危房改造",
    "学校食堂",
    "校车",
    "幼儿园",
    "就业培训",
    "小额贷款",
    "土地流转",
    "宅基地",
    "垃圾分类",
    "污水处理",
    "河道治理",
    "路灯",
    "停车位",
    "菜市场",
    "物业费",
    "拆迁补偿",
    "高龄津贴",
    "残疾人补贴",
    "退役军人",
    "乡村旅游",
    "电商培训",
    "合作社",
    "防汛",
    "林地",
    "生猪养殖",
    "茶叶收购",
    "快递网点",
    "公交线路",
    "网络信号",
    "户口迁移",
    "社保卡",
    "公积金",
]
PLACES = ["小河镇", "大山乡", "城关镇", "青石村", "东岭村", "", "", ""]
FORMS = [
    "请问{p}的{t}什么时候发放？",
    "{p}{t}今年还有吗，怎么申请？",
    "我想咨询一下{t}的标准是多少",
    "{t}的事情一直没人管，{p}能不能解决一下",
    "关于{t}，{p}什么时候能落实？",
    "希望{p}尽快解决{t}问题，谢谢",
    "{t}申请需要哪些材料？去哪里办理？",
    "请问领导，{p}{t}政策有没有变化",
    "为什么{p}的{t}比别的地方少",
    "{t}到底归哪个部门负责？",
]
FILLER = ["", "", "我是本地村民，", "家里老人问的，", "麻烦领导回复，", "急！"]


def make_question(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(TOPICS)
    text = rng.choice(FILLER) + rng.choice(FORMS).format(t=topic, p=rng.choice(PLACES))
    return topic, text


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(name: str, times: list[float], right: int, total: int) -> None:
    print(
        f"{name:<34} p50 {percentile(times, 0.5):7.2f} ms   p99 {percentile(times, 0.99):7.2f} ms"
        f"   same-topic match {100 * right / total:5.1f}%"
    )


def run_index(name: str, sig, corpus, new) -> float:
    original = similarity.signature
    similarity.signature = sig
    try:
        index = similarity.InterviewIndex()
        topic_of = {}
        for qid, (topic, text) in enumerate(corpus, start=1):
            index.add(qid, text)
            topic_of[qid] = topic
        times, right = [], 0
        for offset, (topic, text) in enumerate(new):
            start = time.perf_counter()
            found = index.similar(similarity.signature(text))
            times.append((time.perf_counter() - start) * 1000)
            right += bool(found) and topic_of[found[0][0]] == topic
            del offset
        report(name, times, right, len(new))
        return percentile(times, 0.99)
    finally:
        similarity.signature = original


def run_scan(corpus, new) -> None:
    sigs = [(topic, similarity.signature(text)) for topic, text in corpus]
    times, right = [], 0
    for topic, text in new:
        start = time.perf_counter()
        sig = similarity.signature(text)
        best, best_topic = 0.0, None
        for other_topic, other in sigs:
            if other and sig:
                score = len(sig & other) / math.sqrt(len(sig) * len(other))
                if score > best:
                    best, best_topic = score, other_topic
        times.append((time.perf_counter() - start) * 1000)
        right += best >= similarity.THRESHOLD and best_topic == topic
    report("char 2-gram, scan without index", times, right, len(new))


def run_rapidfuzz(corpus, new) -> None:
    try:
        from rapidfuzz import fuzz, process
    except ImportError:
        print("rapidfuzz                          not installed, skipped")
        return
    texts = [text for _topic, text in corpus]
    times, right = [], 0
    for topic, text in new:
        start = time.perf_counter()
        found = process.extractOne(text, texts, scorer=fuzz.token_set_ratio, score_cutoff=60)
        times.append((time.perf_counter() - start) * 1000)
        right += found is not None and corpus[found[2]][0] == topic
    report("rapidfuzz token_set_ratio, scan", times, right, len(new))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--new", type=int, default=500)
    parser.add_argument("--all", action="store_true", help="also time the alternatives")
    args = parser.parse_args()
    rng = random.Random(17)
    corpus = [make_question(rng) for _ in range(args.questions)]
    new = [make_question(rng) for _ in range(args.new)]
    print(f"{args.questions} questions in the interview, {args.new} new ones grouped against them")

    start = time.perf_counter()
    index = similarity.InterviewIndex()
    for qid, (_topic, text) in enumerate(corpus, start=1):
        index.add(qid, text)
    built = (time.perf_counter() - start) * 1000
    print(f"building the index from scratch: {built:.0f} ms ({built / len(corpus):.3f} ms each)")
    # the product path: signature, lookup and joining a group (InterviewIndex.add)
    times = []
    for offset, (_topic, text) in enumerate(new):
        start = time.perf_counter()
        index.add(len(corpus) + 1 + offset, text)
        times.append((time.perf_counter() - start) * 1000)
    p99 = percentile(times, 0.99)
    print(
        f"grouping a new question (chosen): p50 {percentile(times, 0.5):.2f} ms, "
        f"p99 {p99:.2f} ms, mean {statistics.mean(times):.2f} ms (target p99 < 50 ms)"
    )
    if args.all:
        print("--- comparison (lookup only, same data) ---")
        run_index("char 2-gram, inverted index", similarity.signature, corpus, new)

        def trigrams(text: str) -> frozenset[str]:
            grams: set[str] = set()
            for run in similarity._KEEP.findall(text.lower()):
                grams.update(run[i : i + 3] for i in range(max(1, len(run) - 2)))
            return frozenset(grams)

        run_index("char 3-gram, inverted index", trigrams, corpus, new)
        import jieba

        jieba.setLogLevel(60)

        def words(text: str) -> frozenset[str]:
            return frozenset(w for w in jieba.lcut(text) if similarity._KEEP.fullmatch(w))

        run_index("jieba words, inverted index", words, corpus, new)
        run_scan(corpus, new)
        run_rapidfuzz(corpus, new)
    return 0 if p99 < 50 else 1


if __name__ == "__main__":
    sys.exit(main())
