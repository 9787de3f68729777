"""The assessment rule on 征集调查: the feedback (results and 采纳情况) of each consultation a
unit closed in the programme year published within the county's limit
(``CONSULTATIONS_FEEDBACK_DAYS`` working days after the close). Counties add it to their
indicator tree as they see fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.assessment.registry import Evidence, Result, register_rule


def consultation_feedback_on_time(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
    """Consultations of the year whose window has closed: the share whose feedback was
    published by its due date. One still inside its limit does not count against the unit;
    units without a closed consultation are not scored on it."""
    from django.utils import timezone

    from gongkai.consultations.models import Consultation, ConsultationStatus
    from gongkai.consultations.services.feedback import feedback_due
    from gongkai.lib.deadlines import county_today

    today = county_today()
    rows = Consultation.objects.filter(
        programme=programme,
        status__in=[ConsultationStatus.PUBLISHED, ConsultationStatus.FEEDBACK],
        closes_at__lte=timezone.now(),
    ).order_by("closes_at", "id")
    counted: dict[int, list[int]] = {}
    evidence: dict[int, list[Evidence]] = {}
    for consultation in rows:
        due = feedback_due(consultation)
        published = consultation.feedback_published_at
        if published is None and today <= due:
            continue  # still inside its limit
        on_time = published is not None and county_today(published) <= due
        total = counted.setdefault(consultation.unit_id, [0, 0])
        total[0] += 1
        total[1] += int(on_time)
        if published is None:
            label = _("%(title)s: feedback overdue (due %(due)s)")
        elif on_time:
            label = _("%(title)s: feedback published on time (due %(due)s)")
        else:
            label = _("%(title)s: feedback published late (due %(due)s)")
        evidence.setdefault(consultation.unit_id, []).append(
            Evidence(
                label % {"title": consultation.title, "due": due.isoformat()},
                consultation.get_results_url() if published else consultation.get_staff_url(),
                (county_today(published) if published else due).isoformat(),
            )
        )
    results: dict[int, Result] = {}
    for unit in units:
        if unit.pk not in counted:
            continue
        closed, in_time = counted[unit.pk]
        results[unit.pk] = Result(
            in_time / closed,
            evidence[unit.pk],
            _("%(n)s of %(total)s consultations with feedback on time")
            % {"n": in_time, "total": closed},
        )
    return results


def explain(programme: Any) -> str:
    from gongkai.consultations import conf

    return _(
        "The share of the unit's consultations closed in the year whose results and adoption "
        "report were published within %(days)d working days of the close earns the same share "
        "of the points. A consultation still inside that time does not count; units with no "
        "closed consultation are not scored on it."
    ) % {"days": conf.feedback_days()}


def register() -> None:
    register_rule(
        "consultation_feedback_on_time",
        gettext_lazy("Consultation feedback published in time"),
        consultation_feedback_on_time,
        "website",
        explain,
    )
