import pytest

from gongkai.portal import home, statistics


@pytest.fixture
def sections():
    # The apps' own sections are registered at start-up: put them back afterwards.
    before = dict(home._sections)
    contributions = {key: list(fns) for key, fns in home._contributions.items()}
    yield
    home._sections.clear()
    home._sections.update(before)
    home._contributions.clear()
    home._contributions.update(contributions)


def test_registered_sections_render_in_order(client, programme, sections):
    home.register_section(
        "upcoming",
        title="即将开始",
        order=20,
        items_fn=lambda: [home.Item(title="县统计局访谈预告", url="/interviews/9/", badge="预告")],
    )
    home.register_section(
        "live",
        title="正在直播",
        order=10,
        items_fn=lambda: [
            home.Item(title="县农业农村局在线访谈", url="/interviews/8/", badge="直播中")
        ],
    )
    body = client.get("/?v=1").content.decode()
    assert body.index("正在直播") < body.index("即将开始")
    assert 'href="/interviews/8/"' in body and "县统计局访谈预告" in body


def test_empty_section_hides_when_asked(client, programme, sections):
    home.register_section("live", title="正在直播", items_fn=list, hide_when_empty=True)
    home.register_section(
        "latest-activities", title="最新活动", items_fn=list, empty_text="暂无活动"
    )
    body = client.get("/?v=2").content.decode()
    assert "正在直播" not in body
    assert "最新活动" in body and "暂无活动" in body


def test_section_image_has_alt_text(client, programme, sections):
    home.register_section(
        "latest-activities",
        title="最新活动",
        items_fn=lambda: [
            home.Item(
                title="走进镇靖镇",
                url="/visits/1/",
                image_url="/m/1.jpg",
                image_alt="代表参观便民服务大厅",
            )
        ],
    )
    body = client.get("/?v=3").content.decode()
    assert '<img class="item-thumb" src="/m/1.jpg" alt="代表参观便民服务大厅">' in body


def test_stats_without_provider_say_no_data_yet(client, programme, monkeypatch):
    monkeypatch.setattr(statistics, "_providers", [])
    body = client.get("/data/").content.decode()
    assert "<table" not in body
    assert "No data yet" in body or "暂无数据" in body


def test_stats_show_the_registered_figures(client, programme, monkeypatch):
    monkeypatch.setattr(statistics, "_providers", [])
    statistics.register_statistics(lambda: {"留言总数": 2000, "回复率": "98%"})
    body = client.get("/data/?v=4").content.decode()
    assert '<th scope="row">留言总数</th><td>2000</td>' in body
    assert "98%" in body


def test_stats_come_from_the_questions_app_through_the_registry():
    from gongkai.questions import services

    assert services.public_statistics in statistics._providers


def test_care_toggle_needs_no_csrf_token_and_sets_cookie(programme):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/care-mode/", {"next": "/notices/"})
    assert response.status_code == 302 and response["Location"] == "/notices/"
    assert client.cookies["care_mode"].value == "1"
    assert 'class="care-mode"' in client.get("/notices/").content.decode()
    client.post("/care-mode/", {"next": "/"})
    assert 'class="care-mode"' not in client.get("/notices/").content.decode()


def test_care_toggle_refuses_offsite_redirect(client, db):
    response = client.post("/care-mode/", {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_language_switch_needs_no_csrf_token(programme):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/language/", {"language": "en", "next": "/notices/"})
    assert response.status_code == 302
    assert '<html lang="en"' in client.get("/notices/").content.decode()


def test_nav_marks_current_page(client, programme):
    body = client.get("/notices/").content.decode()
    assert 'href="/notices/" aria-current="page"' in body
    body = client.get("/notices/2023/").content.decode()
    assert 'href="/notices/" aria-current="true"' in body
    nav = body.split('<nav class="site-nav"')[1].split("</nav>")[0]
    assert nav.count('aria-current="page"') == 0
    # The breadcrumb's last step is the page itself (WAI-ARIA breadcrumb pattern).
    crumbs = body.split('<nav class="breadcrumbs"')[1].split("</nav>")[0]
    assert '<span aria-current="page">正文</span>' in crumbs


def test_added_items_merge_by_date_within_the_limit(sections):
    # Another app's items join a section it does not own, soonest first, cut to the limit
    # (visits' planned activities in the interviews' 即将开始).
    import datetime as dt

    day = dt.datetime(2023, 5, 1, tzinfo=dt.UTC)
    own = [
        home.Item(title=f"访谈{n}", url=f"/i/{n}/", when=day + dt.timedelta(days=n)) for n in (1, 4)
    ]
    added = [
        home.Item(title=f"活动{n}", url=f"/v/{n}/", when=day + dt.timedelta(days=n)) for n in (2, 3)
    ]
    home.register_section("upcoming-test", title="即将开始", items_fn=lambda: own, limit=3)
    home.add_items("upcoming-test", lambda: added)

    section = next(s for s in home.sections() if s.key == "upcoming-test")

    assert [item.title for item in home.section_items(section)] == ["访谈1", "活动2", "活动3"]
