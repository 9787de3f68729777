"""Business actions for 走进政府. Each public function is one transaction; notifications go out
when the transaction commits."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Min, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core import notify
from gongkai.core.fields import ascii_digits, blind_index
from gongkai.lib import ratelimit, uploads
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.programmes.models import Programme, TrackKind
from gongkai.publishing.models import ReviewStatus
from gongkai.units.models import Unit
from gongkai.visits.models import (
    Activity,
    ActivityStatus,
    Channel,
    Media,
    MediaKind,
    OpinionForm,
    Registration,
    RegistrationStatus,
    ReminderLog,
    Representative,
    Response,
    Source,
    Suggestion,
    SuggestionStatus,
)
from gongkai.workdays.dates import add_workdays

ADULT_AGE = 18
# A suggestion is answered within 10 working days of its assignment (the county's calendar,
# /staff/workdays/, so holidays and swapped weekends count as they are).
SUGGESTION_ANSWER_WORKING_DAYS = 10
EXIF_TOLERANCE_DAYS = 2
# The QR check-in link opens this long before the activity starts (and closes at the end of
# the activity day, county time).
CHECKIN_OPENS_BEFORE = dt.timedelta(hours=2)
PHOTO_MAX = 20 * uploads.MB
VIDEO_MAX = 1024 * uploads.MB
# ASCII digits only: ``\d`` would accept every Unicode digit (full-width, Arabic-Indic, ...), and
# one ID number could then be registered under several spellings. Input goes through
# ``ascii_digits`` first, so a full-width number is read as the same number.
PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")
ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


# --- checks -------------------------------------------------------------------------------


def id_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def normalise_id_number(id_number: str) -> str:
    """The one written form of an ID number that is checked, hashed and stored: ASCII digits,
    upper-case X, no surrounding spaces."""
    return ascii_digits(id_number or "").strip().upper()


def birth_date_from_id(id_number: str) -> dt.date:
    """Validate an 18-digit resident ID number (GB 11643) and return the birth date."""
    value = normalise_id_number(id_number)
    if not ID_RE.fullmatch(value):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a final digit or X. Please check it."),
            code="id_format",
        )
    if id_check_digit(value[:17]) != value[17]:
        raise ValidationError(
            _(
                "This ID number's last character does not match the others. Please check each digit on the ID card."
            ),
            code="id_check",
        )
    try:
        return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise ValidationError(
            _("The birth date inside this ID number is not a real date. Please check it."),
            code="id_date",
        ) from exc


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def normalise_phone(phone: str) -> str:
    value = re.sub(r"[\s-]", "", ascii_digits(phone or ""))
    if not PHONE_RE.fullmatch(value):
        raise ValidationError(
            _("Please enter an 11-digit mobile number starting with 1, for example 13800001234."),
            code="phone",
        )
    return value


def visit_window(programme: Programme):
    return next((t for t in programme.tracks.all() if t.kind == TrackKind.VISITS), None)


# --- plans (附件1) -------------------------------------------------------------------------


def check_plan_date(programme: Programme, starts_at: dt.datetime) -> None:
    window = visit_window(programme)
    day = timezone.localtime(starts_at, COUNTY_TZ).date()
    if window and not window.contains(day):
        raise ValidationError(
            {
                "starts_at": _(
                    "The activity must take place between %(start)s and %(end)s. Please choose a date inside that window."
                )
                % {"start": window.start.isoformat(), "end": window.end.isoformat()}
            }
        )


@transaction.atomic
def submit_plan(
    programme: Programme, unit: Unit, *, by: Any, now: dt.datetime | None = None, **fields
) -> Activity:
    """Add an activity to the unit's plan. Late plans are accepted and marked late."""
    check_plan_date(programme, fields["starts_at"])
    fields.setdefault("capacity", programme.representative_target)
    activity = Activity(
        programme=programme, unit=unit, submitted_at=now or timezone.now(), **fields
    )
    activity.full_clean(exclude=["checkin_token", "opinion_token"])
    activity.save()
    return activity


