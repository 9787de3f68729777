"""The roster and the registration state machine: invitations, self-registration with its
limits, the waiting list and cancellation. Each public function is one transaction;
messages go out when it commits."""

from __future__ import annotations

import datetime as dt
import re
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.lib import locks, ratelimit
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.text import ascii_digits
from gongkai.security import notify
from gongkai.security.fields import blind_index
from gongkai.units.models import Unit
from gongkai.visits.models import (
    Activity,
    ActivityStatus,
    Registration,
    RegistrationStatus,
    Representative,
    Source,
)
from gongkai.visits.person_index import person_index, shared_person_index
from gongkai.visits.services.identity import (
    ADULT_AGE,
    age_on,
    birth_date_from_id,
    normalise_id_number,
    normalise_phone,
)


def _id_and_index(id_number: str) -> tuple[str, str]:
    """The ID number as stored and its blind index (by which the roster finds a person)."""
    id_number = normalise_id_number(id_number)
    return id_number, person_index(id_number)


def _locked_person(index: str) -> Representative | None:
    """The roster's person with this blind index, locked until the transaction ends."""
    return Representative.objects.select_for_update().filter(id_index=index).first()


@transaction.atomic
def save_representative(
    *,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    workplace: str = "",
    email: str = "",
    unit: Unit | None = None,
    now: dt.datetime | None = None,
    category: str | None = None,
    town: Unit | None = None,
    sector: str | None = None,
) -> Representative:
    """Find the person by ID number (blind index) or add them; their contact details are updated.
    Only call this once the person has consented."""
    id_number, index = _id_and_index(id_number)
    rep = _locked_person(index)
    if rep is None:
        rep = Representative(id_index=index, id_number=id_number, added_by_unit=unit)
    rep.name = name.strip()
    rep.phone_encrypted = phone
    rep.address = address
    rep.workplace = workplace
    rep.email = email
    rep.consent_at = now or timezone.now()
    # The pool's fields change only when given (a self-registration may leave them out).
    if category:
        rep.category = category
    if town is not None:
        rep.town = town
    if sector is not None:
        rep.sector = sector.strip()
    rep.save()
    return rep


INVITE_CHOICES = 50


def invite_candidates(
    activity: Activity, query: str = "", *, people: Any = None
) -> list[Representative]:
    """Roster people the unit may invite to the activity: everyone without a live (confirmed or
    waiting) registration for it, so someone whose registration was cancelled can be invited
    again. ``query`` finds people by name or by the last four digits of their phone; without
    it the most recently added come first. At most INVITE_CHOICES + 1 rows (one more than shown,
    so the page can say that there are more). One query, whatever the roster's size.
    ``people`` is the part of the roster the inviting user may see (``rules.visible_representatives``);
    by default everyone."""
    live = activity.registrations.exclude(status=RegistrationStatus.CANCELLED).values(
        "representative_id"
    )
    people = (Representative.objects.all() if people is None else people).exclude(pk__in=live)
    query = " ".join(ascii_digits(query or "").split())
    if query:
        match = Q(name__icontains=query)
        if re.fullmatch(r"[0-9]{4}", query):
            match |= Q(phone_last4=query)
        people = people.filter(match)
    return list(people.order_by("-id")[: INVITE_CHOICES + 1])


def _confirmed_count(activity: Activity) -> int:
    return activity.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def _lock(activity: Activity) -> Activity:
    """The activity, its row locked until the transaction ends: every change to its list
    (a registration, a cancellation, a promotion, a new capacity) takes this lock first, so
    the count of confirmed places is read and used by one request at a time. Always the
    activity before any of its registrations, so two of them never wait for each other.
    Only the activity's row: registrations for other activities go on meanwhile."""
    return (
        Activity.objects.select_for_update(of=("self",))  # not its unit's or programme's row
        .select_related("unit", "programme")
        .get(pk=activity.pk)
    )


