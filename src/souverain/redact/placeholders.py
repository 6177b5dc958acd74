"""Placeholders: how "[PERSON_1]" is written, and how it is recognised again after a model
has lightly damaged it ("[person 1]", "[PERSON-1]", a bare "PERSON_1").

Nothing here knows what a placeholder stands for.
"""

from __future__ import annotations

import re

from souverain.redact.base import ENTITY_TYPES

LABELS = {entity_type: entity_type.upper() for entity_type in ENTITY_TYPES}
_BY_COMPACT = {label.replace("_", ""): label for label in LABELS.values()}
_LONGEST_FIRST = sorted(LABELS.values(), key=len, reverse=True)
_DAMAGED_TYPE = "|".join(label.replace("_", r"[ _\-]?") for label in _LONGEST_FIRST)
_EXACT_TYPE = "|".join(_LONGEST_FIRST)
_SEPARATORS = re.compile(r"[ _\-]")
PLACEHOLDER = re.compile(
    rf"\[[ ]?(?P<bracketed_type>(?i:{_DAMAGED_TYPE}))[ _\-]?(?P<bracketed_number>\d{{1,6}})[ ]?\]"
    rf"|(?<!\w)(?P<bare_type>{_EXACT_TYPE})_(?P<bare_number>\d{{1,6}})(?!\w)"
)
"""A placeholder as issued or lightly damaged. Without brackets only the exact upper-case
form counts: "person 1" in prose is not one."""
LOOKALIKE = re.compile(
    rf"\[[ ]?(?P<bracketed_type>(?i:{_DAMAGED_TYPE}))[ _\-]?(?P<bracketed_number>\d{{1,6}})[ ]?\]"
    rf"|(?P<bare_type>{_EXACT_TYPE})_(?P<bare_number>\d{{1,6}})"
)
"""Text in a prompt that restoring could take for a placeholder, wherever it stands (even
inside a word, as the words around it may be replaced): a superset of PLACEHOLDER."""
PARTIAL = re.compile(r"\[[ ]?[A-Za-z_ \-]{0,16}\d{0,6}[ ]?\Z|(?<!\w)[A-Z][A-Z_]{0,15}\d{0,6}\Z")
"""A text end that more text could still turn into a placeholder (a generous superset)."""
LONGEST_PARTIAL = 32


def placeholder(label: str) -> str:
    return f"[{label}]"


def label_for(entity_type: str, number: int) -> str:
    return f"{LABELS[entity_type]}_{number}"


def label_of(match: re.Match[str]) -> str:
    """The canonical label ("CREDIT_CARD_2") of a recognised placeholder."""
    raw_type = match.group("bracketed_type") or match.group("bare_type")
    number = match.group("bracketed_number") or match.group("bare_number")
    compact = _SEPARATORS.sub("", raw_type).upper()
    return f"{_BY_COMPACT[compact]}_{int(number)}"


def type_of(match: re.Match[str]) -> str:
    """The entity type ("credit_card") of a recognised placeholder."""
    return label_of(match).rsplit("_", 1)[0].lower()