@transaction.atomic
def update_plan(activity: Activity, *, by: Any, **fields) -> Activity:
    if "starts_at" in fields:
        check_plan_date(activity.programme, fields["starts_at"])
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save()
    promote_waiting(activity)
    return activity


def plan_completion(programme: Programme) -> dict[int, dt.datetime]:
    """Workbench completion source: when each unit first submitted a plan."""
    rows = (
        Activity.objects.filter(programme=programme)
        .values("unit_id")
        .annotate(first=Min("submitted_at"))
    )
    return {row["unit_id"]: row["first"] for row in rows}


def units_without_plan(programme: Programme):
    return (
        programme.participants.exclude(visit_activities__programme=programme)
        .order_by("sort_order", "name")
        .distinct()
    )


# --- representatives and registrations ------------------------------------------------------


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
) -> Representative:
    """Find the person by ID number (blind index) or add them; their contact details are updated.
    Only call this once the person has consented."""
    id_number = normalise_id_number(id_number)
    index = blind_index(id_number)
    rep = Representative.objects.select_for_update().filter(id_index=index).first()
    if rep is None:
        rep = Representative(id_index=index, id_number=id_number, added_by_unit=unit)
    rep.name = name.strip()
    rep.phone_encrypted = phone
    rep.address = address
    rep.workplace = workplace
    rep.email = email
    rep.consent_at = now or timezone.now()
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
    return (
        Activity.objects.select_for_update().select_related("unit", "programme").get(pk=activity.pk)
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
    notify.send_sms(rep.phone, text)
    notify.send_email(rep.email, _("Visit the government: registration"), text)


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
    id_number = normalise_id_number(id_number)
    index = blind_index(id_number)
    year = activity.programme.year
    if (
        Registration.objects.filter(id_index=index, year=year, source=Source.SELF)
        .exclude(status=RegistrationStatus.CANCELLED)
        .exists()
    ):
        raise _self_registration_refused(activity)
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
    id_number = normalise_id_number(id_number)
    index = blind_index(id_number)
    rep = Representative.objects.select_for_update().filter(id_index=index).first()
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
    reg = Registration.objects.select_for_update().get(pk=reg.pk)
    if reg.status == RegistrationStatus.CANCELLED:
        return []
    reg.status = RegistrationStatus.CANCELLED
    reg.cancelled_at = now or timezone.now()
    reg.save(update_fields=["status", "cancelled_at"])
    return promote_waiting(reg.activity, now)


@transaction.atomic
def check_in(reg: Registration, *, by: Any = None, now: dt.datetime | None = None) -> Registration:
    if reg.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed representatives can be checked in."))
    if reg.checked_in_at is None:
        reg.checked_in_at = now or timezone.now()
        reg.checked_in_by = by if getattr(by, "is_authenticated", False) else None
        reg.save(update_fields=["checked_in_at", "checked_in_by"])
    return reg


def _county_day_end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=COUNTY_TZ)


def checkin_closed_message(activity: Activity, now: dt.datetime | None = None) -> str | None:
    """Why the QR check-in link does not accept check-ins right now, or None when it does.

    The link is on a poster at the door, so it must not work days before or after: it opens
    CHECKIN_OPENS_BEFORE the start and closes at the end of the activity day (county time).
    Staff ticking the list are not limited (they may tick someone in afterwards)."""
    now = now or timezone.now()
    if activity.status == ActivityStatus.CANCELLED:
        return _("This activity has been cancelled, so there is nothing to check in to.")
    opens = activity.starts_at - CHECKIN_OPENS_BEFORE
    closes = max(_county_day_end(activity.day), activity.ends_at or activity.starts_at)
    if now < opens:
        local = timezone.localtime(opens, COUNTY_TZ)
        return _("Check-in opens at %(time)s on %(date)s. Please scan the code again then.") % {
            "time": local.strftime("%H:%M"),
            "date": local.date().isoformat(),
        }
    if now >= closes:
        return _(
            "Check-in for this activity closed at the end of %(date)s. If you attended, please ask the unit's staff to tick you on the list."
        ) % {"date": activity.day.isoformat()}
    return None


