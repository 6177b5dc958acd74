"""Content-addressed copies of the original files, under ``<home>/originals/ab/cdef…``.

A copy is written to a temporary name and renamed, so a crash never leaves half a file
under a real name. Nothing here touches the database.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class Originals:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:]

    def save(self, sha256: str, data: bytes) -> Path:
        target = self.path_for(sha256)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def remove(self, sha256: str) -> None:
        self.path_for(sha256).unlink(missing_ok=True)

    def stored(self) -> set[str]:
        if not self.root.exists():
            return set()
        return {
            p.parent.name + p.name for p in self.root.glob("??/*") if not p.name.startswith(".")
        }

    def collect_garbage(self, keep: Iterable[str]) -> int:
        """Delete copies no document refers to, and temporaries left by a killed process."""
        wanted = set(keep)
        removed = 0
        for sha in self.stored() - wanted:
            self.path_for(sha).unlink(missing_ok=True)
            removed += 1
        for tmp in self.root.glob("??/.tmp-*") if self.root.exists() else ():
            tmp.unlink(missing_ok=True)
        return removed
