"""Plain text and Markdown files into blocks: paragraphs, headings, lists, tables, code.

Markdown is read line by line with a small, forgiving subset of CommonMark; every step
consumes at least one line, so no input can make it loop. It never renders HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from souverain.domain import Block, BlockKind, Page, ParsedDocument
from souverain.errors import EmptyFile
from souverain.parse._blocks import markdown_list
from souverain.parse._decode import decode_text
from souverain.parse.base import Limits

_MAX_TITLE = 200
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
# Patterns stay linear: no two adjacent repetitions that can match the same characters
# (the closing #s of a heading and the rule of a table are checked in Python instead).
_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d{1,9}[.)])[ \t]+(\S.*)$")
_RULE_CELL = re.compile(r":?-+:?")
_QUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_FRONT_MATTER_END = 100

# A reader looks at lines[i]; it returns None when the construct does not start there,
# else the block (or None for something to skip) and the index after what it consumed.
Found = tuple[Block | None, int]
Reader = Callable[[list[str], int], Found | None]


class PlainTextParser:
    """A .txt file: one page, paragraphs split on blank lines."""

    media_types: tuple[str, ...] = ("text/plain",)

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        text = normalize_newlines(decode_text(data, path))
        blocks = [Block(p) for p in split_paragraphs(text)]
        if not blocks:
            raise EmptyFile(path, "the file contains no text")
        return ParsedDocument(pages=[Page(1, blocks)], title=first_line(blocks[0].text))


class MarkdownParser:
    """A Markdown file: one page, with headings, lists, tables and code kept as blocks."""

    media_types: tuple[str, ...] = ("text/markdown",)

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        lines = normalize_newlines(decode_text(data, path)).split("\n")
        front_title, start = _front_matter(lines)
        blocks = markdown_blocks(lines, start)
        if not blocks:
            raise EmptyFile(path, "the file contains no text")
        return ParsedDocument(pages=[Page(1, blocks)], title=front_title or _title(blocks))


def normalize_newlines(text: str) -> str:
    """Unix newlines; a form feed (a page break in exported text) ends a paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\f", "\n\n").lstrip("\ufeff")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; trailing spaces are dropped."""
    paragraphs = (_strip_lines(p) for p in _BLANK_LINES.split(text))
    return [p for p in paragraphs if p]


def first_line(text: str) -> str:
    """The first line of a text, cut to a length that fits a title."""
    line = text.strip().split("\n", 1)[0].strip()
    return line[:_MAX_TITLE]


def markdown_blocks(lines: list[str], start: int = 0) -> list[Block]:
    """The blocks of Markdown ``lines`` from ``start``, in order."""
    blocks: list[Block] = []
    i = start
    while i < len(lines):
        block, after = _next_block(lines, i)
        if block is not None:
            blocks.append(block)
        i = max(after, i + 1)  # a reader that consumed nothing must not stall the loop
    return blocks