def opinion_closed_message(activity: Activity, now: dt.datetime | None = None) -> str | None:
    """Why the opinion link does not take forms yet, or None: it opens on the activity day."""
    today = timezone.localtime(now or timezone.now(), COUNTY_TZ).date()
    if activity.status == ActivityStatus.CANCELLED:
        return _("This activity has been cancelled, so it takes no opinion forms.")
    if today < activity.day:
        return _(
            "The opinion form opens on %(date)s, the day of the activity. Please come back after the activity."
        ) % {"date": activity.day.isoformat()}
    return None


@transaction.atomic
def check_in_by_id(
    activity: Activity, id_number: str, *, now: dt.datetime | None = None
) -> Registration:
    """Self check-in after scanning the activity's QR code: the ID number identifies the person.
    Only accepted on the activity day (``checkin_closed_message``)."""
    now = now or timezone.now()
    closed = checkin_closed_message(activity, now)
    if closed:
        raise ValidationError(closed, code="checkin_closed")
    index = blind_index(normalise_id_number(id_number))
    reg = (
        activity.registrations.filter(id_index=index, status=RegistrationStatus.CONFIRMED)
        .select_related("representative")
        .first()
    )
    if reg is None:
        raise ValidationError(
            {
                "id_number": [
                    _(
                        "We could not find a confirmed registration with this ID number for this activity. Please ask the staff at the door."
                    )
                ]
            }
        )
    return check_in(reg, now=now)


@transaction.atomic
def record_activity(
    activity: Activity, *, leader_stayed: bool, attendance: int | None, held_note: str, by: Any
) -> Activity:
    activity.leader_stayed = leader_stayed
    activity.attendance = (
        attendance
        if attendance is not None
        else activity.registrations.filter(checked_in_at__isnull=False).count()
    )
    activity.held_note = held_note
    activity.status = ActivityStatus.HELD
    activity.recorded_at = timezone.now()
    activity.save()
    return activity


@transaction.atomic
def add_response(
    activity: Activity, *, question: str, answer: str, answered_by: str = ""
) -> Response:
    return Response.objects.create(
        activity=activity, question=question, answer=answer, answered_by=answered_by
    )


# --- opinions -------------------------------------------------------------------------------


