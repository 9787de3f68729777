from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved and published")
    REJECTED = "rejected", _("Rejected")


class ReviewableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(review_status=ReviewStatus.APPROVED)

    def pending(self):
        return self.filter(review_status=ReviewStatus.PENDING)


class Reviewable(models.Model):
    """Review-then-publish (先审后发), shared by every app whose material the service center
    reviews before it goes public: activity photos and videos, interpretations, video records.

    Inherit it; change the state only through ``gongkai.publishing.services``."""

    review_status = models.CharField(
        _("review"),
        max_length=20,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        db_index=True,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ReviewableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        return self.review_status == ReviewStatus.APPROVED
