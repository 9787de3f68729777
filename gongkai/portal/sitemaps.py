"""The sitemap, which is also THE list of public pages.

Apps register their public pages from ``AppConfig.ready()``::

    from gongkai.portal import sitemaps

    sitemaps.register_sitemap(
        "interviews",
        lambda: [sitemaps.Page(i.get_absolute_url(), i.updated_at)
                 for i in Interview.objects.public()],
    )

``/sitemap.xml`` lists every page; the portal's tests walk the same list to check that every
public page has one ``<h1>``, a title, no personal data and no accessibility violation. Give
at least one page of every page type (the tests take the first ``SAMPLE`` of each section).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.sitemaps import Sitemap


@dataclass(frozen=True)
class Page:
    url: str
    lastmod: dt.datetime | dt.date | None = None
    kind: str = ""  # the page type, e.g. "interview-archive"; tests sample one per kind


@dataclass
class Section:
    name: str
    pages_fn: Callable[[], Iterable[Page | str]]
    changefreq: str = "daily"
    priority: float = 0.5


_sections: dict[str, Section] = {}


def register_sitemap(
    name: str,
    pages_fn: Callable[[], Iterable[Page | str]],
    *,
    changefreq: str = "daily",
    priority: float = 0.5,
    models: Iterable[type] = (),
) -> None:
    """``models``: the models whose changes alter these pages (cached pages are refreshed)."""
    _sections[name] = Section(name, pages_fn, changefreq, priority)
    from gongkai.portal import cache

    for model in models:
        cache.register_content_model(model)


def sections() -> dict[str, Section]:
    return dict(_sections)


def pages(name: str | None = None) -> list[Page]:
    """Every public page (or one section's), as :class:`Page` objects."""
    chosen = [_sections[name]] if name else list(_sections.values())
    result: list[Page] = []
    for section in chosen:
        for page in section.pages_fn():
            result.append(page if isinstance(page, Page) else Page(str(page), kind=section.name))
    return result


class SectionSitemap(Sitemap):
    def __init__(self, section: Section):
        self.section = section
        self.changefreq = section.changefreq
        self.priority = section.priority

    def items(self) -> list[Page]:
        return pages(self.section.name)

    def location(self, item: Page) -> str:
        return item.url

    def lastmod(self, item: Page):
        return item.lastmod


def django_sitemaps() -> dict[str, Sitemap | type[Sitemap]]:
    return {name: SectionSitemap(section) for name, section in _sections.items()}
