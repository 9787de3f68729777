"""The visit column (走进政府) in the portal's registries: search, feed, sitemap, the home
section of held activities and the page cache. Planned activities join the interview
previews in the home section 即将开始, which ``gongkai.interviews.portal`` registers."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.portal import cache, columns, feeds, home, search, sitemaps

HOME_ITEMS = 5


def _url(activity) -> str:
    return reverse("visits:activity", args=[activity.pk])


def _public():
    from gongkai.visits.models import Activity

    return Activity.objects.public().select_related("unit")


def to_document(activity) -> search.Document:
    # Only what the public page shows of the activity: never the contact person or phone.
    parts = [activity.title, activity.unit.name, activity.place, activity.parts_label]
    if activity.status == "held":
        parts.append(activity.held_note)
        for response in activity.responses.all():
            parts += [response.question, response.answer]
    return search.Document(
        title=str(activity),
        body="\n".join(p for p in parts if p),
        url=_url(activity),
        published_at=activity.starts_at,
    )


def to_feed_item(activity) -> feeds.FeedItem:
    return feeds.FeedItem(
        title=str(activity),
        url=_url(activity),
        description=f"{activity.get_status_display()} {activity.place}".strip(),
        published_at=activity.starts_at,
    )


def held_items() -> list[home.Item]:
    from gongkai.visits.models import ActivityStatus

    rows = _public().filter(status=ActivityStatus.HELD).order_by("-starts_at", "-id")[:HOME_ITEMS]
    return [home.Item(title=str(a), url=_url(a), when=a.starts_at, summary=a.place) for a in rows]


def upcoming_items() -> list[home.Item]:
    """Planned activities still to come, soonest first (badge 走进政府)."""
    from gongkai.visits.models import ActivityStatus

    rows = (
        _public()
        .filter(status=ActivityStatus.PLANNED, starts_at__gte=timezone.now())
        .order_by("starts_at", "id")[:HOME_ITEMS]
    )
    return [home.Item(title=str(a), url=_url(a), when=a.starts_at, badge=_("Visit")) for a in rows]


def sitemap_pages() -> list[sitemaps.Page]:
    return [
        sitemaps.Page(_url(a), a.recorded_at or a.submitted_at, kind="activity")
        for a in _public().order_by("starts_at", "id")
    ]


def register() -> None:
    from gongkai.publishing.models import ReviewStatus
    from gongkai.visits import models as vm

    # What the public pages show: the activity and its on-the-spot responses (always), photos
    # and videos once reviewed, answers to suggestions. Registrations appear on no public page,
    # and a new opinion form changes only the counts on its activity's page, which (like the
    # 互动数据 counts) may lag by the page-cache lifetime (PORTAL_CACHE_TIMEOUT, 60 s): neither
    # throws the cached pages away.
    cache.register_content_model(vm.Activity)
    cache.register_content_model(vm.Response)
    # An upload waits for review; the reviewer's decision (approve or reject, which may take a
    # published photo down) changes the page.
    cache.register_content_model(vm.Media, when=lambda m: m.review_status != ReviewStatus.PENDING)
    # The suggestion tracker and the activity page show published suggestions with their steps.
    cache.register_content_model(vm.Suggestion)

    columns.register_column(
        "visits",
        title=_("Visit the government"),
        description=_("Activities in which representatives visit government units"),
        order=20,
        feed_rows=lambda: _public().order_by("-starts_at", "-id"),
        to_feed_item=to_feed_item,
        sitemap_pages=sitemap_pages,
        models=[vm.Activity],
        search_kind="activity",
        search_rows=lambda: _public().prefetch_related("responses"),
        to_document=to_document,
        search_watch=[vm.Response],
    )
    home.add_items("upcoming", upcoming_items, models=[vm.Activity])
    home.register_section(
        "latest-activities",
        title=_("Latest activities"),
        order=40,
        empty_text=_("No activity held yet."),
        items_fn=held_items,
        more_url_name="visits:index",
        models=[vm.Activity],
    )
