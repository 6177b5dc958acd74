"""Citations in a generated answer: keep the ones that point at evidence, drop the rest,
and attribute uncited sentences to the evidence that supports them.

A citation is never invented for a sentence that no source supports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from souverain.index.base import Embedder

MARK = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")
# A sentence ends at . ! ? followed by a space or the end (not the dot in 7.622,00 or 1.5,
# nor that of a day or an ordinal before a word: "Donnerstag, 24. April", "am 3. Tag"),
# together with any citation marks right after it.
ANSWER_SENTENCE = re.compile(
    r"(?:[^.!?\n]|[.!?](?=\S)|(?<!\d\d\d)(?<=\d)\.(?=[ \u00a0][^\W\d_]))+"
    r"(?:[.!?]+|$)(?:\s*\[\d[\d,; ]*\])*",
    re.MULTILINE,
)
TOKEN = re.compile(r"\w+")
MIN_SIMILARITY = 0.35
# Digit groups joined by a thousands or decimal separator: 7.622,00 · 14 500 · 1,250
NUMBER = re.compile(r"(?<![^\W\d_])\d+(?:[.,'\u00a0\u202f ]\d+)*")  # not the 2 of m2


def clean_citations(text: str, valid: int) -> tuple[str, list[int]]:
    """Remove citation marks that point at no evidence (outside 1..valid); return the text
    and the cited numbers in order of first use."""
    cited: list[int] = []

    def keep(match: re.Match[str]) -> str:
        good = [n for n in _mark_numbers(match) if 1 <= n <= valid]
        cited.extend(n for n in dict.fromkeys(good) if n not in cited)
        return _render_marks(good)

    return MARK.sub(keep, text).strip(), cited


def _mark_numbers(match: re.Match[str]) -> list[int]:
    return [int(n) for n in re.split(r"\s*[,;]\s*", match.group(1))]


def _render_marks(numbers: list[int]) -> str:
    return f" [{'] ['.join(str(n) for n in numbers)}]" if numbers else ""


def numbers_in(text: str) -> set[str]:
    """Every number in the text as digits only, each group alone and every run of groups
    joined (7.622,00 gives 7, 622, 0, 7622, 62200 and 762200), so that notations compare."""
    found: set[str] = set()
    for match in NUMBER.finditer(text):
        groups = re.findall(r"\d+", match.group(0))
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                found.add(str(int("".join(groups[i:j]))))
    return found


def claimed_numbers(sentence: str, question: str) -> set[str]:
    """The numbers a sentence asserts, less citation marks and the question's own numbers.

    A number grouped in thousands (3.000.000, 14 500) is claimed whole; any other (a date
    such as 31.12.2029, a decimal) by its groups, which a source may write differently.
    """
    asked = numbers_in(question)
    claims: set[str] = set()
    for match in NUMBER.finditer(MARK.sub("", sentence)):
        groups = re.findall(r"\d+", match.group(0))
        if len(groups) == 3 and len(groups[2]) == 4 and all(len(g) <= 2 for g in groups[:2]):
            claims.update(str(int(g)) for g in (groups[0], groups[2]))  # 31.12.2029: day, year
        elif len(groups) > 1 and all(len(g) == 3 for g in groups[1:2]):
            forms = {str(int("".join(groups)))}
            if len(groups[-1]) != 3:  # a decimal part (22.866,00): the source may omit it
                forms.add(str(int("".join(groups[:-1]))))
            claims.add("|".join(sorted(forms)))
        else:
            claims.update(str(int(g)) for g in groups)
    return {c for c in claims if not set(c.split("|")) & asked}


def _supported(claims: set[str], source_numbers: set[str]) -> bool:
    """Each claim holds when one of its forms ("a|b" lists alternatives) is in the source."""
    return all(any(form in source_numbers for form in claim.split("|")) for claim in claims)


def drop_unsupported_marks(text: str, evidence: Sequence[str], question: str) -> str:
    """Remove [n] from a sentence that states a number source n does not contain: a small
    model copies the mark of the passage it read while inventing the figure."""
    parts, last = [], 0
    for match in ANSWER_SENTENCE.finditer(text):
        parts.append(text[last : match.start()])
        last = match.end()
        sentence = match.group(0)
        parts.append(_checked_marks(sentence, claimed_numbers(sentence, question), evidence))
    parts.append(text[last:])
    return "".join(parts)


def _checked_marks(sentence: str, claims: set[str], evidence: Sequence[str]) -> str:
    if not claims:
        return sentence

    def keep(match: re.Match[str]) -> str:
        return _render_marks(
            [
                n
                for n in _mark_numbers(match)
                if 1 <= n <= len(evidence) and _supported(claims, numbers_in(evidence[n - 1]))
            ]
        )

    return MARK.sub(keep, sentence)


def attribute(
    text: str,
    evidence: Sequence[str],
    evidence_vectors: npt.NDArray[np.float32],
    embedder: Embedder,
    question: str = "",
) -> str:
    """Add [n] to each sentence with no citation when one source clearly supports it."""
    parts = []
    last = 0
    for match in ANSWER_SENTENCE.finditer(text):
        sentence = match.group(0)
        parts.append(text[last : match.start()])
        last = match.end()
        if MARK.search(sentence) or len(TOKEN.findall(sentence)) < 3:
            parts.append(sentence)
            continue
        n = _supporting_source(sentence, evidence, evidence_vectors, embedder, question)
        parts.append(_append_mark(sentence, n) if n else sentence)
    parts.append(text[last:])
    return "".join(parts)


def _supporting_source(
    sentence: str,
    evidence: Sequence[str],
    vectors: npt.NDArray[np.float32],
    embedder: Embedder,
    question: str,
) -> int | None:
    similarity = vectors @ embedder.embed_query(sentence)
    overlap = np.array([_overlap(sentence, e) for e in evidence], dtype=np.float32)
    claims = claimed_numbers(sentence, question)
    holds = np.array([_supported(claims, numbers_in(e)) for e in evidence])
    score = np.where(holds, similarity + 0.15 * overlap, -np.inf)
    best = int(np.argmax(score))
    if holds[best] and (overlap[best] >= 2 or similarity[best] >= MIN_SIMILARITY):
        return best + 1
    return None


def _overlap(sentence: str, source: str) -> int:
    """Shared distinctive tokens: numbers, and words of four letters or more."""
    ours = {t for t in _tokens(sentence) if t.isdigit() or len(t) >= 4}
    return len(ours & _tokens(source))


def _tokens(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return {t for t in TOKEN.findall("".join(c for c in folded if not unicodedata.combining(c)))}


def _append_mark(sentence: str, n: int) -> str:
    stripped = sentence.rstrip()
    tail = sentence[len(stripped) :]
    if stripped and stripped[-1] in ".!?":
        return f"{stripped[:-1]} [{n}]{stripped[-1]}{tail}"
    return f"{stripped} [{n}]{tail}"
