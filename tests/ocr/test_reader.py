"""Real Tesseract and RapidOCR on pages the tests draw: language, orientation, skew, engines."""

from __future__ import annotations

import numpy as np
import pytest

from souverain.errors import ConfigError
from souverain.language import lexicon_score
from souverain.ocr.engines import (
    RapidOcrEngine,
    TesseractEngine,
    _words,
    parse_tsv,
    tesseract_model,
)
from souverain.ocr.model import BlockType
from souverain.ocr.preprocess import (
    Preprocess,
    has_speckle,
    measure_skew,
    rotate,
    stretch_contrast,
    turn,
)
from souverain.ocr.reader import OcrOptions, read_page
from souverain.ocr.recogniser import LineText
from tests.ocr.pages import FRENCH, GERMAN, text_page

TESSERACT = OcrOptions(engine="tesseract", workers=1)


def words(text: str) -> set[str]:
    return set(text.replace(".", " ").replace(",", " ").split())


@pytest.fixture(scope="module")
def german() -> np.ndarray:
    return text_page(GERMAN, heading=52)


def test_a_german_page_is_read_with_the_german_model(german: np.ndarray) -> None:
    page = read_page(german, 300, 0, TESSERACT)
    assert page.language == "de"
    assert "language: de from a band of the page" in page.notes
    assert {"Kündigungsfrist", "beträgt", "zuzüglich", "Büroräume"} <= words(page.text)
    assert page.blocks[0].type == BlockType.HEADING
    assert page.blocks[0].text == "Mietvertrag für Büroräume"
    assert page.blocks[1].type == BlockType.TEXT and len(page.blocks[1].lines) == 4


def test_the_language_hint_saves_the_second_reading(german: np.ndarray) -> None:
    page = read_page(german, 300, 0, TESSERACT, hint="de")
    assert page.language == "de"
    assert not any("read again" in note for note in page.notes)


def test_a_page_in_another_language_than_the_hint_is_read_again(german: np.ndarray) -> None:
    page = read_page(german, 300, 0, TESSERACT, hint="en")
    assert page.language == "de"
    assert "language: read as en, text is de: read again" in page.notes
    assert "Kündigungsfrist" in page.text


def test_a_dense_band_of_the_page_tells_its_language_before_the_reading() -> None:
    page = read_page(text_page(FRENCH * 3, size=(1500, 1000)), 300, 0, TESSERACT)
    assert page.language == "fr"
    assert "language: fr from a band of the page" in page.notes
    assert not any("read again" in note for note in page.notes)


def test_a_given_language_is_used_as_is() -> None:
    page = read_page(text_page(FRENCH), 300, 0, OcrOptions(engine="tesseract", languages=("fr",)))
    assert page.language == "fr"
    assert {"réception", "durée", "années"} <= words(page.text)


def test_an_upside_down_page_is_turned_and_read(german: np.ndarray) -> None:
    page = read_page(turn(german, 180), 300, 0, TESSERACT, hint="de")
    assert page.rotation == 180
    assert "Kündigungsfrist" in page.text


def test_a_skewed_page_is_straightened(german: np.ndarray) -> None:
    tilted = rotate(german, 2.5)
    assert measure_skew(tilted) == pytest.approx(-2.5, abs=0.2)
    page = read_page(tilted, 300, 0, TESSERACT, hint="de")
    assert page.skew == pytest.approx(-2.5, abs=0.2)
    assert {"Kündigungsfrist", "Nebenkosten"} <= words(page.text)


def speckled(page: np.ndarray, rows: slice) -> np.ndarray:
    """``page`` with single black pixels scattered over ``rows``, as on a dusty scanner."""
    noisy = page.copy()
    rng = np.random.default_rng(3)
    band = noisy[rows]
    band[rng.random(band.shape) < 0.004] = 0
    return noisy


def test_speckle_is_found_from_a_band_of_the_page_or_the_whole_page(german: np.ndarray) -> None:
    assert not has_speckle(german)
    assert has_speckle(speckled(german, slice(None)))
    # specks only in the top fifth: the middle band holds too little, the whole page tells
    tall = np.full((2400, german.shape[1]), 255, np.uint8)
    tall[: german.shape[0]] = german
    assert has_speckle(speckled(tall, slice(0, 480)))


