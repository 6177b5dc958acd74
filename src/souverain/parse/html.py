"""HTML pages into blocks: headings, paragraphs, lists, tables (as Markdown) and code.

Only what a reader sees is kept: scripts, styles, navigation and hidden elements are
skipped. It never runs scripts, fetches resources or follows links.
"""

from __future__ import annotations

import codecs
import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from souverain.domain import Block, BlockKind, Page, ParsedDocument
from souverain.errors import EmptyFile
from souverain.parse._blocks import markdown_list, markdown_table, squash_spaces
from souverain.parse._decode import decode_text, looks_binary
from souverain.parse.base import Limits

_MAX_TITLE = 200
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,500}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I
)
# WHATWG: pages that say latin-1 or ASCII are decoded as Windows-1252 by every browser.
_CHARSET_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_BOM_PREFIXES = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

_SKIPPED = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "head",
        "svg",
        "math",
        "canvas",
        "iframe",
        "object",
        "embed",
        "select",
        "-comment",
        "!doctype",
    ]
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "hgroup",
        "html",
        "li",
        "main",
        "section",
        "summary",
        "p",
        "caption",
        "legend",
    ]
)
_LISTS = frozenset({"ul", "ol", "menu"})
_CELLS = frozenset({"td", "th"})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})
# Past this nesting depth a subtree is read as flat text: no recursion limit to hit.
_MAX_DEPTH = 150


class HtmlParser:
    """An HTML page: one page of blocks, titled by its <title>."""

    media_types: tuple[str, ...] = ("text/html",)

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        title, blocks = html_blocks(decode_html(data, path))
        if not blocks:
            raise EmptyFile(path, "the page contains no visible text")
        return ParsedDocument(pages=[Page(1, blocks)], title=title)


def decode_html(data: bytes, path: str) -> str:
    """Decode by byte-order mark, then the page's own <meta charset>, then by guessing."""
    if not data.startswith(_BOM_PREFIXES):
        declared = _declared_charset(data[:4096])
        if declared is not None:
            text = data.decode(declared, errors="replace")
            if not looks_binary(text):
                return text
    return decode_text(data, path)


def html_blocks(markup: str) -> tuple[str | None, list[Block]]:
    """The title and the visible blocks of an HTML document, in reading order."""
    tree = LexborHTMLParser(markup)
    root = _content_root(tree)
    blocks = _BlockCollector().collect(root) if root is not None else []
    return _title(tree, blocks), blocks


def _declared_charset(head: bytes) -> str | None:
    found = _META_CHARSET.search(head)
    if found is None:
        return None
    name = found.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None  # an unknown label: fall back to guessing, as browsers do
    # A page cannot be UTF-16 if its <meta> was readable as ASCII (WHATWG rule).
    return "utf-8" if codec.startswith("utf-16") else _CHARSET_ALIASES.get(codec, codec)


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    main = tree.css_first("main")
    if main is not None and not _is_hidden(main):
        return main
    articles = tree.css("article")
    if len(articles) == 1 and not _is_hidden(articles[0]):
        return articles[0]
    return tree.body


def _title(tree: LexborHTMLParser, blocks: list[Block]) -> str | None:
    node = tree.css_first("title")
    title = squash_spaces(node.text()) if node is not None else ""
    if not title:
        title = next((b.text for b in blocks if b.kind is BlockKind.HEADING), "")
    return title[:_MAX_TITLE] or None


