"""Search over procedure versions that ignores case and diacritics, Đ/đ included.

SQLite uses the FTS5 index of migration 0002 (prefix match on every word, ranked by bm25);
PostgreSQL uses unaccent + pg_trgm (every word matched at a word start — the trigram index
serves the regular expression — ranked by trigram word similarity). Both engines give the same
answers: every word must match the start of a word, the exact phrase ranks first.
"""

from __future__ import annotations

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
