"""The default rules, computed from what the other apps record.

Rules on deadlines read the workbench's completion sources, so they work for any app that
registers one: on time earns the full point, late half of it, missing nothing. Rules on an
app's own records import that app lazily and answer "not applicable" when it is absent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.assessment import rules_explained as explained
from gongkai.assessment.registry import Evidence, Result, register_rule
from gongkai.lib.deadlines import days_late, lateness
from gongkai.programmes.models import DeadlineKind
from gongkai.workbench.registry import completion_source
from gongkai.workbench.services import responsible_units

LATE_RATIO = 0.5


def deadline_rule(kind: str, evidence_pages: EvidencePages | None = None):
    """A point on a programme deadline. ``evidence_pages(programme)`` answers, per unit, the
    label and staff URL of the record that met the deadline (the plan, the receipt form...)."""

    def compute(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
        deadline = programme.deadline(kind) if hasattr(programme, "deadline") else None
        if deadline is None:
            return {}
        owing = responsible_units(programme, deadline)
        source = completion_source(kind)
        done = source(programme) if source else {}
        pages = evidence_pages(programme) if evidence_pages and done else {}
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
            label, url = pages.get(unit.pk, (str(deadline), ""))
            evidence = [Evidence(label, url, submitted.date().isoformat())]
            if late is not None:
                days = days_late(late)
                results[unit.pk] = Result(
                    LATE_RATIO, evidence, _("Submitted %(days)d days late") % {"days": days}
                )
            else:
                results[unit.pk] = Result(1.0, evidence, _("Submitted on time"))
        return results

    return compute


EvidencePages = Callable[[Any], dict[int, tuple[str, str]]]


def plan_pages(programme: Any) -> dict[int, tuple[str, str]]:
    """The first plan (Attachment 1 row) each unit submitted: its staff page."""
    from django.urls import reverse

    from gongkai.visits.models import Activity

    pages: dict[int, tuple[str, str]] = {}
    rows = (
        Activity.objects.filter(programme=programme)
        .order_by("submitted_at", "pk")
        .values_list("pk", "unit_id", "title")
    )
    for pk, unit_id, title in rows:
        pages.setdefault(
            unit_id,
            (
                _("Visit plan: %(title)s") % {"title": title},
                reverse("visits:staff-activity", args=[pk]),
            ),
        )
    return pages


def _interview_form_pages(model_name: str, date_field: str, anchor: str, label: Any):
    """The interview page showing the unit's receipt form or outline (first submitted)."""

    def pages(programme: Any) -> dict[int, tuple[str, str]]:
        from django.urls import reverse

        from gongkai.interviews import models

        found: dict[int, tuple[str, str]] = {}
        rows = (
            getattr(models, model_name)
            .objects.filter(interview__programme=programme)
            .order_by(date_field, "pk")
            .values_list("interview_id", "interview__unit_id")
        )
        for interview_id, unit_id in rows:
            found.setdefault(
                unit_id,
                (str(label), reverse("interviews:staff-detail", args=[interview_id]) + anchor),
            )
        return found

    return pages


receipt_pages = _interview_form_pages(
    "ReceiptForm", "submitted_at", "#receipt-title", gettext_lazy("Receipt form (Attachment 3)")
)
outline_pages = _interview_form_pages(
    "Outline", "first_submitted_at", "#outline-title", gettext_lazy("Interview outline")
)


