"""Staff pages under /interviews/staff/: schedule, forms, crew (the control room: ``control``)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts import rules
from gongkai.accounts.rules import predicate_required
from gongkai.audit.services import record
from gongkai.interviews import exports, parts, services
from gongkai.interviews import rules as irules
from gongkai.interviews.forms import (
    BookForm,
    CrewForm,
    GuestPhotoForm,
    MoveForm,
    OutlineForm,
    OutlineReviewForm,
    PersonFormSet,
    PublicationForm,
    ReceiptFormForm,
    VideoForm,
)
from gongkai.interviews.models import Interview, Outline, ReceiptForm
from gongkai.lib.params import posted, uploaded
from gongkai.programmes.models import Programme
from gongkai.programmes.years import selected_programme


def _interviews():
    return Interview.objects.select_related(
        "unit",
        "programme",
        "slot",
        "host",
        "camera",
        "editor",
        "receipt",
        "outline",
        "recorded_video",
    ).prefetch_related("programme__deadlines")


def interview_view(
    predicate: Callable[[Any], bool] = irules.sees_interviews, *, write: bool = False
):
    """Sign-in required, ``predicate`` (403), then the interview fetched for the user (404)."""

    def decorator(view):
        @predicate_required(predicate)
        @wraps(view)
        def wrapped(request, pk: int, *args, **kwargs):
            interview = irules.access_interview(request.user, _interviews(), pk, write=write)
            return view(request, interview, *args, **kwargs)

        return wrapped

    return decorator


def error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _saved(
    request, interview: Interview, form: Any, save: Callable[[], object], message: str
) -> HttpResponse | None:
    """Run ``save`` (a service call on a valid form): on success flash ``message`` and go back
    to the interview's staff page; a refusal goes on the form (``None``: show it again)."""
    try:
        save()
    except ValidationError as exc:
        form.add_error(None, error_text(exc))
        return None
    messages.success(request, message)
    return redirect("interviews:staff-detail", pk=interview.pk)


def _form_page(request, template: str, context: dict[str, Any]) -> HttpResponse:
    """The form page again: 400 while its ``form`` carries errors."""
    return render(request, template, context, status=400 if context["form"].errors else 200)


def _programme(request) -> Programme | None:
    """The year the page shows: ``?year=`` or the current published year
    (``gongkai.programmes.years``); a draft only for the coordinators."""
    return selected_programme(
        request,
        Programme.objects.prefetch_related("slots__slot_units__unit", "deadlines", "guests__unit"),
    )


def _programme_or_404(request) -> Programme:
    programme = _programme(request)
    if programme is None:
        raise Http404
    return programme


@predicate_required(irules.sees_interviews)
def home(request):
    """The schedule overview: every interview the user may see, with its forms' states."""
    programme = _programme(request)
    interviews = irules.visible_interviews(request.user, _interviews().filter(programme=programme))
    book_form = None
    if irules.can_schedule(request.user) and programme is not None:
        book_form = BookForm(programme=programme)
    return render(
        request,
        "interviews/staff/home.html",
        {
            "programme": programme,
            "interviews": list(interviews),
            "book_form": book_form,
            "can_export_receipts": rules.sees_all(request.user),
            "can_export_schedule": rules.sees_all(request.user) or irules.is_media(request.user),
        },
    )


