"""Search narrows by column and year and shows each published thing once (issue 14, item 8);
往期回顾 is newest first on /interviews/ as on the home page."""

from __future__ import annotations

import re

import pytest

from gongkai.interviews.models import Interview

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


@pytest.fixture
def indexed(db, django_capture_on_commit_callbacks, personas):
    """The demo's notice, policy documents (the notice is one too), interviews and activities,
    indexed as in production."""
    from gongkai.ops.demo import load_app_demos
    from gongkai.portal import search
    from gongkai.programmes.services import load_builtin

    with django_capture_on_commit_callbacks(execute=True):
        programme = load_builtin(2023)
        load_app_demos(programme)
    search.reindex()  # as `gongkai reindex` does after loading data
    return programme


def _hits(html: str) -> list[str]:
    return re.findall(r'<h2><a href="([^"]+)">', html)


def test_the_notice_is_listed_once_though_it_is_also_a_policy_document(client, indexed):
    from gongkai.portal.models import SearchEntry

    title = indexed.notice_title
    assert SearchEntry.objects.filter(title=title).count() == 2  # notice + policy document
    html = client.get("/search/", {"q": "邀请公民代表走进县镇政府"}, **ZH).content.decode()
    urls = _hits(html)
    assert urls.count("/notices/2023/") + sum(u.startswith("/policies/1/") for u in urls) == 1


def test_column_filter_keeps_only_that_column(client, indexed):
    everything = _hits(client.get("/search/", {"q": "访谈"}).content.decode())
    assert any(u.startswith("/interviews/") for u in everything)
    assert any(not u.startswith("/interviews/") for u in everything)
    html = client.get("/search/", {"q": "访谈", "kind": "interview"}, **ZH).content.decode()
    only = _hits(html)
    assert only and all(u.startswith("/interviews/") for u in only)
    assert '<option value="interview" selected>' in html
    assert "全部栏目" in html and "全部年份" in html


def test_year_filter(client, indexed):
    html = client.get("/search/", {"q": "访谈", "year": "2023"}).content.decode()
    assert _hits(html)
    assert '<option value="2023" selected>' in html
    assert _hits(client.get("/search/", {"q": "访谈", "year": "2019"}).content.decode()) == (
        _hits(client.get("/search/", {"q": "访谈"}).content.decode())
    )  # a year with nothing published is not a choice: the filter is ignored


def test_unknown_column_is_ignored(client, indexed):
    plain = _hits(client.get("/search/", {"q": "访谈"}).content.decode())
    assert _hits(client.get("/search/", {"q": "访谈", "kind": "nope"}).content.decode()) == plain


@pytest.mark.django_db
def test_past_interviews_newest_first(client, personas, programme):
    from gongkai.interviews.demo import load_demo

    load_demo(programme)
    archived = list(Interview.objects.filter(status="archived").order_by("starts_at"))
    if len(archived) < 2:
        second = Interview.objects.exclude(pk=archived[0].pk).exclude(starts_at=None).first()
        second.status = "archived"
        second.save()
        archived = list(Interview.objects.filter(status="archived").order_by("starts_at"))
    html = client.get("/interviews/").content.decode()
    positions = [html.index(f'href="/interviews/{i.pk}/"') for i in archived]
    assert positions == sorted(positions, reverse=True)  # the newest comes first
