"""The default rules, computed from what the other apps record.

Rules on deadlines read the workbench's completion sources, so they work for any app that
registers one: on time earns the full point, late half of it, missing nothing. Rules on an
app's own records import that app lazily and answer "not applicable" when it is absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.assessment.registry import Evidence, Result, register_rule
from gongkai.lib.deadlines import lateness
from gongkai.programmes.models import DeadlineKind
from gongkai.workbench.registry import completion_source
from gongkai.workbench.services import responsible_units

LATE_RATIO = 0.5


def deadline_rule(kind: str):
    def compute(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
        deadline = programme.deadline(kind) if hasattr(programme, "deadline") else None
        if deadline is None:
            return {}
        owing = responsible_units(programme, deadline)
        source = completion_source(kind)
        done = source(programme) if source else {}
        results: dict[int, Result] = {}
        for unit in units:
            if unit.pk not in owing:
                continue
            submitted = done.get(unit.pk)
            if submitted is None:
                results[unit.pk] = Result(
                    0.0,
                    [],
                    _("Not submitted (due %(due)s)") % {"due": deadline.due_date.isoformat()},
                )
                continue
            late = lateness(submitted, deadline.due_date)
            evidence = [Evidence(str(deadline), "", submitted.date().isoformat())]
            if late:
                days = late.days + (1 if late.seconds else 0)
                results[unit.pk] = Result(
                    LATE_RATIO, evidence, _("Submitted %(days)d days late") % {"days": days}
                )
            else:
                results[unit.pk] = Result(1.0, evidence, _("Submitted on time"))
        return results

    return compute


def register() -> None:
    register_rule(
        "visit_plan_on_time",
        gettext_lazy("Visit plan (Attachment 1) on time"),
        deadline_rule(DeadlineKind.VISIT_PLAN),
    )
    register_rule(
        "receipt_form_on_time",
        gettext_lazy("Receipt form (Attachment 3) on time"),
        deadline_rule(DeadlineKind.RECEIPT_FORM),
    )
    register_rule(
        "outline_on_time",
        gettext_lazy("Interview outline on time"),
        deadline_rule(DeadlineKind.INTERVIEW_OUTLINE),
    )
