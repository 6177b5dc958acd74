"""OCR engines behind one interface: an 8-bit grey page image in, lines of words out.

Both run single-threaded: pages are spread over processes instead, which uses a small
machine's cores better than one engine's own threads (Tesseract's OpenMP threads
oversubscribe two cores and make it slower, not faster).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from typing import Protocol

import cv2
import numpy as np

from souverain.errors import ConfigError, SouverainError
from souverain.ocr.detector import detector
from souverain.ocr.model import TextLine, Word
from souverain.ocr.recogniser import LineText, recogniser

# ISO 639-1 codes to Tesseract's model names, for the languages souverain reads.
TESSERACT_CODES = {
    "en": "eng", "de": "deu", "nl": "nld", "fr": "fra", "it": "ita", "es": "spa",
    "pl": "pol", "pt": "por", "da": "dan", "sv": "swe", "fi": "fin", "cs": "ces",
    "ro": "ron", "hu": "hun",
}  # fmt: skip
ISO_CODES = {tess: iso for iso, tess in TESSERACT_CODES.items()}
_SINGLE_THREAD = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1"}
_ORIENTATION_CONFIDENCE = 1.5  # Tesseract OSD's own scale


class OcrFailed(SouverainError):
    """An engine could not read a page (it crashed, hung or gave no output)."""

    exit_code = 70


class OcrEngine(Protocol):
    name: str

    def read(self, image: np.ndarray, languages: Sequence[str], dpi: int) -> list[TextLine]:
        """The lines of text on a grey ``image`` (uint8, H×W) in reading order of the engine."""
        ...


class TesseractEngine:
    """Tesseract 5 through its command-line program (LSTM models, page segmentation 3)."""

    name = "tesseract"

    def __init__(self, timeout: float = 120.0) -> None:
        self.timeout = timeout

    def read(self, image: np.ndarray, languages: Sequence[str], dpi: int) -> list[TextLine]:
        models = "+".join(tesseract_model(code) for code in languages) or "eng"
        return parse_tsv(self._run(image, dpi, ["-l", models, "--psm", "3", "tsv"]))

    def orientation(self, image: np.ndarray, dpi: int) -> int:
        """Degrees to turn the page clockwise so its text is upright (Tesseract's OSD), or 0
        when the detector is unsure or fails (the page is then read as it is)."""
        try:
            report = self._run(image, dpi, ["-l", "osd", "--psm", "0"])
        except OcrFailed:
            return 0
        rotate = re.search(r"Rotate: (\d+)", report)
        confidence = re.search(r"Orientation confidence: ([\d.]+)", report)
        if not rotate or not confidence or float(confidence.group(1)) < _ORIENTATION_CONFIDENCE:
            return 0
        return int(rotate.group(1)) % 360

    def _run(self, image: np.ndarray, dpi: int, arguments: list[str]) -> str:
        """Tesseract's standard output for ``image``, single-threaded and within the timeout."""
        command = [tesseract_binary(), "stdin", "stdout", "--dpi", str(dpi), *arguments]
        try:
            done = subprocess.run(
                command,
                input=pgm_bytes(image),
                capture_output=True,
                timeout=self.timeout,
                env=os.environ | _SINGLE_THREAD,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise OcrFailed(f"tesseract took longer than {self.timeout:.0f} s on the page") from exc
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise OcrFailed(f"tesseract failed: {message[-1] if message else done.returncode}")
        return done.stdout.decode("utf-8", "replace")


def parse_tsv(tsv: str) -> list[TextLine]:
    """Tesseract's TSV output (one row per word, numbered by block/paragraph/line) as lines."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or cells[0] != "5" or not cells[11].strip():
            continue
        left, top, width, height = (int(value) for value in cells[6:10])
        confidence = max(0.0, float(cells[10])) / 100
        key = (int(cells[2]), int(cells[3]), int(cells[4]))
        word = Word(cells[11].strip(), (left, top, left + width, top + height), confidence)
        lines.setdefault(key, []).append(word)
    return [TextLine(tuple(words)) for words in lines.values()]


def pgm_bytes(image: np.ndarray) -> bytes:
    """An uncompressed PGM: the cheapest format to hand Tesseract (no encoding cost)."""
    height, width = image.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(image).tobytes()


@functools.lru_cache(maxsize=1)
def tesseract_binary() -> str:
    found = shutil.which("tesseract")
    if found is None:
        raise ConfigError(
            "tesseract is not installed",
            "Run `make setup` (as root), or: apt-get install tesseract-ocr tesseract-ocr-deu",
        )
    return found


@functools.lru_cache(maxsize=1)
def tesseract_languages() -> frozenset[str]:
    """The language models Tesseract has installed (its own names: deu, fra, ...)."""
    done = subprocess.run(
        [tesseract_binary(), "--list-langs"], capture_output=True, text=True, check=False
    )
    names = done.stdout.splitlines()[1:]
    return frozenset(name.strip() for name in names if name.strip())


def tesseract_model(code: str) -> str:
    """Tesseract's model for an ISO 639-1 code (or a Tesseract name), checked installed."""
    model = TESSERACT_CODES.get(code, code)
    if model not in tesseract_languages():
        package = f"tesseract-ocr-{model}"
        raise ConfigError(
            f"Tesseract has no model for language {code!r}",
            f"Install it: apt-get install {package}",
        )
    return model


def installed_languages() -> list[str]:
    """ISO 639-1 codes of the languages Tesseract can read here."""
    try:
        models = tesseract_languages()
    except ConfigError:
        return []
    return sorted(ISO_CODES[model] for model in models if model in ISO_CODES)


class RapidOcrEngine:
    """RapidOCR's models: PP-OCRv6 detection and its multilingual recogniser, on OpenVINO.

    Lines are found on a copy of the page at most ``DETECT_SIDE`` pixels on its long side
    (they are found as well there, at a fraction of the cost), then each line is cut from
    the full page and recognised: the recogniser sees every glyph at full resolution. The
    recogniser reads Latin-script European languages with one model, so the language list
    only matters to Tesseract; it is accepted here for the common interface.
    """

    name = "rapidocr"

    def read(self, image: np.ndarray, languages: Sequence[str], dpi: int) -> list[TextLine]:
        del languages, dpi
        cut = [(quad, _crop(image, quad)) for quad in self.detect(image)]
        kept = [(quad, crop) for quad, crop in cut if crop is not None]
        read = recogniser().read([crop for _, crop in kept])
        lines = []
        for (quad, crop), found in zip(kept, read, strict=True):
            if found.score < _MIN_LINE_SCORE or not found.text.strip():
                continue
            left, quad_top = float(quad[:, 0].min()), float(quad[:, 1].min())
            ink_top, ink_bottom = _ink_rows(crop)
            top, bottom = quad_top + ink_top, quad_top + ink_bottom
            words = tuple(
                Word(word, (round(left + x0), round(top), round(left + x1), round(bottom)), conf)
                for word, x0, x1, conf in _words(found, crop.shape[0])
            )
            if words:
                lines.append(TextLine(words))
        return lines

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """The text lines of ``image`` as four corners each (clockwise from the top left, in
        the image's pixels), top to bottom, found on a copy at most DETECT_SIDE pixels long
        (and at least _DETECT_MIN_SIDE wide, as RapidOCR's detector wants)."""
        height, width = image.shape
        scale = max(
            min(1.0, DETECT_SIDE / max(height, width)), _DETECT_MIN_SIDE / min(height, width)
        )
        size = [max(32, round(side * scale / 32) * 32) for side in (width, height)]
        shrink = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        small = cv2.resize(image, size, interpolation=shrink)
        # The network's input: grey levels from -1 to 1, the same in all three channels.
        batch = np.broadcast_to(small.astype(np.float32) / 127.5 - 1.0, (1, 3, *small.shape))
        return sorted(detector()(np.ascontiguousarray(batch), (height, width)), key=_reading_key)


DETECT_SIDE = 1280
"""Pixels on the long side of the copy lines are found on (bench/ocr_quality.py)."""
_DETECT_MIN_SIDE = 736  # RapidOCR's own: a smaller image is scaled up to this width
_MIN_LINE_SCORE = 0.5  # RapidOCR's own default for dropping a line
_WORD_GAP = 0.6  # a gap wider than this many line heights inside a "word" splits it


def _bgr(gray: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def _reading_key(quad: np.ndarray) -> tuple[float, float]:
    return (float(quad[:, 1].min()), float(quad[:, 0].min()))


def _crop(image: np.ndarray, quad: np.ndarray) -> np.ndarray | None:
    """The line inside ``quad`` (four corners, clockwise from top left), straightened."""
    width = int(max(np.linalg.norm(quad[0] - quad[1]), np.linalg.norm(quad[2] - quad[3])))
    height = int(max(np.linalg.norm(quad[0] - quad[3]), np.linalg.norm(quad[1] - quad[2])))
    if width < 4 or height < 4:
        return None
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(quad.astype(np.float32), target)
    crop: np.ndarray = cv2.warpPerspective(
        image, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC
    )
    return crop


def _ink_rows(crop: np.ndarray) -> tuple[int, int]:
    """The first and last row of a line crop with glyphs: the detector's boxes carry a
    margin around them (and sometimes a table's rule), Tesseract's do not, and the layout
    compares heights."""
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    counts = np.count_nonzero(ink, axis=1)
    # Rows with a little ink are glyphs; rows inked most of the way across are rules.
    rows = np.flatnonzero((counts > max(1, crop.shape[1] // 200)) & (counts < 0.7 * crop.shape[1]))
    if rows.size == 0:
        return 0, crop.shape[0]
    return int(rows[0]), int(rows[-1]) + 1


def _words(line: LineText, height: int) -> list[tuple[str, float, float, float]]:
    """(text, left, right, confidence) of each word of a line crop ``height`` pixels high:
    characters split at spaces and at gaps wider than ``_WORD_GAP`` line heights (the
    recogniser often writes no space there, and tables and forms are made of such gaps)."""
    half = 0.3 * height  # about half a glyph's width
    words: list[tuple[str, float, float, float]] = []
    current: list[tuple[str, float, float]] = []

    def close() -> None:
        if current:
            text = "".join(char for char, _, _ in current)
            score = sum(conf for _, _, conf in current) / len(current)
            words.append((text, max(0.0, current[0][1] - half), current[-1][1] + half, score))
            current.clear()

    for glyph in zip(line.text, line.centres, line.confidences, strict=True):
        if glyph[0].isspace():
            close()
            continue
        if current and glyph[1] - current[-1][1] > _WORD_GAP * height + 2 * half:
            close()
        current.append(glyph)
    close()
    return words


ENGINES: dict[str, type[TesseractEngine] | type[RapidOcrEngine]] = {
    "tesseract": TesseractEngine,
    "rapidocr": RapidOcrEngine,
}
