"""The parser interface: bytes of one file in, a ParsedDocument out.

A parser never touches the file system or the network and never runs a file's code; it
raises an InputError subclass for any file it cannot read, never a bare library error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from souverain.domain import ParsedDocument


@dataclass(frozen=True)
class Limits:
    """How much one file may cost us before it is refused."""

    max_pages: int = 5000
    max_expanded_bytes: int = 512 * 1024 * 1024
    """Total uncompressed size allowed inside a compressed container (DOCX)."""
    max_compression_ratio: float = 200.0
    """Largest uncompressed/compressed ratio allowed for one member of a container."""


class Parser(Protocol):
    """One document format. Implementations live one per module in this package."""

    media_types: tuple[str, ...]

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        """Read ``data`` (the whole file, named ``path`` in messages) into pages of blocks."""
        ...