def _notify_registration(reg: Registration) -> None:
    rep, activity = reg.representative, reg.activity
    when = timezone.localtime(activity.starts_at, COUNTY_TZ).strftime("%Y-%m-%d %H:%M")
    if reg.status == RegistrationStatus.CONFIRMED:
        text = _(
            "You are registered for the visit to %(unit)s on %(when)s at %(place)s. Please bring your ID card. Code: %(code)s"
        ) % {"unit": activity.unit.name, "when": when, "place": activity.place, "code": reg.code}
    else:
        text = _(
            "The visit to %(unit)s on %(when)s is full; you are on the waiting list and will get a message if a place frees up. Code: %(code)s"
        ) % {"unit": activity.unit.name, "when": when, "code": reg.code}
    text = f"{text} {_where_to_find(reg)}"
    notify.send_sms(rep.phone, text)
    notify.send_email(rep.email, _("Visit the government: registration"), text)


def _where_to_find(reg: Registration) -> str:
    """How the person gets back to the registration: its address when the site's address is
    configured (GONGKAI_SITE_URL), otherwise the lookup in the visits column."""
    from django.urls import reverse

    site = (getattr(settings, "GONGKAI_SITE_URL", "") or "").rstrip("/")
    if site:
        link = site + reverse("visits:registration", args=[reg.code])
        return _("To check or cancel: %(link)s") % {"link": link}
    return _("To check or cancel, look up the code in the portal's Visit the government column.")


def _place(activity: Activity, rep: Representative, source: str, now: dt.datetime) -> Registration:
    status = (
        RegistrationStatus.CONFIRMED
        if _confirmed_count(activity) < activity.capacity
        else RegistrationStatus.WAITING
    )
    reg = Registration(
        activity=activity,
        representative=rep,
        source=source,
        status=status,
        year=activity.programme.year,
        id_index=rep.id_index,
        created_at=now,
        confirmed_at=now if status == RegistrationStatus.CONFIRMED else None,
    )
    try:
        with transaction.atomic():
            reg.save()
    except IntegrityError as exc:
        if source == Source.SELF:
            raise _self_registration_refused(activity) from exc
        raise ValidationError(
            _(
                "This person is already registered for this activity or has already registered for another activity this year."
            ),
            code="duplicate",
        ) from exc
    transaction.on_commit(lambda: _notify_registration(reg))
    return reg


