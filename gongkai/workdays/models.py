from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class DayOverride(models.Model):
    """A day that breaks the weekly rule: a public holiday on a weekday (is_workday=False) or a
    make-up working day on a weekend (调休, is_workday=True). Saturdays and Sundays are off and
    the other days are working days unless a row here says otherwise."""

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text=_("Empty: shared by every county of the deployment."),
    )

    date = models.DateField(_("date"))
    is_workday = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_(
            "Tick for a make-up working day on a weekend; leave unticked for a public holiday."
        ),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    objects = scope.scoped_manager(scope.own_or_shared("county"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        constraints = [
            models.UniqueConstraint(fields=["county", "date"], name="unique_override_date"),
            models.UniqueConstraint(
                fields=["date"], condition=models.Q(county=None), name="unique_shared_override_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note}".strip()