@transaction.atomic
def submit_opinion(
    activity: Activity,
    *,
    satisfaction: str,
    suggestions: list[str],
    channel: str = Channel.PHONE,
    scan=None,
    nonce: str | None = None,
    by: Any = None,
    now: dt.datetime | None = None,
) -> OpinionForm:
    texts = [t.strip() for t in suggestions if t and t.strip()]
    if nonce:
        existing = OpinionForm.objects.filter(nonce=nonce).first()
        if existing:
            return existing
    if channel == Channel.PHONE:
        # The link (QR code) is open from the activity day on; staff type paper forms in later.
        closed = opinion_closed_message(activity, now)
        if closed:
            raise ValidationError(closed, code="opinion_closed")
    if channel == Channel.PAPER and scan is not None:
        uploads.validate_scan(scan)
    form = OpinionForm.objects.create(
        activity=activity,
        channel=channel,
        satisfaction=satisfaction,
        scan=scan or "",
        nonce=nonce or None,
        entered_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Suggestion.objects.bulk_create(
        [Suggestion(form=form, activity=activity, text=t) for t in texts]
    )
    return form


@transaction.atomic
def assign_suggestion(
    suggestion: Suggestion,
    unit: Unit,
    *,
    due_date: dt.date | None = None,
    today: dt.date | None = None,
) -> Suggestion:
    today = today or timezone.localdate()
    suggestion.responsible_unit = unit
    suggestion.due_date = due_date or add_workdays(today, SUGGESTION_ANSWER_WORKING_DAYS)
    if suggestion.status == SuggestionStatus.OPEN:
        suggestion.status = SuggestionStatus.ASSIGNED
    suggestion.save()
    return suggestion


@transaction.atomic
def answer_suggestion(suggestion: Suggestion, *, answer: str, by: Any) -> Suggestion:
    if not answer.strip():
        raise ValidationError(
            {"answer": [_("Please write the answer the representative will read.")]}
        )
    if suggestion.responsible_unit_id is None and getattr(by, "unit_id", None):
        suggestion.responsible_unit_id = by.unit_id
    suggestion.answer = answer.strip()
    suggestion.answered_at = timezone.now()
    suggestion.status = SuggestionStatus.ANSWERED
    suggestion.save()
    return suggestion


@transaction.atomic
def set_suggestion_status(ids: list[int], status: str, *, by: Any) -> int:
    """Bulk status change by the service center. Answering needs an answer, so a suggestion
    without one cannot be set to answered or closed in bulk."""
    if status not in SuggestionStatus.values:
        raise ValidationError(_("Unknown status."))
    rows = list(Suggestion.objects.select_for_update().filter(pk__in=ids))
    now = timezone.now()
    changed = 0
    for s in rows:
        if status in (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED) and not s.answer:
            continue
        if status == SuggestionStatus.ASSIGNED and s.responsible_unit_id is None:
            continue
        s.status = status
        if status == SuggestionStatus.CLOSED:
            s.closed_at = now
        s.save()
        changed += 1
    return changed


def lookup_opinion(code: str) -> OpinionForm | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    return (
        OpinionForm.objects.filter(code=code)
        .select_related("activity__unit")
        .prefetch_related("suggestions__responsible_unit")
        .first()
    )


def opinion_summary(activity: Activity) -> dict[str, Any]:
    """The anonymous public summary: counts, satisfaction and the answered suggestions."""
    forms = activity.opinion_forms.values("satisfaction").annotate(n=Count("id"))
    by_sat = {row["satisfaction"]: row["n"] for row in forms}
    sugg = activity.suggestions.values("status").annotate(n=Count("id"))
    by_status = {row["status"]: row["n"] for row in sugg}
    answered = list(
        activity.suggestions.filter(status__in=[SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED])
        .select_related("responsible_unit")
        .order_by("id")
    )
    return {
        "forms": sum(by_sat.values()),
        "satisfaction": by_sat,
        "suggestions": sum(by_status.values()),
        "by_status": by_status,
        "answered": answered,
    }


# --- media --------------------------------------------------------------------------------


def exif_taken_at(upload) -> dt.datetime | None:
    from PIL import Image

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            exif = image.getexif()
            raw = exif.get_ifd(0x8769).get(36867) or exif.get(306)
    except Exception:  # noqa: BLE001 - no readable EXIF is normal
        return None
    finally:
        upload.seek(0)
    if not raw:
        return None
    try:
        naive = dt.datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=COUNTY_TZ)


@transaction.atomic
def upload_media(activity: Activity, upload, *, caption: str = "", by: Any) -> Media:
    """Check the file by content (photo or video), read the photo's capture date and flag it when
    it is far from the activity day. The item waits for the service center's review."""
    head = uploads.sniff(uploads._head(upload))
    if head in {"mp4", "mov", "webm", "avi"}:
        uploads.validate_video(upload, limit=VIDEO_MAX)
        kind, taken = MediaKind.VIDEO, None
    else:
        uploads.validate_image(upload, limit=PHOTO_MAX)
        kind, taken = MediaKind.PHOTO, exif_taken_at(upload)
    flag = bool(taken and abs((taken.date() - activity.day).days) > EXIF_TOLERANCE_DAYS)
    return Media.objects.create(
        activity=activity,
        kind=kind,
        file=upload,
        caption=caption,
        taken_at=taken,
        date_flag=flag,
        size=upload.size,
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )


# --- reminders ------------------------------------------------------------------------------


@dataclass
class Reminder:
    key: str
    unit: Unit
    text: str
    activity: Activity | None = None
    due: dt.date | None = None


