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


class ProvisionalScore(models.Model):
    """A year's scores of a county not locked, computed in the background for the ranking
    (``services.refresh_provisional_scores``): the ranking page reads these rows, in one query
    for every county, instead of scoring each county while the supervisor waits. Derived data:
    recomputed from the assessment whenever it is stale, never edited."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"))
    # each assessed unit's score out of 100, as strings ("87.50"), in the assessment's order
    unit_scores = models.JSONField(_("unit scores"), default=list)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        verbose_name = _("provisional scores")
        verbose_name_plural = _("provisional scores")

    def __str__(self) -> str:
        return f"{self.programme_id} @ {self.computed_at:%Y-%m-%d %H:%M}"
