"""Read one page image: clean it, choose the language and the engine, lay out the text.

The choices are measured, not guessed: a page is read in the language its own text turns
out to be in, and with ``engine="auto"`` a page Tesseract reads with low confidence is read
by RapidOCR too, keeping whichever reading has more real words of that language.
"""

from __future__ import annotations

import functools
import re
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from souverain.errors import SouverainError
from souverain.language import detect_language
from souverain.ocr.engines import (
    ENGINES,
    OcrEngine,
    OcrFailed,
    TesseractEngine,
    installed_languages,
)
from souverain.ocr.layout import lay_out
from souverain.ocr.model import OcrPage, TextLine, mean_confidence
from souverain.ocr.preprocess import Preprocess, prepare, turn

AUTO_SECOND_OPINION = 0.85
"""Below this Tesseract confidence, engine=auto asks RapidOCR too (bench/ocr_quality.py)."""
_BAD_READING = 0.55  # below this confidence a page may be upside down or sideways
_MIN_WORDS_FOR_LANGUAGE = 8
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class OcrOptions:
    engine: str = "auto"
    """auto, tesseract or rapidocr."""
    languages: tuple[str, ...] = ()
    """ISO 639-1 codes; empty means: detect each page's language."""
    preprocess: Preprocess = field(default_factory=Preprocess)
    dpi: int = 300
    """Resolution scanned PDF pages are rendered at."""
    page_timeout: float = 180.0
    workers: int = 0
    """Processes reading pages in parallel; 0 means one per core."""

    def fingerprint(self) -> str:
        """What a cached reading depends on (not workers or timeouts)."""
        p = self.preprocess
        steps = f"{p.contrast:d}{p.denoise:d}{p.upscale:d}{p.deskew:d}{p.orientation:d}"
        return f"{self.engine}|{'+'.join(self.languages) or 'auto'}|{steps}|v1"


@dataclass
class _Reading:
    engine: str
    language: str
    lines: list[TextLine]

    @property
    def confidence(self) -> float:
        return mean_confidence([w for line in self.lines for w in line.words])

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def read_page(
    gray: np.ndarray, dpi: int, index: int, options: OcrOptions, hint: str = ""
) -> OcrPage:
    """OCR one grey page image (uint8, H×W) taken at ``dpi``; ``hint`` is a likely language."""
    started = time.perf_counter()
    notes: list[str] = []
    prepared = prepare(gray, dpi, options.preprocess)
    if prepared.steps:
        notes.append("preprocess: " + ", ".join(prepared.steps))
    image, rotation = prepared.image, 0
    try:
        reading = _read(image, prepared.dpi, options, hint, notes)
        if options.preprocess.orientation and _reads_badly(reading):
            turned = TesseractEngine(timeout=60).orientation(image, prepared.dpi)
            if turned:
                image, rotation = turn(image, turned), turned
                notes.append(f"turned {turned} deg clockwise")
                reading = _read(image, prepared.dpi, options, reading.language, notes)
        if options.engine == "auto":
            reading = _second_opinion(image, prepared.dpi, reading, notes)
    except (OcrFailed, subprocess.SubprocessError, OSError) as exc:
        height, width = image.shape
        error = exc.line() if isinstance(exc, SouverainError) else str(exc)
        return OcrPage(index, width, height, prepared.dpi, [], error=error, notes=notes,
                       seconds=time.perf_counter() - started, confidence=0.0)  # fmt: skip
    height, width = image.shape
    return OcrPage(
        index=index,
        width=width,
        height=height,
        dpi=prepared.dpi,
        blocks=lay_out(reading.lines),
        engine=reading.engine,
        language=reading.language,
        rotation=rotation,
        skew=prepared.skew,
        confidence=reading.confidence,
        notes=notes,
        seconds=time.perf_counter() - started,
    )


def _read(
    image: np.ndarray, dpi: int, options: OcrOptions, hint: str, notes: list[str]
) -> _Reading:
    """The page read with the chosen language, or in the language its text turns out to be in."""
    engine_name = "tesseract" if options.engine == "auto" else options.engine
    engine = _engine(engine_name)
    if options.languages:
        return _Reading(engine_name, "+".join(options.languages),
                        engine.read(image, options.languages, dpi))  # fmt: skip
    available = installed_languages() or ["en"]
    guess = hint if hint in available else ("en" if "en" in available else available[0])
    reading = _Reading(engine_name, guess, engine.read(image, [guess], dpi))
    found = page_language(reading.text, available)
    if found and found != guess:
        notes.append(f"language: read as {guess}, text is {found}: read again")
        if engine_name == "tesseract":
            reading = _Reading(engine_name, found, engine.read(image, [found], dpi))
        else:
            reading.language = found
    elif found:
        notes.append(f"language: {found}")
    return reading


def page_language(text: str, available: Sequence[str]) -> str:
    """The language of a page's text among ``available``, or "" when there is too little."""
    if len(_WORD.findall(text)) < _MIN_WORDS_FOR_LANGUAGE:
        return ""
    found = detect_language(text, default="")
    return found if found in available else ""


def _reads_badly(reading: _Reading) -> bool:
    return reading.confidence < _BAD_READING or len(_WORD.findall(reading.text)) < 3


def _second_opinion(image: np.ndarray, dpi: int, first: _Reading, notes: list[str]) -> _Reading:
    if first.confidence >= AUTO_SECOND_OPINION or not first.lines:
        notes.append(f"engine: tesseract (confidence {first.confidence:.2f})")
        return first
    language = first.language.split("+")[0]
    second = _Reading("rapidocr", first.language, _engine("rapidocr").read(image, [], dpi))
    scores = {r.engine: lexicon_score(r.text, language) for r in (first, second)}
    chosen = second if scores["rapidocr"] > scores["tesseract"] else first
    notes.append(
        f"engine: {chosen.engine} (tesseract confidence {first.confidence:.2f}; known words "
        f"tesseract {scores['tesseract']:.2f}, rapidocr {scores['rapidocr']:.2f})"
    )
    return chosen


def lexicon_score(text: str, language: str) -> float:
    """Share of a text's words found in the language's lexicon (simplemma's dictionaries).

    Misread words are rarely real words, so this compares readings by different engines,
    whose own confidences are on different scales.
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    known = _lexicon(language)
    return sum(1 for word in words if known(word)) / len(words)


@functools.lru_cache(maxsize=8)
def _lexicon(language: str) -> functools._lru_cache_wrapper[bool]:
    from simplemma import is_known

    @functools.lru_cache(maxsize=65536)
    def known(word: str) -> bool:
        try:
            return bool(is_known(word, lang=language) or is_known(word.lower(), lang=language))
        except ValueError:  # a language simplemma does not have
            return False

    return known


@functools.lru_cache(maxsize=4)
def _engine(name: str) -> OcrEngine:
    if name not in ENGINES:
        raise SouverainError(f"unknown OCR engine {name!r}", "Use auto, tesseract or rapidocr.")
    return ENGINES[name]()
