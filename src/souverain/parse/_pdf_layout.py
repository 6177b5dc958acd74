"""Turn the text lines of PDF pages into blocks: paragraphs by vertical gaps, headings
by font size against the document's body size.

Pure geometry on lines already read: it never calls PDFium.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from souverain.domain import BBox, Block, BlockKind, union_box

# A line is a heading when its font is this much bigger than the body text's.
HEADING_RATIO = 1.15
# Headings are rare: a bigger size that carries this share of a document's characters is
# a second body size (the labels of a form, say), unless the document is tiny.
_HEADING_MAX_SHARE = 0.15
_SHARE_MIN_CHARS = 500
_HEADING_MAX_CHARS = 200
_HEADING_MAX_LINES = 3
_SIZE_CHANGE = 0.15  # relative size difference that starts a new block
# Line pitch (baseline to baseline) as a multiple of the font size when a page gives too
# few lines to measure its own; 1.2 is what typesetters use for body text.
_DEFAULT_PITCH = 1.2
_PARAGRAPH_GAP = 1.3  # a pitch this many times the usual one ends a paragraph
_MIN_PITCH = 0.3  # below this (or going up) the next line is elsewhere: another column
_HAS_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Line:
    """One line of text on a page, in top-left page coordinates (points)."""

    text: str
    bbox: BBox
    size: float
    """Effective font size in points (the font size times the text matrix scale)."""
    baseline: float
    """Distance of the baseline from the top of the page."""


def body_size(pages: Iterable[Sequence[Line]]) -> float:
    """The font size most of the document's characters are set in (0 if no text)."""
    weights = _size_weights(pages)
    return weights.most_common(1)[0][0] if weights else 0.0


def heading_levels(pages: Sequence[Sequence[Line]], body: float) -> dict[float, int]:
    """Heading level (1 = biggest) for each rounded font size that marks a heading."""
    weights = _size_weights(pages)
    total = sum(weights.values())
    sizes = {
        _rounded(line.size)
        for lines in pages
        for line in lines
        if _could_be_heading(line.text) and line.size >= body * HEADING_RATIO > 0
    }
    if total >= _SHARE_MIN_CHARS:
        sizes = {size for size in sizes if weights[size] <= _HEADING_MAX_SHARE * total}
    return {size: min(rank, 6) for rank, size in enumerate(sorted(sizes, reverse=True), 1)}


def _size_weights(pages: Iterable[Sequence[Line]]) -> Counter[float]:
    weights: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            weights[_rounded(line.size)] += len(line.text)
    return weights


def page_blocks(lines: Sequence[Line], levels: dict[float, int]) -> list[Block]:
    """The blocks of one page, in the order its lines came."""
    if not lines:
        return []
    usual = usual_pitch(lines)
    groups: list[list[Line]] = [[lines[0]]]
    for line in lines[1:]:
        group = groups[-1]
        if _continues(group, line, usual, levels):
            group.append(line)
        else:
            groups.append([line])
    return [_block(group, levels) for group in groups]


def usual_pitch(lines: Sequence[Line]) -> float:
    """The page's common baseline-to-baseline distance relative to font size."""
    ratios = []
    for above, below in pairwise(lines):
        size = max(above.size, below.size)
        if size <= 0 or abs(above.size - below.size) > _SIZE_CHANGE * size:
            continue
        ratio = (below.baseline - above.baseline) / size
        if 0.8 <= ratio <= 2.5:
            ratios.append(ratio)
    return statistics.median(ratios) if len(ratios) >= 3 else _DEFAULT_PITCH


def _continues(group: list[Line], line: Line, usual: float, levels: dict[float, int]) -> bool:
    above = group[-1]
    level = _level(line, levels)
    if level != _level(above, levels):
        return False
    if level and len(group) >= _HEADING_MAX_LINES:
        return False
    size = max(above.size, line.size)
    if size <= 0 or abs(above.size - line.size) > _SIZE_CHANGE * size:
        return False
    pitch = (line.baseline - above.baseline) / size
    if pitch < _MIN_PITCH or pitch > max(usual, _DEFAULT_PITCH) * _PARAGRAPH_GAP:
        return False
    return _overlap_horizontally(above.bbox, line.bbox)


def _overlap_horizontally(a: BBox, b: BBox) -> bool:
    return a[0] <= b[2] and b[0] <= a[2]


def _level(line: Line, levels: dict[float, int]) -> int:
    if not _could_be_heading(line.text):
        return 0
    return levels.get(_rounded(line.size), 0)


def _could_be_heading(text: str) -> bool:
    return len(text) <= _HEADING_MAX_CHARS and _HAS_LETTER.search(text) is not None


def _block(group: list[Line], levels: dict[float, int]) -> Block:
    text = "\n".join(line.text for line in group)
    bbox = union_box([line.bbox for line in group])
    level = _level(group[0], levels)
    if level:
        return Block(" ".join(text.split()), BlockKind.HEADING, level=level, bbox=bbox)
    return Block(text, BlockKind.PARAGRAPH, bbox=bbox)


def _rounded(size: float) -> float:
    return round(size * 2) / 2
