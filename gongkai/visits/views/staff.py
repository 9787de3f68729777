"""Staff pages of 走进政府: units see and change only their own activities; the service center
and the county office see and change all; assessors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.rules import (
    no_store,
    predicate_required,
    sees_all,
)
from gongkai.audit.services import record
from gongkai.lib.forms import add_service_errors
from gongkai.lib.params import parse_id, posted
from gongkai.programmes.models import Programme
from gongkai.security.media import media_response
from gongkai.units.models import Unit
from gongkai.visits import exports, rules
from gongkai.visits.forms import (
    AnswerForm,
    AssignForm,
    BulkStatusForm,
    InviteForm,
    MediaUploadForm,
    PaperOpinionForm,
    PlanForm,
    RecordForm,
    ResponseForm,
)
from gongkai.visits.models import (
    Activity,
    Channel,
    OpinionForm,
    Registration,
    RegistrationStatus,
    Suggestion,
    SuggestionStatus,
)
from gongkai.visits.services import (
    attendance,
    media,
    opinions,
    plans,
    registrations,
    unit_compliance,
)

staff_only = predicate_required(rules.can_use_visits)


def _programme() -> Programme:
    programme = (
        Programme.objects.prefetch_related("tracks", "deadlines", "attachments")
        .order_by("-year")
        .first()
    )
    if programme is None:
        raise PermissionDenied
    return programme


def _activities(user):
    return rules.visible_activities(user, Activity.objects.for_lists())


def _activity(request, pk: int, *, write: bool = False) -> Activity:
    return rules.access_activity(request.user, pk, Activity.objects.for_lists(), write=write)


@staff_only
def home(request):
    programme = _programme()
    activities = (
        _activities(request.user)
        .filter(programme=programme)
        .annotate(
            n_confirmed=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.CONFIRMED),
                distinct=True,
            ),
            n_waiting=Count(
                "registrations",
                filter=Q(registrations__status=RegistrationStatus.WAITING),
                distinct=True,
            ),
            n_checked=Count(
                "registrations", filter=Q(registrations__checked_in_at__isnull=False), distinct=True
            ),
        )
        .order_by("starts_at")
    )
    missing = plans.units_without_plan(programme) if sees_all(request.user) else None
    return render(
        request,
        "visits/staff/home.html",
        {
            "programme": programme,
            "activities": activities,
            "missing": missing,
            "can_plan": rules.can_plan(request.user),
            "can_manage_roster": rules.can_manage_roster(request.user),
        },
    )


def _plan_unit(request) -> Unit | None:
    if rules.plans_for_own_unit(request.user):
        return request.user.unit
    raw = request.POST.get("unit") or request.GET.get("unit")
    if not raw:
        return None
    unit_id = parse_id(raw)
    if unit_id is None:
        raise Http404(_("No such unit."))
    return get_object_or_404(Unit.objects.implementing(), pk=unit_id)


@predicate_required(rules.can_plan)
def plan_create(request):
    programme = _programme()
    unit = _plan_unit(request)
    units = (
        None
        if rules.plans_for_own_unit(request.user)
        else programme.participants.order_by("sort_order")
    )
    form = PlanForm(posted(request), initial={"capacity": programme.representative_target})
    if request.method == "POST" and form.is_valid():
        if unit is None:
            form.add_error(None, _("Choose the implementing unit."))
        else:
            try:
                activity = plans.submit_plan(programme, unit, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The plan is submitted."))
                return redirect("visits:staff-activity", pk=activity.pk)
    return render(
        request,
        "visits/staff/plan_form.html",
        {"form": form, "programme": programme, "units": units, "unit": unit},
    )


@staff_only
def plan_edit(request, pk: int):
    activity = _activity(request, pk, write=True)
    form = PlanForm(posted(request), instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        activity.refresh_from_db()
        try:
            plans.update_plan(activity, by=request.user, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("visits:staff-activity", pk=activity.pk)
    return render(
        request,
        "visits/staff/plan_form.html",
        {"form": form, "programme": activity.programme, "activity": activity},
    )


def _with_contacts(user, activity: Activity, registrations) -> list[Registration]:
    """The registrations, each marked with whether ``user`` sees its phone and ID number in
    full (``rules.full_contact_ids``): the masking rule holds row by row."""
    registrations = list(registrations)
    full = rules.full_contact_ids(user, activity, (r.representative_id for r in registrations))
    for reg in registrations:
        reg.full_contacts = reg.representative_id in full
    return registrations


def _detail_context(request, activity: Activity, **extra) -> dict:
    registrations = _with_contacts(
        request.user,
        activity,
        activity.registrations.select_related("representative").order_by(
            "status", "created_at", "id"
        ),
    )
    can_change = rules.can_change_activity(request.user, activity)
    ctx = {
        "activity": activity,
        "registrations": registrations,
        "show_contacts": rules.can_see_contacts(request.user, activity),
        "can_change": can_change,
        "confirmed": sum(1 for r in registrations if r.status == RegistrationStatus.CONFIRMED),
        "checked_in": sum(1 for r in registrations if r.checked_in_at),
        "responses": activity.responses.all(),
        "media": activity.media.all(),
        "opinion_forms": activity.opinion_forms.prefetch_related("suggestions"),
        "invite_form": InviteForm(),
        "record_form": RecordForm(
            initial={
                "leader_stayed": "yes"
                if activity.leader_stayed
                else ("no" if activity.leader_stayed is False else None),
                "attendance": activity.attendance,
                "held_note": activity.held_note,
            }
        ),
        "response_form": ResponseForm(),
        "upload_form": MediaUploadForm(),
        **_roster_context(request, activity, can_change),
        "checkin_url": request.build_absolute_uri(
            reverse("visits:checkin", args=[activity.checkin_token])
        ),
        "opinion_url": request.build_absolute_uri(
            reverse("visits:opinion", args=[activity.opinion_token])
        ),
    }
    ctx.update(extra)
    return ctx


def _roster_context(request, activity: Activity, can_change: bool) -> dict:
    """The invite dropdown: searched by name or the phone's last four digits (GET ``q``)."""
    if not can_change:
        return {"roster": [], "roster_query": "", "roster_more": False}
    query = request.GET.get("q", "")[:50].strip()
    people = registrations.invite_candidates(
        activity, query, people=rules.visible_representatives(request.user)
    )
    return {
        "roster": people[: registrations.INVITE_CHOICES],
        "roster_query": query,
        "roster_more": len(people) > registrations.INVITE_CHOICES,
    }