def test_a_faint_low_resolution_scan_is_cleaned_before_reading() -> None:
    import cv2

    clean = text_page(GERMAN)
    small = cv2.resize(clean, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    faint = (110 + small.astype(np.float32) * 0.45).astype(np.uint8)  # grey ink on grey paper
    assert stretch_contrast(faint) is not None
    page = read_page(faint, 150, 0, TESSERACT, hint="de")
    assert any("contrast" in note and "upscale" in note for note in page.notes)
    assert page.dpi == 300
    assert {"Kündigungsfrist", "beträgt", "Nebenkosten"} <= words(page.text)


def test_preprocessing_can_be_switched_off(german: np.ndarray) -> None:
    off = Preprocess(False, False, False, False, False)
    page = read_page(
        rotate(german, 2.0), 300, 0, OcrOptions(engine="tesseract", preprocess=off), "de"
    )
    assert page.skew == 0.0 and not any(n.startswith("preprocess") for n in page.notes)


def test_rapidocr_reads_german_diacritics(german: np.ndarray) -> None:
    lines = RapidOcrEngine().read(german, [], 300)
    text = " ".join(line.text for line in lines)
    assert "Kündigungsfrist" in text and "zuzüglich" in text
    assert all(0 <= word.confidence <= 1 for line in lines for word in line.words)


def test_auto_reads_with_rapidocr_and_reports_the_language(german: np.ndarray) -> None:
    page = read_page(german, 300, 0, OcrOptions(engine="auto"))
    assert page.engine == "rapidocr" and page.language == "de"
    assert {"Kündigungsfrist", "beträgt", "zuzüglich", "Büroräume"} <= words(page.text)
    assert page.blocks[0].type == BlockType.HEADING


def test_auto_asks_tesseract_on_a_page_rapidocr_is_unsure_of(
    german: np.ndarray, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("souverain.ocr.reader.AUTO_SECOND_OPINION", 1.01)  # every page is "bad"
    page = read_page(german, 300, 0, OcrOptions(engine="auto"))
    engine_note = next(note for note in page.notes if note.startswith("engine:"))
    assert "tesseract" in engine_note and "known words" in engine_note
    assert page.engine in ("tesseract", "rapidocr")
    assert "Kündigungsfrist" in page.text


def test_rapidocr_splits_words_at_wide_gaps() -> None:
    page = text_page(["Nettobetrag" + " " * 14 + "1.250,00 EUR"])
    lines = RapidOcrEngine().read(page, [], 300)
    words = [w for line in lines for w in line.words]
    assert [w.text for w in words] == ["Nettobetrag", "1.250,00", "EUR"]
    assert words[1].box[0] - words[0].box[2] > 100  # the gap stays a gap, for the layout


def test_words_of_a_line_split_at_spaces_and_wide_gaps() -> None:
    line = LineText("ab cd", (10, 20, 30, 40, 300), (0.9, 0.7, 0.5, 0.6, 0.2))
    found = _words(line, 20)
    assert [w[0] for w in found] == ["ab", "c", "d"]  # "d" is 13 line heights past "c"
    assert found[0][1:] == pytest.approx((4, 26, 0.8))  # half a glyph either side


def test_lexicon_score_tells_words_from_misreadings() -> None:
    assert lexicon_score("Die Kündigungsfrist beträgt sechs Monate", "de") > 0.8
    assert lexicon_score("Dle Kundlgungsfnst betraqt secbs Monale", "de") < 0.4


def test_tsv_rows_become_lines_of_words() -> None:
    tsv = (
        "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
        "4\t1\t1\t1\t1\t0\t10\t10\t100\t20\t-1\t\n"
        "5\t1\t1\t1\t1\t1\t10\t10\t40\t20\t96.5\tHallo\n"
        "5\t1\t1\t1\t1\t2\t60\t10\t50\t20\t91\tWelt\n"
        "5\t1\t1\t1\t2\t1\t10\t40\t30\t20\t88\tzwei\n"
        "5\t1\t1\t1\t2\t2\t50\t40\t30\t20\t-1\t \n"
    )
    lines = parse_tsv(tsv)
    assert [line.text for line in lines] == ["Hallo Welt", "zwei"]
    assert lines[0].words[0].box == (10, 10, 50, 30)
    assert lines[0].words[0].confidence == pytest.approx(0.965)


def test_a_missing_language_model_says_what_to_install() -> None:
    with pytest.raises(ConfigError, match="apt-get install tesseract-ocr-"):
        tesseract_model("xx")


def test_tesseract_runs_single_threaded_and_reports_failure() -> None:
    engine = TesseractEngine(timeout=60)
    assert engine.read(np.full((50, 50), 255, np.uint8), ["en"], 300) == []