def register() -> None:
    from gongkai.assessment import rules_policies

    register_visit_rules()
    rules_policies.register()
    register_rule(
        "messages_answered_in_time",
        gettext_lazy("Netizen questions answered in time"),
        messages_answered_in_time,
        "website",
        explained.messages_answered_in_time,
    )
    register_rule(
        "interview_in_slot",
        gettext_lazy("Interview held inside its slot"),
        interview_in_slot,
        "website",
        explained.interview_in_slot,
    )
    register_rule(
        "visit_plan_on_time",
        gettext_lazy("Visit plan (Attachment 1) on time"),
        deadline_rule(DeadlineKind.VISIT_PLAN, plan_pages),
        explain=explained.deadline_explanation(DeadlineKind.VISIT_PLAN, LATE_RATIO),
    )
    register_rule(
        "receipt_form_on_time",
        gettext_lazy("Receipt form (Attachment 3) on time"),
        deadline_rule(DeadlineKind.RECEIPT_FORM, receipt_pages),
        explain=explained.deadline_explanation(DeadlineKind.RECEIPT_FORM, LATE_RATIO),
    )
    register_rule(
        "outline_on_time",
        gettext_lazy("Interview outline on time"),
        deadline_rule(DeadlineKind.INTERVIEW_OUTLINE, outline_pages),
        explain=explained.deadline_explanation(DeadlineKind.INTERVIEW_OUTLINE, LATE_RATIO),
    )
    register_rule(
        "interpretation_with_document",
        gettext_lazy("Interpretation published with the document"),
        _policy_rule("written"),
        "website",
        explained.policy_explanation("written"),
    )
    register_rule(
        "video_interpretation_on_time",
        gettext_lazy("Video interpretation in time"),
        _policy_rule("video"),
        "website",
        explained.policy_explanation("video"),
    )


