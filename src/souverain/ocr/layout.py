"""From the lines an engine read to blocks in reading order: headings, paragraphs, lists,
tables, and text in columns.

Engine-independent geometry on word boxes. The page is cut into segments (runs of words
with no wide gap), segments into rows (they share a band of the page), and runs of rows
whose gaps line up into columns. Columns of short cells are a table; two columns of long
lines are text set in columns and are read one column after the other.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from souverain.domain import union_box
from souverain.ocr.model import (
    BlockType,
    OcrBlock,
    OcrPage,
    PixelBox,
    TextLine,
    Word,
    mean_confidence,
)

_WORD_GAP = 1.2  # a gap wider than this many word heights splits a line into segments
_MIN_GUTTER = 1.0  # a column gap is at least this many row heights wide
_ROW_OVERLAP = 0.5  # share of the smaller height two segments overlap to share a row
_PARAGRAPH_PITCH = 1.75  # line to line (top to top, in line heights) that ends a paragraph...
_LOOSE_PITCH = 1.3  # ...unless the page's lines are this much closer than its usual pitch
_MAX_PITCH = 2.2  # usual pitches above this many line heights are paragraph spacing
_TABLE_BREAK_GAP = 2.5  # rows farther apart than this (in line heights) are not one table
_ALIGNED_ROW_GAP = 8.0  # ... unless their gaps line up with the table's gutters
_HEADING_RATIO = 1.4  # a line this much taller than the page's body text is a heading
_HEADING_MAX_CHARS = 120
_PROSE_CHARS = 24  # mean segment length above which two columns are text, not a table
_MARGIN = 0.07  # share of the page height at top and bottom where headers/footers live
_BULLET = re.compile(r"^(?:[•◦▪●○■□\-–—*·]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")
_PAGE_NUMBER = re.compile(
    r"^\W*(?:page|seite|pagina|página|strona|blatt|p\.)?\s*\d{1,4}"
    r"(?:\s*(?:/|of|von|sur|van|de|di|z|from)\s*\d{1,4})?\W*$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")


@dataclass
class Segment:
    words: list[Word]
    box: PixelBox

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def height(self) -> float:
        """The type size, as the median height of the segment's longer words (short ones
        like "[%]" or "a" are all brackets or all x-height)."""
        words = [w for w in self.words if len(w.text) >= 3] or self.words
        return float(statistics.median(word.box[3] - word.box[1] for word in words))

    @property
    def center(self) -> float:
        return (self.box[1] + self.box[3]) / 2


@dataclass
class Row:
    segments: list[Segment]

    @property
    def box(self) -> PixelBox:
        return union_box([segment.box for segment in self.segments])

    @property
    def height(self) -> float:
        return max(segment.height for segment in self.segments)

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)

    @property
    def words(self) -> list[Word]:
        return [word for segment in self.segments for word in segment.words]


def lay_out(lines: Sequence[TextLine]) -> list[OcrBlock]:
    """The page's blocks in reading order."""
    segments = [s for line in lines for s in split_line(line) if _is_text(s)]
    if not segments:
        return []
    rows = group_rows(segments)
    body = statistics.median(row.height for row in rows)
    blocks: list[OcrBlock] = []
    index = 0
    while index < len(rows):
        end, gutters = _column_run(rows, index, body)
        if end > index:
            blocks.extend(_columns(rows[index:end], gutters, body))
            index = end
        else:
            blocks.extend(_prose([rows[index]], body))
            index += 1
    return _merge_paragraphs(blocks, body, _usual_pitch(rows, body))


def _usual_pitch(rows: list[Row], body: float) -> float:
    """The page's common distance from the top of one line to the top of the next (tops,
    not bottoms: descenders make bottoms jitter)."""
    pitches = [b.box[1] - a.box[1] for a, b in itertools.pairwise(rows)]
    pitches = [pitch for pitch in pitches if body <= pitch <= _MAX_PITCH * body]
    return float(statistics.median(pitches)) if len(pitches) >= 2 else 0.0


