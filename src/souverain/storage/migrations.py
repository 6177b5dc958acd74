"""Ordered schema migrations for the SQLite store, each recorded in the database.

Add a function ``mNNN_name()`` returning its SQL at the end of MIGRATIONS; never edit one
that has shipped. Each runs in one transaction with its record, so a crash applies all or none.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime


def m001_initial() -> str:
    return """
        CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            sha256 TEXT NOT NULL,
            media_type TEXT NOT NULL,
            title TEXT NOT NULL,
            pages INTEGER NOT NULL,
            ocr_pages TEXT NOT NULL DEFAULT '[]',
            languages TEXT NOT NULL DEFAULT '[]',
            size INTEGER NOT NULL,
            text TEXT NOT NULL,
            label TEXT NOT NULL DEFAULT 'confidential',
            parent_id TEXT REFERENCES documents(id) ON DELETE CASCADE,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_sha256 ON documents(sha256);
        CREATE INDEX documents_parent ON documents(parent_id);

        CREATE TABLE chunks (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            text TEXT NOT NULL,
            heading TEXT NOT NULL DEFAULT '',
            page INTEGER NOT NULL,
            page_end INTEGER NOT NULL,
            start INTEGER NOT NULL,
            "end" INTEGER NOT NULL,
            language TEXT NOT NULL,
            bbox TEXT,
            UNIQUE (doc_id, ordinal)
        );

        CREATE VIRTUAL TABLE chunks_fts USING fts5(
            text, heading, content='chunks', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER chunks_ai AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, text, heading) VALUES (new.id, new.text, new.heading);
        END;
        CREATE TRIGGER chunks_ad AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, text, heading)
            VALUES ('delete', old.id, old.text, old.heading);
        END;

        CREATE TABLE vectors (
            field TEXT NOT NULL,
            chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            vec BLOB NOT NULL,
            PRIMARY KEY (field, chunk_id)
        );
        CREATE INDEX vectors_chunk ON vectors(chunk_id);

        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta(key, value) VALUES ('generation', '0');
    """


def m002_ocr_cache() -> str:
    # One OCR reading per page image and options (the key hashes both); a cache, so
    # deleting rows only costs time.
    return """
        CREATE TABLE ocr_cache (
            key TEXT PRIMARY KEY,
            page TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
    """


MIGRATIONS: list[Callable[[], str]] = [m001_initial, m002_ocr_cache]


def migrate(
    conn: sqlite3.Connection, migrations: list[Callable[[], str]] | None = None
) -> list[str]:
    """Apply the migrations this database has not seen yet (needs an autocommit connection).
    ``migrations`` defaults to the store's; other databases (the audit log) pass their own."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)")
    done = {row[0] for row in conn.execute("SELECT name FROM migrations")}
    applied = []
    for migration in MIGRATIONS if migrations is None else migrations:
        name = migration.__name__
        if name in done:
            continue
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        record = f"INSERT INTO migrations(name, applied_at) VALUES ('{name}', '{stamp}');"
        try:
            # executescript commits anything pending first, so the transaction lives in the script.
            conn.executescript(f"BEGIN IMMEDIATE;\n{migration()}\n{record}\nCOMMIT;")
        except sqlite3.Error:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied
