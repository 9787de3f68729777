"""The portal's own content in the registries: the published notices and the portal pages."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gongkai.portal import cache, feeds, search, sitemaps

# Pages every app's index has; a column appears in the sitemap once its URL name exists.
COLUMN_INDEXES = ["interviews:index", "visits:index", "policies:index", "consultations:index"]


def _published_programmes():
    from gongkai.programmes.models import Programme

    return Programme.objects.published()


def notice_document(programme) -> search.Document:
    return search.Document(
        title=programme.notice_title or programme.title,
        body=f"{programme.notice_number}\n{programme.notice_text}",
        url=reverse("portal:notice", args=[programme.year]),
        published_at=programme.notice_date,
    )


def notice_item(programme) -> feeds.FeedItem:
    return feeds.FeedItem(
        title=f"{programme.notice_number} {programme.notice_title or programme.title}".strip(),
        url=reverse("portal:notice", args=[programme.year]),
        description=programme.title,
        published_at=programme.notice_date,
    )


def _portal_pages():
    names = [
        "portal:home",
        "portal:notices",
        "portal:stats",
        "portal:accessibility",
        "portal:search",
        "portal:feeds",
    ]
    return [sitemaps.Page(reverse(name), kind=name) for name in names]


def _column_pages():
    result = []
    for name in COLUMN_INDEXES:
        try:
            result.append(sitemaps.Page(reverse(name), kind=name))
        except NoReverseMatch:
            continue
    return result


def _notice_pages():
    result = []
    for programme in _published_programmes().prefetch_related("attachments"):
        result.append(
            sitemaps.Page(
                reverse("portal:notice", args=[programme.year]),
                programme.notice_date,
                kind="notice",
            )
        )
        for attachment in programme.attachments.all():
            result.append(
                sitemaps.Page(
                    reverse("portal:attachment", args=[programme.year, attachment.number]),
                    programme.notice_date,
                    kind=f"attachment-{attachment.number}",
                )
            )
    return result


def register_portal_content() -> None:
    from gongkai.counties.models import County
    from gongkai.portal.models import SiteIdentity
    from gongkai.programmes import models as pm
    from gongkai.units.models import Unit

    cache.register_content_model(SiteIdentity)  # the footer of every page
    cache.register_content_model(County)  # its name, colour, logo, 主办/承办 on every page

    # Everything the portal pages show of the programme refreshes cached pages when it changes.
    for model in (
        pm.Programme,
        pm.Track,
        pm.Deadline,
        pm.InterviewSlot,
        pm.SlotUnit,
        pm.Guest,
        pm.NoticeAttachment,
        Unit,
        pm.Programme.participants.through,
    ):
        cache.register_content_model(model)

    search.register("notice", _published_programmes, notice_document, label=_("Notices"))
    feeds.register_feed(
        "notices",
        title=_("Notices"),
        description=_("Notices on the government openness programme"),
        items_fn=lambda: _published_programmes().order_by("-year")[:30],
        to_item_fn=notice_item,
        order=90,
    )
    sitemaps.register_sitemap("portal", _portal_pages, priority=0.8)
    sitemaps.register_sitemap("columns", _column_pages, priority=0.8)
    sitemaps.register_sitemap("notices", _notice_pages, changefreq="monthly")
