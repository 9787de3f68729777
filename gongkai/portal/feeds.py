"""RSS and Atom feeds, one per column, filled by the apps that own the content.

An app registers its column from ``AppConfig.ready()``::

    from gongkai.portal import feeds

    feeds.register_feed(
        "interviews",
        title=_("Online interviews"),
        items_fn=lambda: Interview.objects.public().order_by("-starts_at")[:30],
        to_item_fn=lambda i: feeds.FeedItem(title=str(i), url=i.get_absolute_url(),
                                             description=i.summary, published_at=i.starts_at),
    )

The feed lives at ``/feeds/<column>/rss/`` and ``/feeds/<column>/atom/``; the page
``/feeds/`` lists every column (and the interview calendar when the interviews app has one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from gongkai.lib.text import multi_line, single_line


@dataclass(frozen=True)
class FeedItem:
    title: str
    url: str
    description: str = ""
    published_at: dt.datetime | dt.date | None = None


@dataclass
class Column:
    slug: str
    title: Any
    items_fn: Callable[[], Iterable[Any]]
    to_item_fn: Callable[[Any], FeedItem | None]
    description: Any = ""
    order: int = 100


_columns: dict[str, Column] = {}


def register_feed(
    slug: str,
    *,
    title: Any,
    items_fn: Callable[[], Iterable[Any]],
    to_item_fn: Callable[[Any], FeedItem | None] = lambda item: item,
    description: Any = "",
    order: int = 100,
    models: Iterable[type] = (),
) -> None:
    """Publish a column as a feed. ``items_fn`` returns the newest public items (30 or so);
    ``models``: the models whose changes alter the column (cached pages are refreshed)."""
    _columns[slug] = Column(slug, title, items_fn, to_item_fn, description, order)
    from gongkai.portal import cache

    for model in models:
        cache.register_content_model(model)


def columns() -> list[Column]:
    return sorted(_columns.values(), key=lambda c: (c.order, c.slug))


def column(slug: str) -> Column | None:
    return _columns.get(slug)


def _aware(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    return value if timezone.is_aware(value) else timezone.make_aware(value)


class ColumnFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, slug: str) -> Column:
        found = column(slug)
        if found is None:
            raise Http404
        return found

    def title(self, obj: Column) -> str:
        from django.conf import settings

        return single_line(f"{obj.title} - {settings.GONGKAI_SITE_NAME}")

    def link(self, obj: Column) -> str:
        from django.urls import reverse

        return reverse("portal:feeds")

    def description(self, obj: Column) -> str:
        return multi_line(str(obj.description or obj.title))

    def items(self, obj: Column) -> list[FeedItem]:
        items = [obj.to_item_fn(row) for row in obj.items_fn()]
        return [item for item in items if item is not None]

    # Control characters are invalid XML (a feed reader refuses the whole feed) and a line
    # break in a title is never meant: stripped here whatever the app's text holds.
    def item_title(self, item: FeedItem) -> str:
        return single_line(str(item.title))

    def item_description(self, item: FeedItem) -> str:
        return multi_line(str(item.description))

    def item_link(self, item: FeedItem) -> str:
        return item.url

    def item_pubdate(self, item: FeedItem) -> dt.datetime | None:
        return _aware(item.published_at)


class ColumnAtomFeed(ColumnFeed):
    feed_type = Atom1Feed
    subtitle = ColumnFeed.description