def due_reminders(programme: Programme, today: dt.date) -> list[Reminder]:
    """Everything that should be chased today (the workbench shows the same list)."""
    # The plan deadline (附件1) is not here: the assessment app reminds every deadline of the
    # programme, by working days (gongkai/assessment/reminders.py, ``gongkai remind``).
    out: list[Reminder] = []
    activities = list(
        Activity.objects.filter(programme=programme)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("unit")
        .annotate(n_media=Count("media"))
    )
    for a in activities:
        days = (a.day - today).days
        if days in (0, 1, 2) and a.status == ActivityStatus.PLANNED:
            out.append(
                Reminder(
                    f"activity-2d:{a.pk}",
                    a.unit,
                    _("Visit activity “%(title)s” on %(date)s: representatives get a reminder.")
                    % {"title": a.title, "date": a.day},
                    a,
                    a.day,
                )
            )
        since = (today - a.day).days
        if a.n_media == 0 and since >= 3:
            mark = 7 if since >= 7 else 3
            out.append(
                Reminder(
                    f"no-media-{mark}:{a.pk}",
                    a.unit,
                    _(
                        "No photos or video uploaded for “%(title)s” %(days)d days after the activity."
                    )
                    % {"title": a.title, "days": since},
                    a,
                    a.day + dt.timedelta(days=mark),
                )
            )
    overdue = (
        Suggestion.objects.unanswered()
        .filter(activity__programme=programme, due_date__lt=today, responsible_unit__isnull=False)
        .values("responsible_unit")
        .annotate(n=Count("id"), first=Min("due_date"))
    )
    units = Unit.objects.in_bulk([row["responsible_unit"] for row in overdue])
    for row in overdue:
        out.append(
            Reminder(
                f"suggestions-overdue:{row['responsible_unit']}:{today}",
                units[row["responsible_unit"]],
                _("%(n)d suggestions from representatives are past their answer date.")
                % {"n": row["n"]},
                due=row["first"],
            )
        )
    return out


def _unit_addresses(unit: Unit) -> list[str]:
    return [u.email for u in unit.staff.filter(is_active=True) if u.email]


def _remind_representatives(activity: Activity) -> int:
    """The two-day reminder to every confirmed representative who has not had it yet, so people
    confirmed later (invited late, moved up from the waiting list) get it on the next run."""
    regs = list(
        activity.registrations.select_for_update()
        .filter(status=RegistrationStatus.CONFIRMED, reminded_at__isnull=True)
        .select_related("representative")
    )
    if not regs:
        return 0
    when = timezone.localtime(activity.starts_at, COUNTY_TZ).strftime("%m-%d %H:%M")
    text = _(
        "Reminder: the visit to %(unit)s is on %(when)s at %(place)s. Please bring your ID card."
    ) % {"unit": activity.unit.name, "when": when, "place": activity.place}

    def remind(reg: Registration) -> None:
        notify.send_sms(reg.representative.phone, text)
        notify.send_email(reg.representative.email, _("Visit the government: reminder"), text)

    for reg in regs:
        transaction.on_commit(partial(remind, reg))
    Registration.objects.filter(pk__in=[r.pk for r in regs]).update(reminded_at=timezone.now())
    return len(regs)


def send_reminders(programme: Programme | None = None, today: dt.date | None = None) -> int:
    """Send every due reminder once (SMS to the activity contact, e-mail to unit staff) and the
    activity reminder once to each confirmed representative. Returns the unit reminders sent."""
    programme = programme or Programme.current()
    if programme is None:
        return 0
    today = today or timezone.localdate()
    sent = 0
    for reminder in due_reminders(programme, today):
        with transaction.atomic():
            activity = reminder.activity
            if reminder.key.startswith("activity-2d:") and activity is not None:
                _remind_representatives(activity)
            log, created = ReminderLog.objects.get_or_create(key=reminder.key)
            if not created:
                continue
            if activity is not None:
                transaction.on_commit(
                    # The activity contact is an official's work number: not limited per day.
                    partial(notify.send_sms, activity.contact_phone, reminder.text, limited=False)
                )
            for address in _unit_addresses(reminder.unit):
                transaction.on_commit(
                    partial(
                        notify.send_email,
                        address,
                        _("Visit the government: reminder"),
                        reminder.text,
                    )
                )
            sent += 1
    return sent


