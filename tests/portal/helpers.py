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


def form_page_urls() -> list[str]:
    """The public page types the sitemap does not list (forms, pages reached by a code or a
    token, lookups and statistics), one page of each from the demo data."""
    from django.urls import reverse

    from gongkai.interviews.models import Interview, InterviewStatus
    from gongkai.visits.models import Activity, Registration, Suggestion

    activity = Activity.objects.public().order_by("id").first()
    suggestion = Suggestion.objects.public().filter(status="answered").order_by("id").first()
    registration = Registration.objects.filter(activity=activity).order_by("id").first()
    interview = Interview.objects.filter(status=InterviewStatus.ARCHIVED).order_by("id").first()
    asking = Interview.objects.filter(status=InterviewStatus.PREVIEW).order_by("id").first()
    assert activity and registration and interview and asking and suggestion, "demo changed"
    return [
        reverse("visits:register", args=[activity.pk]),
        reverse("visits:registration", args=[registration.code]),
        reverse("visits:opinion", args=[activity.opinion_token]),
        reverse("visits:checkin", args=[activity.checkin_token]),
        reverse("visits:lookup"),
        reverse("visits:suggestions"),
        reverse("visits:suggestion", args=[suggestion.pk]),
        reverse("questions:question-lookup"),
        reverse("questions:interview-questions", args=[interview.pk]),
        reverse("questions:question-ask", args=[asking.pk]),
    ]


def error_state_urls() -> list[str]:
    """Form pages whose error state (an empty form sent) is a page type of its own."""
    from django.urls import reverse

    from gongkai.visits.models import Activity

    activity = Activity.objects.public().order_by("id").first()
    return [reverse("visits:register", args=[activity.pk])]


def html_pages(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.endswith((".xml", "/rss/", "/atom/", ".ics"))]


PRIVATE_PREFIXES = ("staff/", "accounts/", "django-admin/", "api/", "live/", "i18n/", "healthz")


def argument_free_public_paths() -> list[str]:
    """Every URL pattern without arguments outside the staff/accounts/admin/API prefixes: the
    safety net for public pages nobody registered in the sitemap."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if "<" in route or "(" in route:  # takes arguments
                continue
            full = prefix + route.lstrip("^").rstrip("$")
            if full.startswith(PRIVATE_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, full)
            elif isinstance(pattern, URLPattern):
                found.append("/" + full)

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def with_live_interview() -> None:
    """The 2023 demo has an archived interview and a preview; put one more on air so the
    page type ``interview-live`` (with its question form) is walked too."""
    from gongkai.interviews.models import Interview, InterviewStatus

    if Interview.objects.filter(status=InterviewStatus.LIVE).exists():
        return
    interview = Interview.objects.filter(status=InterviewStatus.DRAFT).order_by("id").first()
    if interview is not None:
        interview.status = InterviewStatus.LIVE
        interview.save()
