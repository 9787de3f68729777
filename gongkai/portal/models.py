"""The portal's own tables: the search index (see ``gongkai.portal.search``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.counties import scope


class SearchEntry(models.Model):
    """One published thing, as the search sees it. Written only by ``gongkai.portal.search``.

    On SQLite the FTS5 table ``portal_search_fts`` mirrors ``title_segmented`` and ``segmented``
    through triggers; on PostgreSQL a GIN index covers ``to_tsvector('simple', segmented)``.
    """

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    title_segmented = models.TextField(blank=True)
    segmented = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("county")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class SiteIdentity(models.Model):
    """The registration numbers every Chinese government website shows in its footer, filled
    in by the county in the browser (one row; ``gongkai.portal.identity``)."""

    county = models.ForeignKey(
        "counties.County",
        verbose_name=_("county"),
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )

    site_code = models.CharField(
        _("website identification code"),
        max_length=20,
        blank=True,
        help_text=_("网站标识码: the ten-digit code from the government website register."),
    )
    icp_number = models.CharField(
        _("ICP filing number"),
        max_length=60,
        blank=True,
        help_text=_("For example 陕ICP备12345678号; it links to the MIIT filing system."),
    )
    police_number = models.CharField(
        _("public security filing number"),
        max_length=60,
        blank=True,
        help_text=_("For example 陕公网安备 61082402000123号; it links to the filing record."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = scope.scoped_manager("county")

    class Meta:
        verbose_name = _("site identity")
        verbose_name_plural = _("site identity")
        constraints = [models.UniqueConstraint(fields=["county"], name="one_identity_per_county")]

    def __str__(self) -> str:
        return str(_("Footer registration numbers"))

    @property
    def police_record_code(self) -> str:
        """The digits of the public security number (the filing record's address needs them)."""
        return "".join(ch for ch in self.police_number if ch.isdigit())
