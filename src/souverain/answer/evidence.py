"""Evidence for the prompt: from each retrieved chunk, the sentences closest to the
question, so that several sources fit a small model's time budget."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from souverain.domain import Hit
from souverain.index.base import Embedder

# Where a sentence may end: after end punctuation and space, at a blank line, or at a line
# break before a list item, a section sign or a table row. A single line break elsewhere is
# the page layout wrapping a sentence, not its end.
LIST_ITEM = r"\(?\d{1,3}[.)]\s|\(?[a-zA-Z][.)]\s|[-–•*·§]"
"""How a list item, a numbered clause or a section starts a line: "- ", "2. ", "(b) ", "§"."""
_BOUNDARY = re.compile(
    r"(?<=[.!?:;])\s+"
    r"|\n[ \t]*\n\s*"
    r"|(?<=\|)[ \t]*\n\s*"
    rf"|\n\s*(?={LIST_ITEM}|\|)"
)
# A period after a number followed by a word ("am 15. Januar", "2. Stock") or after an
# abbreviation ("Dr. Vollmer", "z. B.", "Nr. 4") does not end the sentence.
_NOT_AN_END = re.compile(r"(?:\b\d{1,2}|\b[A-Z][a-z]{0,2}|\b[a-zA-Z])\.$")
LONGEST_SENTENCE = 300
"""Characters; a longer "sentence" (a table flattened into lines) is cut at its lines."""


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of the text, whitespace trimmed; a line that wraps
    mid-sentence (as PDF text does) stays inside its sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()]
        if "\n" not in m.group() and _NOT_AN_END.search(before) and m.end() < len(text):
            continue
        spans += _lines_if_long(text, start, m.start())
        start = m.end()
    spans += _lines_if_long(text, start, len(text))
    return spans


def _lines_if_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= LONGEST_SENTENCE:
        return _trimmed(text, start, end)
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", text[start:end]):
        spans += _trimmed(text, start + m.start(), start + m.end())
    return spans


def _trimmed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if end > start else []


GAP = " … "
"""Stands for text left out between two chosen sentences."""
_TABLE_RULE = re.compile(r"\|[\s:|-]*-[\s:|-]*\|")
"""A Markdown table's rule line (| --- | :-: |): no words for the model, left out."""
HEADING_CHARS = 60
"""A first line this short (a heading, a table's title) is kept as context when it fits."""


def best_sentences(
    text: str, spans: list[tuple[int, int]], scores: npt.NDArray[np.float32], budget: int
) -> str:
    """The sentences closest to the question that fit the budget together, in the text's
    order, with "…" where text is left out. A chosen table row brings its table's header
    row, and a short first line (the heading) comes along when there is room, so that the
    model can still tell what a figure is."""
    if not spans:
        return text[:budget].rstrip()
    chosen: set[int] = set()
    used = 0
    rules = {k for k, (a, b) in enumerate(spans) if _TABLE_RULE.fullmatch(text[a:b])}
    candidates = [k for k in range(len(spans)) if k not in rules]
    for i in sorted(candidates, key=lambda k: -float(scores[k])):  # ties: in text order
        wanted = [k for k in (*_context(text, spans, i), i) if k not in chosen]
        extra = sum(spans[k][1] - spans[k][0] + len(GAP) for k in wanted)
        if used + extra <= budget:
            chosen.update(wanted)
            used += extra
    if not chosen:  # the closest sentence alone is longer than the budget
        start = spans[int(np.argmax(scores))][0]
        return text[start : start + budget].rstrip()
    pieces: list[str] = []
    previous = -2
    for k in sorted(chosen):
        if pieces:
            joined = all(j in rules for j in range(previous + 1, k))
            pieces.append(text[spans[k - 1][1] : spans[k][0]] if joined else GAP)
        pieces.append(text[spans[k][0] : spans[k][1]])
        previous = k
    return "".join(pieces)


def _context(text: str, spans: list[tuple[int, int]], i: int) -> list[int]:
    """The sentences that sentence ``i`` needs to be understood: the first line when it is
    a short heading, and for a table row the header row of its table."""
    needed = []
    if i > 0 and spans[0][1] - spans[0][0] <= HEADING_CHARS:
        needed.append(0)
    if text[spans[i][0]] == "|":
        first = i
        while first > 0 and text[spans[first - 1][0]] == "|":
            first -= 1
        if first not in (0, i):
            needed.append(first)
    return needed


def select_evidence(
    hits: list[Hit], question_vector: npt.NDArray[np.float32], embedder: Embedder, budget: int
) -> list[str]:
    """The text of each hit, cut to at most ``budget`` characters around what the question asks."""
    out: list[str] = []
    pending: list[tuple[int, str, list[tuple[int, int]]]] = []
    for i, hit in enumerate(hits):
        text = hit.chunk.text
        out.append(text)
        if len(text) > budget:
            pending.append((i, text, sentences(text)))
    if not pending:
        return out
    all_sentences = [text[s:e] for _, text, spans in pending for s, e in spans]
    vectors = (
        embedder.embed_passages(all_sentences) if all_sentences else np.empty((0, 0), np.float32)
    )
    offset = 0
    for i, text, spans in pending:
        scores = (vectors[offset : offset + len(spans)] @ question_vector).astype(np.float32)
        offset += len(spans)
        out[i] = best_sentences(text, spans, scores, budget)
    return out
