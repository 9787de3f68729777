"""Video interpretation with the media center: requests, scheduling, upload."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted, uploaded
from gongkai.policies import rules
from gongkai.policies.forms import ScheduleForm, UploadVideoForm, VideoRequestForm
from gongkai.policies.models import VideoRequest
from gongkai.policies.services import interpretations, videos
from gongkai.policies.views.common import all_video_requests, get_staff_document


@staff_required
def video_request_create(request, pk: int):
    document = get_staff_document(request, pk)
    interpretations.check_interpreter(document, request.user)  # 403 page with the reason
    form = VideoRequestForm(posted(request), initial={"duration_minutes": 60})
    if request.method == "POST" and form.is_valid():
        videos.request_video(document, by=request.user, **form.cleaned_data)
        messages.success(request, _("The request is sent to the media center."))
        return redirect(document.get_staff_url())
    return render(
        request,
        "policies/form.html",
        {
            "form": form,
            "title": _("Ask the media center for a video interpretation"),
            "document": document,
        },
    )


@predicate_required(rules.can_see_video_requests)
def video_request_list(request):
    return render(
        request,
        "policies/video_request_list.html",
        {"video_requests": all_video_requests(), "is_media": rules.is_media_center(request.user)},
    )


def _describe_cancel(request, pk: int) -> Confirmation:
    video_request: VideoRequest = get_object_or_404(
        VideoRequest.objects.select_related("document", "document__drafting_unit"), pk=pk
    )
    if not rules.can_interpret(request.user, video_request.document):
        raise Http404
    return Confirmation(
        title=_("Call off the video recording?"),
        subject=str(video_request.document),
        effects=[
            _("The media center's crew and venue are free again; the media center sees why."),
            _("A new recording has to be requested from the start."),
        ],
        button=_("Yes, call it off"),
        back_url=video_request.document.get_staff_url(),
    )


@require_POST
@staff_required
@confirm_first(_describe_cancel)
def video_request_cancel(request, pk: int):
    video_request: VideoRequest = get_object_or_404(
        VideoRequest.objects.select_related("document", "document__drafting_unit"), pk=pk
    )
    document = video_request.document
    if not rules.can_interpret(request.user, document):
        raise Http404
    try:
        videos.cancel_video_request(
            video_request, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The recording is cancelled; the media center sees it."))
    return redirect(document.get_staff_url())


@predicate_required(rules.is_media_center)
def video_request_schedule(request, pk: int):
    video_request: VideoRequest = get_object_or_404(all_video_requests(), pk=pk)
    form = ScheduleForm(
        posted(request),
        initial={
            "starts_at": video_request.starts_at,
            "duration_minutes": video_request.duration_minutes,
            "venue": video_request.venue,
            "host": video_request.host_id,
            "camera": video_request.camera_id,
            "editor": video_request.editor_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            videos.schedule_video(video_request, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The recording is scheduled."))
            return redirect("policies:video-request-list")
    return render(
        request,
        "policies/form.html",
        {
            "form": form,
            "title": _("Schedule the recording"),
            "document": video_request.document,
        },
    )


@predicate_required(rules.is_media_center)
def video_request_upload(request, pk: int):
    video_request: VideoRequest = get_object_or_404(all_video_requests(), pk=pk)
    form = UploadVideoForm(
        posted(request),
        uploaded(request),
        initial={
            "title": _("Video interpretation: %(title)s") % {"title": video_request.document.title}
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            videos.upload_recorded_video(
                video_request,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["video"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The video is uploaded and sent to the service center for review.")
            )
            return redirect("policies:video-request-list")
    return render(
        request,
        "policies/form.html",
        {
            "form": form,
            "title": _("Upload the recorded video"),
            "document": video_request.document,
            "multipart": True,
        },
    )
