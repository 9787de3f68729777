"""The annual programme (年度活动方案): one per year, configured by the county office.

The 2023 notice is loaded as data (``gongkai load_programme``); 2024 is set up in the browser.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.counties import scope
from gongkai.lib.deadlines import deadline_instant, lateness


class TrackKind(models.TextChoices):
    VISITS = "visits", _("Citizen representatives visit the government")
    INTERVIEWS = "interviews", _("Online interviews")
    VIDEO = "video", _("Policy document video interpretation")


class DeadlineKind(models.TextChoices):
    VISIT_PLAN = "visit_plan", _("Visit activity plan (Attachment 1)")
    RECEIPT_FORM = "receipt_form", _("Interview receipt form (Attachment 3)")
    INTERVIEW_OUTLINE = "interview_outline", _("Interview outline")
    OTHER = "other", _("Other")


class ProgrammeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(notice_published=True)


class Programme(models.Model):
    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    notice_number = models.CharField(
        _("notice number"),
        max_length=60,
        blank=True,
        help_text=_("For example 靖政办发〔2023〕15号."),
    )
    notice_title = models.CharField(_("notice title"), max_length=300, blank=True)
    notice_issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    notice_date = models.DateField(_("notice date"), null=True, blank=True)
    notice_printed_date = models.DateField(_("printed date"), null=True, blank=True)
    notice_text = models.TextField(_("notice text"), blank=True)
    notice_published = models.BooleanField(_("notice published on the portal"), default=False)
    service_center_phone = models.CharField(_("service center phone"), max_length=30, blank=True)
    representative_target = models.PositiveSmallIntegerField(
        _("representatives per activity"),
        default=20,
        help_text=_("The notice asks for about 20 citizen representatives per activity."),
    )
    representative_tolerance = models.PositiveSmallIntegerField(
        _("tolerance of 'about' (%)"),
        default=20,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The notice asks for about so many representatives: an activity with this many per "
            "cent fewer still earns the point (20: about 20 means at least 16)."
        ),
    )
    min_activities = models.PositiveSmallIntegerField(_("activities per unit per year"), default=1)
    participants = models.ManyToManyField(
        "units.Unit",
        verbose_name=_("implementing units"),
        related_name="programmes",
        blank=True,
        help_text=_("Units that must hold visit activities this year."),
    )

    objects = scope.scoped_manager("county", ProgrammeQuerySet)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual programme")
        verbose_name_plural = _("annual programmes")
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="unique_programme_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"

    @property
    def representative_minimum(self) -> int:
        """The fewest representatives that count as "about" the target (whole people, rounded
        up): the target less the county's tolerance. 20 and 20 %: 16."""
        return -(-self.representative_target * (100 - self.representative_tolerance) // 100)

    @classmethod
    def current(cls) -> "Programme | None":
        """The current year: the newest programme whose notice is published (a draft for next
        year, being set up, does not replace it); before any is published, the newest. What the
        workbench and the staff lists show by default (``gongkai.programmes.years``)."""
        programmes = cls.objects.order_by("-year")
        return programmes.published().first() or programmes.first()

    @classmethod
    def newest(cls) -> "Programme | None":
        """The newest programme, published or not (the one the next year is copied from)."""
        return cls.objects.order_by("-year").first()

    def track(self, kind: str) -> "Track | None":
        return next((t for t in self.tracks.all() if t.kind == kind), None)

    def deadline(self, kind: str) -> "Deadline | None":
        return next((d for d in self.deadlines.all() if d.kind == kind), None)


class Track(models.Model):
    """A strand of the programme with its window, e.g. visit activities 4月6日–10月31日."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(_("track"), max_length=20, choices=TrackKind.choices)
    start = models.DateField(_("window opens"))
    end = models.DateField(_("window closes"), help_text=_("Inclusive: the whole day counts."))

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="one_track_per_kind"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="track_end_after_start"
            ),
        ]
        verbose_name = _("track")
        verbose_name_plural = _("tracks")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}–{self.end}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The window must close on or after the day it opens.")})

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


class Deadline(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(_("what is due"), max_length=30, choices=DeadlineKind.choices)
    label = models.CharField(_("label"), max_length=200, blank=True)
    due_date = models.DateField(
        _("due date"),
        help_text=_(
            "The end of this day, county time, inclusive. Later submissions are accepted and marked late."
        ),
    )
    submit_to = models.CharField(_("submitted to"), max_length=100, blank=True)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["due_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind"],
                condition=~models.Q(kind="other"),
                name="one_deadline_per_kind",
            )
        ]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return self.label or str(self.get_kind_display())

    @property
    def closes_at(self) -> dt.datetime:
        return deadline_instant(self.due_date)

    def lateness(self, submitted_at: dt.datetime) -> dt.timedelta | None:
        return lateness(submitted_at, self.due_date)


class InterviewSlot(models.Model):
    """A row of 附件2: a date range and the units interviewed inside it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="slots")
    start = models.DateField(_("from"))
    end = models.DateField(_("to"))
    units = models.ManyToManyField(
        "units.Unit", verbose_name=_("units"), related_name="interview_slots", through="SlotUnit"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["order", "start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="slot_end_after_start"
            ),
        ]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")

    def __str__(self) -> str:
        return f"{self.start}–{self.end}"

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The slot must end on or after the day it starts.")})

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def ordered_units(self) -> list:
        """The slot's units in the order 附件2 lists them (needs ``slot_units__unit`` prefetched
        for one query per page)."""
        return [su.unit for su in self.slot_units.all()]


class SlotUnit(models.Model):
    slot = models.ForeignKey(InterviewSlot, on_delete=models.CASCADE, related_name="slot_units")
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)

    objects = scope.scoped_manager("slot__programme__county")

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["slot", "unit"], name="unique_slot_unit")]

    def __str__(self) -> str:
        return f"{self.slot} {self.unit_id}"


class Guest(models.Model):
    """An interview guest (访谈嘉宾) named by the notice: the head of a unit."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="guests")
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="guest_roles"
    )
    # A guest's title is a position (职务) and the name a person's (姓名): labels in context.
    title = models.CharField(
        pgettext_lazy("guest", "title"),
        max_length=50,
        help_text=_("For example 局长 or 党委书记."),
    )
    name = models.CharField(pgettext_lazy("guest", "name"), max_length=50, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "unit"], name="one_guest_per_unit")
        ]
        verbose_name = _("interview guest")
        verbose_name_plural = _("interview guests")

    def __str__(self) -> str:
        return f"{self.unit.name}{self.title}"


class NoticeAttachment(models.Model):
    """The notice's attachments (附件1–3), rendered from the programme's data."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="attachments")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="unique_attachment_number")
        ]
        verbose_name = _("notice attachment")
        verbose_name_plural = _("notice attachments")

    def __str__(self) -> str:
        return f"附件{self.number} {self.title}"
