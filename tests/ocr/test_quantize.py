"""The 8-bit text detector: built from pages drawn here, used when present, same lines found."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from souverain.ocr import quantize
from souverain.ocr.engines import RapidOcrEngine, _rapidocr
from tests.ocr.pages import GERMAN, text_page


@pytest.fixture
def models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path))
    _rapidocr.cache_clear()
    yield tmp_path
    _rapidocr.cache_clear()


def test_without_the_8_bit_detector_the_float_one_is_used(models: Path) -> None:
    assert quantize.int8_detector() is None
    assert "int8" not in str(_rapidocr().cfg.Det.model_path)


def test_the_8_bit_detector_is_built_and_finds_the_same_lines(models: Path) -> None:
    page = text_page(GERMAN, heading=52)
    float_lines = RapidOcrEngine().detect(page)

    calibration = quantize.calibration_pages()[:1]
    built = quantize.build(pages=calibration)
    assert built == models / quantize.INT8_DETECTOR == quantize.int8_detector()
    assert not [p for p in models.iterdir() if p != built]  # no work files left behind

    _rapidocr.cache_clear()
    assert str(_rapidocr().cfg.Det.model_path) == str(built)
    int8_lines = RapidOcrEngine().detect(page)
    assert len(int8_lines) == len(float_lines) == len(GERMAN)
    for a, b in zip(float_lines, int8_lines, strict=True):
        assert np.abs(a - b).max() < 6  # pixels
    text = " ".join(line.text for line in RapidOcrEngine().read(page, [], 300))
    assert "Kündigungsfrist" in text and "zuzüglich" in text


def test_calibration_pages_include_poor_scans() -> None:
    pages = quantize.calibration_pages()
    assert all(p.shape == (3508, 2480) and p.dtype == np.uint8 for p in pages)
    clean, scanned = pages[0], pages[len(pages) // 2]
    assert clean.max() == 255 and clean.min() == 0
    assert scanned.min() == 0 and np.percentile(scanned, 50) < 250  # specks, grey paper
