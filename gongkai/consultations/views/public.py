"""The portal's 征集调查 column: the list, a consultation with its form while open, and its
results with the 采纳情况 after the window."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.consultations import conf, rules
from gongkai.consultations.forms import SendCodeForm, TakeForm
from gongkai.consultations.models import (
    Choice,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationStatus,
    Item,
    Phase,
)
from gongkai.consultations.services import feedback, taking
from gongkai.lib import ratelimit
from gongkai.portal.cache import public_page
from gongkai.security.media import media_response

PAGE_SIZE = 20
COOKIE_MAX_AGE = 365 * 24 * 3600


def public_consultations():
    return Consultation.objects.public().select_related("unit", "policy", "interview__unit")


def _public(pk: int) -> Consultation:
    return get_object_or_404(public_consultations(), pk=pk)


def _items(consultation: Consultation) -> list[Item]:
    return list(
        consultation.items.prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
        )
    )


@public_page
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Open ones first, then the newest."""
    now = timezone.now()
    rows = public_consultations().annotate(
        open_first=Case(
            When(
                status=ConsultationStatus.PUBLISHED,
                opens_at__lte=now,
                closes_at__gt=now,
                then=Value(0),
            ),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    rows = rows.order_by("open_first", "-opens_at", "-id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/index.html",
        {"page": page, "consultations": page.object_list, "now": now},
    )


def _take_page(
    request: HttpRequest,
    consultation: Consultation,
    form: TakeForm | None,
    *,
    status: int = 200,
    refusal: str = "",
    code_form: SendCodeForm | None = None,
) -> HttpResponse:
    phase = consultation.phase()
    responded = taking.has_responded(consultation, request.COOKIES.get(taking.DEVICE_COOKIE))
    if form is None and phase == Phase.OPEN and not responded:
        form = TakeForm(consultation=consultation, items=_items(consultation))
    if form is not None and form.is_bound:
        form.new_challenge()
    if code_form is None and consultation.phone_verification:
        code_form = SendCodeForm()
    context: dict[str, Any] = {
        "consultation": consultation,
        "phase": phase,
        "form": form if phase == Phase.OPEN and not responded else None,
        "responded": responded,
        "refusal": refusal,
        "code_form": code_form,
        "attachments": consultation.attachments.all(),
    }
    return render(request, "consultations/detail.html", context, status=status)


@never_cache
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _take_page(request, _public(pk), None)


@never_cache
@require_POST
def take(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    if consultation.phase() != Phase.OPEN:
        refusal = _("This consultation is not open for responses. Thank you for your interest.")
        return _take_page(request, consultation, None, status=409, refusal=refusal)
    form = TakeForm(request.POST, consultation=consultation, items=_items(consultation))
    ip_count, ip_window = conf.ip_limit()
    if not ratelimit.hit("consultations-ip", ratelimit.client_ip(request), ip_count, ip_window):
        minutes = max(1, ratelimit.retry_after(ip_window) // 60)
        refusal = _(
            "Many responses came from your network in a short time. Please wait about %(m)s "
            "minutes and send again; your answers are kept below."
        ) % {"m": minutes}
        response = _take_page(request, consultation, form, status=429, refusal=refusal)
        response["Retry-After"] = str(ratelimit.retry_after(ip_window))
        return response
    if taking.has_responded(consultation, request.COOKIES.get(taking.DEVICE_COOKIE)):
        refusal = " ".join(taking.duplicate_refusal().messages)
        return _take_page(request, consultation, None, status=409, refusal=refusal)
    if not form.is_valid():
        return _take_page(request, consultation, form, status=400)
    data = form.cleaned_data
    phone = data.get("phone", "")
    if consultation.phone_verification and not taking.check_code(
        consultation, phone, data.get("sms_code", "")
    ):
        form.add_error(
            "sms_code",
            _("The SMS code is wrong or has expired. Please ask for a new code and type it in."),
        )
        return _take_page(request, consultation, form, status=400)
    token = request.COOKIES.get(taking.DEVICE_COOKIE) or taking.new_device_token()
    try:
        taking.respond(
            consultation,
            form.items,
            device_token=token,
            answers=data,
            comment=data.get("comment", ""),
            phone=phone,
        )
    except taking.AlreadyResponded as exc:
        return _take_page(request, consultation, None, status=409, refusal=" ".join(exc.messages))
    except ValidationError as exc:
        return _take_page(request, consultation, None, status=409, refusal=" ".join(exc.messages))
    messages.success(
        request,
        _(
            "Thank you, your response is received. Comments are published after review; the "
            "results and the unit's answers appear here after the consultation closes."
        ),
    )
    response = redirect(consultation.get_absolute_url())
    response.set_cookie(
        taking.DEVICE_COOKIE,
        token,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


@never_cache
@require_POST
def send_code(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    if not consultation.phone_verification or consultation.phase() != Phase.OPEN:
        return redirect(consultation.get_absolute_url())
    code_form = SendCodeForm(request.POST)
    count, window = conf.code_limit()
    if not ratelimit.hit("consultations-code", ratelimit.client_ip(request), count, window):
        refusal = _("Too many codes were asked for from your network. Please try again later.")
        return _take_page(request, consultation, None, status=429, refusal=refusal)
    if not code_form.is_valid():
        return _take_page(request, consultation, None, status=400, code_form=code_form)
    phone = code_form.cleaned_data["phone"]
    if not taking.send_code(consultation, phone):
        refusal = _("No more codes can be sent to this phone today. Please try again tomorrow.")
        return _take_page(request, consultation, None, status=429, refusal=refusal)
    form = TakeForm(consultation=consultation, items=_items(consultation), initial={"phone": phone})
    messages.info(request, _("A code was sent to your phone. Type it in below."))
    return _take_page(request, consultation, form, code_form=code_form)


@public_page
@require_http_methods(["GET", "HEAD"])
def results(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    phase = consultation.phase()
    context: dict[str, Any] = {"consultation": consultation, "phase": phase}
    if phase in (Phase.CLOSED, Phase.FEEDBACK):
        context["results"] = feedback.results(consultation)
        context["responses"] = consultation.responses.count()
        context["comments"] = (
            Comment.objects.filter(consultation=consultation, status=CommentStatus.APPROVED)
            .select_related("item")
            .order_by("id")
        )
    return render(request, "consultations/results.html", context)


@require_GET
def attachment_file(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """An attachment's file: public with the consultation; before that, for the staff who may
    see the draft."""
    consultation: Consultation = get_object_or_404(
        Consultation.objects.select_related("unit"), pk=pk
    )
    attachment = get_object_or_404(
        consultation.attachments.select_related("consultation"), pk=attachment_id
    )
    if not rules.can_open_attachment(request.user, attachment):
        raise Http404
    return media_response(attachment.file.name, public=consultation.is_public)
