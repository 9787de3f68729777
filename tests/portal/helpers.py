"""Shared helpers for the portal tests: the public pages to walk, personal-data patterns."""

from __future__ import annotations

import re

from gongkai.portal import sitemaps

# Mobile phone numbers and resident ID numbers must never appear on a public page (office
# landlines such as 0912-4848111 are public and allowed).
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
H1 = re.compile(r"<h1[\s>]", re.IGNORECASE)
TITLE = re.compile(r"<title>\s*[^<\s][^<]*</title>", re.IGNORECASE)


def public_urls(per_kind: int = 2) -> list[str]:
    """Every page type the sitemap registry knows, a few pages of each, plus a search."""
    seen: dict[str, int] = {}
    urls: list[str] = []
    for page in sitemaps.pages():
        kind = page.kind or page.url
        if seen.get(kind, 0) >= per_kind:
            continue
        seen[kind] = seen.get(kind, 0) + 1
        urls.append(page.url)
    urls.append("/search/?q=%E5%9C%A8%E7%BA%BF%E8%AE%BF%E8%B0%88")  # 在线访谈
    return urls


def html_pages(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.endswith((".xml", "/rss/", "/atom/", ".ics"))]
