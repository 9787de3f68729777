"""On-the-spot responses, opinion forms and the suggestions in them, with their steps."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.visits.models.activities import Activity
from gongkai.visits.models.paths import new_code, opinion_scan_path


class Response(models.Model):
    """A question raised on the spot and the answer given (现场回应)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="responses")
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer given"))
    answered_by = models.CharField(_("answered by"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scope.scoped_manager("activity__programme__county")

    class Meta:
        ordering = ["id"]
        verbose_name = _("on-the-spot response")
        verbose_name_plural = _("on-the-spot responses")

    def __str__(self) -> str:
        return self.question[:40]


class Satisfaction(models.TextChoices):
    VERY = "very", _("Very satisfied")
    SATISFIED = "satisfied", _("Satisfied")
    FAIR = "fair", _("Fair")
    DISSATISFIED = "dissatisfied", _("Dissatisfied")


class Channel(models.TextChoices):
    PHONE = "phone", _("On the phone")
    PAPER = "paper", _("On paper, typed in by staff")


class OpinionForm(models.Model):
    """One filled opinion form (意见征集表). Anonymous to the public; the code lets its author
    look up the answers."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="opinion_forms")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    satisfaction = models.CharField(
        _("overall satisfaction"), max_length=20, choices=Satisfaction.choices
    )
    scan = models.FileField(_("scan of the paper form"), upload_to=opinion_scan_path, blank=True)
    code = models.CharField(
        _("lookup code"), max_length=16, unique=True, default=new_code, editable=False
    )
    # A hidden value from the form page: the same form posted twice is stored once.
    nonce = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = scope.scoped_manager("activity__programme__county")

    class Meta:
        ordering = ["id"]
        verbose_name = _("opinion form")
        verbose_name_plural = _("opinion forms")

    def __str__(self) -> str:
        return f"{self.activity_id}/{self.pk}"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("Being handled")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


# The states a suggestion waits for its answer in (open, assigned, being handled).
UNANSWERED_STATUSES = ("open", "assigned", "in_progress")


# What the answer says became of a suggestion (the public tracker shows it).
class SuggestionOutcome(models.TextChoices):
    EXPLAINED = "explained", _("Answered with an explanation")
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class SuggestionQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(status__in=UNANSWERED_STATUSES)

    def public(self):
        """On the public tracker: the text approved by the service center (先审后发)."""
        return self.filter(published_at__isnull=False)


class Suggestion(models.Model):
    form = models.ForeignKey(OpinionForm, on_delete=models.CASCADE, related_name="suggestions")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField(_("opinion or suggestion"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.OPEN,
        db_index=True,
    )
    responsible_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_suggestions",
    )
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=SuggestionOutcome.choices, blank=True
    )
    outcome_reason = models.TextField(_("reason"), blank=True)
    # The public tracker shows ``public_text`` once the service center has approved it: the
    # representative's words without personal data (a name, a phone number, an address).
    public_text = models.TextField(_("text as published"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = scope.scoped_manager("activity__programme__county", SuggestionQuerySet)

    class Meta:
        ordering = ["id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")

    def __str__(self) -> str:
        return self.text[:40]

    def is_overdue(self, today: dt.date) -> bool:
        return self.status in UNANSWERED_STATUSES and bool(self.due_date and self.due_date < today)


class SuggestionStep(models.Model):
    """One step of a suggestion's public timeline: received, assigned to a unit, being handled,
    answered with its outcome, closed. The unit's name is kept as it was on that day."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(_("status"), max_length=12, choices=SuggestionStatus.choices)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=SuggestionOutcome.choices, blank=True
    )
    unit_name = models.CharField(_("unit"), max_length=100, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    objects = scope.scoped_manager("suggestion__activity__programme__county")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("suggestion step")
        verbose_name_plural = _("suggestion steps")

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.status}"
