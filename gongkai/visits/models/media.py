"""Photos and videos of an activity (reviewed before they are public), and sent reminders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope
from gongkai.publishing.models import Reviewable, ReviewableQuerySet
from gongkai.visits.models.activities import Activity
from gongkai.visits.models.paths import media_path


class MediaKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    VIDEO = "video", _("Video")


class Media(Reviewable):
    """A photo or video of a held activity (宣传影像资料), published after review."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    file = models.FileField(_("file"), upload_to=media_path)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_at = models.DateTimeField(_("taken at (from the photo)"), null=True, blank=True)
    date_flag = models.BooleanField(
        _("capture date far from the activity"),
        default=False,
        help_text=_(
            "The photo's own capture date is more than two days from the activity date: check it is from this activity."
        ),
    )
    size = models.PositiveBigIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = scope.scoped_manager("activity__programme__county", ReviewableQuerySet)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("activity photo or video")
        verbose_name_plural = _("activity photos and videos")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.caption or self.pk}"


class ReminderLog(models.Model):
    """One reminder sent, so a daily ``send_reminders`` run never sends the same one twice."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")

    def __str__(self) -> str:
        return self.key
