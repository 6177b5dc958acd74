"""Exact vector search over a memory-mapped float32 matrix cached beside the database.

SQLite holds the vectors (the source of truth, written in the same transaction as the
chunks); this cache is rebuilt from it whenever the store's generation changes. It is
only ever a copy: deleting it loses nothing. See docs/decisions/0002-vector-storage.md.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

Rows = Iterator[tuple[int, bytes]]


class MatrixIndex:
    """Inner products against every stored vector; vectors are unit length, so cosine."""

    def __init__(self, folder: Path, dim: int) -> None:
        self.folder = folder
        self.dim = dim
        self._generation = -1
        self._ids: npt.NDArray[np.int64] = np.empty(0, dtype=np.int64)
        self._matrix: npt.NDArray[np.float32] = np.empty((0, dim), dtype=np.float32)

    def scores(
        self, query: npt.NDArray[np.float32], generation: int, rows: Callable[[], Rows]
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """Every stored id and its inner product with the query (ids ascending)."""
        self._refresh(generation, rows)
        if len(self._ids) == 0:
            return self._ids, np.empty(0, dtype=np.float32)
        return self._ids, np.asarray(self._matrix @ query.astype(np.float32), dtype=np.float32)

    def _refresh(self, generation: int, rows: Callable[[], Rows]) -> None:
        if generation == self._generation:
            return
        ids_file, matrix_file = self._files(generation)
        if not ids_file.exists():
            self._rebuild(generation, rows)
        self._ids = np.load(ids_file)
        self._matrix = np.load(matrix_file, mmap_mode="r")
        self._generation = generation

    def _files(self, generation: int) -> tuple[Path, Path]:
        # One pair of files per generation: a reader never sees ids and a matrix of two states.
        return self.folder / f"{generation}.ids.npy", self.folder / f"{generation}.matrix.npy"

    def _rebuild(self, generation: int, rows: Callable[[], Rows]) -> None:
        ids, blobs = [], []
        for rowid, blob in rows():
            ids.append(rowid)
            blobs.append(blob)
        matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), self.dim)
        self.folder.mkdir(parents=True, exist_ok=True)
        ids_file, matrix_file = self._files(generation)
        # The matrix goes in first: the ids file's presence marks a complete pair.
        _save_atomically(matrix_file, matrix)
        _save_atomically(ids_file, np.asarray(ids, dtype=np.int64))
        for stale in self.folder.glob("*.npy"):
            if stale not in (ids_file, matrix_file) and not stale.name.startswith("."):
                stale.unlink(missing_ok=True)


def _save_atomically(target: Path, array: npt.NDArray[np.generic]) -> None:
    tmp = target.with_name(f".{os.getpid()}.{target.name}")
    np.save(tmp, array)
    os.replace(tmp, target)
