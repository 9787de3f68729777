"""Assessment rules: how a point is computed from what the platform holds.

A rule is computed for ALL units in one call (``fn(programme, units) -> {unit_id: Result}``) so
the number of queries does not grow with the number of units. A unit missing from the result
is "not applicable" (e.g. interview points for units that have no interview): its weight is left
out of the unit's maximum. Apps register their rules in ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Evidence:
    label: str
    url: str = ""
    date: str = ""  # ISO 8601

    def as_dict(self) -> dict[str, str]:
        return {"label": str(self.label), "url": self.url, "date": self.date}


@dataclass
class Result:
    """``ratio`` 0..1 of the point earned; ``evidence`` the records it rests on; ``note`` a short
    human explanation (e.g. "plan submitted 2 days late")."""

    ratio: float
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""


RuleFn = Callable[[Any, Sequence[Any]], dict[int, Result]]
# What the rule rewards for a programme, in a unit's words (the 计分规则 column).
ExplainFn = Callable[[Any], str]


@dataclass(frozen=True)
class Rule:
    code: str
    label: str | Promise
    fn: RuleFn
    source: str = "material"
    explain: ExplainFn | None = None


_rules: dict[str, Rule] = {}


def register_rule(
    code: str,
    label: str | Promise,
    fn: RuleFn,
    source: str = "material",
    explain: ExplainFn | None = None,
) -> None:
    """``explain(programme)`` says what earns the points and what loses them, from the
    parameters ``fn`` computes with (not the label again)."""
    _rules[code] = Rule(code, label, fn, source, explain)


def get_rule(code: str) -> Rule | None:
    return _rules.get(code)


def explanation(code: str, programme: Any) -> str:
    """The rule's explanation for ``programme``; its label when it has none, "" when unknown."""
    rule = _rules.get(code)
    if rule is None:
        return ""
    return rule.explain(programme) if rule.explain else str(rule.label)


def rule_codes() -> list[str]:
    return sorted(_rules)


def rule_choices() -> list[tuple[str, str]]:
    return [(code, str(rule.label)) for code, rule in sorted(_rules.items())]
