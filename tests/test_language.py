"""Language identification: the languages we serve, and py3langid's model kept unpacked."""

from __future__ import annotations

from pathlib import Path

import pytest

from souverain.language import LANGUAGES, _unpacked_identifier, detect_language

SENTENCES = {
    "en": "The tenant may end the lease with three months notice to the end of a quarter.",
    "de": "Der Mieter kann den Vertrag mit einer Frist von drei Monaten zum Quartalsende kündigen.",
    "fr": "Le locataire peut résilier le bail avec un préavis de trois mois à la fin du trimestre.",
    "nl": "De huurder kan de overeenkomst opzeggen met een termijn van drie maanden.",
}


@pytest.mark.parametrize("code", SENTENCES)
def test_the_language_of_a_sentence_is_told(code: str) -> None:
    assert detect_language(SENTENCES[code]) == code


def test_a_text_too_short_to_tell_gets_the_default() -> None:
    assert detect_language("OK", default="de") == "de"
    assert detect_language("12 345,00") == "und"


def test_the_unpacked_model_tells_what_the_packed_one_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path))
    unpacked = _unpacked_identifier()
    assert unpacked is not None
    kept = list(tmp_path.glob("py3langid-*.npz"))
    assert len(kept) == 1 and not list(tmp_path.glob("*.partial"))
    assert kept[0].stat().st_mode & 0o044 == 0o044  # readable like the other models
    packed = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for identifier in (unpacked, packed):
        identifier.set_languages(list(LANGUAGES))
    for text in SENTENCES.values():
        assert unpacked.classify(text) == packed.classify(text)
    assert _unpacked_identifier() is not None  # read again, not unpacked again
    assert list(tmp_path.glob("py3langid-*.npz")) == kept


def test_without_a_usable_models_folder_the_packed_model_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path / "missing"))
    assert _unpacked_identifier() is None
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path))
    from importlib.metadata import version

    (tmp_path / f"py3langid-{version('py3langid')}.npz").write_bytes(b"PK\x03\x04 cut short")
    assert _unpacked_identifier() is None
