"""Rows for the portal benchmark (bench/portal_load.py), one module per app that has public
pages: each ``generate_load(programme, *, scale, rng) -> {name: count}`` adds its app's rows
idempotently (a second run at the same scale adds nothing). They live here, not in the
``gongkai`` package, because nothing but the benchmark needs them."""

from __future__ import annotations

import random

from bench.portal_data import interviews, policies, questions, visits

# Interviews first: the questions are asked in the archived interviews.
GENERATORS = (interviews, visits, policies, questions)


def generate_load(programme, *, scale: int, rng: random.Random) -> dict[str, int]:
    counts: dict[str, int] = {}
    for module in GENERATORS:
        counts.update(module.generate_load(programme, scale=scale, rng=rng) or {})
    return counts
