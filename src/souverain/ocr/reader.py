"""Read one page image: clean it, choose the language and the engine, lay out the text.

The choices are measured, not guessed (bench/ocr_quality.py, docs/decisions/0005): with
``engine="auto"`` a page is read by RapidOCR, whose recogniser reads every Latin-script
language with one model and reads poor scans far better than Tesseract; a page it is unsure
of is read by Tesseract too, in the language the text turned out to be in, and the reading
with more real words of that language is kept. With ``engine="tesseract"`` each page is
read with the model of its own language.
"""

from __future__ import annotations

import functools
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from souverain.errors import SouverainError
from souverain.language import THREE_LETTERS, detect_language, lexicon_score
from souverain.ocr.engines import (
    ENGINES,
    OcrEngine,
    OcrFailed,
    TesseractEngine,
    installed_languages,
)
from souverain.ocr.layout import lay_out
from souverain.ocr.model import OcrPage, TextLine, mean_confidence
from souverain.ocr.preprocess import Preprocess, binarize, prepare, turn

AUTO_SECOND_OPINION = 0.80
"""Below this RapidOCR confidence, engine=auto asks Tesseract too (bench/ocr_quality.py)."""
_BAD_READING = 0.55  # below this confidence a page may be upside down or sideways
_MIN_WORDS_FOR_LANGUAGE = 8


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
    force: bool = False
    """OCR PDF pages that have a text layer too (one whose earlier OCR is not trusted)."""

    def fingerprint(self) -> str:
        """What a cached reading depends on (not workers or timeouts)."""
        p = self.preprocess
        steps = f"{p.contrast:d}{p.denoise:d}{p.upscale:d}{p.deskew:d}{p.orientation:d}"
        from souverain.ocr.recogniser import precision

        return f"{self.engine}|{'+'.join(self.languages) or 'auto'}|{steps}|{precision()}|v6"


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
    steps = options.preprocess
    if options.engine != "tesseract":
        # RapidOCR reads low resolutions as well without it (bench/ocr_preprocess.py).
        steps = replace(steps, upscale=False)
    prepared = prepare(gray, dpi, steps)
    if prepared.steps:
        notes.append("preprocess: " + ", ".join(prepared.steps))
    image, rotation = prepared.image, 0
    try:
        reading = _read(image, prepared.dpi, options, hint, notes)
        if options.preprocess.orientation and _reads_badly(reading):
            turned = TesseractEngine(timeout=60).orientation(image, prepared.dpi)
            if turned:
                upright = turn(image, turned)
                again = _read(upright, prepared.dpi, options, reading.language, notes)
                # The detector guesses from glyph shapes and is fooled by noise: keep the
                # turned page only if it reads better than the page as it came.
                if again.confidence > reading.confidence:
                    image, rotation, reading = upright, turned, again
                    notes.append(f"turned {turned} deg clockwise")
                else:
                    notes.append(f"not turned: read worse turned {turned} deg")
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
    """The page read by the chosen engine (RapidOCR for auto), in the page's language."""
    engine_name = "rapidocr" if options.engine == "auto" else options.engine
    if engine_name == "tesseract":
        return _read_tesseract(image, dpi, options, hint, notes)
    available = installed_languages() or ["en"]
    lines = _engine(engine_name).read(image, options.languages, dpi)
    reading = _Reading(engine_name, "+".join(options.languages), lines)
    if not options.languages:
        reading.language = page_language(reading.text, available) or hint
        if reading.language:
            notes.append(f"language: {reading.language}")
    return reading


def _read_tesseract(
    image: np.ndarray, dpi: int, options: OcrOptions, hint: str, notes: list[str]
) -> _Reading:
    """The page read by Tesseract with the right language model.

    Without ``--lang``, the page is read in the ``hint`` language (the last page of the
    document read so far: pages of one document share it), or else in the language of a
    band of the page read first; when the text turns out to be in another language, it is
    read again.
    """
    engine = _engine("tesseract")
    if options.languages:
        return _Reading("tesseract", "+".join(options.languages),
                        engine.read(image, options.languages, dpi))  # fmt: skip
    available = installed_languages() or ["en"]
    guess = hint if hint in available else ""
    if not guess:
        guess = probe_language(image, dpi, available)
        if guess:
            notes.append(f"language: {guess} from a band of the page")
    guess = guess or ("en" if "en" in available else available[0])
    reading = _Reading("tesseract", guess, engine.read(image, [guess], dpi))
    found = page_language(reading.text, available)
    if found and found != guess:
        notes.append(f"language: read as {guess}, text is {found}: read again")
        reading = _Reading("tesseract", found, engine.read(image, [found], dpi))
    elif found:
        notes.append(f"language: {found}")
    return reading


def probe_language(image: np.ndarray, dpi: int, available: Sequence[str]) -> str:
    """The language of the page's densest band of lines (a sixth of the page, about a
    quarter of a reading's cost), read with the English model; "" when that band has too
    few words to tell."""
    band = ink_band(image, image.shape[0] // 6)
    english = "en" if "en" in available else available[0]
    lines = TesseractEngine(timeout=60).read(band, [english], dpi)
    return page_language("\n".join(line.text for line in lines), available)


def ink_band(image: np.ndarray, height: int) -> np.ndarray:
    """The horizontal band of ``height`` rows holding the most rows with ink."""
    step = 4
    rows = np.count_nonzero(binarize(image[::step, ::step]), axis=1) > 0
    window = max(1, height // step)
    if len(rows) <= window:
        return image
    counts = np.convolve(rows.astype(np.int32), np.ones(window, dtype=np.int32), mode="valid")
    start = int(np.argmax(counts)) * step
    return image[start : start + height]


def page_language(text: str, available: Sequence[str]) -> str:
    """The language of a page's text among ``available``, or "" when there is too little."""
    if len(THREE_LETTERS.findall(text)) < _MIN_WORDS_FOR_LANGUAGE:
        return ""
    found = detect_language(text, default="")
    return found if found in available else ""


def _reads_badly(reading: _Reading) -> bool:
    return reading.confidence < _BAD_READING or len(THREE_LETTERS.findall(reading.text)) < 3


def _second_opinion(image: np.ndarray, dpi: int, first: _Reading, notes: list[str]) -> _Reading:
    """With engine=auto: RapidOCR's reading, or Tesseract's where RapidOCR was unsure and
    Tesseract's reading has more real words of the page's language."""
    if first.confidence >= AUTO_SECOND_OPINION or not first.lines:
        notes.append(f"engine: {first.engine} (confidence {first.confidence:.2f})")
        return first
    available = installed_languages()
    language = first.language.split("+")[0]
    if language not in available:
        notes.append(f"engine: {first.engine} (confidence {first.confidence:.2f})")
        return first
    second = _Reading("tesseract", first.language,
                      _engine("tesseract").read(image, [language], dpi))  # fmt: skip
    scores = {r.engine: lexicon_score(r.text, language) for r in (first, second)}
    chosen = second if scores[second.engine] > scores[first.engine] else first
    notes.append(
        f"engine: {chosen.engine} ({first.engine} confidence {first.confidence:.2f}; known "
        f"words {first.engine} {scores[first.engine]:.2f}, "
        f"{second.engine} {scores[second.engine]:.2f})"
    )
    return chosen


@functools.lru_cache(maxsize=4)
def _engine(name: str) -> OcrEngine:
    if name not in ENGINES:
        raise SouverainError(f"unknown OCR engine {name!r}", "Use auto, tesseract or rapidocr.")
    return ENGINES[name]()
