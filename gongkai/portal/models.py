"""The portal's own tables: the search index (see ``gongkai.portal.search``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One published thing, as the search sees it. Written only by ``gongkai.portal.search``.

    On SQLite the FTS5 table ``portal_search_fts`` mirrors ``title_segmented`` and ``segmented``
    through triggers; on PostgreSQL a GIN index covers ``to_tsvector('simple', segmented)``.
    """

    kind = models.CharField(_("kind"), max_length=40)
    object_id = models.CharField(_("object id"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    title_segmented = models.TextField(blank=True)
    segmented = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry")
        ]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
