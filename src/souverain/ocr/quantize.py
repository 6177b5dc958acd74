"""An 8-bit copy of RapidOCR's text detector, built once on this machine by `make setup`.

Detection is most of RapidOCR's cost on a page. Static int8 quantisation (ONNX Runtime's QDQ
format, per-channel weights, activations calibrated on pages drawn here) halves it on CPUs
with 8-bit dot-product instructions, and finds the same lines: measured on office and poor
scans, the character error rate moved by less than 0.1 point (docs/decisions/0005). The
recogniser stays in float32: quantised, it misread 0.4 point more characters.

    python -m souverain.ocr.quantize          # build it (idempotent), print its path

Without the 8-bit copy, souverain uses RapidOCR's own float32 detector.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from souverain.gateway.catalog import models_dir

DETECTOR = "PP-OCRv6_det_small.onnx"
INT8_DETECTOR = "PP-OCRv6_det_small.int8.onnx"
_OPSET = 13  # per-channel DequantizeLinear needs it; RapidOCR's models are opset 11
_FONTS = Path("/usr/share/fonts/truetype/dejavu")
_LINES = [
    "Rechnung Nr. 2024-0815 vom 12.03.2024 — Zahlbar innerhalb von 30 Tagen ohne Abzug.",
    "Facture n° FA-2017-0010 : conditions de paiement à réception, pénalités de retard 10 %.",
    "Factuur 4711 — gelieve het bedrag binnen veertien dagen over te maken op IBAN NL91.",
    "The lease ends on 28 February 2029; notice must be given six months in advance.",
    "Fattura elettronica: imponibile 1.250,00 € — IVA 22 % — totale documento 1.525,00 €.",
    "Kündigungsfrist: sechs Monate zum Quartalsende. Nebenkosten werden jährlich abgerechnet.",
]
_TABLE = [
    ["Pos.", "Beschreibung", "Menge", "Einzelpreis", "Betrag"],
    ["1", "Nougat de l'Abbaye 250g", "5", "4,55 €", "22,75 €"],
    ["2", "Huile d'olive à l'ancienne", "10", "19,80 €", "198,00 €"],
    ["3", "Wartungsvertrag Server (12 Monate)", "1", "1.250,00 €", "1.250,00 €"],
]


def int8_detector() -> Path | None:
    """The 8-bit detector when `make setup` has built it, else None."""
    path = models_dir() / INT8_DETECTOR
    return path if path.exists() else None


def build(target: Path | None = None, pages: list[np.ndarray] | None = None) -> Path:
    """Quantise RapidOCR's detector into ``target`` (default: the models folder), calibrated
    on ``pages`` (default: pages drawn here); written whole or not at all."""
    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    target = target or models_dir() / INT8_DETECTOR
    source = _rapidocr_models() / DETECTOR
    inputs = detector_inputs(pages if pages is not None else calibration_pages())

    class Pages(CalibrationDataReader):  # type: ignore[misc]
        def __init__(self, name: str) -> None:
            self.items = iter(inputs)
            self.name = name

        def get_next(self) -> dict[str, np.ndarray] | None:
            item = next(self.items, None)
            return None if item is None else {self.name: item}

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        model = onnx.load(str(source))
        name = model.graph.input[0].name
        if model.opset_import[0].version < _OPSET:
            model = version_converter.convert_version(model, _OPSET)
        onnx.save(model, f"{work}/opset.onnx")
        quant_pre_process(f"{work}/opset.onnx", f"{work}/pre.onnx", skip_symbolic_shape=True)
        quantize_static(
            f"{work}/pre.onnx",
            f"{work}/int8.onnx",
            Pages(name),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
            op_types_to_quantize=["Conv", "ConvTranspose"],
        )
        os.replace(f"{work}/int8.onnx", target)
    return target


def detector_inputs(pages: list[np.ndarray]) -> list[np.ndarray]:
    """The detector's input tensors for ``pages``, as RapidOCR prepares them for it."""
    from souverain.ocr.engines import RapidOcrEngine, _rapidocr

    engine = _rapidocr()
    RapidOcrEngine().detect(np.full((64, 64), 255, np.uint8))  # loads the detector
    session = engine.text_det.session
    recorded: list[np.ndarray] = []

    class Recording:
        def __init__(self, inner: Any) -> None:
            self.inner = inner

        def run(self, names: Any, feed: dict[str, np.ndarray]) -> Any:
            recorded.extend(value.copy() for value in feed.values())
            return self.inner.run(names, feed)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    inner = session.session
    session.session = Recording(inner)
    try:
        for page in pages:
            RapidOcrEngine().detect(page)
    finally:
        session.session = inner
    return recorded


def calibration_pages() -> list[np.ndarray]:
    """A4 pages at 300 dpi drawn here: prose in six languages at several sizes, a table with
    rules, a dark bar with white text; each also as a faint, blurred, speckled scan."""
    pages = []
    for size, font in ((34, "DejaVuSans.ttf"), (42, "DejaVuSerif.ttf"), (28, "DejaVuSans.ttf")):
        pages.append(_page(size, font))
    degraded = [_scan(page, seed) for seed, page in enumerate(pages)]
    return pages + degraded


def _page(size: int, font_name: str) -> np.ndarray:
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    body, small = _font(font_name, size), _font(font_name, size * 3 // 4)
    heading = _font("DejaVuSans-Bold.ttf", size * 2)
    draw.rectangle((200, 200, 2280, 200 + size * 3), fill=40)
    draw.text((240, 200 + size // 2), "Muster GmbH · Rechnung", font=heading, fill=255)
    y = 200 + size * 5
    for line in _LINES * 2:
        draw.text((200, y), line[: 2080 // (size // 2)], font=body, fill=0)
        y += int(size * 1.5)
    columns = [200, 420, 1250, 1550, 1950]
    for row in _TABLE:
        draw.line((200, y - 10, 2280, y - 10), fill=0, width=3)
        for x, cell in zip(columns, row, strict=True):
            draw.text((x, y), cell, font=body, fill=0)
        y += int(size * 1.8)
    for line in _LINES:
        draw.text((200, y), line, font=small, fill=90)
        y += int(size * 1.2)
    return np.asarray(image)


def _scan(page: np.ndarray, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    faint = 70 + page.astype(np.float32) * 0.6
    blurred = cv2.GaussianBlur(faint, (5, 5), 1.2)
    noisy = blurred + rng.normal(0, 10, page.shape)
    specks = rng.random(page.shape) < 0.002
    noisy[specks] = 0
    return np.clip(noisy, 0, 255).astype(np.uint8)


@functools.lru_cache(maxsize=8)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = _FONTS / name
    return ImageFont.truetype(str(path), size) if path.exists() else ImageFont.load_default()


def _rapidocr_models() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def main() -> None:
    existing = int8_detector()
    if existing is not None:
        print(existing)
        return
    print("==> building the 8-bit OCR detector (about 20 s)", file=sys.stderr)
    try:
        print(build())
    except ImportError as exc:
        sys.exit(f"souverain: cannot build the 8-bit OCR detector ({exc}). Run `make setup`.")


if __name__ == "__main__":
    main()
