"""Online interviews (在线访谈): schedule (附件2), receipt forms (附件3), outlines, the live room
(text feed and photos) and the archive (访谈实录)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.interviews.crew import MediaCrew
from gongkai.publishing.models import Reviewable, ReviewableQuerySet


class InterviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PREVIEW = "preview", _("Preview")
    LIVE = "live", _("Live")
    ARCHIVED = "archived", _("Archive")


PUBLIC_STATUSES = (InterviewStatus.PREVIEW, InterviewStatus.LIVE, InterviewStatus.ARCHIVED)


class InterviewQuerySet(models.QuerySet):
    def public(self):
        """Interviews shown on the portal: published as preview, live or archived."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def near(self, starts_at: dt.datetime, ends_at: dt.datetime):
        """Candidates for a clash with [starts_at, ends_at): interviews starting before it ends
        and less than a day before it starts (no interview lasts a day; services check the
        exact overlap)."""
        return self.filter(
            starts_at__isnull=False,
            starts_at__lt=ends_at,
            starts_at__gt=starts_at - dt.timedelta(days=1),
        )


class Interview(MediaCrew):
    """One online interview (在线访谈) of one unit, booked inside the unit's slot (附件2)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="interviews"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="interviews"
    )
    slot = models.ForeignKey(
        "programmes.InterviewSlot",
        verbose_name=_("slot"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    status = models.CharField(
        _("status"), max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.DRAFT
    )
    stream_url = models.URLField(
        _("live stream URL"),
        blank=True,
        help_text=_("The address of the video stream the media center broadcasts."),
    )
    # What actually happened, recorded by the status steps (services/status.py): the
    # assessment credits these, not the scheduled ``starts_at``.
    actual_started_at = models.DateTimeField(_("actually started at"), null=True, blank=True)
    actual_ended_at = models.DateTimeField(_("actually ended at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("programme__county", InterviewQuerySet)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("online interview")
        verbose_name_plural = _("online interviews")

    def __str__(self) -> str:
        return f"{self.unit.name} {self.topic}".strip()

    @property
    def channel(self) -> str:
        """The live channel viewers of this interview subscribe to."""
        return f"interview-{self.pk}"

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.starts_at is None:
            return None
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def video_record(self) -> InterviewVideo | None:
        """The uploaded video record (any review state), or None."""
        try:
            return self.recorded_video
        except InterviewVideo.DoesNotExist:
            return None

    @property
    def published_video(self) -> InterviewVideo | None:
        """The video record the portal shows: only once the service center approved it."""
        record = self.video_record
        return record if record is not None and record.is_published else None

    def guests(self) -> list[ReceiptPerson]:
        """Guests named on the receipt form (needs ``receipt__people`` prefetched on lists)."""
        receipt = getattr(self, "receipt", None)
        if receipt is None:
            return []
        return [p for p in receipt.people.all() if p.role == PersonRole.GUEST]


class StatusChange(models.Model):
    """One step of the interview's status (草稿 → 预告 → 直播中 → 往期回顾, or one step back
    with a reason): the history shown on the staff page."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("status before"), max_length=20, choices=InterviewStatus.choices
    )
    to_status = models.CharField(_("status after"), max_length=20, choices=InterviewStatus.choices)
    reason = models.TextField(_("reason for the step back"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("changed at"), default=timezone.now)

    objects = scope.scoped_manager("interview__programme__county")

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.interview_id}: {self.from_status} → {self.to_status}"


class PersonRole(models.TextChoices):
    GUEST = "guest", _("Interview guest")
    STAFF = "staff", _("Staff member")


