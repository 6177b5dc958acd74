from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from souverain.domain import Chunk, Document
from souverain.errors import NotFound, StoreError
from souverain.storage.base import StoredDocument
from souverain.storage.migrations import MIGRATIONS
from souverain.storage.sqlite import SQLiteStore

DIM = 8


def item(
    doc_id: str, path: str, texts: list[str], sha: str = "aa", parent: str | None = None
) -> StoredDocument:
    text = "\n\n".join(texts)
    chunks, offset = [], 0
    for i, t in enumerate(texts):
        chunks.append(Chunk(doc_id, i, t, 1, 1, offset, offset + len(t), "en"))
        offset += len(t) + 2
    doc = Document(
        doc_id,
        path,
        sha,
        "text/plain",
        path,
        1,
        len(chunks),
        (),
        ("en",),
        len(text),
        "2026-01-01T00:00:00+00:00",
        parent,
    )
    rng = np.random.default_rng(abs(hash(doc_id)) % 2**32)
    vectors = rng.normal(size=(len(texts), DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return StoredDocument(doc, text, chunks, {"f": vectors})


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "db.sqlite")


def test_migrations_are_recorded_once(tmp_path: Path) -> None:
    SQLiteStore(tmp_path / "db.sqlite").close()
    store = SQLiteStore(tmp_path / "db.sqlite")
    names = [r[0] for r in store.conn.execute("SELECT name FROM migrations")]
    assert names == [m.__name__ for m in MIGRATIONS]
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_put_and_read_back(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ["alpha beta", "gamma delta"]))
    doc = store.get("d1")
    assert (doc.path, doc.chunks) == ("/a.txt", 2)
    assert [c.text for c in store.chunks_of("d1")] == ["alpha beta", "gamma delta"]
    assert store.text_of("d1") == "alpha beta\n\ngamma delta"
    assert store.find_by_path("/a.txt") == doc


def test_replacing_a_path_swaps_chunks_and_vectors(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ["old words here"]))
    store.put(item("d1", "/a.txt", ["new words", "more new words"], sha="bb"))
    assert [c.text for c in store.chunks_of("d1")] == ["new words", "more new words"]
    assert store.keyword_search(["old"], 10) == []
    assert len(store.keyword_search(["new"], 10)) == 2
    assert store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0] == 2


def test_keyword_search_folds_diacritics_and_case(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ["Die Kündigungsfrist beträgt drei Monate", "nothing else"]))
    hits = store.keyword_search(["kundigungsfrist"], 10)
    assert len(hits) == 1
    assert store.chunks_by_rowid([hits[0].chunk_rowid])[hits[0].chunk_rowid][0].ordinal == 0


def test_keyword_search_needs_most_of_the_query_weight(store: SQLiteStore) -> None:
    store.put(
        item(
            "d1",
            "/a.txt",
            ["Quarnell lease ends in March", "Quarnell revenue grew", "Quarnell canteen menu"],
        )
    )
    hits = store.keyword_search(["quarnell", "lease", "ends"], 10)
    rows = store.chunks_by_rowid([h.chunk_rowid for h in hits])
    assert [rows[h.chunk_rowid][0].text for h in hits] == ["Quarnell lease ends in March"]


def test_keyword_search_survives_fts_syntax_in_terms(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ['say "hello" AND NOT world*']))
    assert store.keyword_search(['"hello"', "world*", "NOT"], 10)
    assert store.keyword_search(["NEAR(", "AND"], 10) == []


def top(store: SQLiteStore, query: np.ndarray, field: str = "f") -> list[tuple[str, float]]:
    ids, scores = store.vector_scores(field, query)
    rows = store.chunks_by_rowid([int(i) for i in ids])
    return sorted(
        ((rows[int(i)][0].text, float(s)) for i, s in zip(ids, scores, strict=True)),
        key=lambda t: -t[1],
    )


def test_vector_scores_cover_every_chunk_and_follow_changes(store: SQLiteStore) -> None:
    a = item("d1", "/a.txt", ["one", "two", "three"])
    store.put(a)
    best = top(store, a.vectors["f"][1])
    assert len(best) == 3 and best[0][0] == "two"
    assert best[0][1] == pytest.approx(1.0, abs=1e-5)
    store.remove("d1")
    assert top(store, a.vectors["f"][1]) == []


def test_vector_cache_is_shared_by_a_second_process_view(tmp_path: Path) -> None:
    first = SQLiteStore(tmp_path / "db.sqlite")
    a = item("d1", "/a.txt", ["one", "two"])
    first.put(a)
    assert len(top(first, a.vectors["f"][0])) == 2
    second = SQLiteStore(tmp_path / "db.sqlite")
    second.put(item("d2", "/b.txt", ["three"]))
    assert len(top(first, a.vectors["f"][0])) == 3
    assert len(list((tmp_path / "vectors" / "f").glob("*.ids.npy"))) == 1


def test_unknown_field_has_no_scores(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ["x"]))
    ids, scores = store.vector_scores("other", np.ones(DIM, np.float32))
    assert len(ids) == len(scores) == 0


def test_remove_takes_attachments_chunks_and_vectors(store: SQLiteStore) -> None:
    store.put(
        item("p", "/mail.eml", ["mail body"]),
        [item("c", "/mail.eml#a.txt", ["attached"], parent="p")],
    )
    assert {d.id for d in store.documents()} == {"p", "c"}
    assert sorted(store.remove("p")) == ["c", "p"]
    assert store.documents() == []
    for table in ("chunks", "vectors"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert store.keyword_search(["attached"], 10) == []


def test_unknown_document_is_not_found(store: SQLiteStore) -> None:
    with pytest.raises(NotFound):
        store.get("nope")
    with pytest.raises(NotFound):
        store.remove("nope")


def test_a_failed_write_leaves_the_old_version(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ["keep me"]))
    broken = item("d1", "/a.txt", ["new", "text"], sha="bb")
    broken = StoredDocument(
        broken.document, broken.text, broken.chunks, {"f": broken.vectors["f"][:1]}
    )
    with pytest.raises(ValueError):
        store.put(broken)
    assert [c.text for c in store.chunks_of("d1")] == ["keep me"]
    assert store.get("d1").sha256 == "aa"


def test_vectors_of_another_size_are_refused(store: SQLiteStore) -> None:
    store.put(item("d1", "/a.txt", ["x"]))
    other = item("d2", "/b.txt", ["y"])
    other = StoredDocument(
        other.document, other.text, other.chunks, {"f": np.ones((1, DIM + 1), np.float32)}
    )
    with pytest.raises(StoreError, match="do not match"):
        store.put(other)
    assert store.find_by_path("/b.txt") is None


def test_unopenable_database_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "db.sqlite"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        SQLiteStore(bad)


def test_generation_counts_writes(store: SQLiteStore) -> None:
    before = store.generation()
    store.put(item("d1", "/a.txt", ["x"]))
    store.remove("d1")
    assert store.generation() == before + 2
    assert isinstance(store.conn, sqlite3.Connection)
