"""The city's spot checks (抽查): a supervisor reads one county's pages, every page recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class SpotCheck(models.Model):
    """One spot check of a county by a city supervisor, from its start to its end."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    # The city's pages read them in scope.all_counties(); a county's scope sees its own.
    objects = scope.scoped_manager("county")

    pages: int  # set by services.end_spot_check

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")

    def __str__(self) -> str:
        return f"{self.county_id} @ {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class SpotCheckView(models.Model):
    """One page the supervisor opened during a spot check."""

    spot_check = models.ForeignKey(SpotCheck, on_delete=models.CASCADE, related_name="views")
    path = models.CharField(_("page"), max_length=500)
    at = models.DateTimeField(_("viewed at"), auto_now_add=True)

    objects = scope.scoped_manager("spot_check__county")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("page viewed in a spot check")
        verbose_name_plural = _("pages viewed in spot checks")

    def __str__(self) -> str:
        return self.path
