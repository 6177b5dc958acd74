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
from typing import Any, Protocol

import numpy as np

from souverain.errors import ConfigError, SouverainError
from souverain.ocr.model import TextLine, Word

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
    """RapidOCR: PP-OCRv6 detection and its multilingual recogniser on ONNX Runtime.

    The recogniser reads Latin-script European languages with one model, so the language
    list only matters to Tesseract; it is accepted here for the common interface.
    """

    name = "rapidocr"

    def read(self, image: np.ndarray, languages: Sequence[str], dpi: int) -> list[TextLine]:
        del languages, dpi
        output = _rapidocr()(image, return_word_box=True)
        results = getattr(output, "word_results", None) or ()
        lines = []
        for line in results:
            words = tuple(
                Word(str(text), _point_box(points), float(score))
                for text, score, points in line
                if str(text).strip()
            )
            if words:
                lines.append(TextLine(words))
        return lines


def _point_box(points: Any) -> tuple[int, int, int, int]:
    xs = [float(point[0]) for point in points]
    ys = [float(point[1]) for point in points]
    return (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))


@functools.lru_cache(maxsize=1)
def _rapidocr() -> Any:
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ConfigError("RapidOCR is not installed", "Run `make setup`.") from exc
    return RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,  # orientation is ours to correct, once per page
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


ENGINES: dict[str, type[TesseractEngine] | type[RapidOcrEngine]] = {
    "tesseract": TesseractEngine,
    "rapidocr": RapidOcrEngine,
}