@transaction.atomic
def invite(
    activity: Activity, rep: Representative, *, by: Any, now: dt.datetime | None = None
) -> Registration:
    """定向邀请: the unit invites someone; invitations are not limited to one a year."""
    activity = _lock(activity)
    if (
        activity.registrations.filter(representative=rep)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise ValidationError(
            _("This person is already on the list for this activity."), code="duplicate"
        )
    from gongkai.visits.services.pool import check_rotation

    check_rotation(activity, rep)  # the county's rotation rule (代表库)
    return _place(activity, rep, Source.INVITED, now or timezone.now())


def _checked_person(activity: Activity, *, id_number: str, phone: str) -> str:
    """The phone, normalised, once the ID number is valid and its holder is an adult on the
    activity day; else one ValidationError naming each wrong field."""
    errors: dict[str, list[str]] = {}
    try:
        phone = normalise_phone(phone)
    except ValidationError as exc:
        errors["phone"] = exc.messages
    try:
        birth = birth_date_from_id(id_number)
        if age_on(birth, activity.day) < ADULT_AGE:
            errors["id_number"] = [
                _("Representatives must be at least 18 years old on the day of the activity.")
            ]
    except ValidationError as exc:
        errors["id_number"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return phone


@transaction.atomic
def invite_by_hand(
    activity: Activity,
    *,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    workplace: str = "",
    email: str = "",
    by: Any,
    now: dt.datetime | None = None,
    category: str | None = None,
    town: Unit | None = None,
    sector: str | None = None,
) -> Registration:
    """定向邀请 of someone typed in by the unit: check the ID number, the age on the activity day
    and the phone, add or update the roster entry and invite, all in one transaction, so a refused
    invitation (already on the list, ...) leaves the roster as it was."""
    now = now or timezone.now()
    phone = _checked_person(activity, id_number=id_number, phone=phone)
    rep = save_representative(
        name=name,
        id_number=id_number,
        phone=phone,
        address=address,
        workplace=workplace,
        email=email,
        unit=activity.unit,
        now=now,
        category=category,
        town=town,
        sector=sector,
    )
    return invite(activity, rep, by=by, now=now)


def registrations_per_phone() -> int:
    """Self-registrations one mobile number may make in a programme year."""
    return int(getattr(settings, "GONGKAI_REGISTRATIONS_PER_PHONE_PER_YEAR", 2))


def registrations_per_address() -> int:
    """Self-registrations accepted from one network address in a day."""
    return int(getattr(settings, "GONGKAI_REGISTRATIONS_PER_ADDRESS_PER_DAY", 10))


def _self_registration_refused(activity: Activity) -> ValidationError:
    """One answer for every refusal that depends on someone's data (the ID number registered
    this year, on the roster under another name, the phone used up): the public form must not
    tell a stranger whether an ID number or a phone number is known."""
    return ValidationError(
        _(
            "This registration cannot be accepted. Each person may register themselves for one activity a year, and one mobile number may be used for at most %(limit)d registrations a year. This page cannot say more about an ID number or a phone number. If you think this is a mistake, please call the organising unit (%(unit)s, tel. %(phone)s); a unit may also invite you."
        )
        % {
            "limit": registrations_per_phone(),
            "unit": activity.unit.name,
            "phone": activity.contact_phone,
        },
        code="refused",
    )


def _registrations_with_phone(phone: str, year: int) -> int:
    """Live self-registrations of the year whose person has this phone on record. The phone is
    encrypted, so the rows are found by its last four digits and compared decrypted."""
    regs = (
        Registration.objects.filter(
            year=year, source=Source.SELF, representative__phone_last4=phone[-4:]
        )
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("representative")
    )
    return sum(1 for reg in regs if reg.representative.phone == phone)


@transaction.atomic
def self_register(
    activity: Activity,
    *,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    workplace: str = "",
    email: str = "",
    client_address: str | None = None,
    now: dt.datetime | None = None,
) -> Registration:
    """自主报名: adult, living in the county, one self-registration per person per year, at most
    ``registrations_per_phone()`` per mobile number a year and, when ``client_address`` (the
    sender's network address) is given, ``registrations_per_address()`` from it a day.
    Raises ValidationError and stores nothing when a rule is broken; refusals that depend on
    other people's data all read the same (``_self_registration_refused``)."""
    now = now or timezone.now()
    activity = _lock(activity)
    if activity.status != ActivityStatus.PLANNED or activity.starts_at <= now:
        raise ValidationError(
            _("Registration for this activity has closed. Please choose another activity.")
        )
    phone = _checked_person(activity, id_number=id_number, phone=phone)
    id_number, index = _id_and_index(id_number)
    year = activity.programme.year
    # One self-registration a year per person: within the county, or across every county when
    # the deployment shares one lookup hash (the schema's constraint is on the hash and year).
    registrations = Registration._base_manager if shared_person_index() else Registration.objects
    if (
        registrations.filter(id_index=index, year=year, source=Source.SELF)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise _self_registration_refused(activity)
    # Self-registrations with one phone may be for different activities (different row locks):
    # counted and added under a lock of the phone's own, so two sent together are counted one
    # after the other (issue 13, item 14). The lock is named by the phone's blind index.
    locks.hold(f"visits-self-registration-phone:{year}:{blind_index(phone)}")
    if _registrations_with_phone(phone, year) >= registrations_per_phone():
        raise _self_registration_refused(activity)
    rep, kept = _self_registering_person(
        activity,
        name=name,
        id_number=id_number,
        phone=phone,
        address=address,
        workplace=workplace,
        email=email,
        now=now,
    )
    # Counted last, so only registrations that would be accepted use up the address's quota.
    if client_address is not None and not ratelimit.hit(
        "visits-register-address", client_address, registrations_per_address(), 24 * 3600
    ):
        raise ValidationError(
            _(
                "Too many registrations have been sent from this network today. Please try again tomorrow, or call the organising unit (tel. %(phone)s) to register."
            )
            % {"phone": activity.contact_phone},
            code="address_limit",
        )
    reg = _place(activity, rep, Source.SELF, now)
    # Read by the view to tell the person that the details on record were kept.
    reg.contact_details_kept = kept
    return reg


def same_name(a: str, b: str) -> bool:
    """Names compared as a person would: spaces and letter case do not matter."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _self_registering_person(
    activity: Activity,
    *,
    name: str,
    id_number: str,
    phone: str,
    address: str,
    workplace: str,
    email: str,
    now: dt.datetime,
) -> tuple[Representative, bool]:
    """The roster entry for a self-registration, and whether details on record were kept.

    The public form proves nothing about who is typing: anyone who knows an ID number could
    otherwise rename the roster entry or point it at their own phone, and the units' invitations
    and reminders would then go to them. So an existing person is never changed from here:

    - a different name is refused (the person is told to call the unit, who can check the
      roster and correct it in person);
    - with the same name, the stored contact details and the consent on record are kept and the
      new phone, e-mail and address are **not stored anywhere** (not even on the registration):
      an unverified phone would still receive the confirmation and the reminder meant for the
      person on record. The page tells them that messages go to the number on record and that
      the unit updates it on request.
    """
    id_number, index = _id_and_index(id_number)
    rep = _locked_person(index)
    if rep is None:
        rep = Representative(
            id_index=index,
            id_number=id_number,
            name=" ".join(name.split()),
            phone_encrypted=phone,
            address=address,
            workplace=workplace,
            email=email,
            consent_at=now,
        )
        try:
            with transaction.atomic():
                rep.save()
        except IntegrityError as exc:  # the same ID number registered in the same instant
            raise ValidationError(
                _("Your registration could not be saved. Please send the form again.")
            ) from exc
        return rep, False
    if not same_name(rep.name, name):
        raise _self_registration_refused(activity)
    kept = (phone, email.strip().lower(), address.strip(), workplace.strip()) != (
        rep.phone,
        (rep.email or "").strip().lower(),
        rep.address.strip(),
        rep.workplace.strip(),
    )
    return rep, kept


@transaction.atomic
def promote_waiting(activity: Activity, now: dt.datetime | None = None) -> list[Registration]:
    """Move people up from the waiting list, first come first served, while there is room."""
    activity = _lock(activity)
    now = now or timezone.now()
    free = activity.capacity - _confirmed_count(activity)
    promoted: list[Registration] = []
    if free <= 0:
        return promoted
    waiting = (
        activity.registrations.filter(status=RegistrationStatus.WAITING)
        .select_related("representative", "activity__unit")
        .order_by("created_at", "id")[:free]
    )
    for reg in waiting:
        reg.status = RegistrationStatus.CONFIRMED
        reg.confirmed_at = now
        reg.save(update_fields=["status", "confirmed_at"])
        promoted.append(reg)
        transaction.on_commit(partial(_notify_registration, reg))
    return promoted


@transaction.atomic
def cancel_registration(reg: Registration, *, now: dt.datetime | None = None) -> list[Registration]:
    """Cancel; the first person on the waiting list moves up automatically."""
    # The activity first, then the registration (the order every change of the list takes):
    # cancelling a waiting registration while another cancellation promotes it cannot deadlock.
    _lock(Activity(pk=reg.activity_id))
    reg = Registration.objects.select_for_update().get(pk=reg.pk)
    if reg.status == RegistrationStatus.CANCELLED:
        return []
    reg.status = RegistrationStatus.CANCELLED
    reg.cancelled_at = now or timezone.now()
    reg.save(update_fields=["status", "cancelled_at"])
    return promote_waiting(reg.activity, now)