@require_POST
@predicate_required(irules.can_schedule)
def book(request):
    programme = _programme_or_404(request)
    form = BookForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            interview = services.book_interview(
                programme=programme,
                unit=form.cleaned_data["unit"],
                starts_at=form.cleaned_data["starts_at"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                topic=form.cleaned_data["topic"],
                venue=form.cleaned_data["venue"],
                by=request.user,
            )
        except ValidationError as exc:
            form.add_error("starts_at", error_text(exc))
        else:
            messages.success(request, _("The interview is booked."))
            return redirect("interviews:staff-detail", pk=interview.pk)
    interviews = irules.visible_interviews(request.user, _interviews().filter(programme=programme))
    return render(
        request,
        "interviews/staff/home.html",
        {
            "programme": programme,
            "interviews": list(interviews),
            "book_form": form,
            "can_export_receipts": True,
            "can_export_schedule": True,
        },
        status=400,
    )


def _status_steps(interview: Interview, user: Any) -> list[dict[str, Any]]:
    from gongkai.interviews.views.status import step_buttons

    return step_buttons(interview, user)


@interview_view()
def detail(request, interview: Interview):
    user = request.user
    can_write = rules.can_change_unit_work(user, interview.unit_id)
    outline = getattr(interview, "outline", None)
    return render(
        request,
        "interviews/staff/detail.html",
        {
            "interview": interview,
            "receipt": getattr(interview, "receipt", None),
            "people": list(interview.receipt.people.all()) if hasattr(interview, "receipt") else [],
            "outline": outline,
            "can_write": can_write,
            "move_form": MoveForm(
                initial={
                    "starts_at": interview.starts_at,
                    "duration_minutes": interview.duration_minutes,
                }
            )
            if can_write
            else None,
            "review_form": OutlineReviewForm()
            if outline is not None and irules.can_schedule(user)
            else None,
            # Other apps' figures beside the outline (a survey before the interview).
            "parts": parts.render_parts(request, interview, ("outline",)),
            "can_crew": irules.can_crew(user),
            "guests": interview.guests(),
            "guest_photo_form": GuestPhotoForm() if irules.can_crew(user) else None,
            "can_read_forms": irules.reads_unit_forms(user),
            "can_run_live": irules.can_run_live(user),
            "status_steps": _status_steps(interview, user),
            "status_changes": list(interview.status_changes.select_related("by")),
            "publication_form": PublicationForm(
                initial={
                    "stream_url": interview.stream_url,
                    "links": "\n".join(
                        f"{link.title} {link.url}" for link in interview.links.all()
                    ),
                }
            )
            if irules.can_schedule(user)
            else None,
            "video_form": VideoForm() if irules.can_crew(user) else None,
        },
    )


@require_POST
@interview_view(write=True)
def move(request, interview: Interview):
    form = MoveForm(request.POST)
    if form.is_valid():
        try:
            services.move_interview(
                interview,
                starts_at=form.cleaned_data["starts_at"],
                duration_minutes=form.cleaned_data["duration_minutes"],
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("The interview time is changed."))
    else:
        messages.error(request, _("Please give a valid start time and duration."))
    return redirect("interviews:staff-detail", pk=interview.pk)


@interview_view(irules.can_crew)
def crew(request, interview: Interview):
    form = CrewForm(posted(request), instance=interview)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _saved(
            request,
            interview,
            form,
            lambda: services.assign_crew(
                interview,
                venue=data["venue"],
                host=data["host"],
                camera=data["camera"],
                editor=data["editor"],
                by=request.user,
                names={role: data[f"{role}_name"] for role in ("host", "camera", "editor")},
            ),
            _("Venue and crew are saved."),
        )
        if done is not None:
            return done
    return _form_page(request, "interviews/staff/crew.html", {"interview": interview, "form": form})


@interview_view(write=True)
def receipt_edit(request, interview: Interview):
    receipt: ReceiptForm | None = getattr(interview, "receipt", None)
    people_initial = (
        [
            {"role": p.role, "name": p.name, "title": p.title, "introduction": p.introduction}
            for p in receipt.people.all()
        ]
        if receipt
        else [{"role": "guest"}]
    )
    if request.method == "POST":
        form = ReceiptFormForm(
            request.POST, request.FILES, instance=receipt, has_scan=bool(receipt and receipt.scan)
        )
        people = PersonFormSet(request.POST, prefix="people")
        if form.is_valid() and people.is_valid():
            rows = [f.cleaned_data for f in people.forms if f.cleaned_data]
            data = form.cleaned_data
            done = _saved(
                request,
                interview,
                form,
                lambda: services.save_receipt_form(
                    interview,
                    topic=data["topic"],
                    fields={
                        k: data[k]
                        for k in (
                            "contact_name",
                            "contact_phone",
                            "contact_email",
                            "unit_head",
                            "notes",
                        )
                    },
                    people=rows,
                    scan=data.get("scan") or None,
                    by=request.user,
                ),
                _("The receipt form is saved."),
            )
            if done is not None:
                return done
    else:
        form = ReceiptFormForm(
            instance=receipt,
            initial={"topic": interview.topic},
            has_scan=bool(receipt and receipt.scan),
        )
        people = PersonFormSet(prefix="people", initial=people_initial)
    return render(
        request,
        "interviews/staff/receipt.html",
        {
            "interview": interview,
            "receipt": receipt,
            "form": form,
            "people": people,
            "deadline": interview.programme.deadline("receipt_form"),
        },
        status=400 if request.method == "POST" else 200,
    )


@interview_view(irules.reads_unit_forms)
def receipt_docx(request, interview: Interview):
    body = exports.receipt_docx(interview)
    record("export", instance=interview, user=request.user, object_repr="receipt.docx")
    response = HttpResponse(body, content_type=exports.DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="receipt-{interview.programme.year}-{interview.pk}.docx"'
    )
    return response


@predicate_required(rules.sees_all)
def receipts_xlsx(request):
    programme = _programme_or_404(request)
    interviews = _interviews().filter(programme=programme).prefetch_related("receipt__people")
    record("export", user=request.user, model="interviews.ReceiptForm", object_repr="receipts.xlsx")
    response = HttpResponse(exports.receipts_xlsx(programme, interviews), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="receipts-{programme.year}.xlsx"'
    return response


@predicate_required(lambda u: rules.sees_all(u) or irules.is_media(u))
def schedule_xlsx(request):
    programme = _programme_or_404(request)
    interviews = _interviews().filter(programme=programme)
    response = HttpResponse(
        exports.attachment2_xlsx(programme, interviews), content_type=exports.XLSX
    )
    response["Content-Disposition"] = f'attachment; filename="schedule-{programme.year}.xlsx"'
    return response


@interview_view(write=True)
def outline_edit(request, interview: Interview):
    outline: Outline | None = getattr(interview, "outline", None)
    form = OutlineForm(
        posted(request),
        uploaded(request),
        initial={"text": outline.text if outline else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = _saved(
            request,
            interview,
            form,
            lambda: services.submit_outline(
                interview, text=data["text"], file=data.get("file") or None, by=request.user
            ),
            _("The outline is submitted to the service center."),
        )
        if done is not None:
            return done
    return _form_page(
        request,
        "interviews/staff/outline.html",
        {
            "interview": interview,
            "outline": outline,
            "form": form,
            "deadline": interview.programme.deadline("interview_outline"),
        },
    )


@require_POST
@interview_view(irules.can_schedule)
def outline_review(request, interview: Interview):
    outline = getattr(interview, "outline", None)
    form = OutlineReviewForm(request.POST)
    if outline is None:
        messages.error(request, _("The unit has not submitted an outline yet."))
    elif form.is_valid():
        services.review_outline(
            outline,
            accept=form.cleaned_data["decision"] == "accept",
            comment=form.cleaned_data["comment"],
            by=request.user,
        )
        messages.success(request, _("The outline review is saved; the unit sees it."))
    else:
        messages.error(request, _("Please say what should change when asking for changes."))
    return redirect("interviews:staff-detail", pk=interview.pk)


@require_POST
@interview_view(irules.can_crew)
def video_upload(request, interview: Interview):
    form = VideoForm(request.POST, request.FILES)
    if form.is_valid():
        services.upload_video(interview, video=form.cleaned_data["video"], by=request.user)
        messages.success(
            request,
            _(
                "The video record is uploaded. It waits for the service center's review and "
                "appears on the portal once approved."
            ),
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("video", [])))
    return redirect("interviews:staff-detail", pk=interview.pk)


@require_POST
@interview_view(irules.can_schedule)
def publication(request, interview: Interview):
    form = PublicationForm(request.POST)
    if form.is_valid():
        services.set_publication(
            interview,
            stream_url=form.cleaned_data["stream_url"],
            links=form.cleaned_data["links"],
            by=request.user,
        )
        messages.success(request, _("Stream address and related documents are saved."))
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))
    return redirect("interviews:staff-detail", pk=interview.pk)


@predicate_required(lambda u: irules.can_crew(u))
def crew_calendar(request):
    """The media center's assignments by day (coordinators see every crewed interview)."""
    interviews = _interviews().filter(starts_at__isnull=False)
    if irules.is_media(request.user):
        user = request.user
        interviews = interviews.filter(Q(host=user) | Q(camera=user) | Q(editor=user))
    else:
        interviews = interviews.exclude(
            host=None, camera=None, editor=None, host_name="", camera_name="", editor_name=""
        )
    return render(
        request,
        "interviews/staff/calendar.html",
        {"interviews": list(interviews.order_by("starts_at"))},
    )