def split_line(line: TextLine) -> list[Segment]:
    """The line cut wherever two words stand wider apart than words of a sentence do."""
    words = sorted(line.words, key=lambda word: word.box[0])
    height = statistics.median(word.box[3] - word.box[1] for word in words)
    segments = [[words[0]]]
    for word in words[1:]:
        if word.box[0] - segments[-1][-1].box[2] > _WORD_GAP * height:
            segments.append([word])
        else:
            segments[-1].append(word)
    return [Segment(run, union_box([word.box for word in run])) for run in segments]


def _is_text(segment: Segment) -> bool:
    """False for what rulings, specks and stamps read as: no letter or digit, low confidence."""
    if _LETTER_OR_DIGIT.search(segment.text):
        return True
    return mean_confidence(segment.words) >= 0.6 and len(segment.text) > 1


def group_rows(segments: list[Segment]) -> list[Row]:
    """Segments that share a horizontal band, top to bottom, each row left to right."""
    rows: list[Row] = []
    for segment in sorted(segments, key=lambda s: (s.center, s.box[0])):
        row = rows[-1] if rows else None
        if row is not None and _shares_band(row, segment):
            row.segments.append(segment)
        else:
            rows.append(Row([segment]))
    for row in rows:
        row.segments.sort(key=lambda s: s.box[0])
    return rows


def _shares_band(row: Row, segment: Segment) -> bool:
    top, bottom = row.box[1], row.box[3]
    overlap = min(bottom, segment.box[3]) - max(top, segment.box[1])
    smaller = min(bottom - top, segment.box[3] - segment.box[1])
    return smaller > 0 and overlap >= _ROW_OVERLAP * smaller


# --------------------------------------------------------------------------- columns


def _gaps(row: Row, body: float) -> list[tuple[int, int]]:
    """The free horizontal spans between a row's segments that are wide enough to be gutters."""
    gaps = []
    for left, right in zip(row.segments, row.segments[1:], strict=False):
        if right.box[0] - left.box[2] >= _MIN_GUTTER * body:
            gaps.append((left.box[2], right.box[0]))
    return gaps


def _intersect(gutters: list[tuple[int, int]], row: Row, body: float) -> list[tuple[int, int]]:
    """The parts of ``gutters`` that no segment of ``row`` covers."""
    kept = []
    for start, end in gutters:
        spans = [(start, end)]
        for segment in row.segments:
            spans = [
                piece
                for lo, hi in spans
                for piece in ((lo, min(hi, segment.box[0])), (max(lo, segment.box[2]), hi))
                if piece[1] - piece[0] >= _MIN_GUTTER * body * 0.5
            ]
        kept.extend(spans)
    return kept


def _column_run(rows: list[Row], start: int, body: float) -> tuple[int, list[tuple[int, int]]]:
    """Where a run of rows whose gaps line up begins at ``start`` ends (exclusive), and its
    gutters; ``start`` itself when no such run begins there."""
    gutters = _gaps(rows[start], body)
    if not gutters:
        return start, []
    end, last_multi, multi = start + 1, start + 1, 1
    while end < len(rows):
        row, above = rows[end], rows[end - 1]
        gap, gaps = row.box[1] - above.box[3], _gaps(row, body)
        if len(row.segments) == 1 and len(gutters) >= 2:
            # One line across a table's columns: a cell spanning them, or the next line of
            # a cell; either way it does not close the gutters it crosses.
            narrowed = gutters
        else:
            narrowed = _intersect(gutters, row, body)
        if gap > _TABLE_BREAK_GAP * body and not (
            # Invoices space their items apart: a row farther down whose gaps fall on the
            # table's gutters continues it.
            gap <= _ALIGNED_ROW_GAP * body
            and len(gutters) >= 2
            and len(gaps) >= 2
            and len(narrowed) >= len(gutters)
        ):
            break
        if not narrowed:
            break
        if len(row.segments) > 1 and not gaps:
            break
        if len(gutters) == 1 and len(gaps) >= 2 and end - start > 1:
            break  # a table starts under text set in two columns
        gutters = narrowed
        end += 1
        if len(row.segments) > 1:
            last_multi, multi = end, multi + 1
    if multi < 2:
        return start, []
    return last_multi, gutters