# --- compliance -----------------------------------------------------------------------------


@dataclass
class UnitCompliance:
    """One unit's row. Each criterion has its own evidence: the plan (附件1 row), the held
    activity's page, its sign-in sheet, the unit's suggestions and the public page with the
    approved media; ``evidence`` is the main activity (the assessment's evidence link)."""

    unit: Unit
    activities: list[Activity]
    planned: bool
    held: bool
    target_reached: bool
    leader_present: bool
    answered: bool
    published: bool
    evidence: Activity | None
    held_activity: Activity | None = None
    target_activity: Activity | None = None
    leader_activity: Activity | None = None
    published_activity: Activity | None = None
    suggestions: int = 0
    unanswered: int = 0


def suggestion_owner() -> Coalesce:
    """The unit a suggestion is for: its responsible unit, or, until the service center assigns
    one, the unit whose activity it was raised at (that unit may answer it)."""
    return Coalesce("responsible_unit_id", "activity__unit_id")


def compliance(programme: Programme) -> list[UnitCompliance]:
    activities = list(
        Activity.objects.filter(programme=programme)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("unit")
        .annotate(
            n_published=Count(
                "media", filter=Q(media__review_status=ReviewStatus.APPROVED), distinct=True
            ),
        )
    )
    by_unit: dict[int, list[Activity]] = {}
    for a in activities:
        by_unit.setdefault(a.unit_id, []).append(a)
    # Suggestions by the unit that must answer them (wherever they were raised), in one query.
    counts = {
        row["owner"]: row
        for row in Suggestion.objects.filter(activity__programme=programme)
        .exclude(activity__status=ActivityStatus.CANCELLED)
        .annotate(owner=suggestion_owner())
        .values("owner")
        .annotate(
            total=Count("id"),
            open=Count(
                "id",
                filter=Q(status__in=[SuggestionStatus.OPEN, SuggestionStatus.ASSIGNED]),
            ),
        )
    }
    target = programme.representative_target
    rows = []
    for unit in programme.participants.order_by("sort_order", "name"):
        acts = by_unit.get(unit.pk, [])
        held = [a for a in acts if a.status == ActivityStatus.HELD]
        reached = [a for a in held if (a.attendance or 0) >= target]
        leader_missing = [a for a in held if not a.leader_stayed]
        # n_published: annotated by the query above (django-stubs cannot follow it here)
        with_media = [a for a in held if a.n_published]  # type: ignore[attr-defined]
        mine = counts.get(unit.pk, {"total": 0, "open": 0})
        rows.append(
            UnitCompliance(
                unit=unit,
                activities=acts,
                planned=bool(acts),
                held=bool(held),
                target_reached=bool(reached),
                leader_present=bool(held) and not leader_missing,
                # Held at least one activity (the criterion is about its own activities) and
                # every suggestion it is responsible for is answered.
                answered=bool(held) and mine["open"] == 0,
                published=bool(with_media),
                evidence=held[0] if held else (acts[0] if acts else None),
                held_activity=held[0] if held else None,
                target_activity=(
                    reached[0]
                    if reached
                    else max(held, key=lambda a: a.attendance or 0)
                    if held
                    else None
                ),
                leader_activity=(
                    leader_missing[0] if leader_missing else held[0] if held else None
                ),
                published_activity=with_media[0] if with_media else None,
                suggestions=mine["total"],
                unanswered=mine["open"],
            )
        )
    return rows


def is_published_file(name: str) -> bool:
    """An activity photo or video approved for the portal (served without sign-in)."""
    from gongkai.publishing.models import ReviewStatus

    return Media.objects.filter(file=name, review_status=ReviewStatus.APPROVED).exists()