@staff_only
@no_store
def activity_detail(request, pk: int):
    activity = _activity(request, pk)
    return render(request, "visits/staff/activity.html", _detail_context(request, activity))


@require_POST
@staff_only
@no_store
def invite(request, pk: int):
    activity = _activity(request, pk, write=True)
    raw_rep = request.POST.get("representative")
    if raw_rep:
        rep_id = parse_id(raw_rep)
        if rep_id is None:
            raise Http404(_("No such representative."))
        # Only from the part of the roster this user may see (another unit's people: 404).
        rep = get_object_or_404(rules.visible_representatives(request.user), pk=rep_id)
        try:
            reg = registrations.invite(activity, rep, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _waiting_message(reg))
        return redirect("visits:staff-activity", pk=pk)
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            reg = registrations.invite_by_hand(
                activity,
                name=data["name"],
                id_number=data["id_number"],
                phone=data["phone"],
                address=data["address"],
                workplace=data["workplace"],
                email=data["email"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _waiting_message(reg))
            return redirect("visits:staff-activity", pk=pk)
    return render(
        request,
        "visits/staff/activity.html",
        _detail_context(request, activity, invite_form=form),
        status=400,
    )


def _waiting_message(reg: Registration) -> str:
    if reg.status == RegistrationStatus.WAITING:
        return _(
            "The activity is full: the person is on the waiting list and moves up when someone cancels."
        )
    return _("Invited and confirmed; an SMS has been sent.")


def _registration(request, pk: int, reg_pk: int) -> Registration:
    activity = _activity(request, pk, write=True)
    return get_object_or_404(
        Registration.objects.select_related("activity"), pk=reg_pk, activity=activity
    )


@require_POST
@staff_only
def registration_cancel(request, pk: int, reg_pk: int):
    reg = _registration(request, pk, reg_pk)
    promoted = registrations.cancel_registration(reg)
    messages.success(
        request,
        _("Cancelled.")
        + (" " + _("The first person on the waiting list has moved up.") if promoted else ""),
    )
    return redirect("visits:staff-activity", pk=pk)


@require_POST
@staff_only
def registration_checkin(request, pk: int, reg_pk: int):
    reg = _registration(request, pk, reg_pk)
    try:
        attendance.check_in(reg, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("visits:staff-activity", args=[pk]) + "#attendance")


@staff_only
@no_store
def signin_sheet(request, pk: int):
    activity = _activity(request, pk)
    registrations = _with_contacts(
        request.user,
        activity,
        activity.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
            "representative"
        ),
    )
    show_contacts = rules.can_see_contacts(request.user, activity)
    if any(r.full_contacts for r in registrations):
        # a printable list of names and phone numbers is an export of personal data
        record("export", instance=activity, object_repr=f"sign-in sheet: {activity}")
    return render(
        request,
        "visits/staff/signin_sheet.html",
        {
            "activity": activity,
            "registrations": registrations,
            "show_contacts": show_contacts,
            "blank_rows": range(5),
        },
    )