def _strip_lines(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def _title(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            return block.text[:_MAX_TITLE]
    return first_line(blocks[0].text)


def _front_matter(lines: list[str]) -> tuple[str | None, int]:
    """Skip a YAML front matter block, keeping its ``title:`` if it has one."""
    if not lines or lines[0].strip() != "---":
        return None, 0
    for end in range(1, min(len(lines), _FRONT_MATTER_END)):
        if lines[end].strip() in ("---", "..."):
            return _front_title(lines[1:end]), end + 1
    return None, 0


def _front_title(lines: list[str]) -> str | None:
    for line in lines:
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            return value.strip().strip("\"'")[:_MAX_TITLE]
    return None


def _next_block(lines: list[str], i: int) -> Found:
    if not lines[i].strip():
        return None, i + 1
    for reader in _READERS:
        found = reader(lines, i)
        if found is not None:
            return found
    return _paragraph(lines, i)


def _fenced_code(lines: list[str], i: int) -> Found | None:
    opening = _FENCE.match(lines[i])
    if opening is None:
        return None
    fence = opening.group(1)
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    end = i + 1
    while end < len(lines) and not closing.match(lines[end]):
        end += 1
    code = "\n".join(lines[i + 1 : end]).strip("\n")
    block = Block(code, BlockKind.CODE) if code.strip() else None
    return block, end + 1


def _atx_heading(lines: list[str], i: int) -> Found | None:
    heading = _ATX.match(lines[i])
    if heading is None:
        return None
    text = _strip_closing_hashes(lines[i][heading.end(1) :].strip())
    block = Block(text, BlockKind.HEADING, level=len(heading.group(1))) if text else None
    return block, i + 1


def _strip_closing_hashes(text: str) -> str:
    """ "Title ##" is "Title"; "C#" keeps its hash (the closing run needs a space before)."""
    bare = text.rstrip("#")
    if bare == text or (bare and bare[-1] not in " \t"):
        return text
    return bare.rstrip()


def _thematic_break(lines: list[str], i: int) -> Found | None:
    return (None, i + 1) if _BREAK.match(lines[i]) else None


def _table(lines: list[str], i: int) -> Found | None:
    if "|" not in lines[i] or i + 1 >= len(lines):
        return None
    if not _is_table_rule(lines[i + 1]):
        return None
    end = i + 2
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        end += 1
    table = "\n".join(line.strip() for line in lines[i:end])
    return Block(table, BlockKind.TABLE), end


def _is_table_rule(line: str) -> bool:
    """A delimiter row like "|---|:-:|". Without a pipe, "a | b" over "---" is a heading."""
    row = line.strip()
    if "|" not in row:
        return False
    cells = row.strip("|").split("|")
    return all(_RULE_CELL.fullmatch(cell.strip()) for cell in cells)


def _list(lines: list[str], i: int) -> Found | None:
    if _ITEM.match(lines[i]) is None:
        return None
    base = _indent(lines[i])
    items: list[tuple[int, str]] = []
    end = i
    while end < len(lines):
        item = _ITEM.match(lines[end])
        if item is not None:
            items.append(((_indent(lines[end]) - base) // 2, item.group(2)))
        elif _continues_item(lines, end):
            depth, text = items[-1]
            items[-1] = (depth, f"{text} {lines[end].strip()}")
        elif not _blank_inside_list(lines, end):
            break
        end += 1
    return Block(markdown_list(items), BlockKind.LIST), end


def _continues_item(lines: list[str], i: int) -> bool:
    line = lines[i]
    return bool(line.strip()) and not _starts_block(line)


def _blank_inside_list(lines: list[str], i: int) -> bool:
    """A blank line keeps the list open when an item or an indented line follows."""
    if lines[i].strip():
        return False
    following = i + 1
    if following >= len(lines):
        return False
    line = lines[following]
    return _ITEM.match(line) is not None or (bool(line.strip()) and _indent(line) >= 2)


def _paragraph(lines: list[str], i: int) -> Found:
    end = i + 1
    while end < len(lines) and lines[end].strip():
        underline = _SETEXT.match(lines[end])
        if underline is not None:
            level = 1 if underline.group(1).startswith("=") else 2
            return Block(_join(lines[i:end]), BlockKind.HEADING, level=level), end + 1
        if _starts_block(lines[end]):
            break
        end += 1
    return Block(_join(lines[i:end])), end


def _join(lines: list[str]) -> str:
    return "\n".join(_QUOTE.sub("", line).strip() for line in lines).strip()


def _starts_block(line: str) -> bool:
    return bool(_ATX.match(line) or _FENCE.match(line) or _BREAK.match(line) or _bullet(line))


def _bullet(line: str) -> bool:
    item = _ITEM.match(line)
    return item is not None and line.lstrip()[0] in "-*+"


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


_READERS: tuple[Reader, ...] = (_fenced_code, _atx_heading, _thematic_break, _table, _list)
