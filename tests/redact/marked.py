"""Texts with their expected entities marked inline: "Hallo ⟦person:Anna⟧!"."""

from __future__ import annotations

import re

from souverain.redact import Entity

MARK = re.compile(r"⟦(?P<type>[a-z_]+):(?P<text>.*?)⟧", re.DOTALL)


def unmark(marked: str) -> tuple[str, list[Entity]]:
    """The plain text and the entities its marks stand for, in order."""
    pieces: list[str] = []
    entities: list[Entity] = []
    position = length = 0
    for match in MARK.finditer(marked):
        plain = marked[position : match.start()]
        pieces.append(plain)
        length += len(plain)
        value = match.group("text")
        entities.append(Entity(match.group("type"), length, length + len(value), value))
        pieces.append(value)
        length += len(value)
        position = match.end()
    pieces.append(marked[position:])
    return "".join(pieces), entities


def spans(entities: list[Entity]) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in entities]
