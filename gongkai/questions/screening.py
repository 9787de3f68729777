"""Sensitive-word screening with an Aho-Corasick automaton (one pass over the text whatever
the length of the list).

The automaton is built once per process and rebuilt when the list changes: every change bumps
a version number in the shared cache (Redis in production), so all worker processes notice."""

from __future__ import annotations

import threading
import uuid

import ahocorasick
from django.core.cache import cache

VERSION_KEY = "questions:sensitive-words:version"

_lock = threading.Lock()
_state: dict = {"version": None, "automaton": None}


def bump_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


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

    version = _current_version()
    if _state["version"] != version:
        with _lock:
            if _state["version"] != version:
                words = SensitiveWord.objects.values_list("word", flat=True)
                _state["automaton"] = build(words)
                _state["version"] = version
    return _state["automaton"]


def find_words(text: str) -> list[str]:
    """The listed words found in ``text`` (case-insensitive), sorted, each once."""
    machine = automaton()
    if machine is None or not text:
        return []
    return sorted({word for _end, word in machine.iter(text.lower())})