@require_POST
@staff_only
@no_store
def record_view(request, pk: int):
    activity = _activity(request, pk, write=True)
    form = RecordForm(request.POST)
    if form.is_valid():
        attendance.record_activity(activity, by=request.user, **form.cleaned_data)
        messages.success(request, _("The activity is recorded as held."))
        return redirect("visits:staff-activity", pk=pk)
    return render(
        request,
        "visits/staff/activity.html",
        _detail_context(request, activity, record_form=form),
        status=400,
    )


@require_POST
@staff_only
@no_store
def response_add(request, pk: int):
    activity = _activity(request, pk, write=True)
    form = ResponseForm(request.POST)
    if form.is_valid():
        attendance.add_response(activity, **form.cleaned_data)
        messages.success(request, _("The question and answer are recorded."))
        return redirect(reverse("visits:staff-activity", args=[pk]) + "#responses")
    return render(
        request,
        "visits/staff/activity.html",
        _detail_context(request, activity, response_form=form),
        status=400,
    )


@staff_only
def opinion_paper(request, pk: int):
    activity = _activity(request, pk, write=True)
    if request.method == "POST":
        form = PaperOpinionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                sheet = opinions.submit_opinion(
                    activity,
                    satisfaction=form.cleaned_data["satisfaction"],
                    suggestions=form.suggestions(),
                    channel=Channel.PAPER,
                    scan=form.cleaned_data["scan"],
                    by=request.user,
                    nonce=form.cleaned_data["nonce"] or None,
                )
            except ValidationError as exc:
                form.add_error("scan", exc.messages)
            else:
                messages.success(
                    request,
                    _("Opinion form saved. Lookup code for the representative: %(code)s")
                    % {"code": sheet.code},
                )
                return redirect("visits:staff-activity", pk=pk)
    else:
        import secrets

        form = PaperOpinionForm(initial={"nonce": secrets.token_urlsafe(16)})
    return render(request, "visits/staff/opinion_paper.html", {"activity": activity, "form": form})


