"""征集调查: consultations on a policy draft (意见征集) and surveys (问卷调查).

A unit or the service center drafts one; the service center opens it on the portal; citizens
take part without an account while its window is open; afterwards the results and the unit's
采纳情况 (what became of each suggestion) are published. Free text is reviewed before it is
public (先审后发), like netizen messages."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.counties import scope


class ConsultationKind(models.TextChoices):
    OPINION = "opinion", _("Call for comments on a draft")
    SURVEY = "survey", _("Survey")


class Template(models.TextChoices):
    """Built-in kinds a unit picks when creating: they fill in the questions."""

    BLANK = "", _("Blank")
    VOTE_UNITS = "vote_units", _("Vote for next year's interview units")
    CHOOSE_TOPIC = "choose_topic", _("Choose this interview's topic")
    PRE_INTERVIEW = "pre_interview", _("Survey before the interview")


class ConsultationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the service center")
    PUBLISHED = "published", _("Published")
    FEEDBACK = "feedback", _("Feedback published")


class Phase(models.TextChoices):
    """Where a published consultation stands, from its window and its feedback."""

    DRAFT = "draft", _("Not published")
    UPCOMING = "upcoming", _("Not open yet")
    OPEN = "open", _("Open for responses")
    CLOSED = "closed", _("Closed, feedback to come")
    FEEDBACK = "feedback", _("Feedback published")


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status__in=[ConsultationStatus.PUBLISHED, ConsultationStatus.FEEDBACK])

    def awaiting_feedback(self, now: dt.datetime | None = None):
        now = now or timezone.now()
        return self.filter(status=ConsultationStatus.PUBLISHED, closes_at__lte=now)


class Consultation(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme year"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("organising unit"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    kind = models.CharField(
        pgettext_lazy("consultation", "kind"), max_length=20, choices=ConsultationKind.choices
    )
    template = models.CharField(
        _("built-in kind"), max_length=20, choices=Template.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(
        pgettext_lazy("consultation", "introduction"),
        help_text=_("What the consultation is about and how results are used."),
    )
    draft_text = models.TextField(
        _("draft for comments (征求意见稿)"),
        blank=True,
        help_text=_("For a call for comments: the full text of the draft."),
    )
    interpretation = models.TextField(
        _("interpretation of the draft"),
        blank=True,
        help_text=_("Why the draft is made and what it changes, in plain words."),
    )
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    phone_verification = models.BooleanField(
        _("ask for a verified phone"),
        default=False,
        help_text=_(
            "Participants confirm a mobile number with an SMS code; one response per phone."
        ),
    )
    policy = models.ForeignKey(
        "policies.PolicyDocument",
        verbose_name=_("policy document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    interview = models.ForeignKey(
        "interviews.Interview",
        verbose_name=_("online interview"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.DRAFT,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    feedback_summary = models.TextField(
        _("summary of the feedback"),
        blank=True,
        help_text=_("How the comments were handled overall, published with the adoption report."),
    )
    feedback_published_at = models.DateTimeField(_("feedback published at"), null=True, blank=True)

    objects = scope.scoped_manager("programme__county", ConsultationQuerySet)

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_window_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def get_results_url(self) -> str:
        return reverse("consultations:results", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("consultations:staff-detail", args=[self.pk])

    def phase(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.status == ConsultationStatus.FEEDBACK:
            return Phase.FEEDBACK
        if self.status != ConsultationStatus.PUBLISHED:
            return Phase.DRAFT
        if now < self.opens_at:
            return Phase.UPCOMING
        if now < self.closes_at:
            return Phase.OPEN
        return Phase.CLOSED

    @property
    def current_phase(self) -> str:
        return self.phase()

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase()).label)

    @property
    def is_public(self) -> bool:
        return self.status in (ConsultationStatus.PUBLISHED, ConsultationStatus.FEEDBACK)

    @property
    def is_open(self) -> bool:
        return self.phase() == Phase.OPEN

    @property
    def is_closed(self) -> bool:
        return self.phase() in (Phase.CLOSED, Phase.FEEDBACK)


class Attachment(models.Model):
    """A file published with the draft (the full draft as issued, its explanation, tables)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="consultations/attachments/%Y/")
    order = models.PositiveSmallIntegerField(pgettext_lazy("consultation", "order"), default=0)

    objects = scope.scoped_manager("consultation__programme__county")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:attachment-file", args=[self.consultation_id, self.pk])


class ItemKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    RATING = "rating", _("Rating 1 to 5")
    TEXT = "text", _("Free text")


CHOICE_KINDS = (ItemKind.SINGLE, ItemKind.MULTIPLE)


class Item(models.Model):
    """One question of a survey, in its order."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("consultation", "position"), default=0
    )
    kind = models.CharField(_("type of question"), max_length=10, choices=ItemKind.choices)
    text = models.CharField(pgettext_lazy("consultation", "question"), max_length=300)
    required = models.BooleanField(_("an answer is required"), default=True)
    max_choices = models.PositiveSmallIntegerField(
        _("at most this many choices"),
        null=True,
        blank=True,
        help_text=_("For a multiple choice: empty for no limit."),
    )

    objects = scope.scoped_manager("consultation__programme__county")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    @property
    def field_name(self) -> str:
        return f"item_{self.pk}"

    @property
    def has_choices(self) -> bool:
        return self.kind in CHOICE_KINDS


class Choice(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("choice"), max_length=200)
    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = scope.scoped_manager("item__consultation__programme__county")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One citizen's participation. The browser's token and the phone are kept only as keyed
    hashes (blind indexes): enough to refuse a second response, nothing to read back."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    device_hash = models.CharField(max_length=64)
    phone_hash = models.CharField(max_length=64, blank=True)

    objects = scope.scoped_manager("consultation__programme__county")

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "device_hash"], name="one_response_per_device"
            ),
            models.UniqueConstraint(
                fields=["consultation", "phone_hash"],
                condition=~models.Q(phone_hash=""),
                name="one_response_per_phone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}#{self.pk}"


class Answer(models.Model):
    """A choice picked or a rating given (free text is a ``Comment``, reviewed first)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    rating = models.PositiveSmallIntegerField(null=True, blank=True)

    objects = scope.scoped_manager("response__consultation__programme__county")

    class Meta:
        verbose_name = pgettext_lazy("consultation", "answer")
        verbose_name_plural = pgettext_lazy("consultation", "answers")
        indexes = [models.Index(fields=["item", "choice"])]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.choice_id or self.rating}"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY = "partly", _("Partly adopted")
    NOT_ADOPTED = "not", _("Not adopted")


class Comment(models.Model):
    """A suggestion on the draft or a free-text answer: public after review (先审后发), then
    answered in the adoption report (采纳情况)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="comments")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    text = models.TextField(_("comment"), max_length=2000)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    flagged = models.BooleanField(pgettext_lazy("consultation", "flagged"), default=False)
    matched_words = models.JSONField(_("matched sensitive words"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    adoption = models.CharField(_("adoption"), max_length=10, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("reason"), blank=True)

    objects = scope.scoped_manager("consultation__programme__county")

    class Meta:
        ordering = ["id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:30]
