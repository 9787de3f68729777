"""Guests' photos on the interview pages: put up by the service center or the media center."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.interviews import rules as irules
from gongkai.interviews import services
from gongkai.interviews.forms import GuestPhotoForm
from gongkai.interviews.models import Interview, PersonRole, ReceiptPerson
from gongkai.interviews.views.staff import interview_view


@require_POST
@interview_view(irules.can_crew)
def guest_photo(request, interview: Interview, person_pk: int):
    try:
        person = ReceiptPerson.objects.get(
            pk=person_pk, receipt__interview=interview, role=PersonRole.GUEST
        )
    except ReceiptPerson.DoesNotExist as exc:
        raise Http404 from exc
    form = GuestPhotoForm(request.POST, request.FILES)
    if form.is_valid():
        services.set_guest_photo(person, photo=form.cleaned_data["photo"], by=request.user)
        messages.success(
            request,
            _("The photo of %(name)s is saved; the public page shows it.") % {"name": person.name},
        )
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("photo", [])))
    return redirect(reverse("interviews:staff-detail", args=[interview.pk]) + "#guests-title")
