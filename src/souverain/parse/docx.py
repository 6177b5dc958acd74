"""Word (.docx) files into blocks: headings, paragraphs, lists and tables, in body order.

The zip is measured before python-docx inflates anything, so a decompression bomb is
refused unread. It never runs macros and never follows external relationships.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from souverain.domain import Block, BlockKind, Page, ParsedDocument
from souverain.errors import CorruptFile, DecompressionBomb, EmptyFile
from souverain.parse._blocks import markdown_list, markdown_table
from souverain.parse.base import Limits

logger = logging.getLogger(__name__)

_MIB = 1024 * 1024
# Small members compress extremely well when they are mostly markup and cannot hurt the
# machine anyway; like Apache POI, we judge ratios only above this size.
_RATIO_GRACE_BYTES = 100 * 1024
_MAX_STYLE_CHAIN = 10  # style inheritance can be circular in broken files
_MAX_NESTING = 20  # content controls inside content controls
_BODY_OUTLINE_LEVEL = 9  # Word's outline level for body text

# Built-in heading styles under their English and localised names (Word writes the
# English one, LibreOffice and older Word versions the localised one).
_HEADING_STYLE = re.compile(
    r"^(?:heading|[üu]berschrift|titre|kop|titolo|t[íi]tulo|encabezado|nag[łl][óo]wek"
    r"|rubrik|otsikko|overskrift|nadpis|c[íi]msor)\s*([1-9])$",
    re.IGNORECASE,
)
_TITLE_STYLES = frozenset({"title", "titel", "titre", "titolo", "título", "tytuł"})
_LIST_STYLE = re.compile(r"^(?:list|liste|listen|lijst|elenco|lista)", re.IGNORECASE)
_METADATA_FIELDS = ("author", "subject", "keywords", "language", "created", "modified")

# (kind, depth or heading level, text) for one body element, before lists are grouped.
Item = tuple[BlockKind, int, str]


class DocxParser:
    """A .docx file: one page (Word has no fixed pages), blocks in body order."""

    media_types: tuple[str, ...] = (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        check_zip(data, path, limits)
        document = docx.Document(io.BytesIO(data))
        blocks = group_lists(body_items(document))
        if not blocks:
            raise EmptyFile(path, "the document contains no text")
        return ParsedDocument(
            pages=[Page(1, blocks)],
            title=_title(document, blocks),
            metadata=_metadata(document, path),
        )


def check_zip(data: bytes, path: str, limits: Limits) -> None:
    """Refuse a zip that is not one, or that would inflate beyond ``limits``.

    The declared sizes are trustworthy here: zipfile stops inflating a member at its
    declared size and fails its CRC check if the data claimed less than it holds.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFile(path, f"not a valid DOCX (ZIP) file: {exc}") from exc
    total = sum(member.file_size for member in members)
    if total > limits.max_expanded_bytes:
        raise DecompressionBomb(
            path,
            f"expands to {total / _MIB:.0f} MiB, "
            f"over the {limits.max_expanded_bytes / _MIB:.0f} MiB limit",
        )
    for member in members:
        _check_ratio(member, path, limits)
    if "word/document.xml" not in {member.filename for member in members}:
        raise CorruptFile(path, "not a Word document: word/document.xml is missing")


def _check_ratio(member: zipfile.ZipInfo, path: str, limits: Limits) -> None:
    if member.file_size <= _RATIO_GRACE_BYTES:
        return
    ratio = member.file_size / max(member.compress_size, 1)
    if ratio > limits.max_compression_ratio:
        raise DecompressionBomb(
            path,
            f"{member.filename} expands {ratio:.0f} times, "
            f"over the {limits.max_compression_ratio:.0f}x limit",
        )


def body_items(document: Document) -> Iterator[Item]:
    """Paragraphs and tables of the main body, in order, including content controls."""
    yield from _container_items(document, document.element.body, 0)


def _container_items(document: Document, container: Any, depth: int) -> Iterator[Item]:
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            item = _paragraph_item(Paragraph(child, document))
            if item is not None:
                yield item
        elif child.tag == qn("w:tbl"):
            table = markdown_table(_table_rows(Table(child, document)))
            if table:
                yield BlockKind.TABLE, 0, table
        elif child.tag == qn("w:sdt") and depth < _MAX_NESTING:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _container_items(document, content, depth + 1)


