from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import MediaCrew


class InterviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PREVIEW = "preview", _("Preview")
    LIVE = "live", _("Live")
    ARCHIVED = "archived", _("Archive")


class Interview(MediaCrew):
    """One online interview (在线访谈) of one unit, booked inside the unit's slot (附件2)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="interviews"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="interviews"
    )
    slot = models.ForeignKey(
        "programmes.InterviewSlot",
        verbose_name=_("slot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("online interview")
        verbose_name_plural = _("online interviews")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.topic}".strip()

    @property
    def channel(self) -> str:
        """The live channel viewers of this interview subscribe to."""
        return f"interview-{self.pk}"
