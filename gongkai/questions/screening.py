"""Sensitive-word screening with an Aho-Corasick automaton (one pass over the text whatever
the length of the list).

The automaton is built once per process and rebuilt when the list changes (see process_cache.py:
every change to the list bumps a shared version number)."""

from __future__ import annotations

import ahocorasick

from gongkai.counties import scope
from gongkai.questions import process_cache


def build(words) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for word in words:
        key = word.strip().lower()
        if key:
            automaton.add_word(key, word.strip())
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def automaton() -> ahocorasick.Automaton | None:
    from gongkai.questions.models import SensitiveWord

    # Per county: the city's base words and the county's own, never another county's.
    return process_cache.memo(
        ("automaton", scope.current_id()),
        lambda: build(SensitiveWord.objects.values_list("word", flat=True)),
    )


def find_words(text: str) -> list[str]:
    """The listed words found in ``text`` (case-insensitive), sorted, each once."""
    machine = automaton()
    if machine is None or not text:
        return []
    return sorted({word for _end, word in machine.iter(text.lower())})
