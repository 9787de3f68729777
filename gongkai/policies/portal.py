"""The policy column (政策解读) in the portal's registries: search, feed, sitemap, the home
section of the latest interpretations and the page cache."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.portal import cache, columns, feeds, home, search, sitemaps

HOME_ITEMS = 5


def _documents():
    from gongkai.policies.models import PolicyDocument

    return PolicyDocument.objects.public().select_related("drafting_unit")


def _interpretations():
    from gongkai.policies.models import Interpretation, PolicyDocument

    return (
        Interpretation.objects.published()
        .filter(document__in=PolicyDocument.objects.public())
        .select_related("document")
    )


def document_to_document(document) -> search.Document:
    return search.Document(
        title=document.title,
        body="\n".join(p for p in (document.number, document.issuer, document.text) if p),
        url=document.get_absolute_url(),
        published_at=document.published_on,
    )


def interpretation_to_document(interpretation) -> search.Document:
    return search.Document(
        title=interpretation.title,
        body="\n".join(p for p in (interpretation.document.title, interpretation.body) if p),
        url=interpretation.get_absolute_url(),
        published_at=interpretation.published_at,
    )


def to_feed_item(interpretation) -> feeds.FeedItem:
    return feeds.FeedItem(
        title=interpretation.title,
        url=interpretation.get_absolute_url(),
        description=interpretation.document.title,
        published_at=interpretation.published_at,
    )


def latest_items() -> list[home.Item]:
    rows = _interpretations().order_by("-published_at", "-id")[:HOME_ITEMS]
    return [
        home.Item(
            title=i.title,
            url=i.get_absolute_url(),
            when=i.published_at,
            badge=i.get_kind_display(),
        )
        for i in rows
    ]


def sitemap_pages() -> list[sitemaps.Page]:
    pages = [
        sitemaps.Page(d.get_absolute_url(), d.updated_at, kind="policy-document")
        for d in _documents().order_by("-published_on", "-id")
    ]
    pages += [
        sitemaps.Page(i.get_absolute_url(), i.published_at, kind="interpretation")
        for i in _interpretations().order_by("-published_at", "-id")
    ]
    return pages


def register() -> None:
    from gongkai.policies import models as pm

    for model in (pm.PolicyDocument, pm.PolicyAttachment, pm.Interpretation):
        cache.register_content_model(model)

    search.register(
        "policy-document", _documents, document_to_document, label=_("Policy documents")
    )
    search.register(
        "interpretation",
        _interpretations,
        interpretation_to_document,
        label=_("Policy interpretations"),
        watch=[pm.PolicyDocument],
    )
    # Both search kinds carry labels of their own: registered above, not by the column.
    columns.register_column(
        "interpretations",
        title=_("Policy interpretation"),
        description=_("Interpretations of the county's policy documents"),
        order=30,
        feed_rows=lambda: _interpretations().order_by("-published_at", "-id"),
        to_feed_item=to_feed_item,
        sitemap_pages=sitemap_pages,
        sitemap_name="policies",
        models=[pm.PolicyDocument, pm.Interpretation],
    )
    home.register_section(
        "latest-interpretations",
        title=_("Latest policy interpretations"),
        order=50,
        empty_text=_("No interpretation published yet."),
        items_fn=latest_items,
        more_url_name="policies:index",
        models=[pm.Interpretation],
    )
