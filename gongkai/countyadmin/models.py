"""A county's export built in the background (``gongkai.countyadmin.exports``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class ExportState(models.TextChoices):
    QUEUED = "queued", _("waiting")
    RUNNING = "running", _("being built")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class CountyExport(models.Model):
    """One county's rows and files in a ZIP (``transfer.export_county``), asked for by the city
    administrator and built by a background task. Stored privately; never part of an export."""

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    file = models.FileField(_("file"), upload_to="private/county-exports/", blank=True)
    error = models.TextField(_("reason it failed"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = scope.scoped_manager("county")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("county export")
        verbose_name_plural = _("county exports")

    def __str__(self) -> str:
        return f"{self.county_id} export {self.state}"
