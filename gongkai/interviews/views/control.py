"""The control room under /interviews/staff/<pk>/control/: the live text feed and photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.interviews import parts, services
from gongkai.interviews import rules as irules
from gongkai.interviews.forms import FeedLineForm, PhotoForm
from gongkai.interviews.models import FeedLine, Interview
from gongkai.interviews.views.staff import error_text, interview_view
from gongkai.interviews.views.status import step_buttons
from gongkai.lib.confirm import Confirmation, confirm_first


@interview_view(irules.can_run_live)
def control_room(request, interview: Interview):
    return render(
        request,
        "interviews/staff/control.html",
        {
            "interview": interview,
            "feed_lines": list(interview.feed_lines.all()),
            "photos": list(interview.photos.all()),
            "feed_form": FeedLineForm(interview=interview),
            "photo_form": PhotoForm(),
            "status_steps": step_buttons(interview, request.user),
            "parts": parts.render_parts(request, interview, ("control",)),
        },
    )


@require_POST
@interview_view(irules.can_run_live)
def feed_add(request, interview: Interview):
    form = FeedLineForm(request.POST, interview=interview)
    line = None
    if form.is_valid():
        kind, name = form.speaker_kind_name()
        try:
            line = services.add_feed_line(
                interview,
                speaker_kind=kind,
                speaker_name=name,
                text=form.cleaned_data["text"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error("text", error_text(exc))
        else:
            form = FeedLineForm(interview=interview, initial={"speaker": request.POST["speaker"]})
            # The editor keeps typing: the fresh form takes the focus when htmx swaps it in.
            form.fields["text"].widget.attrs["autofocus"] = True
    if not request.htmx:
        if line is None:
            messages.error(request, _("Please choose the speaker and type what was said."))
        return redirect("interviews:staff-control", pk=interview.pk)
    return render(
        request,
        "interviews/staff/_feed_added.html",
        {"interview": interview, "line": line, "feed_form": form},
    )


def _describe_remove(request, interview: Interview, line_pk: int) -> Confirmation:
    line = get_object_or_404(FeedLine, pk=line_pk, interview=interview)
    return Confirmation(
        title=_("Remove this line from the live text?"),
        subject=line.text,
        effects=[_("Open live pages drop it at once, and the archive will not show it.")],
        button=_("Yes, remove it"),
        back_url=reverse("interviews:staff-control", args=[interview.pk]),
    )


def _unless_htmx(describe):
    """htmx posts carry the browser's own confirm (hx-confirm); a plain form gets the page."""

    def wrap(view):
        asking = confirm_first(describe)(view)

        def chosen(request, *args, **kwargs):
            return (view if request.htmx else asking)(request, *args, **kwargs)

        return chosen

    return wrap


@require_POST
@interview_view(irules.can_run_live)
@_unless_htmx(_describe_remove)
def feed_remove(request, interview: Interview, line_pk: int):
    line = get_object_or_404(FeedLine, pk=line_pk, interview=interview)
    services.remove_feed_line(line, by=request.user)
    if request.htmx:
        return HttpResponse("")
    messages.success(request, _("The line is removed from the live text."))
    return redirect("interviews:staff-control", pk=interview.pk)


@require_POST
@interview_view(irules.can_run_live)
def photo_add(request, interview: Interview):
    form = PhotoForm(request.POST, request.FILES)
    photo = None
    if form.is_valid():
        photo = services.add_photo(
            interview,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
            by=request.user,
        )
        form = PhotoForm()
    if not request.htmx:
        if photo is None:
            messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
        return redirect("interviews:staff-control", pk=interview.pk)
    return render(
        request,
        "interviews/staff/_photo_added.html",
        {"interview": interview, "photo": photo, "photo_form": form},
    )