def group_lists(items: Iterator[Item]) -> list[Block]:
    """Blocks from body items, consecutive list paragraphs joined into one LIST block."""
    blocks: list[Block] = []
    pending: list[tuple[int, str]] = []
    for kind, number, text in items:
        if kind is BlockKind.LIST:
            pending.append((number, text))
            continue
        if pending:
            blocks.append(Block(markdown_list(pending), BlockKind.LIST))
            pending = []
        level = number if kind is BlockKind.HEADING else 0
        blocks.append(Block(text, kind, level=level))
    if pending:
        blocks.append(Block(markdown_list(pending), BlockKind.LIST))
    return blocks


def _paragraph_item(paragraph: Paragraph) -> Item | None:
    text = paragraph.text.strip()
    if not text:
        return None
    level = heading_level(paragraph)
    if level:
        return BlockKind.HEADING, level, " ".join(text.split())
    depth = list_depth(paragraph)
    if depth is not None:
        return BlockKind.LIST, depth, text
    return BlockKind.PARAGRAPH, 0, text


def heading_level(paragraph: Paragraph) -> int:
    """1..6 for a heading (by style name, then outline level), 0 for anything else."""
    for style in _style_chain(paragraph):
        level = _style_name_level(style.name or "") or _style_name_level(style.style_id or "")
        if level:
            return level
    outline = _outline_level(paragraph._p.pPr)
    for style in _style_chain(paragraph):
        if outline is not None:
            break
        outline = _outline_level(style.element.pPr)
    return min(outline + 1, 6) if outline is not None else 0


def list_depth(paragraph: Paragraph) -> int | None:
    """The nesting depth (0 at the top) of a list paragraph, None if it is not one."""
    numbering = _numbering(paragraph._p.pPr)
    if numbering is not None:
        return numbering
    for style in _style_chain(paragraph):
        numbering = _numbering(style.element.pPr)
        if numbering is not None or _LIST_STYLE.match(style.name or ""):
            return numbering or 0
    return None


def _style_chain(paragraph: Paragraph) -> Iterator[Any]:
    style = paragraph.style
    for _ in range(_MAX_STYLE_CHAIN):
        if style is None:
            return
        yield style
        style = style.base_style


def _style_name_level(name: str) -> int:
    name = name.strip()
    if name.lower() in _TITLE_STYLES:
        return 1
    match = _HEADING_STYLE.match(name)
    return min(int(match.group(1)), 6) if match else 0


def _outline_level(ppr: Any) -> int | None:
    if ppr is None:
        return None
    outline = ppr.find(qn("w:outlineLvl"))
    value = _int_attribute(outline)
    return value if value is not None and value < _BODY_OUTLINE_LEVEL else None


def _numbering(ppr: Any) -> int | None:
    """The ilvl of a paragraph's numbering, None when it has none (numId 0 means none)."""
    if ppr is None:
        return None
    numbering = ppr.find(qn("w:numPr"))
    if numbering is None:
        return None
    if _int_attribute(numbering.find(qn("w:numId"))) == 0:
        return None
    return _int_attribute(numbering.find(qn("w:ilvl"))) or 0


def _int_attribute(element: Any) -> int | None:
    if element is None:
        return None
    try:
        return int(element.get(qn("w:val")))
    except (TypeError, ValueError):
        return None  # a missing or non-numeric w:val: treat the setting as absent


def _table_rows(table: Table) -> list[list[str]]:
    # Walk the XML cells rather than table.rows[i].cells: python-docx's grid logic
    # raises on the inconsistent merges real files contain.
    return [
        [_Cell(tc, table).text for tc in row.findall(qn("w:tc"))]
        for row in table._tbl.findall(qn("w:tr"))
    ]


def _title(document: Document, blocks: list[Block]) -> str | None:
    title = (document.core_properties.title or "").strip()
    if title:
        return title
    return next((b.text for b in blocks if b.kind is BlockKind.HEADING), None)


def _metadata(document: Document, path: str) -> dict[str, str]:
    metadata: dict[str, str] = {}
    try:
        properties = document.core_properties
        for field in _METADATA_FIELDS:
            value = getattr(properties, field)
            if value:
                metadata[field] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    except (ValueError, KeyError, AttributeError) as exc:
        # Properties are optional extras: a damaged docProps/core.xml costs the metadata,
        # not the document.
        logger.warning("%s: ignoring unreadable document properties: %s", path, exc)
    return metadata
