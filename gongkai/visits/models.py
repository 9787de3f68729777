"""Visits to the government: plans (Attachment 1), representatives, registrations, the day itself, opinions, media."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.lib.masking import mask_id_number, mask_name, mask_phone
from gongkai.publishing.models import Reviewable
from gongkai.security.fields import EncryptedTextField


def _random_name(folder: str):
    """Uploaded files get unguessable names: the original name may hold a person's name, and a
    file waiting for review must not be found by guessing its address."""

    def upload_to(instance, filename: str) -> str:
        suffix = filename.rsplit(".", 1)[-1].lower()[:5] if "." in filename else "bin"
        return f"{folder}/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}.{suffix}"

    upload_to.__name__ = f"upload_to_{folder.replace('/', '_')}"
    return upload_to


def opinion_scan_path(instance, filename: str) -> str:
    return _random_name("visits/opinions")(instance, filename)


def media_path(instance, filename: str) -> str:
    return _random_name("visits/media")(instance, filename)


def new_token() -> str:
    return secrets.token_urlsafe(12)


def new_code() -> str:
    """A short code a person can read out or type: 8 characters, no look-alikes."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ActivityQuerySet(models.QuerySet):
    def public(self):
        return self.exclude(status=ActivityStatus.CANCELLED).filter(
            programme__notice_published=True
        )

    def for_lists(self):
        return self.select_related("unit", "programme").prefetch_related("programme__deadlines")


