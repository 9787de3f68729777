"""Public pages of 走进政府: never a name, phone or ID number of a representative."""

from __future__ import annotations

import io
import secrets

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.lib import ratelimit
from gongkai.lib.forms import add_service_errors
from gongkai.portal.cache import public_page
from gongkai.publishing.models import ReviewStatus
from gongkai.visits import lookup as finding
from gongkai.visits.forms import (
    CheckInForm,
    LookupForm,
    OpinionFormForm,
    RegistrationLookupForm,
    SelfRegistrationForm,
)
from gongkai.visits.models import Activity, ActivityStatus, Registration, RegistrationStatus
from gongkai.visits.services import attendance, opinions, pool, registrations


@public_page
def index(request):
    activities = Activity.objects.public().for_lists().order_by("-starts_at")
    return render(request, "visits/index.html", {"activities": activities, "now": timezone.now()})


def _public_activity(pk: int) -> Activity:
    return get_object_or_404(Activity.objects.public().for_lists(), pk=pk)


@public_page
def activity_detail(request, pk: int):
    activity = _public_activity(pk)
    media = activity.media.filter(review_status=ReviewStatus.APPROVED).order_by("uploaded_at")
    return render(
        request,
        "visits/activity_detail.html",
        {
            "activity": activity,
            "media": media,
            "summary": opinions.opinion_summary(activity),
            "published_list": pool.published_list(activity),
            "responses": activity.responses.all(),
            "open": activity.status == ActivityStatus.PLANNED
            and activity.starts_at > timezone.now(),
        },
    )


def register(request, pk: int):
    activity = _public_activity(pk)
    if request.method == "POST":
        form = SelfRegistrationForm(request.POST)
        if form.is_valid():
            if not ratelimit.hit("visits-register", ratelimit.client_ip(request), 60, 3600):
                form.add_error(None, _("Too many attempts. Please try again in an hour."))
            else:
                data = form.cleaned_data
                try:
                    reg = registrations.self_register(
                        activity,
                        name=data["name"],
                        id_number=data["id_number"],
                        phone=data["phone"],
                        address=data["address"],
                        workplace=data["workplace"],
                        email=data["email"],
                        client_address=ratelimit.client_ip(request),
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    if getattr(reg, "contact_details_kept", False):
                        messages.info(
                            request,
                            _(
                                "You are already on the representatives' roster, so the contact details on record were kept: the confirmation and the reminder go to the phone number on record. If your details have changed, please ask the organising unit (tel. %(phone)s) to update them."
                            )
                            % {"phone": activity.contact_phone},
                        )
                    return redirect("visits:registration", code=reg.code)
    else:
        form = SelfRegistrationForm()
    return render(request, "visits/register.html", {"activity": activity, "form": form})


def registration(request, code: str):
    reg: Registration = get_object_or_404(
        Registration.objects.select_related("activity__unit"), code=code
    )
    return render(request, "visits/registration.html", {"reg": reg, "activity": reg.activity})


# Public forms that take a secret (a registration code, an ID number at check-in) or can be
# flooded (opinions) are limited per address. A room of representatives often shares one
# address (the venue's Wi-Fi), so the limits per activity are generous.
CHECKIN_LIMIT = (100, 3600)
OPINION_LIMIT = (100, 3600)
CANCEL_LIMIT = (20, 3600)
TOO_MANY = 429


def _allowed(request, scope: str, key: str, limit: tuple[int, int]) -> bool:
    count, window = limit
    return ratelimit.hit(scope, f"{ratelimit.client_ip(request)}:{key}", count, window)


@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request, code: str):
    """GET: what cancelling will do, and a button to do it; POST: cancel."""
    reg: Registration = get_object_or_404(
        Registration.objects.select_related("activity__unit"), code=code
    )
    if request.method != "POST":
        if reg.status == RegistrationStatus.CANCELLED:
            return redirect("visits:registration", code=code)
        return render(
            request, "visits/registration_cancel.html", {"reg": reg, "activity": reg.activity}
        )
    if not _allowed(request, "visits-cancel", "", CANCEL_LIMIT):
        messages.error(request, _("Too many attempts. Please try again in an hour."))
        return redirect("visits:registration", code=code)
    registrations.cancel_registration(reg)
    return redirect("visits:registration", code=code)


