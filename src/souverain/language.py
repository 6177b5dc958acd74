"""Language identification for chunks and questions, limited to the languages we serve.

Short or mixed texts fall back to a caller's default rather than a confident wrong guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

LANGUAGES = {
    "en": "English", "de": "German", "nl": "Dutch", "fr": "French", "it": "Italian",
    "es": "Spanish", "pt": "Portuguese", "pl": "Polish", "da": "Danish", "sv": "Swedish",
    "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian", "el": "Greek",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{2,}")
THREE_LETTERS = re.compile(r"[^\W\d_]{3,}")
"""A word of three letters or more: what lexicon checks and OCR word counts look at."""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str, default: str = "und") -> str:
    """The ISO 639-1 code of the text's language, or ``default`` when it is too short to tell."""
    words = WORD.findall(text)
    if len(words) < 2 and sum(len(w) for w in words) < 12:
        return default
    code, probability = _identifier().classify(" ".join(words[:400]))
    return str(code) if probability >= 0.5 or default == "und" else default


def language_name(code: str) -> str:
    return LANGUAGES.get(code, "the language of the question")


def lexicon_score(text: str, language: str) -> float:
    """Share of a text's words found in the language's lexicon (simplemma's dictionaries).

    Misread words are rarely real words, so this compares readings by different engines,
    whose own confidences are on different scales.
    """
    words = THREE_LETTERS.findall(text)
    if not words:
        return 0.0
    known = _lexicon(language)
    return sum(1 for word in words if known(word)) / len(words)


@lru_cache(maxsize=8)
def _lexicon(language: str) -> Callable[[str], bool]:
    from simplemma import is_known

    @lru_cache(maxsize=65536)
    def known(word: str) -> bool:
        try:
            return bool(is_known(word, lang=language) or is_known(word.lower(), lang=language))
        except ValueError:  # a language simplemma does not have
            return False

    return known
