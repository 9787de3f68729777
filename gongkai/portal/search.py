"""Site search over published content, in Chinese.

Other apps put their published content into the index from their ``AppConfig.ready()``::

    from gongkai.portal import search

    search.register(
        "interview",
        lambda: Interview.objects.filter(status__in=["preview", "live", "archived"]),
        lambda i: search.Document(title=i.topic, body=i.summary, url=i.get_absolute_url(),
                                  published_at=i.starts_at),
        label=_("Online interviews"),
    )

``queryset_fn()`` returns exactly what may be public (the index never holds anything else);
``to_document_fn(obj)`` turns one row into a :class:`Document` (or ``None`` to leave it out).
Saving or deleting a row of that model (or of a ``watch``-ed child table) re-indexes that one
row after the transaction commits; ``gongkai reindex`` rebuilds everything.

Text is segmented with jieba and stored space-separated in ``SearchEntry.segmented``. On SQLite
an FTS5 table kept in sync by triggers does the matching (bm25 ranking); on PostgreSQL a GIN
index over ``to_tsvector('simple', segmented)`` does it (ts_rank). Other databases fall back
to substring matching. That SQL lives in :mod:`gongkai.portal.search_engine`. Highlighting is done in Python over the original text, so it looks the
same on every database and nothing but ``<mark>`` is ever left unescaped.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.counties import scope
from gongkai.portal.search_engine import FTS_TABLE as FTS_TABLE
from gongkai.portal.search_engine import Filters, match_ids
from gongkai.portal.search_engine import create_engine_index as create_engine_index
from gongkai.portal.search_engine import drop_engine_index as drop_engine_index
from gongkai.portal.search_engine import fts5_available as fts5_available

logger = logging.getLogger(__name__)

BODY_LIMIT = 20_000  # characters of body kept per entry: enough to find and quote it
SNIPPET_CHARS = 120
NO_FILTERS = Filters()  # frozen: a safe default argument


@dataclass(frozen=True)
class Document:
    title: str
    url: str
    body: str = ""
    published_at: dt.datetime | dt.date | None = None


@dataclass
class Provider:
    kind: str
    queryset_fn: Callable[[], models.QuerySet]
    to_document_fn: Callable[[Any], Document | None]
    label: Any = ""
    model: type[models.Model] | None = field(default=None)
    watch: tuple = ()


_providers: dict[str, Provider] = {}


def register(
    kind: str,
    queryset_fn: Callable[[], models.QuerySet],
    to_document_fn: Callable[[Any], Document | None],
    *,
    label: Any = "",
    watch: Iterable[type[models.Model]] = (),
) -> None:
    """Index ``queryset_fn()`` under ``kind``. Re-registering a kind replaces it.

    ``watch``: further models whose changes should re-index this kind (e.g. a child table the
    document text is built from). A change of a child row with one foreign key to the indexed
    model re-indexes only its parent row; without such a key, the whole kind.
    """
    model = queryset_fn().model
    watch = tuple(watch)
    _providers[kind] = Provider(kind, queryset_fn, to_document_fn, label or kind, model, watch)
    post_save.connect(_on_save, sender=model, dispatch_uid=f"portal-search-save-{kind}")
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"portal-search-delete-{kind}")
    for other in watch:
        post_save.connect(
            _on_related, sender=other, dispatch_uid=f"portal-search-rel-{kind}-{other._meta.label}"
        )
        post_delete.connect(
            _on_related, sender=other, dispatch_uid=f"portal-search-reld-{kind}-{other._meta.label}"
        )
    # Whatever is searchable is public: changes must also refresh cached pages.
    from gongkai.portal import cache

    cache.register_content_model(model)
    for other in watch:
        cache.register_content_model(other)


def providers() -> dict[str, Provider]:
    return dict(_providers)


def label_for(kind: str) -> Any:
    provider = _providers.get(kind)
    return provider.label if provider else kind


# --- segmentation -------------------------------------------------------------------------

_WORD = re.compile(r"\w", re.UNICODE)


_words_loaded = False


def _jieba():
    """jieba, taught the names of the county's units once per process (so 小河镇 stays one word
    instead of 小河 + 镇)."""
    global _words_loaded
    import jieba

    if not _words_loaded:
        _words_loaded = True
        jieba.setLogLevel(logging.WARNING)
        try:
            from gongkai.units.models import Unit

            for name, short in Unit.objects.values_list("name", "short_name"):
                for word in (name, short):
                    if word:
                        jieba.add_word(word, freq=50_000)
        except Exception:  # no database yet (e.g. during migrate): plain jieba will do
            _words_loaded = False
    return jieba


def segment_for_index(text: str) -> str:
    """Space-separated tokens: the finest grains and the whole words (``cut_for_search``)."""
    if not text:
        return ""
    tokens = (t.strip().lower() for t in _jieba().cut_for_search(text))
    return " ".join(t for t in tokens if t and _WORD.search(t))


def query_terms(query: str) -> list[str]:
    """The words of a query (precise mode), without punctuation, deduplicated, at most 12."""
    terms: list[str] = []
    for token in _jieba().cut(query or ""):
        token = token.strip().lower()
        if token and _WORD.search(token) and token not in terms:
            # Only word characters reach the database engines' query syntax.
            cleaned = "".join(ch for ch in token if ch.isalnum() or ch == "_")
            if cleaned:
                terms.append(cleaned)
    return terms[:12]


# --- indexing -----------------------------------------------------------------------------


def _as_datetime(value: dt.datetime | dt.date | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(value, dt.time()))


def _entry_fields(document: Document) -> dict[str, Any]:
    body = (document.body or "")[:BODY_LIMIT]
    return {
        "title": document.title[:300],
        "body": body,
        "url": document.url,
        "published_at": _as_datetime(document.published_at),
        "title_segmented": segment_for_index(document.title),
        "segmented": segment_for_index(f"{document.title}\n{body}"),
    }


def _county_id(obj: Any) -> int:
    """The county whose search finds ``obj`` (each county's index is its own)."""
    from gongkai.counties.models import default_county_id

    return scope.county_id_of(obj) or default_county_id()


def index_object(kind: str, pk: Any) -> bool:
    """Bring the index entry of one row up to date; True when it is (still) indexed."""
    from gongkai.portal.models import SearchEntry

    provider = _providers[kind]
    obj = provider.queryset_fn().filter(pk=pk).first()
    document = provider.to_document_fn(obj) if obj is not None else None
    if document is None:
        SearchEntry.objects.filter(kind=kind, object_id=str(pk)).delete()
        return False
    SearchEntry.objects.update_or_create(
        kind=kind,
        object_id=str(pk),
        defaults={**_entry_fields(document), "county_id": _county_id(obj)},
    )
    return True


def reindex(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the index for ``kinds`` (all registered kinds by default); returns counts."""
    from gongkai.portal.models import SearchEntry

    counts: dict[str, int] = {}
    for kind in list(kinds or _providers):
        provider = _providers[kind]
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind).delete()
            entries = []
            for obj in provider.queryset_fn().iterator(chunk_size=500):
                document = provider.to_document_fn(obj)
                if document is not None:
                    entries.append(
                        SearchEntry(
                            kind=kind,
                            object_id=str(obj.pk),
                            county_id=_county_id(obj),
                            **_entry_fields(document),
                        )
                    )
            SearchEntry.objects.bulk_create(entries, batch_size=500)
        counts[kind] = len(entries)
    # Kinds no longer registered leave nothing behind.
    if kinds is None:
        SearchEntry.objects.exclude(kind__in=list(_providers)).delete()
    return counts


def _schedule(kind: str, pk: Any) -> None:
    from gongkai.portal.cache import on_commit_once

    def run() -> None:
        try:
            index_object(kind, pk)
        except Exception:  # the content change must not fail because of the index
            logger.exception("search: could not re-index %s %s", kind, pk)

    on_commit_once(f"search:{kind}:{pk}", run)


def _kinds_for(model: type[models.Model]) -> list[str]:
    return [p.kind for p in _providers.values() if p.model is model]


def _on_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    for kind in _kinds_for(sender):
        _schedule(kind, instance.pk)


def _on_delete(sender, instance, **kwargs) -> None:
    from gongkai.portal.models import SearchEntry

    for kind in _kinds_for(sender):
        SearchEntry.objects.filter(kind=kind, object_id=str(instance.pk)).delete()


def _parent_field(model: type[models.Model], parent: type[models.Model] | None) -> str | None:
    """The attname of ``model``'s one foreign key to ``parent`` (``interview_id``), or None."""
    if parent is None:
        return None
    found = [
        f.attname
        for f in model._meta.get_fields()
        if isinstance(f, models.ForeignKey) and issubclass(parent, f.related_model)
    ]
    return found[0] if len(found) == 1 else None


def _on_related(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from gongkai.portal.cache import on_commit_once

    for provider in _providers.values():
        if sender not in provider.watch:
            continue
        attname = _parent_field(sender, provider.model)
        parent_pk = getattr(instance, attname, None) if attname else None
        if parent_pk is not None:
            # A feed line or an answer belongs to one parent row: re-index only that row.
            _schedule(provider.kind, parent_pk)
            continue

        # No single foreign key to the indexed model: the whole kind.
        def run(kind: str = provider.kind) -> None:
            try:
                reindex([kind])
            except Exception:
                logger.exception("search: could not re-index %s", kind)

        on_commit_once(f"search:{provider.kind}:*", run)


# --- querying -----------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str
    kind_label: Any
    title: SafeString
    snippet: SafeString
    url: str
    published_at: dt.datetime | None


@dataclass
class Results:
    query: str
    terms: list[str]
    total: int
    hits: list[Hit]


def _unique(ids: list[int]) -> list[int]:
    """One hit per published thing: the same title published the same day under two columns
    (the year's notice is also a policy document) is shown once, where it ranks best."""
    from gongkai.portal.models import SearchEntry

    keys = {
        pk: (re.sub(r"\s+", "", title), published.date() if published else None)
        for pk, title, published in SearchEntry.objects.filter(pk__in=ids).values_list(
            "pk", "title", "published_at"
        )
    }
    seen: set = set()
    unique = []
    for pk in ids:
        key = keys.get(pk)
        if key is None or key in seen:
            continue
        seen.add(key)
        unique.append(pk)
    return unique


def kinds() -> list[tuple[str, Any]]:
    """The columns one can narrow a search to: (kind, label), in registration order."""
    return [(kind, provider.label or kind) for kind, provider in _providers.items()]


def years() -> list[int]:
    """The years something searchable was published in, newest first."""
    from gongkai.portal.models import SearchEntry

    dates = SearchEntry.objects.exclude(published_at=None).dates("published_at", "year")
    return sorted({d.year for d in dates}, reverse=True)


def search(
    query: str, *, limit: int = 20, offset: int = 0, filters: Filters = NO_FILTERS
) -> Results:
    from gongkai.portal.models import SearchEntry

    query = (query or "").strip()[:100]
    terms = query_terms(query)
    if not terms:
        return Results(query, [], 0, [])
    ids = _unique(match_ids(terms, filters))
    page_ids = ids[offset : offset + limit]
    entries = SearchEntry.objects.in_bulk(page_ids)
    hits = []
    for pk in page_ids:
        entry = entries.get(pk)
        if entry is None:
            continue
        hits.append(
            Hit(
                kind=entry.kind,
                kind_label=label_for(entry.kind),
                title=highlight(entry.title, terms),
                snippet=highlight(snippet(entry.body, terms), terms),
                url=entry.url,
                published_at=entry.published_at,
            )
        )
    return Results(query, terms, len(ids), hits)


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = sorted({re.escape(t) for t in terms}, key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` escaped, with every occurrence of a term wrapped in ``<mark>``."""
    pattern = _pattern(terms)
    if pattern is None:
        return escape(text)
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out).replace("</mark><mark>", ""))  # noqa: S308 - every piece above is escaped


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """A window of ``text`` around the first term found (plain text, not escaped)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    pattern = _pattern(terms)
    found = pattern.search(text) if pattern else None
    start = max(0, (found.start() if found else 0) - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")