@require_POST
@staff_only
@no_store
def media_upload(request, pk: int):
    activity = _activity(request, pk, write=True)
    form = MediaUploadForm(request.POST, request.FILES)
    xhr = request.headers.get("X-Requested-With") == "XMLHttpRequest"
    if form.is_valid():
        try:
            item = media.upload_media(
                activity,
                form.cleaned_data["file"],
                caption=form.cleaned_data["caption"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            text = _("Uploaded; it waits for the service center's review.")
            if item.date_flag:
                text += " " + _(
                    "Its capture date is far from the activity date: the reviewer will check it."
                )
            messages.success(request, text)
            url = reverse("visits:staff-activity", args=[pk]) + "#media"
            return JsonResponse({"ok": True, "redirect": url}) if xhr else redirect(url)
    if xhr:
        return JsonResponse(
            {"ok": False, "errors": [str(e) for errs in form.errors.values() for e in errs]},
            status=400,
        )
    return render(
        request,
        "visits/staff/activity.html",
        _detail_context(request, activity, upload_form=form),
        status=400,
    )


@staff_only
def opinion_scan(request, pk: int, form_pk: int):
    """Paper forms may carry a handwritten name: the scan is served only to staff who may see
    the activity, never from a public address."""
    activity = _activity(request, pk)
    sheet = get_object_or_404(OpinionForm, pk=form_pk, activity=activity)
    if not sheet.scan:
        raise Http404
    return media_response(sheet.scan.name, public=False)


# --- suggestions ------------------------------------------------------------------------------


def _suggestions(user):
    return rules.visible_suggestions(
        user, Suggestion.objects.select_related("activity__unit", "responsible_unit", "form")
    )


@staff_only
def suggestion_list(request):
    status = request.GET.get("status", "")
    suggestions = _suggestions(request.user).order_by("status", "id")
    if status in SuggestionStatus.values:
        suggestions = suggestions.filter(status=status)
    # ?unit= : the suggestions a unit must answer (the compliance page's evidence link).
    unit_id = parse_id(request.GET.get("unit", ""))
    unit = Unit.objects.filter(pk=unit_id).first() if unit_id else None
    if unit is not None:
        suggestions = suggestions.annotate(owner=unit_compliance.suggestion_owner()).filter(
            owner=unit.pk
        )
    return render(
        request,
        "visits/staff/suggestions.html",
        {
            "suggestions": suggestions,
            "statuses": SuggestionStatus.choices,
            "status": status,
            "unit": unit,
            "can_manage": rules.can_manage_suggestions(request.user),
            "can_answer": rules.can_answer_suggestions(request.user),
            "units": Unit.objects.implementing()
            if rules.can_manage_suggestions(request.user)
            else [],
        },
    )


@require_POST
@predicate_required(rules.can_manage_suggestions)
def suggestion_bulk(request):
    # A ticked id that is not a row id (tampered form) is ignored, not a server error.
    ids = [i for i in map(parse_id, request.POST.getlist("ids")) if i is not None]
    data = request.POST.copy()
    data.setlist("ids", [str(i) for i in ids])
    form = BulkStatusForm(data, ids=ids)
    if form.is_valid():
        n = opinions.set_suggestion_status(
            form.cleaned_data["ids"], form.cleaned_data["status"], by=request.user
        )
        skipped = len(form.cleaned_data["ids"]) - n
        messages.success(request, _("%(n)d suggestions changed.") % {"n": n})
        if skipped:
            messages.warning(
                request,
                _(
                    "%(n)d left unchanged: a suggestion needs a responsible unit to be assigned and an answer to be answered or closed."
                )
                % {"n": skipped},
            )
    else:
        messages.error(request, _("Tick at least one suggestion and choose the new status."))
    return redirect("visits:staff-suggestions")


@require_POST
@predicate_required(rules.can_manage_suggestions)
def suggestion_assign(request, pk: int):
    suggestion = rules.access_suggestion(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        opinions.assign_suggestion(
            suggestion,
            form.cleaned_data["responsible_unit"],
            due_date=form.cleaned_data["due_date"],
        )
        messages.success(request, _("Assigned."))
    else:
        messages.error(request, _("Choose the responsible unit."))
    return redirect("visits:staff-suggestions")


@require_POST
@staff_only
def suggestion_answer(request, pk: int):
    suggestion = rules.access_suggestion(request.user, pk, answer=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        opinions.answer_suggestion(suggestion, answer=form.cleaned_data["answer"], by=request.user)
        messages.success(request, _("Answered; the representative can read it with their code."))
    else:
        messages.error(request, _("Please write the answer the representative will read."))
    return redirect("visits:staff-suggestions")


# --- roster, 附件1, compliance --------------------------------------------------------------


@predicate_required(rules.can_manage_roster)
@no_store
def representative_list(request):
    reps = (
        rules.visible_representatives(request.user)
        .select_related("added_by_unit")
        .annotate(n=Count("registrations"))
        .order_by("id")
    )
    return render(
        request,
        "visits/staff/representatives.html",
        {"reps": reps, "show_contacts": rules.can_see_contacts(request.user)},
    )


def _attachment_rows(request, programme):
    return (
        _activities(request.user)
        .filter(programme=programme)
        .order_by("unit__sort_order", "unit__name", "starts_at")
    )


@staff_only
def attachment_1(request):
    programme = _programme()
    return render(
        request,
        "visits/staff/attachment_1.html",
        {
            "programme": programme,
            "rows": _attachment_rows(request, programme),
            "title": exports.title(programme),
            "note": exports.note(programme),
            "headings": exports.headings(),
        },
    )


@staff_only
def attachment_1_xlsx(request):
    programme = _programme()
    data = exports.attachment_1_xlsx(programme, list(_attachment_rows(request, programme)))
    record("export", model="visits.Activity", object_repr=f"Attachment 1 ({programme.year})")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="attachment-1-{programme.year}.xlsx"'
    return response


@staff_only
def compliance_view(request):
    programme = _programme()
    rows = unit_compliance.compliance(programme)
    if not sees_all(request.user):
        rows = [r for r in rows if r.unit.pk == request.user.unit_id]
    return render(request, "visits/staff/compliance.html", {"programme": programme, "rows": rows})
