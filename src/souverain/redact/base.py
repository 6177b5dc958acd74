"""What the detectors find: typed spans of a text, and the helpers that keep them apart.

Nothing here looks at what a span says: no detection, no logging of values.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

ENTITY_TYPES = (
    "iban",
    "email",
    "phone",
    "vat",
    "national_id",
    "credit_card",
    "secret",
    "person",
    "company",
)


@dataclass(frozen=True, slots=True)
class Entity:
    """A piece of personal data or a secret: its type and where it is in the text."""

    type: str
    start: int
    end: int
    text: str

    def __repr__(self) -> str:
        # The value stays out of reprs, so a stray log line or traceback cannot leak it.
        return f"Entity(type={self.type!r}, start={self.start}, end={self.end})"


def merge_by_priority(*groups: Iterable[Entity]) -> list[Entity]:
    """Entities of every group that overlap no entity of an earlier group (or an earlier
    one of the same group), sorted by start."""
    starts: list[int] = []
    kept: list[Entity] = []  # sorted by start, never overlapping
    for group in groups:
        for entity in sorted(group, key=lambda e: (e.start, -e.end)):
            i = bisect_right(starts, entity.start)
            if (i and kept[i - 1].end > entity.start) or (
                i < len(kept) and kept[i].start < entity.end
            ):
                continue
            starts.insert(i, entity.start)
            kept.insert(i, entity)
    return kept


WIDE_SPACE = re.compile(r"(?<=\S)[ \t]{2,3}(?=\S)")
"""Two or three spaces between characters: how scanned forms and OCR space out a number
(DE81  5009  0500 ...); wider gaps separate columns and stay."""


WRAPPED_DIGITS = re.compile(r"(?<=\d)\n(?=\d)")
FIELD_VALUE_END = re.compile(r":[ \t]*[\d \t]+\Z")
"""A line that ends with a form field's number ("nummer :  640"): a number that a scanned
form wrapped onto the next line goes on there."""


def needs_squeezing(text: str) -> bool:
    return WIDE_SPACE.search(text) is not None or WRAPPED_DIGITS.search(text) is not None


def _gaps(text: str) -> list[tuple[int, int, str]]:
    """Where to squeeze, and into what: wide spaces into one, a wrap inside a number into
    nothing (the wrap falls anywhere, so the digits join as if never split)."""
    wrapped = [
        (m.start(), m.end(), "")
        for m in WRAPPED_DIGITS.finditer(text)
        if FIELD_VALUE_END.search(text, text.rfind("\n", 0, m.start()) + 1, m.start())
    ]
    wide = [(m.start(), m.end(), " ") for m in WIDE_SPACE.finditer(text)]
    return sorted(wide + wrapped)


def squeeze_spaces(text: str) -> tuple[str, list[int]]:
    """``text`` with wide spaces, and line breaks inside a form field's number, made single
    spaces, and for each of its positions (and its end) the position in ``text``, so that
    what is found in one can be cut out of the other."""
    pieces: list[str] = []
    positions: list[int] = []
    last = 0
    for start, end, squeezed in _gaps(text):
        pieces.append(text[last:start] + squeezed)
        positions.extend(range(last, start + len(squeezed)))
        last = end
    pieces.append(text[last:])
    positions.extend(range(last, len(text) + 1))
    return "".join(pieces), positions


def non_overlapping(entities: Iterable[Entity]) -> list[Entity]:
    """Of overlapping candidates, the earliest, and of those the longest, wins."""
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -(e.end - e.start))):
        if not kept or entity.start >= kept[-1].end:
            kept.append(entity)
    return kept


def mask(text: str, entities: Iterable[Entity]) -> str:
    """The text with each entity's characters replaced by NUL: offsets stay, words go."""
    chars = list(text)
    for entity in entities:
        chars[entity.start : entity.end] = "\0" * (entity.end - entity.start)
    return "".join(chars)


def boundary_ends(text: str, start: int, end: int, separators: str = " ") -> list[int]:
    """Ends, longest first, at which ``text[start:end]`` can be cut between groups: the
    candidate's own end and every position just before a separator inside it."""
    ends = [end]
    ends.extend(i for i in range(end - 1, start, -1) if text[i] in separators)
    return [e for e in ends if e > start and text[e - 1] not in separators]


def _field_aware_before(text: str, start: int) -> str:
    """The character before ``start``; a comma or semicolon after a non-digit separates
    fields (CSV: ",Joris,257292329"), not the parts of a number, so it reads as a space."""
    if not start:
        return " "
    before = text[start - 1]
    if before in ",;" and (start < 2 or not text[start - 2].isdigit()):
        return " "
    return before


def free_matches(
    text: str, pattern: re.Pattern[str], continues: Callable[[str, str], bool]
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` except those that ``continues(character before, match)``
    says are part of something longer; after such a one the search goes on from its second
    character ("VAT GB 980…" holds "AT GB 980…" and "GB 980…").

    Patterns start with a character class rather than a look-behind or \\b so that the
    regex engine can skip ahead fast; this checks the character before in code."""
    match = pattern.search(text)
    while match is not None:
        start = match.start()
        rejected = continues(_field_aware_before(text, start), match.group())
        if not rejected:
            yield match
        match = pattern.search(text, start + 1 if rejected else max(match.end(), start + 1))
