"""Staff pages for policy documents: the list, creating, editing, publishing, status and
attachments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required, staff_required
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.deadlines import county_today
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted, uploaded
from gongkai.policies import rules
from gongkai.policies.forms import AttachmentForm, DocumentForm, PublishForm, StatusForm
from gongkai.policies.models import DocumentStatus, Interpretation, PolicyDocument
from gongkai.policies.services import documents, plans, timeliness
from gongkai.policies.views.common import all_video_requests, get_staff_document


@staff_required
def staff_home(request):
    user = request.user
    context: dict[str, Any] = {}
    if rules.is_media_center(user):
        context["video_requests"] = all_video_requests()
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
    plan = plans.plan_of(document)
    is_draft = document.status == DocumentStatus.DRAFT
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
            "plan": plan,
            "plan_problem": plans.plan_problem(document) if is_draft else "",
            "can_edit_plan": is_draft and rules.can_manage_document(request.user, document),
            "can_waive_plan": is_draft
            and document.plan_waived_at is None
            and rules.can_waive_plan(request.user),
            "plan_waived_by": document.plan_waived_by,
        },
    )


@staff_required
def document_edit(request, pk: int):
    document = get_staff_document(request, pk, write=True)
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
    document = get_staff_document(request, pk, write=True)
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
            # No plan (不予收文): the box above the form says why and links to the plan.
            if getattr(exc, "code", None) != "no_plan":
                add_service_errors(form, exc)
        else:
            messages.success(request, _("The document is published on the portal."))
            return redirect(document.get_staff_url())
    return render(
        request,
        "policies/publish.html",
        {
            "form": form,
            "document": document,
            "needs_reason": needs_reason,
            "plan_problem": plans.plan_problem(document),
        },
    )


def _describe_status(request, pk: int) -> Confirmation:
    document = get_staff_document(request, pk, write=True)
    new = str(dict(DocumentStatus.choices).get(request.POST.get("status", ""), ""))
    return Confirmation(
        title=_("Mark “%(document)s” as %(status)s?") % {"document": document, "status": new},
        effects=[
            _("The portal shows the document's new status to everyone from now on."),
            _("The change and its note are kept in the document's history and the audit log."),
        ],
        button=_("Yes, change the status"),
        back_url=document.get_staff_url(),
    )


@require_POST
@staff_required
@confirm_first(_describe_status)
def document_status(request, pk: int):
    document = get_staff_document(request, pk, write=True)
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
    document = get_staff_document(request, pk, write=True)
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
