"""OCR results as Markdown, plain text, and JSON shaped like Mistral OCR's response."""

from __future__ import annotations

import html
from typing import Any

from souverain.ocr.model import BlockType, OcrBlock, OcrPage, OcrResult


def page_markdown(page: OcrPage) -> str:
    return "\n\n".join(text for block in page.blocks if (text := block_markdown(block)))


def block_markdown(block: OcrBlock) -> str:
    if block.type == BlockType.HEADING:
        return "#" * max(block.level, 1) + " " + " ".join(block.text.split())
    if block.type == BlockType.TABLE:
        return table_markdown(block.rows, block.spans)
    return "\n".join(block.lines)


def table_markdown(rows: list[list[str]], spans: list[list[int]] | None = None) -> str:
    """A Markdown table, or an HTML one when a cell spans columns (Markdown has no way to
    say so; Markdown readers and Mistral OCR's output both carry HTML tables)."""
    if not rows:
        return ""
    if spans and any(n > 1 for row in spans for n in row):
        return table_html(rows, spans)
    width = max(len(row) for row in rows)
    cells = [[_cell(text) for text in row] + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(cells[0]) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in cells[1:]]
    return "\n".join(lines)


def table_html(rows: list[list[str]], spans: list[list[int]]) -> str:
    """The table as HTML, the first row as header cells, spanning cells with colspan."""
    lines = ["<table>"]
    for number, (row, row_spans) in enumerate(zip(rows, spans, strict=True)):
        tag = "th" if number == 0 else "td"
        cells = "".join(
            f"<{tag}{_colspan(span)}>{html.escape(' '.join(text.split()))}</{tag}>"
            for text, span in zip(row, row_spans, strict=True)
        )
        lines.append(f"<tr>{cells}</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def _colspan(span: int) -> str:
    return f' colspan="{span}"' if span > 1 else ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def result_json(result: OcrResult) -> dict[str, Any]:
    """Mistral OCR's response shape, with souverain's extra facts beside its keys."""
    return {
        "pages": [page_json(page) for page in result.pages],
        "model": result.model,
        "usage_info": {
            "pages_processed": len(result.pages),
            "doc_size_bytes": result.doc_size_bytes,
        },
    }


def page_json(page: OcrPage) -> dict[str, Any]:
    return {
        "index": page.index,
        "markdown": page_markdown(page),
        "dimensions": {"dpi": page.dpi, "height": page.height, "width": page.width},
        "blocks": [
            {
                "type": block.type,
                "bbox": list(block.box),
                "text": block.text,
                "confidence": round(block.confidence, 4),
                **({"level": block.level} if block.level else {}),
                **({"rows": block.rows} if block.rows else {}),
            }
            for block in page.blocks
        ],
        "source": page.source,
        "engine": page.engine,
        "language": page.language,
        "rotation": page.rotation,
        "skew": page.skew,
        "confidence": round(page.confidence, 4),
        "notes": page.notes,
        **({"error": page.error} if page.error else {}),
    }
