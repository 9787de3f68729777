"""The point "方案与文件同步审签" (国办发〔2016〕80号: 同步组织、同步审签、同步部署): each document a
unit published in the year was submitted with its 解读方案 signed off the same day as the
document. A document a coordinator accepted without a plan does not earn it. Locked years
answer from their snapshot (``services.compute_scores``), so they are never rewritten."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.assessment.registry import Evidence, Result, register_rule

CODE = "plan_signed_with_document"


def plan_signed_with_document(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
    """The share of the unit's documents published in the programme year whose plan was
    signed off with them. Units that published no document that year: not applicable. The
    evidence: each document's staff page at its plan, with the plan's sign-off date."""
    from gongkai.policies.models import InterpretationPlan, PolicyDocument

    wanted = {unit.pk for unit in units}
    documents = (
        PolicyDocument.objects.public()
        .filter(published_on__year=programme.year, drafting_unit_id__in=wanted)
        .order_by("published_on", "id")
    )
    plans = {
        plan.document_id: plan for plan in InterpretationPlan.objects.filter(document__in=documents)
    }
    rows: dict[int, list[int]] = {}
    evidence: dict[int, list[Evidence]] = {}
    for document in documents:
        counts = rows.setdefault(document.drafting_unit_id, [0, 0])
        counts[0] += 1
        plan = plans.get(document.pk)
        synced = plan is not None and plan.signed_on == document.signed_on
        counts[1] += int(synced)
        if plan is None:
            label = _("%(document)s: no interpretation plan") % {"document": document.number}
            day = ""
        elif synced:
            label = _("%(document)s: plan signed off with the document") % {
                "document": document.number
            }
            day = plan.signed_on.isoformat()
        else:
            label = _("%(document)s: plan signed off on %(plan)s, the document on %(signed)s") % {
                "document": document.number,
                "plan": plan.signed_on.isoformat(),
                "signed": document.signed_on.isoformat(),
            }
            day = plan.signed_on.isoformat()
        evidence.setdefault(document.drafting_unit_id, []).append(
            Evidence(label, document.get_staff_url() + "#plan-title", day)
        )
    results: dict[int, Result] = {}
    for unit_id, (published, synced) in rows.items():
        note = _("%(synced)d of %(published)d documents with a plan signed off with them") % {
            "synced": synced,
            "published": published,
        }
        results[unit_id] = Result(synced / published, evidence[unit_id], note)
    return results


def explain(programme: Any) -> str:
    return _(
        "The share of the unit's documents published in %(year)d that were submitted with an "
        "interpretation plan (解读方案) signed off the same day as the document earns the same "
        "share of the points. A document without a plan, or accepted without one, earns "
        "nothing. Units that published no document that year are not scored on it."
    ) % {"year": programme.year}


def register() -> None:
    register_rule(
        CODE,
        gettext_lazy("Interpretation plan signed off with the document"),
        plan_signed_with_document,
        "material",
        explain,
    )