class Activity(models.Model):
    """One activity of a unit's plan (a row of 附件1)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="visit_activities"
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("implementing unit"),
        on_delete=models.PROTECT,
        related_name="visit_activities",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(
        _("date and time"), help_text=_("Must fall inside the programme's visit window.")
    )
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    has_tour = models.BooleanField(_("tour"), default=True)
    has_symposium = models.BooleanField(_("symposium"), default=True)
    contact_name = models.CharField(_("activity contact"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    leader = models.CharField(
        _("main leader attending"),
        max_length=100,
        help_text=_("Title and name. The main leader must attend the whole activity."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("representatives"),
        default=20,
        help_text=_(
            "How many representatives can come; later registrations go on the waiting list."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    submitted_at = models.DateTimeField(_("plan submitted at"), default=timezone.now)
    # Recorded on the day.
    leader_stayed = models.BooleanField(_("main leader stayed throughout"), null=True, blank=True)
    attendance = models.PositiveSmallIntegerField(_("attendance"), null=True, blank=True)
    held_note = models.TextField(_("what happened"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    checkin_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    opinion_token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("visit activity")
        verbose_name_plural = _("visit activities")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.title}"

    @property
    def day(self) -> dt.date:
        return timezone.localtime(self.starts_at, COUNTY_TZ).date()

    @property
    def public_state(self) -> str:
        """What the portal says of the activity: "held", "open" (planned, still to come: open
        for registration), "ended" (planned, but its time has passed without a record: the
        citizen sees 已结束, not 已计划) or "cancelled"."""
        if self.status in (ActivityStatus.HELD, ActivityStatus.CANCELLED):
            return str(self.status)
        return "open" if self.starts_at > timezone.now() else "ended"

    @property
    def lateness(self) -> dt.timedelta | None:
        deadline = self.programme.deadline("visit_plan")
        return deadline.lateness(self.submitted_at) if deadline else None

    @property
    def parts_label(self) -> str:
        parts = []
        if self.has_tour:
            parts.append(str(_("tour")))
        if self.has_symposium:
            parts.append(str(_("symposium")))
        return str(_(", ")).join(parts)


class RepresentativeQuerySet(models.QuerySet):
    def of_unit(self, unit_id: int | None):
        """The people who gave their details to this unit: added to the roster by it, or
        registered by themselves for one of its activities. Being invited by the unit does not
        count, so an invitation cannot widen what a unit sees."""
        if unit_id is None:
            return self.none()
        own_registrations = Registration.objects.filter(
            activity__unit_id=unit_id, source=Source.SELF
        ).values("representative_id")
        return self.filter(models.Q(added_by_unit_id=unit_id) | models.Q(pk__in=own_registrations))


class Representative(models.Model):
    """A citizen representative (公民代表): only what is needed, ID number and phone encrypted."""

    # Kept out of the audit log's snapshots (gongkai.audit.services.snapshot).
    AUDIT_REDACT = frozenset({"name", "email", "address", "workplace", "phone_last4"})
    # Blanked by ``gongkai purge_personal_data`` once the retention period after the consent
    # has passed; the row stays, so registrations and attendance counts stay. The blind index
    # is replaced too, so the same person registering again starts afresh.
    PERSONAL_DATA_FIELDS = [
        "name",
        "id_number",
        "phone_encrypted",
        "phone_last4",
        "email",
        "workplace",
        "address",
    ]
    PERSONAL_DATA_DATE_FIELD = "consent_at"
    PERSONAL_DATA_UNIQUE_FIELDS = ["id_index"]

    name = models.CharField(_("full name"), max_length=50)
    id_number = EncryptedTextField(_("ID number"))
    id_index = models.CharField(max_length=64, unique=True, editable=False)
    phone_encrypted = EncryptedTextField(_("phone"))
    # The last four digits, which the masked form (138****1234) shows anyway, so staff can find
    # a person by them (the encrypted phone cannot be searched). Kept in step by save().
    phone_last4 = models.CharField(max_length=4, blank=True, db_index=True, editable=False)
    email = models.EmailField(_("e-mail"), blank=True)
    workplace = models.CharField(_("workplace"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200)
    consent_at = models.DateTimeField(_("consent given at"))
    added_by_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("citizen representative")
        verbose_name_plural = _("citizen representatives")

    def __str__(self) -> str:
        return mask_name(self.name)

    def save(self, *args, **kwargs) -> None:
        self.phone_last4 = (self.phone_encrypted or "")[-4:]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone_encrypted" in update_fields:
            kwargs["update_fields"] = {*update_fields, "phone_last4"}
        super().save(*args, **kwargs)

    @property
    def phone(self) -> str:
        return self.phone_encrypted

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone_encrypted)

    @property
    def id_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def name_masked(self) -> str:
        return mask_name(self.name)


class Source(models.TextChoices):
    INVITED = "invited", _("Invited by the unit")
    SELF = "self", _("Self-registered")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class Registration(models.Model):
    # Not columns: set on the instances a view or service hands on (``_with_contacts`` in
    # visits/views/staff.py, ``self_register``), declared here for the type checker.
    full_contacts: bool
    contact_details_kept: bool

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    representative = models.ForeignKey(
        Representative, on_delete=models.PROTECT, related_name="registrations"
    )
    source = models.CharField(_("how"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    year = models.PositiveSmallIntegerField(editable=False)
    id_index = models.CharField(max_length=64, editable=False)
    code = models.CharField(
        _("registration code"), max_length=16, unique=True, default=new_code, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One self-registration per person per year (SPEC §8); invitations are not limited.
            models.UniqueConstraint(
                fields=["id_index", "year"],
                condition=models.Q(source="self") & ~models.Q(status="cancelled"),
                name="one_self_registration_per_year",
            ),
            models.UniqueConstraint(
                fields=["activity", "representative"],
                condition=~models.Q(status="cancelled"),
                name="one_live_registration_per_activity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.representative}"


class Response(models.Model):
    """A question raised on the spot and the answer given (现场回应)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="responses")
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer given"))
    answered_by = models.CharField(_("answered by"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("on-the-spot response")
        verbose_name_plural = _("on-the-spot responses")

    def __str__(self) -> str:
        return self.question[:40]


class Satisfaction(models.TextChoices):
    VERY = "very", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    FAIR = "fair", _("Fair")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Channel(models.TextChoices):
    PHONE = "phone", _("On the phone")
    PAPER = "paper", _("On paper, typed in by staff")


class OpinionForm(models.Model):
    """One filled opinion form (意见征集表). Anonymous to the public; the code lets its author
    look up the answers."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="opinion_forms")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    satisfaction = models.CharField(
        _("overall satisfaction"), max_length=20, choices=Satisfaction.choices
    )
    scan = models.FileField(_("scan of the paper form"), upload_to=opinion_scan_path, blank=True)
    code = models.CharField(
        _("lookup code"), max_length=16, unique=True, default=new_code, editable=False
    )
    # A hidden value from the form page: the same form posted twice is stored once.
    nonce = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("opinion form")
        verbose_name_plural = _("opinion forms")

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.pk}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# The states a suggestion waits for its answer in (open, assigned, being handled).
UNANSWERED_STATUSES = ("open", "assigned", "in_progress")


# What the answer says became of a suggestion (the public tracker shows it).
class SuggestionOutcome(models.TextChoices):
    EXPLAINED = "explained", _("Answered with an explanation")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class SuggestionQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(status__in=UNANSWERED_STATUSES)

    def public(self):
        """On the public tracker: the text approved by the service center (先审后发)."""
        return self.filter(published_at__isnull=False)


class Suggestion(models.Model):
    form = models.ForeignKey(OpinionForm, on_delete=models.CASCADE, related_name="suggestions")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField(_("opinion or suggestion"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
        db_index=True,
    )
    responsible_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_suggestions",
    )
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=SuggestionOutcome.choices, blank=True
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    # The public tracker shows ``public_text`` once the service center has approved it: the
    # representative's words without personal data (a name, a phone number, an address).
    public_text = models.TextField(_("text as published"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return self.text[:40]

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in UNANSWERED_STATUSES and bool(self.due_date and self.due_date < today)


class SuggestionStep(models.Model):
    """One step of a suggestion's public timeline: received, assigned to a unit, being handled,
    answered with its outcome, closed. The unit's name is kept as it was on that day."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=12, choices=SuggestionStatus.choices)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=SuggestionOutcome.choices, blank=True
    )
    unit_name = models.CharField(_("unit"), max_length=100, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("suggestion step")
        verbose_name_plural = _("suggestion steps")

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.status}"


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")


class Media(Reviewable):
    """A photo or video of a held activity (宣传影像资料), published after review."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=media_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_at = models.DateTimeField(_("taken at (from the photo)"), null=True, blank=True)
    date_flag = models.BooleanField(
        _("capture date far from the activity"),
        default=False,
        help_text=_(
            "The photo's own capture date is more than two days from the activity date: check it is from this activity."
        ),
    )
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("activity photo or video")
        verbose_name_plural = _("activity photos and videos")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.caption or self.pk}"


class ReminderLog(models.Model):
    """One reminder sent, so a daily ``send_reminders`` run never sends the same one twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key
