import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.portal import search
from gongkai.portal.models import SearchEntry


@pytest.fixture
def indexed(db, django_capture_on_commit_callbacks):
    """The 2023 programme, loaded as in production: its notice reaches the index on commit."""
    from gongkai.programmes.services import load_builtin

    with django_capture_on_commit_callbacks(execute=True):
        programme = load_builtin(2023)
    return programme


def test_search_finds_the_notice_by_chinese_words(client, indexed):
    response = client.get("/search/", {"q": "在线访谈活动"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="/notices/{indexed.year}/"' in body
    assert "<mark>在线访谈活动</mark>" in body


def test_search_matches_words_inside_longer_text(indexed):
    results = search.search("政务公开")
    assert [hit.url for hit in results.hits] == ["/notices/2023/"]
    assert results.total == 1


def test_search_with_unknown_word_finds_nothing(client, indexed):
    response = client.get("/search/", {"q": "火星移民"})
    assert response.status_code == 200
    assert "火星移民" in response.content.decode()
    assert search.search("火星移民").total == 0


def test_search_with_punctuation_only_is_harmless(client, indexed):
    response = client.get("/search/", {"q": "\"*) OR ('；"})
    assert response.status_code == 200
    assert search.search('"*) OR').hits == []


def test_search_escapes_everything_but_the_marks(indexed):
    indexed.notice_title = "<script>alert(1)</script>在线访谈"
    indexed.save()
    search.reindex()
    hit = search.search("访谈").hits[0]
    assert "<script>" not in hit.title
    assert hit.title == "&lt;script&gt;alert(1)&lt;/script&gt;在线<mark>访谈</mark>"


def test_highlight_escapes_terms_and_text():
    assert search.highlight("a<b>访谈&", ["访谈"]) == "a&lt;b&gt;<mark>访谈</mark>&amp;"


def test_saving_content_reindexes_it_after_commit(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexed.notice_text += "\n新增内容：乡村振兴示范点"
        indexed.save()
    assert search.search("示范点").total == 1


def test_unpublishing_removes_it_from_the_index(indexed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        indexed.notice_published = False
        indexed.save()
    assert not SearchEntry.objects.filter(kind="notice").exists()
    assert search.search("访谈").total == 0


def test_deleting_content_removes_it_from_the_index(indexed):
    indexed.delete()
    assert not SearchEntry.objects.exists()


def test_registered_kind_is_indexed_and_searchable(indexed):
    from gongkai.units.models import Unit

    search.register(
        "test-unit",
        lambda: Unit.objects.filter(kind="town"),
        lambda unit: search.Document(title=unit.name, url=f"/units/{unit.pk}/", body="镇政府"),
        label="Towns",
    )
    try:
        counts = search.reindex(["test-unit"])
        assert counts["test-unit"] == Unit.objects.filter(kind="town").count() > 0
        hits = search.search("小河镇").hits
        # The town itself first (title match); the notice also names 小河镇 in its text.
        assert hits[0].title == "<mark>小河镇</mark>"
        assert hits[0].kind_label == "Towns"
        assert [hit.kind for hit in hits] == ["test-unit", "notice"]
    finally:
        search._providers.pop("test-unit")
        search.reindex()


def test_reindex_command_rebuilds_the_index(programme, capsys):
    assert not SearchEntry.objects.exists()
    call_command("reindex")
    assert "notice: 1" in capsys.readouterr().out
    assert SearchEntry.objects.filter(kind="notice").count() == 1


def test_reindex_command_rejects_unknown_kind(programme):
    with pytest.raises(SystemExit):
        call_command("reindex", "nonsense")


def test_search_pages_when_many_results(client, indexed):
    from gongkai.units.models import Unit

    search.register(
        "test-unit",
        lambda: Unit.objects.all(),
        lambda unit: search.Document(title=f"{unit.name}政务公开", url=f"/u/{unit.pk}/"),
    )
    try:
        search.reindex(["test-unit"])
        total = Unit.objects.count() + 1
        assert total > 20
        first = client.get("/search/", {"q": "政务公开"}).content.decode()
        assert first.count("<li>\n      <h2>") == 20
        second = client.get("/search/", {"q": "政务公开", "page": 2}).content.decode()
        assert second.count("<li>\n      <h2>") == total - 20
    finally:
        search._providers.pop("test-unit")


def test_search_query_count_does_not_grow_with_results(client, indexed, django_assert_num_queries):
    from gongkai.units.models import Unit

    search.register(
        "test-unit",
        lambda: Unit.objects.all(),
        lambda unit: search.Document(title=f"{unit.name}测试条目", url=f"/u/{unit.pk}/"),
    )
    try:
        search.reindex(["test-unit"])
        from django.test.utils import CaptureQueriesContext

        counts = []
        for word in ("小河镇", "测试条目"):  # 1 result, then many
            with CaptureQueriesContext(connection) as ctx:
                client.get("/search/", {"q": word, "nocache": word})
            counts.append(len(ctx.captured_queries))
        assert counts[0] == counts[1]
    finally:
        search._providers.pop("test-unit")


def test_search_uses_fts5_on_sqlite(indexed):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite pass of the suite checks FTS5")
    assert search.fts5_available()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {search.FTS_TABLE} WHERE {search.FTS_TABLE} MATCH '\"访谈\"'"
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.services
def test_search_uses_gin_index_on_postgresql(indexed):
    # CI's second pass runs the suite on PostgreSQL (.ci/run); the SQLite pass skips this one.
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'portal_search_tsv'")
        row = cursor.fetchone()
    assert row is not None and "gin" in row[0] and "to_tsvector" in row[0]
    results = search.search("在线访谈")
    assert [hit.url for hit in results.hits] == ["/notices/2023/"]
    assert "<mark>" in results.hits[0].snippet


def test_watched_child_model_reindexes_its_kind(indexed, django_capture_on_commit_callbacks):
    from gongkai.programmes.models import NoticeAttachment, Programme

    search.register(
        "test-attachments",
        lambda: Programme.objects.published(),
        lambda p: search.Document(
            title=p.title,
            url=f"/a/{p.pk}/",
            body=" ".join(a.title for a in p.attachments.all()),
        ),
        watch=[NoticeAttachment],
    )
    try:
        search.reindex(["test-attachments"])
        assert search.search("稻田养殖").total == 0
        with django_capture_on_commit_callbacks(execute=True):
            NoticeAttachment.objects.create(programme=indexed, number=9, title="稻田养殖示范")
        assert [h.url for h in search.search("稻田养殖").hits] == [f"/a/{indexed.pk}/"]
    finally:
        search._providers.pop("test-attachments")


@pytest.mark.parametrize("page", ["99999999999999999999999", "9223372036854775807", "-3", "１"])
def test_search_with_a_page_that_is_no_page_shows_the_first_page(client, indexed, page):
    response = client.get("/search/", {"q": "在线访谈活动", "page": page})
    assert response.status_code == 200
    assert 'href="/notices/2023/"' in response.content.decode()
