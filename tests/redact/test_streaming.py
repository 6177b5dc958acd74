"""Restoring a streamed answer: pieces are emitted as soon as they are final, a possible
placeholder at the end is held back, and the pieces join up to the restore of the whole."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from souverain.redact import Pseudonymiser


def conversation() -> Pseudonymiser:
    pseudonymiser = Pseudonymiser()
    pseudonymiser.pseudonymise(
        "Sehr geehrte Frau Krause, IBAN DE89 3704 0044 0532 0130 00, anna@example.com, "
        "Herr Oberhuber, Tel. 030/1234567, Frau Lindqvist, Herr Weber, Frau Yilmaz, "
        "Herr Novak, Frau Dubois, Herr Rossi, Frau Jansen, Herr Schulz (12 Personen)",
        "de",
    )
    return pseudonymiser


def streamed(pseudonymiser: Pseudonymiser, chunks: list[str]) -> str:
    restorer = pseudonymiser.restorer()
    return "".join(restorer.feed(chunk) for chunk in chunks) + restorer.flush()


def test_a_partial_placeholder_is_held_back_until_it_is_complete() -> None:
    restorer = conversation().restorer()
    assert restorer.feed("Sehr geehrte Frau [PERS") == "Sehr geehrte Frau "
    assert restorer.feed("ON_1") == ""
    assert restorer.feed("], Ihre IBAN ") == "Krause, Ihre IBAN "
    assert restorer.feed("[IBAN_1] ist korrekt.") == "DE89 3704 0044 0532 0130 00 ist korrekt."
    assert restorer.flush() == ""


def test_a_bare_placeholder_waits_for_the_character_after_it() -> None:
    restorer = conversation().restorer()
    assert restorer.feed("Frau PERSON_1") == "Frau "
    assert restorer.feed("0 und Frau PERSON_1") == "Schulz und Frau "
    assert restorer.feed(".") == "Krause."


def test_flush_gives_back_what_never_became_a_placeholder() -> None:
    restorer = conversation().restorer()
    assert restorer.feed("Liste: [PERS") == "Liste: "
    assert restorer.flush() == "[PERS"


def test_text_without_placeholders_passes_through() -> None:
    pseudonymiser = conversation()
    text = "Die Rechnung ist bezahlt. Danke!"
    assert streamed(pseudonymiser, list(text)) == text


ISSUED = ["[PERSON_1]", "[IBAN_1]", "[EMAIL_1]", "[PHONE_1]", "[PERSON_10]", "PERSON_2"]
DAMAGED = ["[person 3]", "[Person-4]", "[ PERSON_5 ]", "[PERSON1]", "[email_1]", "[PHONE 1 ]"]
NOT_ISSUED = ["[PERSON_99]", "PERSON_", "[PERS", "PERSON 1", "[SECRET_1]", "XPERSON_1", "[IBAN_1"]
PIECES = st.one_of(
    st.text(alphabet="ab XY_[]019 .\n", max_size=8),
    st.sampled_from(ISSUED + DAMAGED + NOT_ISSUED),
)


@st.composite
def split_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    text = "".join(draw(st.lists(PIECES, max_size=12)))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=len(text) + 1)))
    bounds = [0, *cuts, len(text)]
    return text, [text[a:b] for a, b in itertools.pairwise(bounds)]


@settings(max_examples=500, deadline=None)
@given(split_texts())
def test_any_split_of_a_text_streams_to_its_restore(split: tuple[str, list[str]]) -> None:
    text, chunks = split
    pseudonymiser = conversation()
    assert "".join(chunks) == text
    assert streamed(pseudonymiser, chunks) == pseudonymiser.restore(text)


@settings(max_examples=200, deadline=None)
@given(split_texts())
def test_little_is_held_back(split: tuple[str, list[str]]) -> None:
    _, chunks = split
    restorer = Pseudonymiser().restorer()  # nothing issued: what is emitted is what was fed
    fed = emitted = 0
    for chunk in chunks:
        fed += len(chunk)
        emitted += len(restorer.feed(chunk))
        assert fed - emitted <= 32  # at most the longest possible placeholder
