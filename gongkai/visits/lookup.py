"""Finding one's own registration or opinion form again, from the visits column.

A citizen has a code (from the SMS or the page after registering, or from the opinion form):
``by_code`` finds either. Without the code, the mobile number and the last four characters of
the ID number together find that person's registrations (both must match; nothing is said about
which one did not). Callers rate-limit per address."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from gongkai.visits.models import OpinionForm, Registration, Representative
from gongkai.visits.services import lookup_opinion, normalise_id_number, normalise_phone


def clean_code(code: str) -> str:
    return normalise_id_number(code)  # ASCII, upper case, trimmed: the same for any code


def by_code(code: str) -> Registration | OpinionForm | None:
    """The registration or the opinion form with this code, or None."""
    code = clean_code(code)
    if not code:
        return None
    registration = Registration.objects.filter(code=code).first()
    if registration is not None:
        return registration
    return lookup_opinion(code)


def registrations_of(phone: str, id_last4: str) -> QuerySet[Registration] | None:
    """The registrations of the person with this mobile number whose ID number ends with
    ``id_last4``, newest activity first; None when the input is not a phone and four characters."""
    try:
        phone = normalise_phone(phone)
    except ValidationError:
        return None
    last4 = normalise_id_number(id_last4)
    if len(last4) != 4:
        return None
    people = [
        rep.pk
        for rep in Representative.objects.filter(phone_last4=phone[-4:])
        if rep.phone == phone and rep.id_number.endswith(last4)
    ]
    return (
        Registration.objects.filter(representative__in=people)
        .select_related("activity__unit")
        .order_by("-activity__starts_at")
    )
