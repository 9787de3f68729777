"""Citizen representatives and their registrations for activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.lib.masking import mask_id_number, mask_name, mask_phone
from gongkai.security.fields import EncryptedTextField
from gongkai.visits.models.activities import Activity
from gongkai.visits.models.paths import new_code


class RepresentativeCategory(models.TextChoices):
    """代表库 categories: the notice asks for representatives drawn 广泛 (widely)."""

    NPC_DEPUTY = "npc_deputy", _("People's congress deputy")
    CPPCC_MEMBER = "cppcc_member", _("CPPCC member")
    ENTERPRISE = "enterprise", _("Enterprise")
    WORKER = "worker", _("Worker")
    FARMER = "farmer", _("Farmer")
    STUDENT = "student", _("Student")
    NETIZEN = "netizen", _("Netizen representative")
    OTHER = "other", _("Other")


# The units a representative can live in (镇/街道): towns, subdistricts and state farms.
TOWN_KINDS = ("town", "subdistrict", "farm")


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

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

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
    id_index = models.CharField(max_length=64, editable=False)
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
    # The pool (代表库): what kind of representative, where they live, their field. Not
    # personal data on their own; they stay when the retention purge blanks the person.
    category = models.CharField(
        _("category"),
        max_length=12,
        choices=RepresentativeCategory.choices,
        default=RepresentativeCategory.OTHER,
    )
    town = models.ForeignKey(
        "units.Unit",
        verbose_name=_("town or subdistrict"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind__in": TOWN_KINDS},
    )
    sector = models.CharField(
        _("field"),
        max_length=50,
        blank=True,
        help_text=_("e.g. 农业, 教育, 医疗: matched against an activity's unit and title"),
    )

    objects = scope.scoped_manager("county", RepresentativeQuerySet)

    class Meta:
        ordering = ["id"]
        verbose_name = _("citizen representative")
        verbose_name_plural = _("citizen representatives")
        constraints = [
            models.UniqueConstraint(fields=["county", "id_index"], name="unique_person_per_county")
        ]

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

    objects = scope.scoped_manager("activity__programme__county")

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


class PoolRules(models.Model):
    """The county's rotation rules for a year (set by the coordinators; a year without a row
    uses the defaults)."""

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="pool_rules"
    )
    max_activities_per_year = models.PositiveSmallIntegerField(
        _("activities a representative may attend in a year"),
        default=2,
        help_text=_("0 means no limit."),
    )
    min_categories_per_activity = models.PositiveSmallIntegerField(
        _("categories an activity's list should cover"),
        default=3,
        help_text=_("0 means no rule. Shown as a warning on the activity's list."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("days before the activity the list is published (公示)"),
        default=5,
        help_text=_("0 means the list is not published."),
    )

    objects = scope.scoped_manager("programme__county")

    class Meta:
        verbose_name = _("rotation rules")
        verbose_name_plural = _("rotation rules")

    def __str__(self) -> str:
        return f"{self.programme_id}"
