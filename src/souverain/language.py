"""Language identification for chunks and questions, limited to the languages we serve.

Short or mixed texts fall back to a caller's default rather than a confident wrong guess.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

LANGUAGES = {
    "en": "English", "de": "German", "nl": "Dutch", "fr": "French", "it": "Italian",
    "es": "Spanish", "pt": "Portuguese", "pl": "Polish", "da": "Danish", "sv": "Swedish",
    "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian", "el": "Greek",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{2,}")


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
