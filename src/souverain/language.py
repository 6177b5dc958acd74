"""Language identification for chunks and questions, limited to the languages we serve.

Short or mixed texts fall back to a caller's default rather than a confident wrong guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
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
    """py3langid's model, limited to the languages we serve.

    The wheel ships the model xz-compressed, and unpacking it takes about half a second in
    every process that tells a language (each OCR worker, each `ask`): the unpacked model is
    kept beside the other models on first use and loads in a tenth of that.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = _unpacked_identifier() or LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True
    )
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _unpacked_identifier() -> Any | None:
    """The identifier from the unpacked model (unpacked now if need be), or None where it
    cannot be kept (a read-only models folder) or read."""
    import zipfile
    from importlib.metadata import version

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    from souverain.gateway.catalog import models_dir

    path = models_dir() / f"py3langid-{version('py3langid')}.npz"
    try:
        if not path.exists():
            _unpack(MODEL_DIR / MODEL_FILE, path)
        # the same reading as py3langid's own loader, without the decompression
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as model:
            return LanguageIdentifier(
                np.asarray(model["ptc"]),
                np.asarray(model["pc"]),
                model["classes"].tolist(),
                _to_array(model["nextmove"]),
                model["out_feat"].tolist(),
                norm_probs=True,
                tk_row=_to_array(model["nextmove_row"]),
            )
    except (OSError, EOFError, KeyError, ValueError, TypeError, zipfile.BadZipFile):
        return None  # py3langid's own loader reads the archive


def _unpack(archive: Path, target: Path) -> None:
    """Decompress the xz ``archive`` to ``target``, which appears whole or not at all."""
    import lzma
    import os
    import shutil
    import tempfile

    handle, partial = tempfile.mkstemp(dir=target.parent, suffix=".partial")
    try:
        with os.fdopen(handle, "wb") as out, lzma.open(archive) as packed:
            shutil.copyfileobj(packed, out, length=1 << 20)
        os.chmod(partial, 0o644)  # like the models beside it (mkstemp makes it private)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


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
