"""What each built-in rule rewards, in words a unit understands: what earns the points, what
loses them, with the year's own figures (dates, tolerance, days allowed). Shown in the
计分规则 column of the indicator tree (issue 13, item 16): generated from the parameters the
rule computes with, so the text and the score cannot disagree."""

from __future__ import annotations

from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gongkai.lib.deadlines import LATENESS_RULE


def _date(value: Any) -> str:
    return date_format(value, "MONTH_DAY_FORMAT") if value else "—"


def deadline_explanation(kind: str, late_ratio: float):
    def explain(programme: Any) -> str:
        deadline = programme.deadline(kind) if hasattr(programme, "deadline") else None
        if deadline is None:
            return _("This year has no such deadline: the point is not scored.")
        return _(
            "Full points: %(what)s submitted on the platform by %(due)s, 24:00 Beijing time. "
            "%(late)d %% of the points: submitted later, however late. None: not submitted. %(rule)s"
        ) % {
            "what": str(deadline),
            "due": _date(deadline.due_date),
            "late": round(late_ratio * 100),
            "rule": LATENESS_RULE,
        }

    return explain


def _visit_window(programme: Any) -> str:
    from gongkai.programmes.models import TrackKind

    window = next((t for t in programme.tracks.all() if t.kind == TrackKind.VISITS), None)
    if window is None:
        return ""
    return _(" (the visit window: %(start)s to %(end)s)") % {
        "start": _date(window.start),
        "end": _date(window.end),
    }


def visit_explanation(code: str):
    def explain(programme: Any) -> str:
        texts = {
            "visit_held": _(
                "Full points: at least one visit activity recorded as held%(window)s. None: "
                "no activity held."
            ),
            "visit_representatives": _(
                "Full points: at least %(minimum)d citizen representatives attended one of the "
                "activities held (the notice asks for about %(target)d; the county accepts "
                "%(tolerance)d %% fewer). None: fewer attended every activity, or none was held."
            ),
            "visit_leader_present": _(
                "Full points: the unit's main leader attended every activity held from start to "
                "end, as recorded after the activity. None: any activity without it, or none held."
            ),
            "visit_opinions_answered": _(
                "Full points: an activity was held and every opinion and suggestion the unit is "
                "responsible for has an answer. None: any still unanswered, or no activity held."
            ),
            "visit_media_published": _(
                "Full points: photos or a video of an activity held were approved by the service "
                "center and published. None: nothing published."
            ),
        }
        return texts[code] % {
            "window": _visit_window(programme),
            "minimum": programme.representative_minimum,
            "target": programme.representative_target,
            "tolerance": programme.representative_tolerance,
        }

    return explain


def interview_in_slot(programme: Any) -> str:
    return _(
        "Full points: the online interview was held (it is in the archive) at a time inside the "
        "unit's slot in Attachment 2. Half: held outside the slot. None: not held yet. Units "
        "without a slot are not scored on it."
    )


def messages_answered_in_time(programme: Any) -> str:
    from gongkai.questions.models import INTERVIEW_REPLY_DAYS

    return _(
        "The share of netizen questions approved on the unit's interviews that were answered in "
        "public by their reply date (at most %(days)d working days after the interview or the "
        "question) earns the same share of the points: 8 of 10 in time, 80 %%. A question still "
        "inside its reply time does not count against the unit. Units with no approved "
        "question are not scored on it."
    ) % {"days": INTERVIEW_REPLY_DAYS}


def policy_explanation(kind: str):
    def explain(programme: Any) -> str:
        from gongkai.policies.services.timing import rules_for

        rules = rules_for(programme.year)
        if kind == "written":
            days = rules.written_days
            text = (
                _(
                    "The share of the unit's documents published in %(year)d whose written or "
                    "graphic interpretation was published the same day earns the same share of "
                    "the points."
                )
                if days == 0
                else _(
                    "The share of the unit's documents published in %(year)d whose written or "
                    "graphic interpretation was published within %(days)d days earns the same "
                    "share of the points."
                )
            )
        else:
            days = rules.video_days
            text = _(
                "The share of the unit's documents published in %(year)d whose video "
                "interpretation was published within %(days)d days earns the same share of the "
                "points."
            )
        return (
            (text % {"year": programme.year, "days": days})
            + " "
            + _("Units that published no document that year are not scored on it.")
        )

    return explain
