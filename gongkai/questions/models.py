"""Netizen messages (网民留言) on online interviews: asked without an account, reviewed before
they are shown (先审后发), answered live or in writing within a number of working days."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.security.fields import EncryptedTextField


class QuestionKind(models.TextChoices):
    CONSULT = "consult", _("Enquiry")
    SUGGEST = "suggest", _("Suggestion")
    COMPLAIN = "complain", _("Complaint")
    OTHER = "other", _("Other")


# Reply limits in working days when the county has not set its own (SPEC: 咨询 3, 建议 7, 投诉 5).
DEFAULT_REPLY_LIMITS = {
    QuestionKind.CONSULT: 3,
    QuestionKind.SUGGEST: 7,
    QuestionKind.COMPLAIN: 5,
    QuestionKind.OTHER: 5,
}
# A question on an interview that is not answered live gets a public reply within this many
# working days of the interview.
INTERVIEW_REPLY_DAYS = 5


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged into another question")


class RejectReason(models.TextChoices):
    OFF_TOPIC = "off_topic", _("Not about government work")
    ADVERTISING = "advertising", _("Advertising")
    ABUSIVE = "abusive", _("Abusive or insulting")
    DUPLICATE = "duplicate", _("Duplicate")
    LITIGATION = "litigation", _("In litigation or arbitration")
    OTHER = "other", _("Other")


class ReplyLimit(models.Model):
    """The county's reply limit for one kind of message, in working days."""

    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days"),
        help_text=_("How many working days after the message the reply must be published."),
    )

    class Meta:
        ordering = ["kind"]
        verbose_name = _("reply limit")
        verbose_name_plural = _("reply limits")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.working_days}"


class SensitiveWord(models.Model):
    """A word that marks a message for the reviewer. A match never drops the message."""

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

    word = models.CharField(_("word"), max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scope.scoped_manager(scope.own_or_shared("county"))

    class Meta:
        ordering = ["word"]
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        constraints = [
            models.UniqueConstraint(fields=["county", "word"], name="unique_sensitive_word"),
            models.UniqueConstraint(
                fields=["word"],
                condition=models.Q(county=None),
                name="unique_shared_sensitive_word",
            ),
        ]

    def __str__(self) -> str:
        return self.word


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Shown on the portal: approved by the service center and public by the asker's choice."""
        return self.filter(status=QuestionStatus.APPROVED, is_public=True)

    def open(self):
        """Still owed a reply: received (not rejected or merged) and not answered publicly."""
        return self.filter(status__in=[QuestionStatus.PENDING, QuestionStatus.APPROVED]).exclude(
            answer__published_at__isnull=False
        )

    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)


class Question(models.Model):
    interview = models.ForeignKey(
        "interviews.Interview",
        verbose_name=_("interview"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    # The phone is only for calling the asker back: blanked after the retention period by
    # ``gongkai purge_personal_data`` (the question, its answer and the counts stay).
    PERSONAL_DATA_FIELDS = ["phone_encrypted"]
    PERSONAL_DATA_DATE_FIELD = "asked_at"

    nickname = models.CharField(_("nickname"), max_length=30)
    text = models.TextField(_("question"), max_length=1000)
    original_text = models.TextField(
        _("original text"),
        blank=True,
        help_text=_("The text as the netizen typed it, kept when a reviewer corrects a typo."),
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=QuestionKind.choices, default=QuestionKind.CONSULT
    )
    # Named *_encrypted so the audit log redacts it (gongkai.audit.services.REDACTED_FIELDS).
    phone_encrypted = EncryptedTextField(_("phone"), blank=True)
    is_public = models.BooleanField(_("may be published"), default=True)
    lookup_hash = models.CharField(max_length=64, unique=True)
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("reply due"))

    status = models.CharField(
        _("status"),
        max_length=20,
        choices=QuestionStatus.choices,
        default=QuestionStatus.PENDING,
        db_index=True,
    )
    flagged = models.BooleanField(_("flagged"), default=False, db_index=True)
    matched_words = models.JSONField(_("matched sensitive words"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reject_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectReason.choices, blank=True
    )
    reject_note = models.CharField(_("note on the rejection"), max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    sent_to_unit_at = models.DateTimeField(_("sent to the unit at"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    # Set in the control room while the guest answers this question on air (one per interview);
    # the live page shows it as "being answered" (gongkai.questions.control_room).
    answering_at = models.DateTimeField(_("being answered since"), null=True, blank=True)
    # 同问: how many netizens added their voice to this question (gongkai.questions.metoo).
    metoo_count = models.PositiveIntegerField(_("“me too” count"), default=0)

    objects = scope.scoped_manager("interview__programme__county", QuestionQuerySet)

    class Meta:
        ordering = ["asked_at", "id"]
        verbose_name = _("netizen message")
        verbose_name_plural = _("netizen messages")
        indexes = [models.Index(fields=["interview", "status"])]

    def __str__(self) -> str:
        return f"{self.nickname}: {self.text[:30]}"

    @property
    def element_id(self) -> str:
        return f"question-{self.pk}"

    @property
    def is_corrected(self) -> bool:
        return bool(self.original_text) and self.original_text != self.text

    @property
    def answering_question(self) -> Question:
        """The question whose answer this asker sees: the kept one when merged."""
        return self.merged_into if self.merged_into_id else self


class AnswerMode(models.TextChoices):
    LIVE = "live", _("Answered live")
    WRITTEN = "written", _("Answered later")


class Answer(models.Model):
    """The reply to one question: typed during the interview (live) or written by the unit
    afterwards. Public once the service center approves it."""

    question = models.OneToOneField(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answer"
    )
    mode = models.CharField(_("how answered"), max_length=10, choices=AnswerMode.choices)
    speaker = models.CharField(
        _("answered by"),
        max_length=60,
        help_text=_("As it is shown to the public, e.g. the guest's title and name."),
    )
    text = models.TextField(_("answer"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    on_time = models.BooleanField(_("on time"), null=True, blank=True)

    objects = scope.scoped_manager("question__interview__programme__county")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:30]}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class MeToo(models.Model):
    """One browser's 同问 on a question: ``voter`` is a keyed hash of the browser's random
    cookie (no account, no address kept), unique per question."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="metoos")
    voter = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    objects = scope.scoped_manager("question__interview__programme__county")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "voter"], name="one_metoo_per_browser")
        ]
        verbose_name = _("“me too”")
        verbose_name_plural = _("“me too”s")

    def __str__(self) -> str:
        return f"{self.question_id}"
