"""What the staff pages of 走进政府 share: the access decorator, the current programme, the
activities and registrations a user may see or change, and the activity page's context."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gongkai.accounts.rules import predicate_required
from gongkai.programmes.models import Programme
from gongkai.programmes.years import selected_programme
from gongkai.visits import rules
from gongkai.visits.forms import InviteForm, MediaUploadForm, RecordForm, ResponseForm
from gongkai.visits.models import Activity, ActivityStatus, Registration, RegistrationStatus
from gongkai.visits.services import pool, registrations

staff_only = predicate_required(rules.can_use_visits)


def current_programme(request) -> Programme:
    """The year the page shows: ``?year=`` or the current published year
    (``gongkai.programmes.years``); a draft only for the coordinators."""
    programme = selected_programme(
        request, Programme.objects.prefetch_related("tracks", "deadlines", "attachments")
    )
    if programme is None:
        raise PermissionDenied
    return programme


def user_activities(user):
    return rules.visible_activities(user, Activity.objects.for_lists())


def get_activity(request, pk: int, *, write: bool = False) -> Activity:
    return rules.access_activity(request.user, pk, Activity.objects.for_lists(), write=write)


def with_contacts(user, activity: Activity, registrations) -> list[Registration]:
    """The registrations, each marked with whether ``user`` sees its phone and ID number in
    full (``rules.full_contact_ids``): the masking rule holds row by row."""
    registrations = list(registrations)
    full = rules.full_contact_ids(user, activity, (r.representative_id for r in registrations))
    for reg in registrations:
        reg.full_contacts = reg.representative_id in full
    return registrations


# The activity page follows the day in three steps (tabs, ``?step=``): getting ready (plan,
# roster, invitations), the day itself (check-in, QR codes, the record) and afterwards
# (questions and answers, opinion forms, photos and video).
STEPS = ("before", "day", "after")
STEP_LABELS = {
    "before": gettext_lazy("Before: plan and roster"),
    "day": gettext_lazy("On the day: check-in and record"),
    "after": gettext_lazy("Afterwards: answers, opinions, media"),
}
# A form shown again with its errors opens the step it belongs to.
FORM_STEPS = {
    "invite_form": "before",
    "record_form": "day",
    "response_form": "after",
    "upload_form": "after",
}


def activity_url(pk: int, step: str, anchor: str = "") -> str:
    """The activity page at ``step`` (and ``anchor``): where an action sends the user back."""
    url = reverse("visits:staff-activity", args=[pk]) + f"?step={step}"
    return url + (f"#{anchor}" if anchor else "")


def current_step(request, activity: Activity, extra: dict) -> str:
    step = request.GET.get("step")
    if step in STEPS:
        return step
    for key, form_step in FORM_STEPS.items():
        if key in extra:
            return form_step
    if activity.status != ActivityStatus.PLANNED:
        return "after"
    today = timezone.localdate()
    return "before" if today < activity.day else ("day" if today == activity.day else "after")


def detail_context(request, activity: Activity, **extra) -> dict:
    registrations = with_contacts(
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
        "categories": pool.category_check(activity),
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
    step = current_step(request, activity, extra)
    ctx["step"] = step
    ctx["steps"] = [(key, STEP_LABELS[key], activity_url(activity.pk, key)) for key in STEPS]
    return ctx


def _roster_context(request, activity: Activity, can_change: bool) -> dict:
    """The invite dropdown: searched by name or the phone's last four digits (GET ``q``)."""
    if not can_change:
        return {"roster": [], "roster_query": "", "roster_more": False}
    query = request.GET.get("q", "")[:50].strip()
    people = registrations.invite_candidates(
        activity, query, people=rules.visible_representatives(request.user)
    )
    roster: list[Any] = list(people[: registrations.INVITE_CHOICES])
    # The dropdown names a person in full to whom the masking rule shows the full details
    # (the service center; a unit for its own roster and activity); masked for everyone else.
    full = rules.full_contact_ids(request.user, activity, (p.pk for p in roster))
    for person in roster:
        person.show_name = person.pk in full
    pool.candidate_hints(activity, roster)  # 代表库: last taken part, field match, limit
    return {
        "roster": roster,
        "roster_query": query,
        "roster_more": len(people) > registrations.INVITE_CHOICES,
    }


def get_registration(request, pk: int, reg_pk: int) -> Registration:
    activity = get_activity(request, pk, write=True)
    return get_object_or_404(
        Registration.objects.select_related("activity"), pk=reg_pk, activity=activity
    )
