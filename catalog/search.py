"""Search over procedure versions that ignores case and diacritics, Đ/đ included.

SQLite uses the FTS5 index of migration 0002 (prefix match on every word, ranked by bm25);
PostgreSQL uses unaccent + pg_trgm (every word matched at a word start — the trigram index
serves the regular expression — ranked by trigram word similarity). Both engines give the same
answers: every word must match the start of a word, the exact phrase ranks first.
"""

from __future__ import annotations

from difflib import SequenceMatcher, get_close_matches
from typing import Any

from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Func

from catalog.models import ProcedureVersion
from core.text import words

MAX_WORDS = 12
MAX_RANKED = 300  # enough for a province's catalog page; the rest is not a useful answer


class Unaccent(Func):
    function = "motcua_unaccent"
    output_field = TextField()


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def search_versions(queryset: QuerySet[ProcedureVersion], query: str) -> QuerySet[ProcedureVersion]:
    """``queryset`` narrowed to the versions matching ``query``, best match first."""
    tokens = words(query)[:MAX_WORDS]
    if not tokens:
        return queryset
    if connection.vendor == "sqlite":
        return _search_sqlite(queryset, tokens)
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, tokens)
    condition = Q()
    for token in tokens:
        condition &= Q(search_document__icontains=token)
    return queryset.filter(condition)


def _search_sqlite(
    queryset: QuerySet[ProcedureVersion], tokens: list[str]
) -> QuerySet[ProcedureVersion]:
    # Each token is \w+ of folded text, so quoting it makes a safe FTS5 string; * = prefix.
    # Documents holding the words as one phrase come first, then those holding them all.
    phrase = '"' + " ".join(tokens) + '"*'
    every_word = " AND ".join(f'"{token}"*' for token in tokens)
    ranked: list[int] = []
    with connection.cursor() as cursor:
        for match in (phrase, every_word):
            cursor.execute(
                "SELECT rowid FROM catalog_version_fts WHERE catalog_version_fts MATCH %s "
                "ORDER BY bm25(catalog_version_fts) LIMIT %s",
                [match, MAX_RANKED],
            )
            ranked += [row[0] for row in cursor.fetchall() if row[0] not in ranked]
    return _in_rank_order(queryset, ranked[:MAX_RANKED])


def _search_postgresql(
    queryset: QuerySet[ProcedureVersion], tokens: list[str]
) -> QuerySet[ProcedureVersion]:
    phrase = " ".join(tokens)
    document = Unaccent(F("search_document"))
    exact = Q()
    for token in tokens:
        # \m anchors at the start of a word: "hon" finds "hôn", not "thông".
        exact &= Q(folded_document__regex=rf"\m{token}")
    annotated = queryset.alias(folded_document=document).annotate(
        search_rank=WordSimilarity(Value(phrase), document),
        phrase_hit=Case(
            When(folded_document__regex=rf"\m{phrase}", then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    return annotated.filter(exact).order_by("-phrase_hit", "-search_rank", "procedure__code")


def _in_rank_order(
    queryset: QuerySet[ProcedureVersion], ranked_ids: list[int]
) -> QuerySet[ProcedureVersion]:
    if not ranked_ids:
        return queryset.none()
    order = Case(
        *[When(pk=pk, then=Value(position)) for position, pk in enumerate(ranked_ids)],
        output_field=IntegerField(),
    )
    return queryset.filter(pk__in=ranked_ids).annotate(search_rank=order).order_by("search_rank")


# SQLite rebuilds a table to alter it, and the rebuild drops its triggers: a migration that
# alters catalog_procedureversion on SQLite ends with ``restore_sqlite_index``.
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS catalog_version_fts_ai",
    "DROP TRIGGER IF EXISTS catalog_version_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_version_fts_au",
    """CREATE TRIGGER catalog_version_fts_ai AFTER INSERT ON catalog_procedureversion BEGIN
        INSERT INTO catalog_version_fts(rowid, search_document)
        VALUES (new.id, replace(replace(new.search_document, 'đ', 'd'), 'Đ', 'D'));
    END""",
    """CREATE TRIGGER catalog_version_fts_ad AFTER DELETE ON catalog_procedureversion BEGIN
        DELETE FROM catalog_version_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER catalog_version_fts_au AFTER UPDATE OF search_document
        ON catalog_procedureversion BEGIN
        DELETE FROM catalog_version_fts WHERE rowid = old.id;
        INSERT INTO catalog_version_fts(rowid, search_document)
        VALUES (new.id, replace(replace(new.search_document, 'đ', 'd'), 'Đ', 'D'));
    END""",
    "DELETE FROM catalog_version_fts",
    """INSERT INTO catalog_version_fts(rowid, search_document)
        SELECT id, replace(replace(search_document, 'đ', 'd'), 'Đ', 'D')
        FROM catalog_procedureversion""",
]


def restore_sqlite_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


# Closest procedures, for a search that found nothing ---------------------------------------

MAX_SUGGESTIONS = 5
NEAR_RATIO = 0.8  # a typed word this close to a word of the document counts (typos)


def closest_versions(
    queryset: QuerySet[ProcedureVersion], query: str, limit: int = MAX_SUGGESTIONS
) -> list[ProcedureVersion]:
    """The versions of ``queryset`` sharing the most words with ``query`` (accents and case
    ignored, a word matched at its start or nearly spelt), best first: what to suggest when
    ``search_versions`` finds nothing because one of the words is in no document. Scored in
    Python over the folded documents, so it answers alike on SQLite and PostgreSQL."""
    tokens = list(dict.fromkeys(words(query)[:MAX_WORDS]))
    if not tokens:
        return []
    rows = [
        (pk, set(words(document)), code)
        for pk, document, code in queryset.values_list("pk", "search_document", "procedure__code")
    ]
    vocabulary = sorted(set().union(*(document_words for _pk, document_words, _code in rows)))
    # For each typed word: the words of the catalog it stands for, with how close each is
    # (1 for a word it starts, the spelling ratio for a near miss of four letters or more).
    near: list[dict[str, float]] = []
    for token in tokens:
        close = {word: 1.0 for word in vocabulary if word.startswith(token)}
        if len(token) >= 4:
            for word in get_close_matches(token, vocabulary, n=10, cutoff=NEAR_RATIO):
                close.setdefault(word, SequenceMatcher(None, token, word).ratio())
        near.append(close)
    scored: list[tuple[float, str, int]] = []
    for pk, document_words, code in rows:
        score = sum(
            max((weight for word, weight in close.items() if word in document_words), default=0)
            for close in near
        )
        if score > 0:
            scored.append((score, code, pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    chosen = [pk for _score, _code, pk in scored[:limit]]
    by_pk = queryset.select_related("procedure", "sector").in_bulk(chosen)
    return [by_pk[pk] for pk in chosen]
