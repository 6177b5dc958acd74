"""Restoring placeholders in a streamed answer: emit what is final, hold back a tail that
could still become a placeholder ("[PERS", "PERSON_1" before its next character).

Joined, the pieces equal the restore of the whole text. Never logs a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from souverain.redact.placeholders import LONGEST_PARTIAL, PARTIAL, PLACEHOLDER


class StreamRestorer:
    """Restores one streamed text. ``replace`` gives the text for a recognised placeholder."""

    def __init__(self, replace: Callable[[re.Match[str]], str]) -> None:
        self._replace = replace
        self._context = ""  # the last character emitted, which a placeholder may look behind at
        self._pending = ""

    def feed(self, chunk: str) -> str:
        """The restored text that is safe to show now."""
        self._pending += chunk
        return self._emit(self._safe_end())

    def flush(self) -> str:
        """Everything still held back, restored: call once the stream has ended."""
        return self._emit(len(self._pending))

    def _window(self) -> str:
        return self._context + self._pending

    def _safe_end(self) -> int:
        """How much of the pending text no further chunk can change the restore of."""
        window, offset = self._window(), len(self._context)
        end = len(window)
        partial = PARTIAL.search(window, max(offset, len(window) - LONGEST_PARTIAL))
        if partial is not None:
            end = partial.start()
        for match in PLACEHOLDER.finditer(window, offset):
            if match.end() == len(window) or match.start() < end < match.end():
                end = min(end, match.start())  # it may still grow (PERSON_1 → PERSON_12)
        return end - offset

    def _emit(self, cut: int) -> str:
        window, offset = self._window(), len(self._context)
        pieces: list[str] = []
        position = offset
        for match in PLACEHOLDER.finditer(window, offset):
            if match.start() >= offset + cut:
                break
            pieces.append(window[position : match.start()])
            pieces.append(self._replace(match))
            position = match.end()
        pieces.append(window[position : offset + cut])
        if cut:
            self._context = self._pending[cut - 1]
        self._pending = self._pending[cut:]
        return "".join(pieces)
