"""Staff pages: the list, drafting (the consultation and its questions) and the state steps.
Moderation and the 采纳情况 are in ``views/review.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import predicate_required
from gongkai.consultations import rules
from gongkai.consultations.forms import AttachmentForm, ConsultationForm, ItemForm
from gongkai.consultations.models import Consultation, Item, Phase
from gongkai.consultations.services import drafting, feedback
from gongkai.lib.confirm import Confirmation, confirm_first
from gongkai.lib.deadlines import county_today
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import posted
from gongkai.programmes.models import Programme


def _consultation(request: HttpRequest, pk: int, *, write: bool = False) -> Consultation:
    return rules.access_consultation(
        request.user,
        pk,
        Consultation.objects.select_related("unit", "programme", "policy", "interview__unit"),
        write=write,
    )


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@predicate_required(rules.can_open_list)
def staff_list(request: HttpRequest) -> HttpResponse:
    rows = list(
        rules.consultations_for(request.user, Consultation.objects.all())
        .select_related("unit", "programme")
        .order_by("-opens_at", "-id")
    )
    closed = [row for row in rows if row.phase() == Phase.CLOSED]
    dues = feedback.feedback_dues(closed)
    today = county_today()
    for row in rows:
        row.due = dues.get(row.pk)
        row.overdue = row.due is not None and today > row.due
    return render(
        request,
        "consultations/staff/list.html",
        {"rows": rows, "can_create": rules.can_create(request.user)},
    )


@predicate_required(rules.can_create)
def create(request: HttpRequest) -> HttpResponse:
    programme = Programme.current()
    form = ConsultationForm(
        posted(request),
        user=request.user,
        programme=programme,
        creating=True,
        initial={"template": request.GET.get("template", "")},
    )
    if programme is None:
        messages.error(request, _("There is no programme year yet. Please create one first."))
    elif request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            consultation = drafting.create_consultation(
                by=request.user, programme=programme, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The draft is saved. Check its questions next."))
            return redirect(consultation.get_staff_url())
    return render(
        request,
        "consultations/staff/form.html",
        {"form": form, "title": _("New consultation"), "programme": programme},
    )


@predicate_required(rules.can_open_list)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    user = request.user
    can_change = rules.can_change(user, consultation)
    phase = consultation.phase()
    context: dict[str, Any] = {
        "consultation": consultation,
        "phase": phase,
        "items": consultation.items.prefetch_related("choices"),
        "editable": can_change and consultation.status in drafting.EDITABLE,
        "can_change": can_change,
        "can_publish": rules.can_publish(user),
        "can_moderate": rules.can_moderate(user),
        "item_form": ItemForm(),
        "attachment_form": AttachmentForm(),
        "attachments": consultation.attachments.all(),
        "counts": feedback.review_counts(consultation),
        "responses": consultation.responses.count(),
    }
    if phase in (Phase.CLOSED, Phase.FEEDBACK):
        context["due"] = feedback.feedback_due(consultation)
        context["overdue"] = feedback.is_feedback_overdue(consultation)
        context["results"] = feedback.results(consultation)
    return render(request, "consultations/staff/detail.html", context)


@predicate_required(rules.can_create)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, write=True)
    initial = {name: getattr(consultation, name) for name in drafting.FIELDS}
    form = ConsultationForm(
        posted(request),
        user=request.user,
        programme=consultation.programme,
        creating=False,
        initial=initial,
    )
    if consultation.status not in drafting.EDITABLE:
        messages.error(request, _("This consultation is published and can no longer be changed."))
        return redirect(consultation.get_staff_url())
    if request.method == "POST" and form.is_valid():
        try:
            drafting.update_consultation(consultation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consultation is saved."))
            return redirect(consultation.get_staff_url())
    return render(
        request,
        "consultations/staff/form.html",
        {"form": form, "title": _("Edit consultation"), "consultation": consultation},
    )


def _step(request: HttpRequest, pk: int, action, done: str) -> HttpResponse:
    """One step of the consultation's life (submit, send back, publish, close …): the service's
    refusal is shown as it is, success with ``done``; back to the staff page either way."""
    consultation = _consultation(request, pk, write=True)
    try:
        action(consultation, by=request.user)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, done)
    return redirect(consultation.get_staff_url())


# --- questions ----------------------------------------------------------------------------


@require_POST
@predicate_required(rules.can_create)
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, write=True)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            drafting.add_item(consultation, **form.cleaned_data)
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The question is added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(consultation.get_staff_url() + "#items")


def _item(request: HttpRequest, pk: int, item_pk: int) -> Item:
    consultation = _consultation(request, pk, write=True)
    return rules.access_item(consultation, item_pk)


@predicate_required(rules.can_create)
def item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    initial = {
        "kind": item.kind,
        "text": item.text,
        "choices": "\n".join(c.label for c in item.choices.all()),
        "required": item.required,
    }
    form = ItemForm(posted(request), initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            drafting.update_item(
                item,
                text=form.cleaned_data["text"],
                choices=form.cleaned_data["choices"],
                required=form.cleaned_data["required"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(item.consultation.get_staff_url() + "#items")
    return render(
        request,
        "consultations/staff/item_form.html",
        {"form": form, "item": item, "consultation": item.consultation},
    )


@require_POST
@predicate_required(rules.can_create)
def item_delete(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    try:
        drafting.delete_item(item)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(item.consultation.get_staff_url() + "#items")


@require_POST
@predicate_required(rules.can_create)
def item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    try:
        drafting.move_item(item, -1 if request.POST.get("direction") == "up" else 1)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(item.consultation.get_staff_url() + "#items")


# --- attachments ----------------------------------------------------------------------------


@require_POST
@predicate_required(rules.can_create)
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            drafting.add_attachment(
                consultation, title=form.cleaned_data["title"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("The attachment is added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect(consultation.get_staff_url() + "#attachments")


@require_POST
@predicate_required(rules.can_create)
def attachment_delete(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    consultation = _consultation(request, pk, write=True)
    attachment = rules.access_attachment(consultation, attachment_id)
    try:
        drafting.delete_attachment(attachment)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect(consultation.get_staff_url() + "#attachments")


# --- state steps --------------------------------------------------------------------------


@require_POST
@predicate_required(rules.can_create)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, drafting.submit, _("Sent to the service center to be published."))


@require_POST
@predicate_required(rules.can_publish)
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, drafting.send_back, _("Sent back to the unit as a draft."))


def _describe_publish(request: HttpRequest, pk: int) -> Confirmation:
    consultation = _consultation(request, pk, write=True)
    return Confirmation(
        title=_("Publish this consultation on the portal?"),
        effects=[
            _("Citizens can take part from the start of its window until its end."),
            _("Its questions can no longer be changed."),
        ],
        button=_("Yes, publish it"),
        back_url=consultation.get_staff_url(),
        subject=consultation.title,
    )


@require_POST
@predicate_required(rules.can_publish)
@confirm_first(_describe_publish)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, drafting.publish, _("The consultation is published on the portal."))


def _describe_close(request: HttpRequest, pk: int) -> Confirmation:
    consultation = _consultation(request, pk, write=True)
    return Confirmation(
        title=_("Close this consultation now?"),
        effects=[
            _("Its window ends now: nobody can take part any more."),
            _("The feedback is then due within the county's limit."),
        ],
        button=_("Yes, close it"),
        back_url=consultation.get_staff_url(),
        subject=consultation.title,
    )


@require_POST
@predicate_required(rules.can_create)
@confirm_first(_describe_close)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, drafting.close_now, _("The consultation is closed."))
