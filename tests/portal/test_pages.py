"""Guards over every public page: one <h1>, a title, no personal data, open to everyone;
fixed query counts on list pages."""

import pytest

from gongkai.portal import home
from gongkai.portal.care import CARE_COOKIE
from gongkai.programmes.models import Programme
from tests.conftest import ALL_PERSONAS
from tests.fixtures.pages import h1, not_found
from tests.fixtures.queries import count_queries
from tests.portal.helpers import (
    H1,
    ID_NUMBER,
    MOBILE,
    TITLE,
    error_state_urls,
    form_page_urls,
    html_pages,
    public_urls,
    with_live_interview,
)


@pytest.fixture
def demo(programme):
    from gongkai.ops.demo import create_demo_accounts, load_app_demos

    create_demo_accounts()
    load_app_demos(programme)
    with_live_interview()
    from gongkai.portal import search

    search.reindex()
    return programme


@pytest.mark.parametrize("care", [False, True])
def test_every_public_page_has_one_h1_a_title_and_no_personal_data(client, demo, care):
    if care:
        client.cookies[CARE_COOKIE] = "1"
    urls = html_pages(public_urls())
    assert len(urls) >= 9
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert len(H1.findall(body)) == 1, url
        assert TITLE.search(body), url
        assert not MOBILE.search(body), (url, MOBILE.search(body))
        assert not ID_NUMBER.search(body), url
        assert ('class="care-mode"' in body) == care


def _check_page(body: str, url: str, care: bool) -> None:
    assert len(H1.findall(body)) == 1, url
    assert TITLE.search(body), url
    assert not MOBILE.search(body), (url, MOBILE.search(body))
    assert not ID_NUMBER.search(body), url
    assert ('class="care-mode"' in body) == care, url


@pytest.mark.parametrize("care", [False, True])
def test_every_public_form_and_status_page_has_one_h1_a_title_and_no_personal_data(
    client, demo, care
):
    """The page types outside the sitemap: forms, their error state, pages reached by a code or
    a token, lookups and statistics."""
    if care:
        client.cookies[CARE_COOKIE] = "1"
    for url in form_page_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        _check_page(response.content.decode(), url, care)
    for url in error_state_urls():
        response = client.post(url, {})
        body = response.content.decode()
        assert response.status_code == 200 and "errorlist" in body, url
        _check_page(body, url, care)


def test_public_pages_carry_no_account_names(client, demo):
    from gongkai.accounts.models import User

    names = [u.display_name for u in User.objects.exclude(display_name="")]
    assert names
    for url in html_pages(public_urls()):
        body = client.get(url).content.decode()
        for name in names:
            assert name not in body, (url, name)


def test_sitemap_lists_every_public_page(client, demo):
    body = client.get("/sitemap.xml").content.decode()
    assert body.startswith("<?xml")
    for url in ("/", "/notices/2023/", "/notices/2023/attachments/2/", "/interviews/", "/data/"):
        assert f"<loc>http://testserver{url}</loc>" in body


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_public_pages_open_to_everyone(client_as, persona):
    client = client_as(persona)
    for url, heading in (
        ("/", "政务公开：政府与群众面对面"),
        ("/notices/", "通知公告"),
        ("/notices/2023/", "靖边县人民政府办公室关于开展2023年度邀请公民代表走进县镇政府和"),
        ("/data/", "互动数据"),
        ("/accessibility/", "无障碍说明"),
        ("/search/?q=访谈", "搜索"),
        ("/feeds/", "订阅"),
    ):
        assert h1(client.get(url)).startswith(heading), (persona, url)


def test_unpublished_notice_is_not_found(client, programme):
    Programme.objects.filter(pk=programme.pk).update(notice_published=False)
    assert not_found(client.get("/notices/2023/"))
    assert not_found(client.get("/notices/2023/attachments/1/"))


def test_missing_attachment_is_not_found(client, programme):
    assert not_found(client.get("/notices/2023/attachments/9/"))


def _extra_programmes(programme, count):
    for year in range(2023 - count, 2023):  # older years: the home keeps showing 2023
        clone = Programme.objects.create(
            year=year,
            title=f"{year}年度活动",
            notice_number=f"靖政办发〔{year}〕1号",
            notice_published=True,
            notice_date=programme.notice_date.replace(year=year),
        )
        clone.tracks.create(kind="visits", start=clone.notice_date, end=clone.notice_date)


def _queries(client, url):
    return count_queries(client, url)  # the work of rendering, not of serving the cached copy


@pytest.mark.parametrize("url", ["/", "/notices/", "/feeds/notices/rss/", "/sitemap.xml"])
def test_list_pages_query_count_does_not_grow(client, programme, url):
    one = _queries(client, url)
    _extra_programmes(programme, 2)  # 1 → 3 published notices
    three = _queries(client, url)
    assert one == three, url


def test_home_sections_query_count_does_not_grow(client, programme):
    from gongkai.units.models import Unit

    def items(limit):
        return lambda: [
            home.Item(title=u.name, url=f"/u/{u.pk}/") for u in Unit.objects.all()[:limit]
        ]

    home.register_section("latest-test", title="Latest", items_fn=items(1), order=40)
    try:
        one = _queries(client, "/")
        home.register_section("latest-test", title="Latest", items_fn=items(3), order=40)
        three = _queries(client, "/")
        assert one == three
    finally:
        home.unregister_section("latest-test")


def test_every_argument_free_public_url_has_one_h1_and_no_personal_data(client, demo):
    from tests.portal.helpers import argument_free_public_paths

    checked = 0
    for path in argument_free_public_paths():
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue  # POST-only switches, feeds, redirects
        body = response.content.decode()
        assert len(H1.findall(body)) == 1, path
        assert TITLE.search(body), path
        assert not MOBILE.search(body) and not ID_NUMBER.search(body), path
        checked += 1
    assert checked >= 8
