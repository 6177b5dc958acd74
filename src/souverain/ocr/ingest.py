"""OCR inside ingestion: scanned pages of a parsed document get blocks from OCR.

Blocks come back in the page's own units (PDF points, or the image's pixels), so a
citation's box points at the region of the scan the passage was read from.
"""

from __future__ import annotations

from souverain.domain import BBox, Block, BlockKind, Page, ParsedDocument
from souverain.ocr.model import BlockType, OcrPage
from souverain.ocr.pipeline import IMAGE_TYPES, OcrCache, Progress, ocr_images, ocr_pdf_pages
from souverain.ocr.reader import OcrOptions
from souverain.ocr.render import block_markdown

_KINDS = {
    BlockType.HEADING: BlockKind.HEADING,
    BlockType.LIST: BlockKind.LIST,
    BlockType.TABLE: BlockKind.TABLE,
}


def read_scanned_pages(
    path: str,
    data: bytes,
    media_type: str,
    parsed: ParsedDocument,
    options: OcrOptions,
    cache: OcrCache | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """OCR the pages of ``parsed`` that need it, in place; returns one line per failed page."""
    scanned = [page for page in parsed.pages if page.needs_ocr and not page.blocks]
    if not scanned:
        return []
    if media_type in IMAGE_TYPES:
        numbers = [page.number for page in scanned]
        read = ocr_images(path, data, numbers, options, cache, progress)
    else:
        read = ocr_pdf_pages(data, scanned, options, cache, progress)
    by_number = {page.index + 1: page for page in read}
    failures = []
    for page in scanned:
        result = by_number.get(page.number)
        if result is None or result.error:
            failures.append(f"page {page.number}: {result.error if result else 'not read'}")
            continue
        page.blocks = page_blocks(result, page)
    return failures


def page_blocks(result: OcrPage, page: Page) -> list[Block]:
    """An OCR page's blocks as domain blocks, boxes scaled to the page's units."""
    width, height = (result.height, result.width) if result.rotation in (90, 270) else (
        result.width, result.height)  # fmt: skip
    sx = (page.width or width) / max(width, 1)
    sy = (page.height or height) / max(height, 1)
    blocks = []
    for block in result.blocks:
        if block.type in (BlockType.HEADER, BlockType.FOOTER) or not block.text.strip():
            continue  # running heads repeat on every page and answer nothing
        x0, y0, x1, y1 = block.box
        box: BBox = (x0 * sx, y0 * sy, x1 * sx, y1 * sy)
        kind = _KINDS.get(block.type, BlockKind.PARAGRAPH)
        text = block_markdown(block) if block.rows else block.text
        blocks.append(Block(text, kind, level=block.level, bbox=box))
    return blocks