def _policy_rule(kind: str):
    """Interpretations of the documents a unit drafted and published in the programme year:
    the share published with the document (written/graphic/H5) or the share of videos on time.
    Units that published no document in the year: not applicable. The evidence: each document
    and its first published interpretation of that kind, on the portal, with their dates."""

    def compute(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
        from gongkai.policies import services as policies
        from gongkai.policies.models import PolicyDocument

        stats = policies.statistics(programme.year)
        wanted = {unit.pk for unit in units if (stats.get(unit.pk) or {}).get("published")}
        evidence: dict[int, list[Evidence]] = {}
        documents = policies.documents_with_progress(
            PolicyDocument.objects.public().filter(
                published_on__year=programme.year, drafting_unit_id__in=wanted
            )
        ).order_by("published_on", "id")
        for document in documents:
            state = policies.progress(document)
            timeliness = state.written if kind == "written" else state.video
            items = evidence.setdefault(document.drafting_unit_id, [])
            items.append(
                Evidence(
                    f"{document.number} {document.title}",
                    document.get_absolute_url(),
                    document.published_on.isoformat(),
                )
            )
            interpretation = timeliness.interpretation
            if interpretation is not None:
                items.append(
                    Evidence(
                        f"{interpretation.get_kind_display()}: {interpretation.title}",
                        interpretation.get_absolute_url(),
                        (
                            interpretation.published_on.isoformat()
                            if interpretation.published_on
                            else ""
                        ),
                    )
                )
        results: dict[int, Result] = {}
        for unit in units:
            row = stats.get(unit.pk)
            if not row or not row.get("published"):
                continue
            published = row["published"]
            if kind == "written":
                on_time = row.get("on_time") or 0
                note = _("%(on_time)d of %(published)d documents interpreted on the day") % {
                    "on_time": on_time,
                    "published": published,
                }
            else:
                on_time = row.get("video_on_time") or 0
                note = _(
                    "%(on_time)d of %(published)d documents with a video interpretation in time"
                ) % {
                    "on_time": on_time,
                    "published": published,
                }
            results[unit.pk] = Result(on_time / published, evidence.get(unit.pk, []), note)
        return results

    return compute


VISIT_FACTS = {
    "visit_held": (
        "held",
        gettext_lazy("Activity held in the window"),
        gettext_lazy("No activity held yet"),
    ),
    "visit_representatives": (
        "target_reached",
        gettext_lazy("Representative target reached"),
        gettext_lazy("Fewer representatives attended than the target"),
    ),
    "visit_leader_present": (
        "leader_present",
        gettext_lazy("Main leader attended throughout"),
        gettext_lazy("Main leader's attendance not recorded as throughout"),
    ),
    "visit_opinions_answered": (
        "answered",
        gettext_lazy("Every opinion answered"),
        gettext_lazy("Opinions still unanswered, or no activity held"),
    ),
    "visit_media_published": (
        "published",
        gettext_lazy("Photos or video published after review"),
        gettext_lazy("No approved photos or video"),
    ),
}


def _visit_rule(code: str):
    """The visit points, from ``visits.services.compliance`` (one batch for all units)."""
    attribute, yes, no = VISIT_FACTS[code]

    def compute(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
        from django.urls import reverse

        from gongkai.visits import services as visits

        wanted = {unit.pk for unit in units}
        results: dict[int, Result] = {}
        for row in visits.compliance(programme):
            if row.unit.pk not in wanted:
                continue
            met = bool(getattr(row, attribute))
            evidence = []
            if row.evidence is not None:
                activity = row.evidence
                evidence.append(
                    Evidence(
                        activity.title,
                        reverse("visits:staff-activity", args=[activity.pk]),
                        activity.day.isoformat(),
                    )
                )
                if code == "visit_opinions_answered" and row.suggestions:
                    # The public tracker: what became of each suggestion the unit answers.
                    evidence.append(
                        Evidence(
                            str(_("Suggestion tracker")),
                            reverse("visits:suggestions")
                            + f"?year={programme.year}&unit={row.unit.pk}",
                        )
                    )
                if code == "visit_media_published" and met:
                    evidence.append(
                        Evidence(
                            str(_("Public page")), reverse("visits:activity", args=[activity.pk])
                        )
                    )
            note = str(yes if met else no)
            if code == "visit_representatives" and row.target_activity is not None:
                note = _(
                    "%(note)s: %(count)d attended; about %(target)d asked, at least "
                    "%(minimum)d count (±%(tolerance)d %%)"
                ) % {
                    "note": note,
                    "count": row.target_activity.attendance or 0,
                    "target": programme.representative_target,
                    "minimum": programme.representative_minimum,
                    "tolerance": programme.representative_tolerance,
                }
            results[row.unit.pk] = Result(1.0 if met else 0.0, evidence, note)
        return results

    return compute


def register_visit_rules() -> None:
    for code in VISIT_FACTS:
        source = "website" if code in ("visit_held", "visit_media_published") else "material"
        register_rule(
            code, VISIT_FACTS[code][1], _visit_rule(code), source, explained.visit_explanation(code)
        )


def interview_in_slot(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
    """The unit's interview actually took place (archived, with a recorded actual start) on a
    day inside its slot of 附件2, judged by the recorded start, not the scheduled time. Units
    that have no slot: not applicable."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.lib.deadlines import COUNTY_TZ

    slots = {su.unit_id: slot for slot in programme.slots.all() for su in slot.slot_units.all()}
    interviews: dict[int, list] = {}
    for interview in (
        Interview.objects.filter(programme=programme)
        .exclude(starts_at=None)
        .annotate(lines=Count("feed_lines"))
        .select_related("recorded_video")
        .order_by("starts_at")
    ):
        interviews.setdefault(interview.unit_id, []).append(interview)

    def day(value: Any) -> str:
        return timezone.localtime(value, COUNTY_TZ).date().isoformat()

    results: dict[int, Result] = {}
    for unit in units:
        slot = slots.get(unit.pk)
        if slot is None:
            continue
        held = [
            i
            for i in interviews.get(unit.pk, [])
            if i.status == InterviewStatus.ARCHIVED and i.actual_started_at is not None
        ]
        in_slot = [
            i
            for i in held
            if slot.contains(timezone.localtime(i.actual_started_at, COUNTY_TZ).date())
        ]
        chosen = (in_slot or held or interviews.get(unit.pk, [None]))[0]
        evidence = []
        if chosen is not None:
            when = chosen.actual_started_at or chosen.starts_at
            evidence.append(
                Evidence(
                    chosen.topic or str(_("Online interview")),
                    reverse("interviews:staff-detail", args=[chosen.pk]),
                    day(when),
                )
            )
            if chosen.status != InterviewStatus.DRAFT:
                public = reverse("interviews:detail", args=[chosen.pk])
                evidence.append(Evidence(str(_("Public page")), public, day(when)))
                if chosen.lines:
                    evidence.append(
                        Evidence(
                            str(_("Text record: %(n)d lines") % {"n": chosen.lines}),
                            public + "#feed-title",
                            day(when),
                        )
                    )
                if chosen.published_video:
                    evidence.append(
                        Evidence(str(_("Video record")), public + "#video-title", day(when))
                    )
        if in_slot:
            results[unit.pk] = Result(
                1.0,
                evidence,
                _("Held inside the slot %(start)s–%(end)s")
                % {"start": slot.start, "end": slot.end},
            )
        elif held:
            results[unit.pk] = Result(
                0.5,
                evidence,
                _("Held, but outside the slot %(start)s–%(end)s")
                % {"start": slot.start, "end": slot.end},
            )
        else:
            results[unit.pk] = Result(
                0.0, evidence, _("Not held yet: no archived interview with a recorded start")
            )
    return results


def messages_answered_in_time(programme: Any, units: Sequence[Any]) -> dict[int, Result]:
    """Netizen questions approved on the unit's interviews this year: the share answered
    publicly within the reply limit. Units without approved questions: not applicable."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.lib.deadlines import COUNTY_TZ
    from gongkai.questions.models import Question, QuestionStatus

    today = timezone.localtime(timezone.now(), COUNTY_TZ).date()
    # A question still inside its reply limit and not answered yet does not count against the unit.
    rows = (
        Question.objects.filter(interview__programme=programme, status=QuestionStatus.APPROVED)
        .filter(Q(answer__published_at__isnull=False) | Q(due_date__lt=today))
        .order_by()
        .values("interview__unit_id", "interview_id", "interview__starts_at")
        .annotate(
            approved=Count("id"),
            on_time=Count("id", filter=Q(answer__published_at__isnull=False, answer__on_time=True)),
        )
    )
    totals: dict[int, list[int]] = {}
    interviews: dict[int, dict[int, list[int]]] = {}
    days: dict[int, str] = {}
    for row in rows:
        total = totals.setdefault(row["interview__unit_id"], [0, 0])
        total[0] += row["approved"]
        total[1] += row["on_time"]
        counts = interviews.setdefault(row["interview__unit_id"], {}).setdefault(
            row["interview_id"], [0, 0]
        )
        counts[0] += row["approved"]
        counts[1] += row["on_time"]
        starts_at = row["interview__starts_at"]
        if starts_at is not None:
            days[row["interview_id"]] = timezone.localtime(starts_at, COUNTY_TZ).date().isoformat()
    queue = reverse("questions:staff-home")
    results: dict[int, Result] = {}
    for unit in units:
        if unit.pk not in totals:
            continue
        approved, on_time = totals[unit.pk]
        # The approved questions of each interview with their replies (the moderation list,
        # filtered to the interview): what was asked, when it was due and when it was answered.
        evidence = [
            Evidence(
                _("%(on_time)d of %(approved)d questions of this interview answered in time")
                % {"on_time": counts[1], "approved": counts[0]},
                f"{queue}?status=approved&interview={interview_id}",
                days.get(interview_id, ""),
            )
            for interview_id, counts in sorted(interviews[unit.pk].items())
        ]
        note = _("%(on_time)d of %(approved)d questions answered in time") % {
            "on_time": on_time,
            "approved": approved,
        }
        results[unit.pk] = Result(on_time / approved, evidence, note)
    return results
