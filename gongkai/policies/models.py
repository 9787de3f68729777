"""Policy documents (政策文件) and their interpretations (政策解读) — SPEC §5 and §8.

"Whoever drafts, interprets" (谁起草、谁解读): the lead drafting unit publishes the written or
graphic interpretation together with the document and a video interpretation within a few days;
the platform records the due dates in force when the document was published and shows each
delay.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.interviews.crew import MediaCrew
from gongkai.lib.deadlines import COUNTY_TZ
from gongkai.publishing.models import Reviewable, ReviewableQuerySet, ReviewStatus


class InterpretationRules(models.Model):
    """How soon interpretations are due. One global row (no programme) and optionally one row
    per programme year that overrides it."""

    programme = models.OneToOneField(
        "programmes.Programme",
        verbose_name=_("programme year"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="interpretation_rules",
        help_text=_("Leave empty for the default that applies to every year without its own rule."),
    )
    written_days = models.PositiveSmallIntegerField(
        _("written or graphic interpretation: days allowed"),
        default=0,
        help_text=_(
            "0 means the same day as the document (文件出台同时提供解读材料). Counted in calendar days, "
            "the due day ends at midnight county time."
        ),
    )
    video_days = models.PositiveSmallIntegerField(
        _("video interpretation: days allowed"),
        default=30,
        help_text=_("Days after the document's publication by which the video must be published."),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("remind this many days before"),
        default=3,
        help_text=_(
            "The drafting unit's workbench shows the task this many days before it is due."
        ),
    )
    repeat_warning_percent = models.PositiveSmallIntegerField(
        _("warn when the interpretation repeats the document (%)"),
        default=60,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The review page warns when at least this share of the interpretation's word "
            "groups (three words in a row) is found in the document: 要点摘抄 is not an "
            "interpretation."
        ),
    )

    objects = scope.scoped_manager(scope.own_or_shared("programme__county"))

    class Meta:
        verbose_name = _("interpretation deadlines")
        verbose_name_plural = _("interpretation deadlines")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=models.Q(programme__isnull=True),
                name="one_global_interpretation_rules",
            )
        ]

    def __str__(self) -> str:
        if self.programme_id:
            return str(_("Interpretation deadlines for %(year)s") % {"year": self.programme.year})
        return str(_("Default interpretation deadlines"))


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    REVISED = "revised", _("Revised")
    REPEALED = "repealed", _("Repealed")


PUBLIC_STATUSES = (DocumentStatus.PUBLISHED, DocumentStatus.REVISED, DocumentStatus.REPEALED)


class PolicyDocumentQuerySet(models.QuerySet):
    def public(self):
        """Documents the portal shows: published once (a revised or repealed one stays
        readable, with its status)."""
        return self.filter(status__in=PUBLIC_STATUSES, published_on__isnull=False)


class PolicyDocument(models.Model):
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(
        _("document number"),
        max_length=60,
        unique=True,
        help_text=_("文号, for example 靖政办发〔2023〕15号. Each number is used once."),
        error_messages={
            "unique": _(
                "This document number is already used by another document. Check the number "
                "(文号) or open the existing document."
            )
        },
    )
    issuer = models.CharField(_("issued by"), max_length=100)
    signed_on = models.DateField(_("date signed"))
    published_on = models.DateField(
        _("date published"),
        null=True,
        blank=True,
        help_text=_("Set when the document is published; never before the date signed."),
    )
    drafting_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("lead drafting unit"),
        on_delete=models.PROTECT,
        related_name="policy_documents",
        help_text=_("牵头起草单位: whoever drafts, interprets."),
    )
    interpreter_name = models.CharField(
        _("first interpreter's name"),
        max_length=50,
        blank=True,
        help_text=_("The drafting unit's head is the first interpreter."),
    )
    interpreter_title = models.CharField(
        _("first interpreter's title"), max_length=50, blank=True, help_text=_("For example 局长.")
    )
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT
    )
    status_note = models.CharField(
        _("note on revision or repeal"),
        max_length=300,
        blank=True,
        help_text=_("For example the number of the document that revises or repeals it."),
    )
    written_due_on = models.DateField(_("written interpretation due"), null=True, blank=True)
    video_due_on = models.DateField(_("video interpretation due"), null=True, blank=True)
    written_reminded_on = models.DateField(
        _("drafting unit reminded of the written interpretation on"), null=True, blank=True
    )
    video_reminded_on = models.DateField(
        _("drafting unit reminded of the video interpretation on"), null=True, blank=True
    )
    no_interpretation_reason = models.TextField(
        _("reason for publishing without interpretation"), blank=True
    )
    plan_waiver_reason = models.TextField(
        _("reason for accepting the document without an interpretation plan"), blank=True
    )
    plan_waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted without an interpretation plan by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    plan_waived_at = models.DateTimeField(
        _("accepted without an interpretation plan at"), null=True, blank=True
    )
    related_interviews = models.ManyToManyField(
        "interviews.Interview",
        verbose_name=_("related online interviews"),
        blank=True,
        related_name="policy_documents",
    )
    is_demo = models.BooleanField(_("demo document"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("drafting_unit__county", PolicyDocumentQuerySet)

    class Meta:
        ordering = ["-published_on", "-signed_on", "-id"]
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_on__isnull=True)
                | models.Q(published_on__gte=models.F("signed_on")),
                name="policy_published_after_signed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("policies:document-detail", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("policies:document-staff", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and self.published_on is not None

    @property
    def interpreter(self) -> str:
        return f"{self.interpreter_title}{self.interpreter_name}".strip()


class PolicyAttachment(models.Model):
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="policies/attachments/%Y/")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = scope.scoped_manager("document__drafting_unit__county")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title


class InterpretationKind(models.TextChoices):
    TEXT = "text", _("Written interpretation")
    GRAPHIC = "graphic", _("Graphic interpretation (图解)")
    VIDEO = "video", _("Video interpretation")
    LINK = "link", _("External H5 page")
    QA = "qa", _("Questions and answers (简明问答)")
    AUDIO = "audio", _("Audio interpretation")
    ANIMATION = "animation", _("Animation (动漫)")

    @classmethod
    def written(cls) -> tuple[str, ...]:
        """Kinds that count as the material published together with the document; the
        others (video, animation, audio: 音视频) follow on the video track."""
        return (cls.TEXT, cls.GRAPHIC, cls.LINK, cls.QA)

    @classmethod
    def with_video_file(cls) -> tuple[str, ...]:
        return (cls.VIDEO, cls.ANIMATION)


class InterpretationQuerySet(ReviewableQuerySet):
    def written(self):
        return self.filter(kind__in=InterpretationKind.written())

    def videos(self):
        return self.filter(kind__in=InterpretationKind.with_video_file())


class Interpretation(Reviewable):
    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("policy document"),
        on_delete=models.CASCADE,
        related_name="interpretations",
    )
    kind = models.CharField(_("form"), max_length=20, choices=InterpretationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    interpreter = models.CharField(
        _("interpreter"),
        max_length=100,
        blank=True,
        help_text=_("Who explains the policy, normally the drafting unit's head."),
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Explain the background, the main measures and what changes for people. Copying the "
            "document's main points is not an interpretation."
        ),
    )
    image = models.FileField(_("graphic"), upload_to="policies/graphics/%Y/", blank=True)
    video = models.FileField(_("video"), upload_to="policies/videos/%Y/", blank=True)
    audio = models.FileField(_("audio"), upload_to="policies/audio/%Y/", blank=True)
    url = models.URLField(_("external H5 page"), blank=True)
    qa_pairs = models.JSONField(
        _("questions and answers"),
        default=list,
        blank=True,
        help_text=_('简明问答: a list of {"q": question, "a": answer}.'),
    )
    video_request = models.ForeignKey(
        "VideoRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = scope.scoped_manager("document__drafting_unit__county", InterpretationQuerySet)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("interpretation")
        verbose_name_plural = _("interpretations")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("policies:interpretation-detail", args=[self.pk])

    @property
    def is_written(self) -> bool:
        return self.kind in InterpretationKind.written()

    @property
    def published_on(self) -> dt.date | None:
        if self.review_status != ReviewStatus.APPROVED or self.published_at is None:
            return None
        return timezone.localtime(self.published_at, COUNTY_TZ).date()

    @property
    def due_on(self) -> dt.date | None:
        return self.document.written_due_on if self.is_written else self.document.video_due_on

    @property
    def delay_days(self) -> int | None:
        """Days between the document's publication and this interpretation's (0 = same day)."""
        if self.published_on is None or self.document.published_on is None:
            return None
        return max(0, (self.published_on - self.document.published_on).days)

    @property
    def days_late(self) -> int:
        due = self.due_on
        if self.published_on is None or due is None:
            return 0
        return max(0, (self.published_on - due).days)

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class PlannedForm(models.TextChoices):
    """The forms a 解读方案 may plan (several allowed)."""

    TEXT = "text", _("Text (文字)")
    GRAPHIC = "graphic", _("Graphic (图解)")
    AUDIO_VIDEO = "audio_video", _("Audio or video (音视频)")
    ANIMATION = "animation", _("Animation (动漫)")
    QA = "qa", _("Questions and answers (简明问答)")


class InterpretationPlan(models.Model):
    """The 解读方案 submitted with a document (国办发〔2016〕80号: 同步组织、同步审签、同步部署).
    Its sign-off date must be the document's own; a document without one is not accepted for
    publication unless a coordinator waives it with a reason."""

    document = models.OneToOneField(
        PolicyDocument,
        verbose_name=_("policy document"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    outline = models.TextField(
        _("outline (提纲)"),
        help_text=_("What the interpretation will explain: background, main measures, changes."),
    )
    forms = models.JSONField(_("forms"), default=list)
    channels = models.CharField(
        _("channels"),
        max_length=300,
        help_text=_("For example 县政府门户网站政策解读栏目、政务微信公众号."),
    )
    planned_on = models.DateField(_("planned publication"))
    interpreter_name = models.CharField(_("first interpreter's name"), max_length=50)
    interpreter_title = models.CharField(
        _("first interpreter's post"), max_length=50, help_text=_("The drafting unit's head.")
    )
    signed_on = models.DateField(
        _("plan signed off on"),
        help_text=_("同步审签: the same day as the document is signed off."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("document__drafting_unit__county")

    class Meta:
        verbose_name = _("interpretation plan")
        verbose_name_plural = _("interpretation plans")

    def __str__(self) -> str:
        return str(_("Interpretation plan of %(number)s") % {"number": self.document.number})

    @property
    def signed_with_document(self) -> bool:
        return self.signed_on == self.document.signed_on

    @property
    def interpreter(self) -> str:
        return f"{self.interpreter_title}{self.interpreter_name}".strip()

    def form_labels(self) -> list[str]:
        labels = dict(PlannedForm.choices)
        return [str(labels[f]) for f in self.forms if f in labels]


class VideoRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SCHEDULED = "scheduled", _("Scheduled")
    RECORDED = "recorded", _("Video uploaded")
    CANCELLED = "cancelled", _("Cancelled")


class VideoRequest(MediaCrew):
    """The drafting unit asks the media center to record a video interpretation; the media
    center assigns venue, host, camera and editor, records, and uploads the video."""

    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("policy document"),
        on_delete=models.CASCADE,
        related_name="video_requests",
    )
    starts_at = models.DateTimeField(_("recording starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    interpreter = models.CharField(_("interpreter"), max_length=100, blank=True)
    note = models.TextField(_("note for the media center"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VideoRequestStatus.choices,
        default=VideoRequestStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scope.scoped_manager("document__drafting_unit__county")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("video interpretation request")
        verbose_name_plural = _("video interpretation requests")

    def __str__(self) -> str:
        return f"{self.document.number} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)