def checkin(request, token: str):
    activity: Activity = get_object_or_404(
        Activity.objects.select_related("unit"), checkin_token=token
    )
    done = None
    status = 200
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if not _allowed(request, "visits-checkin", token, CHECKIN_LIMIT):
            form.is_valid()  # keeps what was typed on the form
            form.add_error(None, _("Too many attempts. Please try again in an hour."))
            status = TOO_MANY
        elif form.is_valid():
            try:
                done = attendance.check_in_by_id(activity, form.cleaned_data["id_number"])
            except ValidationError as exc:
                add_service_errors(form, exc)
    else:
        form = CheckInForm()
    return render(
        request,
        "visits/checkin.html",
        {
            "activity": activity,
            "form": form,
            "done": done,
            # On a GET outside the activity day the page says when to come back, without a form.
            "closed": None
            if request.method == "POST"
            else attendance.checkin_closed_message(activity),
        },
        status=status,
    )


def opinion(request, token: str):
    activity: Activity = get_object_or_404(
        Activity.objects.select_related("unit"), opinion_token=token
    )
    status = 200
    if request.method == "POST":
        form = OpinionFormForm(request.POST)
        if not _allowed(request, "visits-opinion", token, OPINION_LIMIT):
            form.is_valid()  # keeps what was typed on the form
            form.add_error(None, _("Too many attempts. Please try again in an hour."))
            status = TOO_MANY
        elif form.is_valid():
            try:
                sheet = opinions.submit_opinion(
                    activity,
                    satisfaction=form.cleaned_data["satisfaction"],
                    suggestions=form.suggestions(),
                    nonce=form.cleaned_data["nonce"] or None,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)  # what was typed stays on the form
            else:
                return render(
                    request, "visits/opinion_done.html", {"activity": activity, "sheet": sheet}
                )
        closed = None
    else:
        form = OpinionFormForm(initial={"nonce": secrets.token_urlsafe(16)})
        closed = opinions.opinion_closed_message(activity)
    return render(
        request,
        "visits/opinion.html",
        {"activity": activity, "form": form, "closed": closed},
        status=status,
    )


LOOKUP_LIMIT = (60, 3600)


def lookup(request):
    """找回: a registration by its code, an opinion form's answers by its code, or one's
    registrations by mobile number and the ID number's last four characters."""
    sheet = matches = None
    form = LookupForm(request.GET if "code" in request.GET else None)
    person_form = RegistrationLookupForm(request.GET if "phone" in request.GET else None)
    status = 200
    for bound in (form, person_form):
        if not bound.is_bound or not bound.is_valid():
            continue
        if not _allowed(request, "visits-lookup", "", LOOKUP_LIMIT):
            bound.add_error(None, _("Too many attempts. Please try again in an hour."))
            status = TOO_MANY
        elif bound is form:
            found = finding.by_code(form.cleaned_data["code"])
            if isinstance(found, Registration):
                return redirect("visits:registration", code=found.code)
            if found is None:
                form.add_error(
                    "code", _("No registration or opinion form has this code. Please check it.")
                )
            sheet = found
        else:
            matches = finding.registrations_of(
                person_form.cleaned_data["phone"], person_form.cleaned_data["id_last4"]
            )
            if not matches:
                person_form.add_error(
                    None,
                    _(
                        "No registration matches this mobile number and ID number ending. Check "
                        "both, or call the unit that holds the activity."
                    ),
                )
    context = {
        "form": form,
        "person_form": person_form,
        "sheet": sheet,
        "registrations": matches,
    }
    return render(request, "visits/lookup.html", context, status=status)


def qr(request, what: str, token: str):
    field = {"checkin": "checkin_token", "opinion": "opinion_token"}.get(what)
    if field is None:
        raise Http404
    activity = get_object_or_404(Activity, **{field: token})
    url_name = "visits:checkin" if what == "checkin" else "visits:opinion"
    target = request.build_absolute_uri(reverse(url_name, args=[getattr(activity, field)]))
    image = qrcode.make(target, image_factory=qrcode.image.svg.SvgPathImage, box_size=12)
    buffer = io.BytesIO()
    image.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
