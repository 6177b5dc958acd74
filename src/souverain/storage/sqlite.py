"""The embedded store: one SQLite database (WAL, FTS5) in the home folder.

Each document is written in one transaction with its chunks, keyword index and vectors,
so a killed process leaves either the old version or the new one, never a mix.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from souverain.domain import Chunk, Document
from souverain.errors import NotFound, StoreError
from souverain.index.matrix import MatrixIndex
from souverain.storage.base import ScoredChunk, StoredDocument, Vectors
from souverain.storage.migrations import migrate

DOC_COLUMNS = (
    "documents.id, documents.path, documents.sha256, documents.media_type, documents.title,"
    " documents.pages, documents.ocr_pages, documents.languages, documents.size,"
    " documents.added_at, documents.parent_id, documents.label,"
    " (SELECT count(*) FROM chunks c WHERE c.doc_id = documents.id)"
)
COMMON_TERM = 5000
"""A term in more chunks than this is treated as a stop word by keyword search."""
CHUNK_COLUMNS = 'doc_id, ordinal, text, page, page_end, start, "end", language, heading, bbox'


class SQLiteStore:
    def __init__(self, path: Path, vectors_folder: Path | None = None) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            # Vector rows are ~2 KiB: 16 KiB pages halve the file (see decision 0002). Only a new
            # database takes it, and it must come before WAL.
            self.conn.execute("PRAGMA page_size=16384")
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(self.conn)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"{path}: cannot open the database ({exc})",
                "Check the home folder's permissions and free disk space.",
            ) from exc
        self._matrices: dict[str, MatrixIndex] = {}
        self._vectors_folder = vectors_folder or path.parent / "vectors"

    # -- writing -----------------------------------------------------------------

    def put(self, item: StoredDocument, attachments: Sequence[StoredDocument] = ()) -> set[str]:
        """Write a document and its attachments in one transaction, replacing any earlier
        version at the same path; return the content hashes of what was replaced."""
        replaced: set[str] = set()
        with self._transaction():
            self._check_dims(item.vectors)
            for stored in (item, *attachments):
                replaced |= self._delete_path(stored.document.path)
                self._insert(stored)
            self._bump_generation()
        return replaced

    def remove(self, doc_id: str) -> list[str]:
        self.get(doc_id)
        with self._transaction():
            removed = self._family(doc_id)
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._bump_generation()
        return removed

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction():
            self.conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def ocr_get(self, key: str) -> dict[str, Any] | None:
        """A cached OCR reading of a page (see souverain.ocr.pipeline), or None."""
        row = self.conn.execute("SELECT page FROM ocr_cache WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else None

    def ocr_put(self, key: str, page: dict[str, Any]) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="seconds")
        self.conn.execute(
            "INSERT OR REPLACE INTO ocr_cache(key, page, created_at) VALUES (?, ?, ?)",
            (key, json.dumps(page, ensure_ascii=False), stamp),
        )

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _insert(self, item: StoredDocument) -> None:
        d = item.document
        self.conn.execute(
            "INSERT INTO documents (id, path, sha256, media_type, title, pages, ocr_pages,"
            " languages, size, text, label, parent_id, added_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (d.id, d.path, d.sha256, d.media_type, d.title, d.pages, json.dumps(d.ocr_pages),
             json.dumps(d.languages), d.size, item.text, d.label, d.parent_id, d.added_at,
             d.added_at),
        )  # fmt: skip
        rowids = []
        for chunk in item.chunks:
            cur = self.conn.execute(
                f"INSERT INTO chunks ({CHUNK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (chunk.doc_id, chunk.ordinal, chunk.text, chunk.page, chunk.page_end,
                 chunk.start, chunk.end, chunk.language, chunk.heading,
                 json.dumps(chunk.bbox) if chunk.bbox else None),
            )  # fmt: skip
            rowids.append(cur.lastrowid)
        for field, matrix in item.vectors.items():
            if len(matrix) != len(rowids):
                raise ValueError(f"{len(matrix)} {field} vectors for {len(rowids)} chunks")
            self.conn.executemany(
                "INSERT INTO vectors(field, chunk_id, vec) VALUES (?, ?, ?)",
                [
                    (field, r, np.asarray(v, dtype=np.float32).tobytes())
                    for r, v in zip(rowids, matrix, strict=True)
                ],
            )

    def _delete_path(self, path: str) -> set[str]:
        row = self.conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
        if row is None:
            return set()
        family = self._family(row[0])
        marks = ",".join("?" * len(family))
        hashes = {
            r[0]
            for r in self.conn.execute(
                f"SELECT sha256 FROM documents WHERE id IN ({marks})", family
            )
        }
        self.conn.execute("DELETE FROM documents WHERE id = ?", (row[0],))
        return hashes

    def _family(self, doc_id: str) -> list[str]:
        rows = self.conn.execute(
            "WITH RECURSIVE fam(id) AS (SELECT ? UNION SELECT d.id FROM documents d"
            " JOIN fam ON d.parent_id = fam.id) SELECT id FROM fam",
            (doc_id,),
        )
        return [r[0] for r in rows]

    def _bump_generation(self) -> None:
        self.conn.execute(
            "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'"
        )

    def _check_dims(self, vectors: Mapping[str, Vectors]) -> None:
        for field, matrix in vectors.items():
            if matrix.ndim != 2 or len(matrix) == 0:
                continue
            dim = str(matrix.shape[1])
            stored = self.meta(f"dim:{field}")
            if stored is None:
                self.conn.execute(
                    "INSERT INTO meta(key, value) VALUES (?, ?)", (f"dim:{field}", dim)
                )
            elif stored != dim:
                raise StoreError(
                    f"{self.path}: {field} vectors of size {dim} do not match the store's size {stored}",
                    "Use the embedder this home was built with, or start a new home.",
                )

    # -- reading -----------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def generation(self) -> int:
        return int(self.meta("generation") or 0)

    def get(self, doc_id: str) -> Document:
        row = self.conn.execute(
            f"SELECT {DOC_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(
                f"no document with id {doc_id!r}", "List documents with: souverain docs list"
            )
        return _document(row)

    def find_by_path(self, path: str) -> Document | None:
        row = self.conn.execute(
            f"SELECT {DOC_COLUMNS} FROM documents WHERE path = ?", (path,)
        ).fetchone()
        return None if row is None else _document(row)

    def text_of(self, doc_id: str) -> str:
        row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise NotFound(
                f"no document with id {doc_id!r}", "List documents with: souverain docs list"
            )
        return str(row[0])

    def documents(self) -> list[Document]:
        rows = self.conn.execute(f"SELECT {DOC_COLUMNS} FROM documents ORDER BY path")
        return [_document(r) for r in rows]

    def hashes(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT DISTINCT sha256 FROM documents")}

    def chunks_of(self, doc_id: str) -> list[Chunk]:
        rows = self.conn.execute(
            f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE doc_id = ? ORDER BY ordinal", (doc_id,)
        )
        return [_chunk(r) for r in rows]

    def count_chunks(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0])

    def chunks_by_rowid(self, rowids: Sequence[int]) -> dict[int, tuple[Chunk, Document]]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        rows = self.conn.execute(
            f"SELECT chunks.id, {_prefixed('chunks', CHUNK_COLUMNS)}, {DOC_COLUMNS}"
            f" FROM chunks JOIN documents ON documents.id = chunks.doc_id WHERE chunks.id IN ({marks})",
            list(rowids),
        )
        width = len(CHUNK_COLUMNS.split(","))
        return {r[0]: (_chunk(r[1 : 1 + width]), _document(r[1 + width :])) for r in rows}

    def keyword_search(
        self, terms: Sequence[str], limit: int, min_coverage: float = 0.5
    ) -> list[ScoredChunk]:
        """Chunks holding at least ``min_coverage`` of the query's term weight (IDF), best first.

        A plain OR query lets one common word (the company's name) pull in every chunk; asking
        for most of the query's weight keeps keyword hits to the ones that mean something.
        """
        found = {t: self._term_rows(t) for t in dict.fromkeys(terms)}
        matches = {t: rows for t, rows in found.items() if rows is not None}
        total_chunks = max(1, self.count_chunks())
        weights = {t: _idf(len(rows), total_chunks) for t, rows in matches.items()}
        needed = min_coverage * sum(weights.values())
        scores: dict[int, float] = {}
        for term, rows in matches.items():
            for rowid in rows:
                scores[rowid] = scores.get(rowid, 0.0) + weights[term]
        ranked = sorted(((s, r) for r, s in scores.items() if s >= needed and s > 0), reverse=True)
        return [ScoredChunk(rowid, score) for score, rowid in ranked[:limit]]

    def _term_rows(self, term: str) -> list[int] | None:
        """The chunks holding the term; None for a term so common it says nothing."""
        expression = '"' + term.replace('"', '""') + '"'
        rows = self.conn.execute(
            "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?",
            (expression, COMMON_TERM + 1),
        )
        found = [r[0] for r in rows]
        return None if len(found) > COMMON_TERM else found

    def vector_scores(self, field: str, query: Vectors) -> tuple[npt.NDArray[np.int64], Vectors]:
        index = self._matrices.get(field)
        if index is None:
            dim = self.meta(f"dim:{field}")
            if dim is None:
                return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
            index = self._matrices[field] = MatrixIndex(self._vectors_folder / field, int(dim))
        return index.scores(query, self.generation(), lambda: self._vector_rows(field))

    def _vector_rows(self, field: str) -> Iterator[tuple[int, bytes]]:
        yield from self.conn.execute(
            "SELECT chunk_id, vec FROM vectors WHERE field = ? ORDER BY chunk_id", (field,)
        )

    def close(self) -> None:
        self.conn.close()


def _idf(matching: int, total: int) -> float:
    """BM25's inverse document frequency. A term found nowhere weighs the most: a question
    whose main words are absent from a passage is not answered by it."""
    return math.log((max(total - matching, 0) + 0.5) / (matching + 0.5) + 1.0)


def _prefixed(table: str, columns: str) -> str:
    return ", ".join(f"{table}.{c.strip()}" for c in columns.split(","))


def _document(row: Sequence[Any]) -> Document:
    return Document(
        id=row[0], path=row[1], sha256=row[2], media_type=row[3], title=row[4], pages=row[5],
        ocr_pages=tuple(json.loads(row[6])), languages=tuple(json.loads(row[7])), size=row[8],
        added_at=row[9], parent_id=row[10], label=row[11], chunks=row[12],
    )  # fmt: skip


def _chunk(row: Sequence[Any]) -> Chunk:
    bbox = tuple(json.loads(row[9])) if row[9] else None
    return Chunk(
        doc_id=row[0], ordinal=row[1], text=row[2], page=row[3], page_end=row[4], start=row[5],
        end=row[6], language=row[7], heading=row[8], bbox=bbox,
    )  # fmt: skip
