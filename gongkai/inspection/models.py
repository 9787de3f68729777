"""The inspection self-check's own tables: the county's thresholds (one row) and the warnings
the daily job has sent (each once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class Category(models.TextChoices):
    """How the quarterly 政府网站与政务新媒体检查 judges a column's freshness."""

    NEWS = "news", _("News (动态/要闻)")
    NOTICE = "notice", _("Notices (通知公告)")
    POLICY = "policy", _("Policy documents (政策文件)")
    INTERACTION = "interaction", _("Interaction (互动)")


class InspectionSettings(models.Model):
    """The thresholds of the inspection rules, edited by the county in the browser (the rules
    change from one year's inspection notice to the next). One row; missing fields of the
    defaults below are the 2026 rules."""

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    home_days = models.PositiveSmallIntegerField(
        _("home page: days without an update"),
        default=14,
        help_text=_("单项否决: the home page not updated for more than this many days."),
    )
    news_days = models.PositiveSmallIntegerField(
        _("news columns: days without an update"),
        default=14,
        help_text=_("动态/要闻 columns are stale after this many days without a new item."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice columns: days without an update"),
        default=180,
        help_text=_("通知公告 columns are stale after this many days (about six months)."),
    )
    policy_days = models.PositiveSmallIntegerField(
        _("policy columns: days without an update"),
        default=180,
        help_text=_("政策文件 columns are stale after this many days (about six months)."),
    )
    interaction_days = models.PositiveSmallIntegerField(
        _("interaction columns: days without an update"),
        default=0,
        help_text=_(
            "0: interaction columns are judged by their unanswered messages, not by the date."
        ),
    )
    stale_columns_limit = models.PositiveSmallIntegerField(
        _("stale columns that fail the inspection"),
        default=5,
        help_text=_("单项否决: this many stale columns or more."),
    )
    empty_columns_limit = models.PositiveSmallIntegerField(
        _("empty columns that fail the inspection"),
        default=5,
        help_text=_("单项否决: this many empty columns or more."),
    )
    message_warn_days = models.PositiveSmallIntegerField(
        _("unanswered message: days that cost points"),
        default=60,
        help_text=_(
            "A valid message unanswered for more than this many days (2 months) costs points."
        ),
    )
    message_fail_days = models.PositiveSmallIntegerField(
        _("unanswered message: days that fail the inspection"),
        default=90,
        help_text=_(
            "单项否决: a valid message unanswered for more than this many days (3 months)."
        ),
    )
    warn_ahead_days = models.PositiveSmallIntegerField(
        _("warn this many days before"),
        default=7,
        help_text=_(
            "The daily reminders warn the responsible unit this many days before a column or a "
            "message crosses a line."
        ),
    )
    # Column key → Category value; a column not named here keeps its default category.
    categories = models.JSONField(_("column categories"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = scope.scoped_manager("county")

    class Meta:
        verbose_name = _("inspection thresholds")
        verbose_name_plural = _("inspection thresholds")

    def __str__(self) -> str:
        return str(_("Inspection thresholds"))

    def days_for(self, category: str) -> int:
        """The days a column of ``category`` may go without an update (0: not judged)."""
        return {
            Category.NEWS: self.news_days,
            Category.NOTICE: self.notice_days,
            Category.POLICY: self.policy_days,
            Category.INTERACTION: self.interaction_days,
        }[Category(category)]


class InspectionWarning(models.Model):
    """A warning sent before a column or a message crosses a line, recorded once per crossing:
    the daily job sends nothing twice (a column updated and stale again crosses on a new day)."""

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    subject = models.CharField(_("what"), max_length=60)  # "column:visits", "question:12"
    line = models.PositiveSmallIntegerField(_("limit in days"))
    crosses_on = models.DateField(_("crosses the line on"))
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The unit warned; empty for the site's own columns (the service center)."),
    )
    title = models.CharField(_("warning"), max_length=300)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("e-mails sent"), default=0)

    objects = scope.scoped_manager("county")

    class Meta:
        ordering = ["crosses_on", "id"]
        verbose_name = _("inspection warning")
        verbose_name_plural = _("inspection warnings")
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "line", "crosses_on"], name="inspection_warning_once"
            )
        ]

    def __str__(self) -> str:
        return self.title