def _is_hidden(node: LexborNode) -> bool:
    attributes = node.attributes
    if "hidden" in attributes or attributes.get("aria-hidden") == "true":
        return True
    style = (attributes.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _skipped(node: LexborNode) -> bool:
    tag = node.tag or ""
    return tag in _SKIPPED or (node.is_element_node and _is_hidden(node))


def _inline_text(
    node: LexborNode, depth: int = 0, nested_lists: list[LexborNode] | None = None
) -> str:
    """The visible text under ``node``, with <br> and block edges as line breaks.

    With ``nested_lists``, lists found below are set aside there instead of read.
    """
    parts: list[str] = []
    _gather_text(node, depth, parts, nested_lists)
    return _clean_lines("".join(parts))


def _gather_text(
    node: LexborNode, depth: int, parts: list[str], nested_lists: list[LexborNode] | None
) -> None:
    for child in node.iter(include_text=True):
        tag = child.tag or ""
        if tag == "-text":
            parts.append(child.text(deep=False))
        elif tag == "br":
            parts.append("\n")
        elif _skipped(child):
            continue
        elif nested_lists is not None and tag in _LISTS:
            nested_lists.append(child)
        elif depth >= _MAX_DEPTH:
            parts.append(child.text(deep=True))
        else:
            edge = "\n" if tag in _BLOCKS or tag in _LISTS else ""
            parts.append(edge)
            _gather_text(child, depth + 1, parts, nested_lists)
            parts.append(edge)


def _clean_lines(text: str) -> str:
    lines = (squash_spaces(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


class _BlockCollector:
    """Walks the element tree once, cutting it into blocks at block-level elements."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.pending: list[str] = []

    def collect(self, root: LexborNode) -> list[Block]:
        self._walk(root, 0)
        self._flush()
        return self.blocks

    def _walk(self, node: LexborNode, depth: int) -> None:
        for child in node.iter(include_text=True):
            self._visit(child, depth + 1)

    def _visit(self, node: LexborNode, depth: int) -> None:
        tag = node.tag or ""
        if tag == "-text":
            self.pending.append(node.text(deep=False))
        elif tag == "br":
            self.pending.append("\n")
        elif _skipped(node):
            return
        elif depth >= _MAX_DEPTH:
            self.pending.append(node.text(deep=True))
        elif tag in _HEADINGS or tag in _LISTS or tag in ("table", "pre"):
            self._flush()
            self._add(_structured_block(node, tag, depth))
        elif tag in _BLOCKS:
            self._flush()
            self._walk(node, depth)
            self._flush()
        else:
            self._walk(node, depth)

    def _flush(self) -> None:
        text = _clean_lines("".join(self.pending))
        self.pending.clear()
        if text:
            self.blocks.append(Block(text))

    def _add(self, block: Block | None) -> None:
        if block is not None and block.text:
            self.blocks.append(block)


def _structured_block(node: LexborNode, tag: str, depth: int) -> Block | None:
    if tag in _HEADINGS:
        text = squash_spaces(_inline_text(node, depth))
        return Block(text, BlockKind.HEADING, level=_HEADINGS[tag]) if text else None
    if tag in _LISTS:
        return Block(markdown_list(_list_items(node, depth, 0)), BlockKind.LIST)
    if tag == "table":
        return Block(markdown_table(_table_rows(node, depth)), BlockKind.TABLE)
    code = node.text(deep=True).strip("\n")
    return Block(code, BlockKind.CODE) if code.strip() else None


def _list_items(node: LexborNode, depth: int, level: int) -> list[tuple[int, str]]:
    items: list[tuple[int, str]] = []
    for child in node.iter():
        if _skipped(child):
            continue
        nested: list[LexborNode] = []
        text = squash_spaces(_inline_text(child, depth + 1, nested))
        if text:
            items.append((level, text))
        for sublist in nested:
            items.extend(_list_items(sublist, depth + 2, level + 1))
    return items


def _table_rows(table: LexborNode, depth: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for child in table.iter():
        if child.tag in _ROW_GROUPS:
            rows.extend(_row_cells(row, depth) for row in child.iter() if row.tag == "tr")
        elif child.tag == "tr":
            rows.append(_row_cells(child, depth))
    return [row for row in rows if row]


def _row_cells(row: LexborNode, depth: int) -> list[str]:
    cells = (cell for cell in row.iter() if cell.tag in _CELLS and not _skipped(cell))
    return [squash_spaces(_inline_text(cell, depth + 2)) for cell in cells]