class ReceiptForm(models.Model):
    """附件3: the interviewed unit's receipt form."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="receipt")
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    unit_head = models.CharField(
        _("unit head"),
        max_length=50,
        help_text=_("The head who signs the form; the unit stamps it."),
    )
    scan = models.FileField(
        _("signed and stamped scan"),
        upload_to="interviews/receipts/",
        help_text=_("The form signed by the unit head and stamped: PDF, JPEG or PNG."),
    )
    notes = models.TextField(_("notes"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("interview__programme__county")

    class Meta:
        verbose_name = _("receipt form")
        verbose_name_plural = _("receipt forms")

    def __str__(self) -> str:
        return f"{self.interview.unit.name} {self._meta.verbose_name}"

    def lateness(self) -> dt.timedelta | None:
        from gongkai.programmes.models import DeadlineKind

        deadline = self.interview.programme.deadline(DeadlineKind.RECEIPT_FORM)
        return deadline.lateness(self.submitted_at) if deadline else None


class ReceiptPerson(models.Model):
    """A row of 附件3's 嘉宾及工作人员信息: role, name, introduction."""

    receipt = models.ForeignKey(ReceiptForm, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=10, choices=PersonRole.choices)
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("position"), max_length=60, blank=True)
    introduction = models.TextField(_("introduction"), blank=True)
    # A guest's photo on the preview, live and archive pages, uploaded by the service center
    # or the media center with the guest's agreement (public once the interview is).
    photo = models.ImageField(_("guest photo"), upload_to="interviews/guests/", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects = scope.scoped_manager("receipt__interview__programme__county")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("guest or staff member")
        verbose_name_plural = _("guests and staff")

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.name}"

    @property
    def label(self) -> str:
        return f"{self.title}{self.name}" if self.title else self.name


class OutlineState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    CHANGES = "changes", _("Changes requested")


class Outline(models.Model):
    """访谈提纲: typed or uploaded by the unit; the service center accepts it or asks for
    changes."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="outline")
    text = models.TextField(_("outline text"), blank=True)
    file = models.FileField(_("outline document"), upload_to="interviews/outlines/", blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=OutlineState.choices, default=OutlineState.SUBMITTED
    )
    review_comment = models.TextField(_("review comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("last submitted at"), default=timezone.now)

    objects = scope.scoped_manager("interview__programme__county")

    class Meta:
        verbose_name = _("interview outline")
        verbose_name_plural = _("interview outlines")

    def __str__(self) -> str:
        return f"{self.interview.unit.name} {self._meta.verbose_name}"

    def lateness(self) -> dt.timedelta | None:
        from gongkai.programmes.models import DeadlineKind

        deadline = self.interview.programme.deadline(DeadlineKind.INTERVIEW_OUTLINE)
        return deadline.lateness(self.first_submitted_at) if deadline else None


class SpeakerKind(models.TextChoices):
    HOST = "host", _("Host")
    GUEST = "guest", _("Guest")


class FeedLine(models.Model):
    """One line of the live text feed (文字直播), shown as "[主持人] … [05-10 09:25]"."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feed_lines")
    speaker_kind = models.CharField(_("speaker"), max_length=10, choices=SpeakerKind.choices)
    speaker_name = models.CharField(_("speaker name"), max_length=80, blank=True)
    text = models.TextField(_("what was said"))
    said_at = models.DateTimeField(_("said at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = scope.scoped_manager("interview__programme__county")

    class Meta:
        ordering = ["said_at", "id"]
        verbose_name = _("feed line")
        verbose_name_plural = _("feed lines")

    def __str__(self) -> str:
        return self.text[:40]

    @property
    def dom_id(self) -> str:
        return f"feed-line-{self.pk}"


class Photo(models.Model):
    """A photo of the interview (图片直播)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="interviews/photos/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = scope.scoped_manager("interview__programme__county")

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.caption or self.image.name

    @property
    def dom_id(self) -> str:
        return f"photo-{self.pk}"


class RelatedLink(models.Model):
    """A related document shown on the archive page (a free title + URL until policies link)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(default=0)

    objects = scope.scoped_manager("interview__programme__county")

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("related document")
        verbose_name_plural = _("related documents")

    def __str__(self) -> str:
        return self.title


class InterviewVideo(Reviewable):
    """The interview's video record (视频实录): uploaded by the media center, public on the
    archive page only once the service center approves it in the publishing queue (先审后发),
    like activity photos and videos."""

    interview = models.OneToOneField(
        Interview, on_delete=models.CASCADE, related_name="recorded_video"
    )
    file = models.FileField(_("video record"), upload_to="interviews/videos/")
    poster = models.ImageField(
        _("poster frame"), upload_to="interviews/videos/posters/", blank=True
    )
    uploaded_at = models.DateTimeField(_("video uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = scope.scoped_manager("interview__programme__county", ReviewableQuerySet)

    class Meta:
        verbose_name = _("interview video record")
        verbose_name_plural = _("interview video records")

    def __str__(self) -> str:
        return _("Video record of the interview with %(unit)s") % {"unit": self.interview.unit.name}
