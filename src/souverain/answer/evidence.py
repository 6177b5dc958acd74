"""Evidence for the prompt: from each retrieved chunk, the window of sentences closest to
the question, so that several sources fit a small model's time budget."""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

from souverain.domain import Hit
from souverain.index.base import Embedder

SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence or line of the text, whitespace trimmed."""
    spans = []
    for m in SENTENCE.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def best_window(
    text: str, spans: list[tuple[int, int]], scores: npt.NDArray[np.float32], budget: int
) -> str:
    """The contiguous run of sentences that fits the budget and scores highest in total."""
    best, best_score = (0, 0), -np.inf
    for i in range(len(spans)):
        total, j = 0.0, i
        while j < len(spans) and spans[j][1] - spans[i][0] <= budget:
            total += float(scores[j])
            j += 1
        if j > i and total > best_score:
            best, best_score = (i, j), total
    if best == (0, 0):
        return text[:budget].rstrip()
    return text[spans[best[0]][0] : spans[best[1] - 1][1]]


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
        # Sentences closer to the question weigh more; shifted so every sentence adds a little,
        # which favours filling the budget over a single matching line.
        scores = (vectors[offset : offset + len(spans)] @ question_vector) + 0.2
        offset += len(spans)
        out[i] = best_window(text, spans, np.maximum(scores, 0.01).astype(np.float32), budget)
    return out
