"""Thin views: validate with a form, call one service, render or redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.deadlines import county_today
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import parse_id, posted, uploaded
from gongkai.policies import rules
from gongkai.policies.forms import (
    AttachmentForm,
    DocumentForm,
    InterpretationForm,
    PublishForm,
    ReviewForm,
    RulesForm,
    ScheduleForm,
    StatusForm,
    UploadVideoForm,
    VideoRequestForm,
)
from gongkai.policies.models import (
    DocumentStatus,
    Interpretation,
    InterpretationRules,
    PolicyDocument,
    VideoRequest,
)
from gongkai.policies.services import (
    documents,
    interpretations,
    timeliness,
    timing,
    unit_statistics,
    videos,
)
from gongkai.portal.cache import public_page
from gongkai.programmes.models import Programme
from gongkai.security.media import media_response


def _published_interpretations() -> Prefetch:
    return Prefetch(
        "interpretations",
        queryset=Interpretation.objects.published().order_by("published_at", "id"),
        to_attr="public_interpretations",
    )


# --- portal -----------------------------------------------------------------------------------


@public_page
def index(request):
    documents = (
        PolicyDocument.objects.public()
        .select_related("drafting_unit")
        .prefetch_related(_published_interpretations())
    )
    page = Paginator(documents, 20).get_page(request.GET.get("page"))
    return render(request, "policies/index.html", {"page": page, "documents": page.object_list})


def _public_document(pk: int) -> PolicyDocument:
    return get_object_or_404(PolicyDocument.objects.public().select_related("drafting_unit"), pk=pk)


@public_page
def document_detail(request, pk: int):
    document = get_object_or_404(
        PolicyDocument.objects.public()
        .select_related("drafting_unit")
        .prefetch_related(
            _published_interpretations(),
            "attachments",
            Prefetch(
                "related_interviews",
                queryset=_public_interviews(),
            ),
        ),
        pk=pk,
    )
    return render(request, "policies/document_detail.html", {"document": document})


def _public_interviews():
    """Only interviews the portal shows: the page links to each one."""
    from gongkai.interviews.models import Interview

    return Interview.objects.public().select_related("unit")


@public_page
def interpretation_detail(request, pk: int):
    interpretation = get_object_or_404(
        Interpretation.objects.published()
        .filter(document__in=PolicyDocument.objects.public())
        .select_related("document", "document__drafting_unit"),
        pk=pk,
    )
    return render(
        request, "policies/interpretation_detail.html", {"interpretation": interpretation}
    )


def _may_see_unpublished(user, document: PolicyDocument) -> bool:
    return rules.may_see_unpublished(user, document)


def attachment_file(request, pk: int, attachment_id: int):
    document = get_object_or_404(PolicyDocument, pk=pk)
    if not document.is_public and not _may_see_unpublished(request.user, document):
        raise Http404
    attachment = get_object_or_404(document.attachments, pk=attachment_id)
    return media_response(attachment.file.name, public=document.is_public)


def interpretation_file(request, pk: int, which: str):
    interpretation = get_object_or_404(Interpretation.objects.select_related("document"), pk=pk)
    public = interpretation.is_published and interpretation.document.is_public
    if not public and not _may_see_unpublished(request.user, interpretation.document):
        raise Http404
    stored = {"image": interpretation.image, "video": interpretation.video}.get(which)
    if not stored:
        raise Http404
    return media_response(stored.name, public=public)


# --- staff: documents -------------------------------------------------------------------------


def _staff_document(request, pk: int, *, write: bool = False) -> PolicyDocument:
    return rules.access_document(
        request.user, pk, PolicyDocument.objects.select_related("drafting_unit"), write=write
    )


@staff_required
def staff_home(request):
    user = request.user
    context: dict[str, Any] = {}
    if rules.is_media_center(user):
        context["video_requests"] = _video_requests()
    documents = timeliness.documents_with_progress(
        rules.documents_for(user, PolicyDocument.objects.all())
    )
    rows = [timeliness.progress(d) for d in documents]
    context.update(
        rows=rows,
        attention=[r for r in rows if r.needs_attention],
        can_create=rules.can_create_documents(user),
        can_review=rules.can_review(user),
        pending_count=Interpretation.objects.pending().count() if rules.can_review(user) else 0,
    )
    return render(request, "policies/staff_home.html", context)


@predicate_required(rules.can_create_documents)
def document_create(request):
    form = DocumentForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = documents.create_document(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Add its interpretation next."))
            return redirect(document.get_staff_url())
    return render(request, "policies/form.html", {"form": form, "title": _("New policy document")})


@staff_required
def document_staff(request, pk: int):
    document = rules.access_document(
        request.user,
        pk,
        PolicyDocument.objects.select_related("drafting_unit").prefetch_related(
            "attachments", "video_requests"
        ),
    )
    document = timeliness.documents_with_progress(
        PolicyDocument.objects.filter(pk=document.pk)
    ).get()
    interpretations = list(document.interpretations.all())
    for interpretation in interpretations:
        interpretation.revisable = rules.can_revise(request.user, interpretation)
    return render(
        request,
        "policies/document_staff.html",
        {
            "document": document,
            "state": timeliness.progress(document),
            "interpretations": interpretations,
            "attachments": document.attachments.all(),
            "related_interviews": document.related_interviews.select_related("unit"),
            "video_requests": document.video_requests.all(),
            "can_manage": rules.can_manage_document(request.user, document),
            "can_interpret": rules.can_interpret(request.user, document),
            "can_review": rules.can_review(request.user),
            "status_form": StatusForm(),
        },
    )


@staff_required
def document_edit(request, pk: int):
    document = _staff_document(request, pk, write=True)
    form = DocumentForm(posted(request), instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            documents.update_document(
                PolicyDocument.objects.get(pk=pk), by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document is saved."))
            return redirect(document.get_staff_url())
    return render(
        request,
        "policies/form.html",
        {"form": form, "title": _("Edit policy document"), "document": document},
    )


@staff_required
def document_publish(request, pk: int):
    document = _staff_document(request, pk, write=True)
    needs_reason = not documents.has_written_interpretation(document)
    form = PublishForm(
        posted(request),
        needs_reason=needs_reason,
        initial={"published_on": county_today()},
    )
    if document.status != DocumentStatus.DRAFT:
        messages.error(request, _("This document is already published."))
        return redirect(document.get_staff_url())
    if request.method == "POST" and form.is_valid():
        try:
            documents.publish_document(
                document,
                by=request.user,
                published_on=form.cleaned_data["published_on"],
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document is published on the portal."))
            return redirect(document.get_staff_url())
    return render(
        request,
        "policies/publish.html",
        {"form": form, "document": document, "needs_reason": needs_reason},
    )


@require_POST
@staff_required
def document_status(request, pk: int):
    document = _staff_document(request, pk, write=True)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            documents.change_status(document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The status is changed."))
    else:
        messages.error(request, _("Choose revised or repealed."))
    return redirect(document.get_staff_url())


@staff_required
def attachment_add(request, pk: int):
    document = _staff_document(request, pk, write=True)
    form = AttachmentForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        try:
            documents.add_attachment(
                document,
                by=request.user,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The attachment is added."))
            return redirect(document.get_staff_url())
    return render(
        request,
        "policies/form.html",
        {"form": form, "title": _("Add an attachment"), "document": document, "multipart": True},
    )


def _interpretation_page(request, form, document, *, title: str, revising=None):
    """The interpretation form (new or correcting one), its script showing the fields the
    chosen form of interpretation needs."""
    return render(
        request,
        "policies/form.html",
        {
            "form": form,
            "title": title,
            "document": document,
            "interpretation": revising,
            "multipart": True,
            "script": "policies/interpretation-form.js",
        },
    )


@staff_required
def interpretation_create(request, pk: int):
    document = _staff_document(request, pk)
    interpretations.check_interpreter(document, request.user)  # 403 page with the reason
    form = InterpretationForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        try:
            interpretations.create_interpretation(document, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The interpretation is sent to the service center for review.")
            )
            return redirect(document.get_staff_url())
    return _interpretation_page(request, form, document, title=_("New interpretation"))


@staff_required
def interpretation_revise(request, pk: int):
    """Correct a rejected (or waiting) interpretation and send it for review again."""
    interpretation = get_object_or_404(
        Interpretation.objects.select_related("document", "document__drafting_unit"), pk=pk
    )
    document = interpretation.document
    if not rules.can_revise(request.user, interpretation):
        if not rules.interprets(request.user, interpretation):
            raise Http404  # another unit's work does not exist for this user
        messages.error(
            request,
            _("This interpretation is published; add a new one to say more or differently."),
        )
        return redirect(document.get_staff_url())
    initial = {
        "kind": interpretation.kind,
        "title": interpretation.title,
        "interpreter": interpretation.interpreter,
        "body": interpretation.body,
        "url": interpretation.url,
    }
    form = InterpretationForm(posted(request), uploaded(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            interpretations.revise_interpretation(
                interpretation, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The corrected interpretation is sent to the service center again.")
            )
            return redirect(document.get_staff_url())
    return _interpretation_page(
        request, form, document, title=_("Correct the interpretation"), revising=interpretation
    )


# --- staff: review ----------------------------------------------------------------------------


@predicate_required(rules.can_review)
def review_list(request):
    pending = (
        Interpretation.objects.pending()
        .select_related("document", "document__drafting_unit")
        .order_by("created_at", "id")
    )
    return render(request, "policies/review_list.html", {"pending": pending, "form": ReviewForm()})


@require_POST
@predicate_required(rules.can_review)
def interpretation_review(request, pk: int):
    interpretation = get_object_or_404(Interpretation.objects.pending(), pk=pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("policies:review-list")
    try:
        if form.cleaned_data["decision"] == "approve":
            interpretations.approve_interpretation(interpretation, by=request.user)
            messages.success(request, _("Published: %(title)s") % {"title": interpretation.title})
        else:
            interpretations.reject_interpretation(
                interpretation, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Rejected: %(title)s") % {"title": interpretation.title})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "policies:review-list"
    return redirect(target)


# --- staff: video interpretation with the media center ----------------------------------------


def _video_requests():
    return VideoRequest.objects.select_related(
        "document", "document__drafting_unit", "host", "camera", "editor"
    ).annotate(uploaded=Count("interpretations"))


@staff_required
def video_request_create(request, pk: int):
    document = _staff_document(request, pk)
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
        {"video_requests": _video_requests(), "is_media": rules.is_media_center(request.user)},
    )


@require_POST
@staff_required
def video_request_cancel(request, pk: int):
    video_request = get_object_or_404(
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
    video_request = get_object_or_404(_video_requests(), pk=pk)
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
    video_request = get_object_or_404(_video_requests(), pk=pk)
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


# --- staff: statistics and settings -----------------------------------------------------------


@staff_required
def statistics(request):
    programmes = list(Programme.objects.order_by("-year"))
    year = parse_id(request.GET.get("year") or (programmes[0].year if programmes else 0))
    if year is None or year > 9999:  # not a calendar year: all years, as with no programme
        year = 0
    per_unit = unit_statistics.statistics(year or None)
    return render(
        request,
        "policies/statistics.html",
        {
            "year": year,
            "programmes": programmes,
            "rows": list(per_unit.values()),
            "county": unit_statistics.county_statistics(year or None),
        },
    )


@predicate_required(rules.can_edit_rules)
def rules_edit(request):
    form = RulesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        timing.set_rules(**form.cleaned_data)
        messages.success(request, _("The interpretation deadlines are saved."))
        return redirect("policies:rules-edit")
    return render(
        request,
        "policies/rules.html",
        {
            "form": form,
            "rows": InterpretationRules.objects.select_related("programme").order_by(
                "-programme__year"
            ),
            "default": InterpretationRules(),
        },
    )
