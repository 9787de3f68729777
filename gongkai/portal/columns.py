"""One call that puts a domain app's column into the portal's registries: its search kind
(optional), its feed and its sitemap section.

An app registers its column from ``AppConfig.ready()`` (through its ``portal.register()``)::

    from gongkai.portal import columns

    columns.register_column(
        "interviews",
        title=_("Online interviews"),
        description=_("Previews, live interviews and the archive of online interviews"),
        order=10,
        feed_rows=lambda: _public().order_by("-starts_at", "-id"),
        to_feed_item=to_feed_item,
        sitemap_pages=sitemap_pages,
        models=[Interview],
        search_kind="interview",
        search_rows=lambda: _public().prefetch_related("feed_lines"),
        to_document=to_document,
        search_watch=[FeedLine],
    )

The search kind is labelled with the column's title; a column whose search kinds carry other
labels (policies: documents and interpretations) calls ``search.register`` itself. The home
sections stay with each app: they differ in number, badges and keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db import models as dj_models

from gongkai.portal import feeds, search, sitemaps

FEED_ITEMS = 30  # the newest items a column's feed carries


def register_column(
    slug: str,
    *,
    title: Any,
    description: Any,
    order: int,
    feed_rows: Callable[[], dj_models.QuerySet],
    to_feed_item: Callable[[Any], feeds.FeedItem | None],
    sitemap_pages: Callable[[], Iterable[sitemaps.Page | str]],
    models: Iterable[type[dj_models.Model]],
    sitemap_name: str = "",
    search_kind: str = "",
    search_rows: Callable[[], dj_models.QuerySet] | None = None,
    to_document: Callable[[Any], search.Document | None] | None = None,
    search_watch: Iterable[type[dj_models.Model]] = (),
) -> None:
    """Register the feed ``slug`` (the newest ``FEED_ITEMS`` of ``feed_rows()``, which orders
    them newest first), the sitemap section ``sitemap_name`` (``slug`` by default) and, with
    ``search_kind``, the search kind over ``search_rows()``. ``models``: the models whose
    changes alter the column's feed and pages (cached pages are refreshed)."""
    models = list(models)
    if search_kind:
        if search_rows is None or to_document is None:
            raise ValueError("search_kind needs search_rows and to_document")
        search.register(search_kind, search_rows, to_document, label=title, watch=search_watch)
    feeds.register_feed(
        slug,
        title=title,
        description=description,
        items_fn=lambda: feed_rows()[:FEED_ITEMS],
        to_item_fn=to_feed_item,
        order=order,
        models=models,
    )
    sitemaps.register_sitemap(sitemap_name or slug, sitemap_pages, models=models)
