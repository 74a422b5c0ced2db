"""Full-text search over procedure versions, per database engine.

SQLite: an FTS5 index kept by triggers; the trigger folds Đ/đ (which has no Unicode
decomposition) and the ``remove_diacritics 2`` tokenizer folds every other mark.
PostgreSQL: ``unaccent`` behind an IMMUTABLE wrapper (so it can be indexed) and a trigram GIN
index on the unaccented search document.
"""

from __future__ import annotations

from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE catalog_version_fts USING fts5(
        search_document,
        tokenize='unicode61 remove_diacritics 2')""",
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
    """INSERT INTO catalog_version_fts(rowid, search_document)
        SELECT id, replace(replace(search_document, 'đ', 'd'), 'Đ', 'D')
        FROM catalog_procedureversion""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS catalog_version_fts_au",
    "DROP TRIGGER IF EXISTS catalog_version_fts_ad",
    "DROP TRIGGER IF EXISTS catalog_version_fts_ai",
    "DROP TABLE IF EXISTS catalog_version_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # unaccent() is STABLE (it reads a dictionary); naming the dictionary makes it safe to
    # declare IMMUTABLE, which an expression index requires.
    """CREATE OR REPLACE FUNCTION motcua_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$""",
    """CREATE INDEX catalog_version_search_trgm ON catalog_procedureversion
        USING gin (motcua_unaccent(search_document) gin_trgm_ops)""",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS catalog_version_search_trgm",
    "DROP FUNCTION IF EXISTS motcua_unaccent(text)",
]


def _run(statements_by_vendor: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
