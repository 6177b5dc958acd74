"""Shared ways to lay out structured content as Markdown text inside one Block.

Every parser renders tables and lists the same way, so the chunker sees one dialect.
Pure string functions: no parsing of files here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

_SPACES = re.compile(r"\s+")


def squash_spaces(text: str) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    return _SPACES.sub(" ", text).strip()


def _table_cell(text: str) -> str:
    # A pipe or a newline inside a cell would break the row apart.
    return squash_spaces(text).replace("|", "\\|")


def _table_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_table(rows: Sequence[Sequence[str]]) -> str:
    """A pipe table whose first row is the header; short rows are padded with empty cells.

    Returns "" when there is no cell with any text, so callers can drop empty tables.
    """
    cleaned = [[_table_cell(cell) for cell in row] for row in rows if row]
    if not any(cell for row in cleaned for cell in row):
        return ""
    width = max(len(row) for row in cleaned)
    padded = [row + [""] * (width - len(row)) for row in cleaned]
    lines = [_table_row(padded[0]), _table_row(["---"] * width)]
    lines.extend(_table_row(row) for row in padded[1:])
    return "\n".join(lines)


def markdown_list(items: Iterable[tuple[int, str]]) -> str:
    """One "- item" line per (depth, text) pair, indented two spaces per depth."""
    lines = [f"{'  ' * max(depth, 0)}- {squash_spaces(text)}" for depth, text in items]
    return "\n".join(line for line in lines if line.strip() != "-")
