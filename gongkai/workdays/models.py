from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOverride(models.Model):
    """A day that breaks the weekly rule: a public holiday on a weekday (is_workday=False) or a
    make-up working day on a weekend (调休, is_workday=True). Saturdays and Sundays are off and
    the other days are working days unless a row here says otherwise."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_(
            "Tick for a make-up working day on a weekend; leave unticked for a public holiday."
        ),
    )
    note = models.CharField(_("note"), max_length=100, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note}".strip()
