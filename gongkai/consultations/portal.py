"""The 征集调查 column in the portal's registries: search, feed, sitemap and the page cache."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.portal import cache, columns, feeds, home, search, sitemaps

HOME_ITEMS = 5


def _public():
    from gongkai.consultations.models import Consultation

    return Consultation.objects.public().select_related("unit")


def to_document(consultation) -> search.Document:
    return search.Document(
        title=consultation.title,
        body="\n".join(
            p
            for p in (
                consultation.unit.name,
                consultation.description,
                consultation.draft_text,
                consultation.feedback_summary,
            )
            if p
        ),
        url=consultation.get_absolute_url(),
        published_at=consultation.published_at,
    )


def to_feed_item(consultation) -> feeds.FeedItem:
    return feeds.FeedItem(
        title=consultation.title,
        url=consultation.get_absolute_url(),
        description=consultation.description[:200],
        published_at=consultation.published_at,
    )


def sitemap_pages() -> list[sitemaps.Page]:
    pages = []
    for consultation in _public().order_by("-published_at", "-id"):
        pages.append(
            sitemaps.Page(consultation.get_absolute_url(), consultation.updated_at, "consultation")
        )
        if consultation.is_closed:
            pages.append(
                sitemaps.Page(
                    consultation.get_results_url(), consultation.updated_at, "consultation-results"
                )
            )
    return pages


def open_items() -> list[home.Item]:
    """The consultations open now, closing soonest first (the home page's 征集调查 panel)."""
    from django.utils import timezone
    from django.utils.formats import date_format

    from gongkai.consultations.models import ConsultationStatus

    now = timezone.now()
    rows = (
        _public()
        .filter(status=ConsultationStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "id")[:HOME_ITEMS]
    )
    return [
        home.Item(
            title=c.title,
            url=c.get_absolute_url(),
            when=c.closes_at,
            badge=c.phase_label,
            summary=_("Open until %(when)s")
            % {"when": date_format(timezone.localtime(c.closes_at), "Y-m-d H:i")},
        )
        for c in rows
    ]


def register() -> None:
    from gongkai.consultations import models as cm

    for model in (cm.Consultation, cm.Item, cm.Choice):
        cache.register_content_model(model)
    # A new comment waits for review; the results page changes when one is reviewed.
    cache.register_content_model(cm.Comment, when=lambda c: c.status != cm.CommentStatus.PENDING)
    columns.register_column(
        "consultations",
        title=_("Consultations and surveys"),
        description=_("Calls for comments and surveys of the county government"),
        order=40,
        feed_rows=lambda: _public().order_by("-published_at", "-id"),
        to_feed_item=to_feed_item,
        sitemap_pages=sitemap_pages,
        models=[cm.Consultation],
        search_kind="consultation",
        search_rows=_public,
        to_document=to_document,
    )
    home.register_section(
        "open-consultations",
        title=_("Consultations open now"),
        order=60,
        hide_when_empty=True,
        items_fn=open_items,
        more_url_name="consultations:index",
        models=[cm.Consultation],
    )
