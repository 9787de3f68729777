"""Published interpretations as past answers for the question board (registered in apps.py):
a netizen's question that resembles an interpretation's title or one of its 简明问答 gets a
link to it, and the moderator may reply with its text."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongkai.interviews import past_answers
from gongkai.policies.models import Interpretation, PolicyDocument

NAME = "policy"


def _public():
    return Interpretation.objects.published().filter(document__in=PolicyDocument.objects.public())


def _best(item: Interpretation, sig: frozenset[str]) -> tuple[float, str]:
    """The best score of the question against the title and each 问答, with the text to
    reply with (the matching 问答's answer, else the interpretation's text)."""
    best = (past_answers.cosine(sig, past_answers.signature(item.title)), item.body)
    for pair in item.qa_pairs or []:
        if isinstance(pair, dict) and pair.get("q") and pair.get("a"):
            score = past_answers.cosine(sig, past_answers.signature(str(pair["q"])))
            if score > best[0]:
                best = (score, str(pair["a"]))
    return best


def _answer(item: Interpretation, score: float, text: str) -> past_answers.PastAnswer:
    return past_answers.PastAnswer(
        key=f"{NAME}:{item.pk}",
        kind=_("Policy interpretation"),
        title=item.title,
        text=text.strip() or item.title,
        url=item.get_absolute_url(),
        score=score,
    )


def find(text: str, exclude_interview: int | None) -> list[past_answers.PastAnswer]:
    sig = past_answers.signature(text)
    found = []
    for item in _public().only("id", "title", "body", "qa_pairs"):
        score, reply = _best(item, sig)
        if score >= past_answers.THRESHOLD:
            found.append(_answer(item, score, reply))
    return found


def get(ident: str, text: str) -> past_answers.PastAnswer | None:
    item = _public().filter(pk=int(ident) if ident.isdigit() else 0).first()
    if item is None:
        return None
    score, reply = _best(item, past_answers.signature(text))
    return _answer(item, score, reply)


def register() -> None:
    past_answers.register_source(past_answers.Source(name=NAME, find=find, get=get))
