"""Links both ways: the interview page and the policy document page show the consultations
that fed them, through their own slots (``gongkai.interviews.parts``,
``gongkai.policies.parts``), so neither app imports this one. The interview's staff page shows
the results of a survey before the interview next to the outline review."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string


def _public_for(**filters):
    from gongkai.consultations.models import Consultation

    return list(Consultation.objects.public().filter(**filters).order_by("-opens_at", "-id"))


def interview_part(request: HttpRequest, interview) -> str:
    rows = _public_for(interview=interview)
    if not rows:
        return ""
    return render_to_string("consultations/_links.html", {"rows": rows}, request=request)


def policy_part(request: HttpRequest, document) -> str:
    rows = _public_for(policy=document)
    if not rows:
        return ""
    return render_to_string("consultations/_links.html", {"rows": rows}, request=request)


def outline_part(request: HttpRequest, interview) -> str:
    """The figures of the consultations on this interview, for whoever reviews its outline."""
    from gongkai.consultations.models import Consultation
    from gongkai.consultations.services import feedback

    rows = list(Consultation.objects.public().filter(interview=interview).order_by("id"))
    if not rows:
        return ""
    blocks = [(c, feedback.results(c), c.responses.count()) for c in rows]
    return render_to_string(
        "consultations/_outline_results.html", {"blocks": blocks}, request=request
    )


def register() -> None:
    from gongkai.interviews import parts as interview_parts
    from gongkai.policies import parts as policy_parts

    interview_parts.register_part("consultations", interview_part)
    interview_parts.register_part("outline", outline_part)
    policy_parts.register_part("consultations", policy_part)
