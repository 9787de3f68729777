"""The annual assessment (考核赋分): a weighted indicator tree per programme year, points
computed from what the platform holds, assessors' adjustments, units' objections and the
year-close snapshot."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class SamplingSource(models.TextChoices):
    WEBSITE = "website", _("Website")
    MATERIAL = "material", _("Submitted material")


class Indicator(models.Model):
    """A node of the indicator tree. Leaves are assessment points: they carry a weight (the
    points a unit earns when the rule is fully met) and the rule that computes them."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="indicators"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    weight = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Points a unit earns when this assessment point is fully met (leaves only)."),
    )
    rule = models.CharField(
        _("rule"),
        max_length=50,
        blank=True,
        help_text=_("How the platform computes this point from its records."),
    )
    source = models.CharField(
        _("sampling source"),
        max_length=20,
        choices=SamplingSource.choices,
        default=SamplingSource.MATERIAL,
    )
    description = models.TextField(_("description"), blank=True)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from gongkai.assessment.registry import rule_codes

        errors: dict[str, str] = {}
        if self.rule and self.rule not in rule_codes():
            errors["rule"] = _("Choose one of the listed rules.")
        elif self.rule and self.pk and self.children.exists():
            errors["rule"] = _(
                "This indicator groups other indicators, so it cannot be computed by a rule. "
                "Leave the rule empty, or move or delete its sub-indicators first."
            )
        if self.weight is not None and self.weight > MAX_POINTS:
            errors["weight"] = _("Please enter a number of points between 0 and %(max)s.") % {
                "max": MAX_POINTS
            }
        if self.parent_id:
            parent = self.parent
            if parent.programme_id != self.programme_id:
                errors["parent"] = _("The parent must belong to the same year.")
            elif self.pk and parent.pk in descendant_ids(self):
                errors["parent"] = _(
                    "An indicator cannot be placed under itself or one of its sub-indicators."
                )
            elif parent.rule:
                errors["parent"] = _(
                    "“%(name)s” is an assessment point computed by a rule; choose a group."
                ) % {"name": parent.name}
        if errors:
            raise ValidationError(errors)


MAX_POINTS = Decimal("1000")


def descendant_ids(indicator: Indicator) -> set[int]:
    """The indicator and every indicator below it (one query for the whole year)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Indicator.objects.filter(programme_id=indicator.programme_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found, pending = set(), [indicator.pk]
    while pending:
        pk = pending.pop()
        if pk in found:
            continue
        found.add(pk)
        pending.extend(children.get(pk, []))
    return found


class Adjustment(models.Model):
    """An assessor's correction of one point for one unit, with a written reason (audited)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="adjustments")
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="assessment_adjustments"
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("indicator__programme__county")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit"], name="one_adjustment_per_point")
        ]
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.indicator_id}: {self.points}"


class Objection(models.Model):
    """A unit's objection to its score, answered by an assessor."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="objections"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="assessment_objections"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="objections"
    )
    text = models.TextField(_("objection"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["-raised_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.text[:30]}"


class SnapshotQuerySet(models.QuerySet):
    def locking(self, programme):
        """The snapshot that locks ``programme`` now (at most one): the latest not unlocked."""
        return self.filter(programme=programme, unlocked_at__isnull=True).order_by(
            "-locked_at", "-id"
        )


class Snapshot(models.Model):
    """One lock of the year's scores by the county office; later data changes do not alter
    it. Unlocking (the county office, with a reason) keeps the row: every lock stays in the
    year's history, and the latest snapshot not unlocked holds the year's locked figures."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.PROTECT, related_name="assessment_snapshots"
    )
    locked_at = models.DateTimeField(auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    data = models.JSONField()
    unlocked_at = models.DateTimeField(_("unlocked at"), null=True, blank=True)
    unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unlock_reason = models.TextField(_("reason for unlocking"), blank=True)

    objects = scope.scoped_manager("programme__county", SnapshotQuerySet)

    class Meta:
        ordering = ["-locked_at", "-id"]
        verbose_name = _("locked scores")
        verbose_name_plural = _("locked scores")

    def __str__(self) -> str:
        return f"{self.programme_id} @ {self.locked_at:%Y-%m-%d}"


class DeadlineReminder(models.Model):
    """A reminder sent to a unit about a programme deadline (or escalated to the service
    center). One row per deadline, unit and kind: each is sent once."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        ESCALATED = "escalated", _("escalated to the service center")

    deadline = models.ForeignKey(
        "programmes.Deadline", on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="deadline_reminders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)

    objects = scope.scoped_manager("deadline__programme__county")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "unit", "kind"], name="one_reminder_per_kind"
            )
        ]
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")

    def __str__(self) -> str:
        return f"{self.deadline_id}/{self.unit_id} {self.kind}"


class BundleState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class CountyBundle(models.Model):
    """The county's 佐证材料 for a year: a ZIP of every participating unit's PDF and an index,
    built by a background task (``assessment.bundle.county``). Stored privately."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="county_bundles"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=BundleState.choices, default=BundleState.QUEUED
    )
    done = models.PositiveSmallIntegerField(_("units done"), default=0)
    total = models.PositiveSmallIntegerField(_("units"), default=0)
    file = models.FileField(_("file"), upload_to="private/bundles/", blank=True)
    error = models.TextField(_("reason it failed"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scope.scoped_manager("programme__county")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("county evidence bundle")
        verbose_name_plural = _("county evidence bundles")

    def __str__(self) -> str:
        return f"{self.programme_id} bundle {self.state}"