def _columns(rows: list[Row], gutters: list[tuple[int, int]], body: float) -> list[OcrBlock]:
    bounds = sorted((start + end) // 2 for start, end in gutters)
    grid: list[list[list[Segment]]] = []
    for row in rows:
        cells: list[list[Segment]] = [[] for _ in range(len(bounds) + 1)]
        for segment in row.segments:
            column = sum(1 for bound in bounds if (segment.box[0] + segment.box[2]) / 2 > bound)
            cells[column].append(segment)
        grid.append(cells)
    columns = len(bounds) + 1
    filled = [[cells[c] for cells in grid if cells[c]] for c in range(columns)]
    mean_chars = [
        statistics.mean(len(" ".join(s.text for s in cell)) for cell in column) if column else 0
        for column in filled
    ]
    if columns == 2 and min(mean_chars) >= _PROSE_CHARS:
        # Text set in two columns: read the left one to its end, then the right one.
        return [
            block
            for column in range(columns)
            for block in _prose([Row(cells[column]) for cells in grid if cells[column]], body)
        ]
    if columns == 2 and _is_key_value(filled[0]):
        return _prose(rows, body)
    return [_table(rows, grid, bounds)]


def _is_key_value(left_cells: list[list[Segment]]) -> bool:
    """A form's labels ("Datum:", "IBAN:") on the left: lines of text, not a table."""
    labels = [" ".join(s.text for s in cell).rstrip() for cell in left_cells]
    return sum(label.endswith(":") for label in labels) >= 0.6 * len(labels)


def _table(rows: list[Row], grid: list[list[list[Segment]]], bounds: list[int]) -> OcrBlock:
    table: list[list[str]] = []
    spans: list[list[int]] = []
    previous: list[list[Segment]] = [[] for _ in grid[0]] if grid else []  # last text per column
    for row, cells in zip(rows, grid, strict=True):
        texts = [" ".join(s.text for s in cell) for cell in cells]
        if len(row.segments) == 1:
            first, last = (sum(1 for b in bounds if edge > b) for edge in row.segments[0].box[::2])
            if last > first:  # across columns: one cell spanning them
                table.append(
                    [""] * first + [texts[first] or row.text] + [""] * (len(cells) - 1 - last)
                )
                spans.append([1] * first + [last - first + 1] + [1] * (len(cells) - 1 - last))
                continue
            column = next(i for i, cell in enumerate(cells) if cell)
            if table and _under(row.segments[0], previous[column]):
                # Alone in its column, under the text there: the next line of that cell.
                at = _position(spans[-1], column)
                table[-1][at] = f"{table[-1][at]} {texts[column]}".strip()
                previous[column] = [*previous[column], row.segments[0]]
                continue
        table.append(texts)
        spans.append([1] * len(texts))
        previous = [cell or above for cell, above in zip(cells, previous, strict=True)]
    words = [word for row in rows for word in row.words]
    return OcrBlock(
        BlockType.TABLE,
        union_box([row.box for row in rows]),
        [" ".join(cell for cell in row if cell) for row in table],
        mean_confidence(words),
        rows=table,
        spans=spans if any(n > 1 for row in spans for n in row) else [],
    )


def _under(segment: Segment, above: list[Segment]) -> bool:
    """Whether ``segment`` overlaps, left to right, the text above it in its column."""
    return any(min(segment.box[2], s.box[2]) > max(segment.box[0], s.box[0]) for s in above)


def _position(spans: list[int], column: int) -> int:
    """The index of the cell holding ``column`` in a table row with these column spans
    (every row's spans add up to the table's columns)."""
    return next(index for index, end in enumerate(itertools.accumulate(spans)) if column < end)


# --------------------------------------------------------------------------- text


def _prose(rows: list[Row], body: float) -> list[OcrBlock]:
    """One block per row here; _merge_paragraphs joins rows into paragraphs and lists."""
    blocks = []
    for row in rows:
        text = row.text
        level = 1 if _is_heading(row, body) else 0
        kind = BlockType.HEADING if level else BlockType.TEXT
        if not level and _BULLET.match(text):
            kind = BlockType.LIST
        blocks.append(OcrBlock(kind, row.box, [text], mean_confidence(row.words), level=level))
    return blocks


def _is_heading(row: Row, body: float) -> bool:
    text = row.text
    return (
        row.height >= _HEADING_RATIO * body
        and len(text) <= _HEADING_MAX_CHARS
        and re.search(r"[^\W\d_]{2}", text) is not None
    )


def _merge_paragraphs(blocks: list[OcrBlock], body: float, usual: float) -> list[OcrBlock]:
    """Consecutive one-row blocks that are close, aligned and of one kind become one block."""
    merged: list[OcrBlock] = []
    widest = max(_PARAGRAPH_PITCH * body, _LOOSE_PITCH * usual)
    last_top = 0
    for block in blocks:
        last = merged[-1] if merged else None
        pitch = block.box[1] - last_top
        last_top = block.box[1]
        if last is not None and pitch <= widest and _continues(last, block, body):
            last.lines.extend(block.lines)
            weight = len(last.lines)
            last.confidence = (last.confidence * (weight - 1) + block.confidence) / weight
            last.box = union_box([last.box, block.box])
        else:
            merged.append(block)
    _rank_headings(merged)
    return merged


def _continues(last: OcrBlock, block: OcrBlock, body: float) -> bool:
    if last.type == BlockType.TABLE or block.type == BlockType.TABLE:
        return False
    if block.box[1] - last.box[3] < -0.5 * body:
        return False
    if block.box[0] > last.box[2] or block.box[2] < last.box[0]:
        return False  # not under the block: another column or a margin note
    if last.type == BlockType.HEADING:
        return block.type == BlockType.HEADING and len(last.lines) < 3
    if block.type == BlockType.LIST:
        return last.type == BlockType.LIST
    if block.type == BlockType.HEADING:
        return False
    # A line indented under a list item continues the item.
    return last.type == BlockType.TEXT or block.box[0] > last.box[0] + body


def _rank_headings(blocks: list[OcrBlock]) -> None:
    """Heading levels by height on the page: the tallest headings are level 1."""
    heights = sorted(
        {_round_height(b) for b in blocks if b.type == BlockType.HEADING}, reverse=True
    )
    for block in blocks:
        if block.type == BlockType.HEADING:
            block.level = min(heights.index(_round_height(block)) + 1, 3)


def _round_height(block: OcrBlock) -> int:
    lines = max(len(block.lines), 1)
    return round((block.box[3] - block.box[1]) / lines / 4) * 4


# --------------------------------------------------------------------------- pages


def mark_running_text(pages: Sequence[OcrPage]) -> None:
    """Mark page numbers, and text repeated at the top or bottom of pages, as header/footer."""
    seen: dict[tuple[str, str], int] = {}
    candidates: list[tuple[OcrBlock, str, str]] = []
    for page in pages:
        for block in page.blocks:
            zone = _zone(block, page.height)
            if not zone or block.type == BlockType.TABLE:
                continue
            key = _DIGITS.sub("#", " ".join(block.text.lower().split()))
            candidates.append((block, zone, key))
            seen[(zone, key)] = seen.get((zone, key), 0) + 1
    for block, zone, key in candidates:
        if seen[(zone, key)] >= 2 or _PAGE_NUMBER.match(block.text.strip()):
            block.type = BlockType.HEADER if zone == "top" else BlockType.FOOTER
            block.level = 0


def _zone(block: OcrBlock, height: int) -> str:
    if block.box[3] <= _MARGIN * height:
        return "top"
    if block.box[1] >= (1 - _MARGIN) * height:
        return "bottom"
    return ""
