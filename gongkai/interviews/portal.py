"""The interview column (在线访谈) in the portal's registries: search, feed, sitemap, home
sections (正在直播, 即将开始, 往期回顾) and the page cache."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.interviews import parts
from gongkai.portal import cache, columns, feeds, home, search, sitemaps

HOME_ITEMS = 5

SITEMAP_KINDS = {
    "preview": "interview-preview",
    "live": "interview-live",
    "archived": "interview-archive",
}


def _url(interview) -> str:
    return reverse("interviews:detail", args=[interview.pk])


def _title(interview) -> str:
    return str(interview)


def _public():
    from gongkai.interviews.models import Interview

    return Interview.objects.public().select_related("unit")


def page_is_cached(interview) -> bool:
    """Whether the interview's public page can be a cached copy: only without a question form
    (a form carries a CSRF token, and such a page is rendered for each visitor), i.e. the
    archive. Preview and live pages are always rendered fresh. Which page carries a form is the
    business of the app that fills it (``gongkai.interviews.parts``)."""
    return interview.is_public and not parts.is_per_visitor(interview)


def to_document(interview) -> search.Document:
    # The public page's text: the topic and, once live, what was said (no personal data: the
    # feed carries what the guests and the host said in public).
    lines = (
        [line.text for line in interview.feed_lines.all()] if interview.status != "preview" else []
    )
    return search.Document(
        title=_title(interview),
        body="\n".join([interview.topic, *lines]),
        url=_url(interview),
        published_at=interview.starts_at,
    )


def to_feed_item(interview) -> feeds.FeedItem:
    return feeds.FeedItem(
        title=_title(interview),
        url=_url(interview),
        description=f"{interview.get_status_display()} {interview.topic}".strip(),
        published_at=interview.starts_at,
    )


def _home_item(interview, badge) -> home.Item:
    return home.Item(
        title=_title(interview), url=_url(interview), when=interview.starts_at, badge=badge
    )


def live_items() -> list[home.Item]:
    from gongkai.interviews.models import InterviewStatus

    rows = _public().filter(status=InterviewStatus.LIVE).order_by("starts_at", "id")[:HOME_ITEMS]
    return [_home_item(i, _("Live")) for i in rows]


def upcoming_items() -> list[home.Item]:
    """Interview previews still to come (planned visit activities join them:
    ``gongkai.visits.portal``)."""
    from gongkai.interviews.models import InterviewStatus

    rows = _public().filter(status=InterviewStatus.PREVIEW).order_by("starts_at", "id")
    return [_home_item(i, _("Preview")) for i in rows[:HOME_ITEMS]]


def archived_items() -> list[home.Item]:
    from gongkai.interviews.models import InterviewStatus

    rows = (
        _public().filter(status=InterviewStatus.ARCHIVED).order_by("-starts_at", "-id")[:HOME_ITEMS]
    )
    return [_home_item(i, _("Archive")) for i in rows]


def sitemap_pages() -> list[sitemaps.Page]:
    return [
        sitemaps.Page(_url(i), i.updated_at, kind=SITEMAP_KINDS[i.status])
        for i in _public().order_by("starts_at", "id")
    ]


def register() -> None:
    from gongkai.interviews import models as im

    for model in (im.Interview, im.ReceiptForm, im.ReceiptPerson, im.RelatedLink):
        cache.register_content_model(model)
    # Feed lines and photos typed during the live go out by the live push; the live page (with
    # its question form) is never cached, so they refresh cached pages only on a cached page.
    cache.register_content_model(im.FeedLine, when=lambda line: page_is_cached(line.interview))
    cache.register_content_model(im.Photo, when=lambda photo: page_is_cached(photo.interview))

    columns.register_column(
        "interviews",
        title=_("Online interviews"),
        description=_("Previews, live interviews and the archive of online interviews"),
        order=10,
        feed_rows=lambda: _public().order_by("-starts_at", "-id"),
        to_feed_item=to_feed_item,
        sitemap_pages=sitemap_pages,
        models=[im.Interview],
        search_kind="interview",
        search_rows=lambda: _public().prefetch_related("feed_lines"),
        to_document=to_document,
        search_watch=[im.FeedLine],
    )
    home.register_section(
        "live",
        title=pgettext_lazy("home section", "Live now"),
        order=10,
        hide_when_empty=True,
        items_fn=live_items,
        more_url_name="interviews:index",
        models=[im.Interview],
    )
    home.register_section(
        "upcoming",
        title=pgettext_lazy("home section", "Coming up"),
        order=20,
        empty_text=_("Nothing scheduled yet."),
        items_fn=upcoming_items,
        models=[im.Interview],
        limit=HOME_ITEMS,
    )
    home.register_section(
        "latest-interviews",
        title=_("Latest interviews"),
        order=30,
        empty_text=_("No interview archived yet."),
        items_fn=archived_items,
        more_url_name="interviews:index",
        models=[im.Interview],
    )
