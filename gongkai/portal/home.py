"""The portal home's sections, filled by the apps that own the content.

An app adds a section from ``AppConfig.ready()``::

    from gongkai.portal import home

    home.register_section(
        "live", title=_("Live now"), order=10, hide_when_empty=True,
        items_fn=lambda: [home.Item(title=str(i), url=i.get_absolute_url(), when=i.starts_at,
                                    badge=_("Live"))
                          for i in Interview.objects.live().select_related("unit")[:5]],
        more_url_name="interviews:index",
        models=[Interview],
    )

Well-known keys and their order: ``live`` 正在直播 (10), ``upcoming`` 即将开始 (20),
``latest-interviews`` (30), ``latest-activities`` (40), ``latest-interpretations`` (50).
``items_fn`` must run a fixed number of queries (select_related/prefetch_related): the home
page has a query-count test. ``models`` lists the models whose changes alter the section, so
the cached home page is refreshed. A section may bring its own template (``template_name``)
that receives ``section`` and ``items``.

Another app adds its items to a section it does not own with ``add_items`` (visits' planned
activities join the interview previews in ``upcoming``): the items are merged by ``when`` and
cut to the section's ``limit``, so the owner never imports the other app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models as dj_models
from django.utils import timezone


@dataclass(frozen=True)
class Item:
    title: str
    url: str
    when: dt.datetime | dt.date | None = None
    summary: str = ""
    badge: Any = ""  # a short state such as 直播中 / 预告 / 往期回顾
    image_url: str = ""
    image_alt: str = ""  # required whenever image_url is given


@dataclass
class Section:
    key: str
    title: Any
    items_fn: Callable[[], Iterable[Item]]
    order: int = 100
    hide_when_empty: bool = False
    empty_text: Any = ""
    more_url_name: str = ""
    template_name: str = "portal/home_section.html"
    models: list = field(default_factory=list)
    limit: int | None = None


_sections: dict[str, Section] = {}
# Items other apps add to a section (``add_items``), kept apart from the section itself so the
# order in which apps start does not matter.
_contributions: dict[str, list[Callable[[], Iterable[Item]]]] = {}


def register_section(
    key: str,
    *,
    title: Any,
    items_fn: Callable[[], Iterable[Item]],
    order: int = 100,
    hide_when_empty: bool = False,
    empty_text: Any = "",
    more_url_name: str = "",
    template_name: str = "portal/home_section.html",
    models: Iterable[type[dj_models.Model]] = (),
    limit: int | None = None,
) -> None:
    _sections[key] = Section(
        key,
        title,
        items_fn,
        order,
        hide_when_empty,
        empty_text,
        more_url_name,
        template_name,
        list(models),
        limit,
    )
    _watch(models)


def add_items(
    key: str,
    items_fn: Callable[[], Iterable[Item]],
    *,
    models: Iterable[type[dj_models.Model]] = (),
) -> None:
    """Add ``items_fn``'s items to the section ``key`` registered by another app; the same
    rules as ``register_section`` hold for ``items_fn`` and ``models``."""
    contributions = _contributions.setdefault(key, [])
    if items_fn not in contributions:
        contributions.append(items_fn)
    _watch(models)


def _watch(models: Iterable[type[dj_models.Model]]) -> None:
    from gongkai.portal import cache

    for model in models:
        cache.register_content_model(model)


def unregister_section(key: str) -> None:
    _sections.pop(key, None)


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))


@dataclass
class Rendered:
    section: Section
    items: list[Item]


def section_items(section: Section) -> list[Item]:
    """The section's own items and those other apps added, soonest first (an item without a
    date counts as now), at most ``limit``."""
    items = list(section.items_fn())
    contributions = _contributions.get(section.key, [])
    if contributions:
        for items_fn in contributions:
            items += list(items_fn())
        now = timezone.now()
        items.sort(key=lambda item: item.when or now)
    return items if section.limit is None else items[: section.limit]


def rendered_sections() -> list[Rendered]:
    """The sections to show, with their items (empty sections hidden when they ask to be)."""
    result = []
    for section in sections():
        items = section_items(section)
        if items or not section.hide_when_empty:
            result.append(Rendered(section, items))
    return result
