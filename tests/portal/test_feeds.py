import xml.etree.ElementTree as ET

import pytest

from gongkai.portal import feeds
from tests.fixtures.pages import not_found


def test_notices_rss_lists_the_published_notice(client, programme):
    response = client.get("/feeds/notices/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    items = root.findall("./channel/item")
    assert [i.findtext("link") for i in items] == ["http://testserver/notices/2023/"]
    assert "靖政办发〔2023〕15号" in items[0].findtext("title")


def test_notices_atom_is_valid(client, programme):
    response = client.get("/feeds/notices/atom/")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(root.findall("a:entry", ns)) == 1


def test_unknown_column_is_not_found(client, db):
    response = client.get("/feeds/nothing/rss/")
    assert not_found(response)  # the portal's page, not an empty feed
    assert response["Content-Type"].startswith("text/html")


def test_registered_column_gets_a_feed_and_a_link(client, programme):
    from gongkai.units.models import Unit

    feeds.register_feed(
        "towns",
        title="乡镇",
        items_fn=lambda: Unit.objects.filter(kind="town")[:3],
        to_item_fn=lambda u: feeds.FeedItem(title=u.name, url=f"/u/{u.pk}/"),
        models=[Unit],
    )
    try:
        root = ET.fromstring(client.get("/feeds/towns/atom/").content)
        assert len(root.findall("{http://www.w3.org/2005/Atom}entry")) == 3
        assert 'href="/feeds/towns/rss/"' in client.get("/feeds/?v=1").content.decode()
    finally:
        feeds._columns.pop("towns")


def test_feeds_page_links_interview_calendar_when_it_exists(client, programme):
    from django.urls import NoReverseMatch, reverse

    body = client.get("/feeds/").content.decode()
    try:
        calendar = reverse("interviews:calendar")
    except NoReverseMatch:
        assert ".ics" not in body
        pytest.skip("the interviews app has no calendar yet")
    assert f'href="{calendar}"' in body
