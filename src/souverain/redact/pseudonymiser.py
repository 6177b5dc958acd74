"""The Pseudonymiser: replaces what find_entities finds with stable placeholders, and puts
the values back into a model's answer, whole or streamed.

It keeps the values of one conversation in memory only. Never logs or prints a value.
"""

from __future__ import annotations

import re
from collections import Counter

from souverain.redact.base import ENTITY_TYPES, Entity, merge_by_priority
from souverain.redact.detect import find_entities
from souverain.redact.placeholders import (
    LOOKALIKE,
    PLACEHOLDER,
    label_for,
    label_of,
    placeholder,
    type_of,
)
from souverain.redact.streaming import StreamRestorer

LITERAL = "literal:"
"""Type prefix for text that already looked like a placeholder ("literal:person"): it gets
a placeholder of its own, so that restoring gives it back unchanged instead of a value."""


class Pseudonymiser:
    """One per conversation: the same text always gets the same placeholder, across calls.

    A value written two ways (5446 2157 8839 5353 and 5446215788395353) gets a placeholder
    per spelling, so that restoring gives back each as it was written; ``counts`` counts it
    once."""

    def __init__(self) -> None:
        self._labels: dict[tuple[str, str], str] = {}  # (type, text as written) -> label
        self._originals: dict[str, str] = {}  # label -> the text it replaced
        self._issued: Counter[str] = Counter()  # type -> placeholders issued
        self._values: set[tuple[str, str]] = set()  # (type, normalised value) seen
        self._counts: Counter[str] = Counter()  # type -> distinct values replaced

    def pseudonymise(self, text: str, language: str | None = None) -> str:
        entities = merge_by_priority(_literals(text), find_entities(text, language))
        pieces: list[str] = []
        position = 0
        for entity in entities:
            pieces.append(text[position : entity.start])
            pieces.append(placeholder(self._label(entity)))
            position = entity.end
        pieces.append(text[position:])
        return "".join(pieces)

    def restore(self, text: str) -> str:
        return PLACEHOLDER.sub(self._original, text)

    def restorer(self) -> StreamRestorer:
        return StreamRestorer(self._original)

    @property
    def counts(self) -> dict[str, int]:
        """Distinct values replaced so far, per type: types and numbers only, never values."""
        return {t: self._counts[t] for t in ENTITY_TYPES if self._counts[t]}

    def _label(self, entity: Entity) -> str:
        key = (entity.type, entity.text)
        label = self._labels.get(key)
        if label is None:
            label = self._issue(entity)
            self._labels[key] = label
        return label

    def _issue(self, entity: Entity) -> str:
        entity_type = entity.type.removeprefix(LITERAL)
        value = (entity.type, normalise(entity))
        if entity_type == entity.type and value not in self._values:  # a new value
            self._values.add(value)
            self._counts[entity_type] += 1
        self._issued[entity_type] += 1
        label = label_for(entity_type, self._issued[entity_type])
        self._originals[label] = entity.text
        return label

    def _original(self, match: re.Match[str]) -> str:
        return self._originals.get(label_of(match), match.group())


def normalise(entity: Entity) -> str:
    """The form under which two mentions are the same value."""
    if entity.type in ("iban", "phone", "credit_card", "vat", "national_id"):
        compact = re.sub(r"[^\w+]", "", entity.text.replace("(0)", "")).upper()
        return "+" + compact[2:] if entity.type == "phone" and compact.startswith("00") else compact
    if entity.type == "email":
        return entity.text.casefold()
    if entity.type in ("person", "company"):
        return " ".join(entity.text.split())
    return entity.text


def _literals(text: str) -> list[Entity]:
    """What in the prompt restoring could take for a placeholder, typed as a look-alike."""
    return [
        Entity(LITERAL + type_of(m), m.start(), m.end(), m.group())
        for m in LOOKALIKE.finditer(text)
    ]
