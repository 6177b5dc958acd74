"""Find the files to ingest under the paths a user gave: files as given, folders recursively.

Hidden files and folders are skipped (``.git``, editor droppings); symlinked folders are
not followed, so a link loop cannot hang discovery.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from souverain.errors import UsageError


def discover(paths: Iterable[str | Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists():
            raise UsageError(f"{path}: no such file or folder", "Check the path.")
        for found in _walk(path) if path.is_dir() else [path]:
            resolved = found.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith("."):
                yield Path(root) / name
