"""An activity of a unit's plan (a row of 附件1)."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.visits.models.paths import new_token


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

    objects = scope.scoped_manager("programme__county", ActivityQuerySet)

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
