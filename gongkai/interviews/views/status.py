"""The interview's status steps under /interviews/staff/<pk>/status/<to>/: GET says what the
step will do (and what is still missing), POST takes it. No dropdown: one step at a time."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gongkai.interviews import rules as irules
from gongkai.interviews.forms import StatusStepForm
from gongkai.interviews.models import Interview, InterviewStatus
from gongkai.interviews.services import status as steps
from gongkai.interviews.views.staff import error_text, interview_view

S = InterviewStatus

# What each step does, said on its confirmation page.
EFFECTS: dict[tuple[bool, str], Any] = {
    (True, S.PREVIEW): gettext_lazy(
        "The interview appears on the portal under “Preview” with its topic, time and guests; "
        "citizens can send questions from now on."
    ),
    (True, S.LIVE): gettext_lazy(
        "The portal shows the interview as live: the text record, the photos and the stream "
        "appear as they come. The actual start is recorded; the assessment credits this time, "
        "not the scheduled one."
    ),
    (True, S.ARCHIVED): gettext_lazy(
        "The interview moves to the archive on the portal with its text record and video; "
        "questions close. The actual end is recorded."
    ),
    (False, S.DRAFT): gettext_lazy(
        "The interview disappears from the portal; citizens can no longer send questions."
    ),
    (False, S.PREVIEW): gettext_lazy(
        "The interview is shown as a preview again; the recorded actual start is cleared."
    ),
    (False, S.LIVE): gettext_lazy(
        "The interview is shown as live again; the recorded actual end is cleared."
    ),
}


def step_buttons(interview: Interview, user: Any) -> list[dict[str, Any]]:
    """The status steps ``user`` may take from here: forward first, then back."""
    if not irules.can_set_status(user):
        return []
    buttons = []
    for to, forward in (
        (steps.next_status(interview), True),
        (steps.previous_status(interview), False),
    ):
        if to is not None:
            label = S(to).label
            buttons.append(
                {
                    "to": to,
                    "forward": forward,
                    "label": (_("Next: %(status)s") if forward else _("Back to %(status)s"))
                    % {"status": label},
                }
            )
    return buttons


@require_http_methods(["GET", "HEAD", "POST"])
@interview_view(irules.can_set_status)
def status_step(request, interview: Interview, to: str):
    if to not in S.values:
        raise Http404
    back_to_control = request.GET.get("back") == "control" or request.POST.get("back") == "control"
    forward = steps.is_forward(interview, to)
    form = StatusStepForm(
        request.POST if request.method == "POST" else None, to=to, forward=forward
    )
    error = ""
    if not steps.is_step(interview, to):
        error = _(
            "The status changes one step at a time: “%(current)s” cannot become “%(to)s”."
        ) % {"current": interview.get_status_display(), "to": S(to).label}
    elif request.method == "POST" and form.is_valid():
        try:
            steps.set_status(
                interview,
                status=to,
                by=request.user,
                reason=form.cleaned_data.get("reason", ""),
                at=form.cleaned_data.get("at"),
            )
        except ValidationError as exc:
            error = error_text(exc)
        else:
            messages.success(
                request,
                _("The interview is now “%(status)s”.") % {"status": S(to).label},
            )
            target = "interviews:staff-control" if back_to_control else "interviews:staff-detail"
            return redirect(target, pk=interview.pk)
    missing = steps.missing_for(interview, to) if forward else []
    return render(
        request,
        "interviews/staff/status_step.html",
        {
            "interview": interview,
            "to": to,
            "to_label": S(to).label,
            "forward": forward,
            "effect": EFFECTS.get((forward, to), ""),
            "missing": missing,
            "form": form,
            "error": error,
            "can_step": steps.is_step(interview, to) and not missing,
            "back_to_control": back_to_control,
        },
        status=400 if request.method == "POST" else 200,
    )
