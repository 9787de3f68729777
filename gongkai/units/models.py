from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class UnitKind(models.TextChoices):
    """The kinds of unit the notice addresses, plus the three coordinating units."""

    TOWN = "town", _("Town government / convenience service center")
    SUBDISTRICT = "subdistrict", _("Subdistrict office")
    FARM = "farm", _("State farm")
    DEPARTMENT = "department", _("County government department")
    DISPATCHED = "dispatched", _("Dispatched agency")
    STATIONED = "stationed", _("Central, provincial or city unit stationed in the county")
    SPECIAL = "special", _("Coordinating unit")


class SpecialRole(models.TextChoices):
    NONE = "", _("None")
    COUNTY_OFFICE = "county_office", _("County government office")
    SERVICE_CENTER = "service_center", _("Government information service center")
    MEDIA_CENTER = "media_center", _("Media center")


class UnitChange(models.TextChoices):
    """How a unit left the directory for a successor (its record stays, with its name)."""

    NONE = "", _("None")
    RENAMED = "renamed", _("Renamed")
    MERGED = "merged", _("Merged")


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def implementing(self):
        """Units that hold visit activities: everyone except the coordinating units."""
        return self.active().exclude(kind=UnitKind.SPECIAL)


class Unit(models.Model):
    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    special_role = models.CharField(
        _("coordinating role"), max_length=20, choices=SpecialRole.choices, blank=True, default=""
    )
    head_title = models.CharField(
        _("head's title"), max_length=50, blank=True, help_text=_("For example 局长 or 党委书记.")
    )
    phone = models.CharField(_("office phone"), max_length=30, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=100)
    active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(
        _("demo unit"),
        default=False,
        help_text=_("Added by the demo data: the notice does not name this unit."),
    )

    # A unit's name is history: the years that named it keep naming it so. Renaming a unit that
    # a published year names, or merging it into another, retires this record and points it at
    # the unit that carries on (docs/decisions.md, "Units keep their names").
    successor = models.ForeignKey(
        "self",
        verbose_name=_("carried on by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    change = models.CharField(
        _("change"), max_length=10, choices=UnitChange.choices, blank=True, default=""
    )
    changed_on = models.DateField(_("changed on"), null=True, blank=True)

    objects = scope.scoped_manager("county", UnitQuerySet)

    class Meta:
        ordering = ["sort_order", "kind", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["county", "special_role"],
                condition=~models.Q(special_role=""),
                name="unique_special_role",
            ),
            models.UniqueConstraint(fields=["county", "name"], name="unique_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def latest(self) -> "Unit":
        """The unit that carries this one on today (itself when it was never renamed or merged)."""
        unit, seen = self, {self.pk}
        while unit.successor_id is not None and unit.successor_id not in seen:
            seen.add(unit.successor_id)
            unit = unit.successor  # type: ignore[assignment]
        return unit

    def lineage(self) -> list["Unit"]:
        """Every earlier unit this one carries on (renamed or merged into it), nearest first."""
        found: list[Unit] = []
        frontier = [self]
        seen = {self.pk}
        while frontier:
            earlier = [
                u
                for u in Unit.objects.filter(successor__in=frontier).order_by("-changed_on", "pk")
                if u.pk not in seen
            ]
            seen.update(u.pk for u in earlier)
            found.extend(earlier)
            frontier = earlier
        return found
