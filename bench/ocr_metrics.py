"""Order-independent OCR error counts: flexible character (and word) accuracy.

A page's reading order is a layout question, and on forms and invoices it is ambiguous: an
address block beside a date block may be read either way, and a tool that joins the two into
one line has read every character right. Plain CER over the joined text charges such a tool
for the order; matching whole lines charges it for the joining. This follows the flexible
character accuracy of Clausner, Pletschacher and Antonacopoulos (Pattern Recognition Letters,
2020): truth and output are cut into fragments where they stop agreeing, the best-aligned
fragments are paired first, and what stays unpaired counts in full. Recognition errors are
still counted character by character; only the order of the fragments is forgiven.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

_MIN_FRAGMENT = 2  # shorter leftovers are counted as errors, never paired (they match anywhere)


@dataclass(frozen=True)
class FlexibleEdits:
    chars: int
    """Character edits: paired fragments' Levenshtein distances plus unpaired characters."""
    words: int
    """Word edits over the same pairing (a fragment's words; unpaired words in full)."""


def flexible_edits(truth_lines: list[str], found_lines: list[str]) -> FlexibleEdits:
    """Edits between a page's true lines and a tool's lines, in whatever order they come."""
    truth = [t for t in (" ".join(line.split()) for line in truth_lines) if t]
    found = [f for f in (" ".join(line.split()) for line in found_lines) if f]
    chars = words = 0
    scores = _scores(truth, found)
    while truth and found:
        t, f = divmod(int(np.argmax(scores)), len(found))
        if scores[t, f] <= 0:
            break
        a = fuzz.partial_ratio_alignment(truth[t], found[f])
        assert a is not None
        left_t, mid_t, right_t = _cut(truth[t], a.src_start, a.src_end)
        left_f, mid_f, right_f = _cut(found[f], a.dest_start, a.dest_end)
        chars += Levenshtein.distance(mid_t, mid_f)
        words += Levenshtein.distance(mid_t.split(), mid_f.split())
        new_t = [s for s in (left_t, right_t) if s]
        new_f = [s for s in (left_f, right_f) if s]
        truth = truth[:t] + truth[t + 1 :] + new_t
        found = found[:f] + found[f + 1 :] + new_f
        scores = np.delete(np.delete(scores, t, axis=0), f, axis=1)
        scores = _extend(scores, truth, found, len(new_t), len(new_f))
    chars += sum(map(len, truth)) + sum(map(len, found))
    words += sum(len(s.split()) for s in truth) + sum(len(s.split()) for s in found)
    return FlexibleEdits(chars, words)


def _cut(text: str, start: int, end: int) -> tuple[str, str, str]:
    return text[:start].strip(), text[start:end].strip(), text[end:].strip()


def _scores(truth: list[str], found: list[str]) -> np.ndarray:
    """How much pairing each truth fragment with each output fragment is worth: the shorter
    one's length times (2 × similarity − 1), so a perfect pair of n characters is worth n and
    a pair no better than half right is worth nothing."""
    if not truth or not found:
        return np.zeros((len(truth), len(found)))
    similarity = process.cdist(truth, found, scorer=fuzz.partial_ratio, workers=1) / 100.0
    shorter = np.minimum.outer(
        np.array([len(t) for t in truth], dtype=float),
        np.array([len(f) for f in found], dtype=float),
    )
    worth = shorter * (2 * similarity - 1)
    worth[shorter < _MIN_FRAGMENT] = 0
    return worth


def _extend(
    scores: np.ndarray, truth: list[str], found: list[str], new_t: int, new_f: int
) -> np.ndarray:
    """``scores`` with rows for the last ``new_t`` truth and columns for the last ``new_f``
    output fragments added."""
    old_t, old_f = len(truth) - new_t, len(found) - new_f
    full = np.zeros((len(truth), len(found)))
    full[:old_t, :old_f] = scores
    if new_t:
        full[old_t:, :] = _scores(truth[old_t:], found)
    if new_f:
        full[:, old_f:] = _scores(truth, found[old_f:])
    return full
