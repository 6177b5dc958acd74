"""The Pseudonymiser: stable placeholders per conversation, counts without values, and
restoring that survives light model damage but never touches what it did not issue."""

from __future__ import annotations

import logging

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from souverain.redact import Pseudonymiser, find_entities
from souverain.redact.pseudonymiser import normalise

LETTER = """Sehr geehrte Frau Krause,

bitte überweisen Sie den Betrag auf DE89 3704 0044 0532 0130 00. Rückfragen an
anna.schmidt@example.com oder Tel. 030/1234567.

Mit freundlichen Grüßen
Anna Schmidt"""


def test_values_are_replaced_by_numbered_placeholders() -> None:
    pseudonymised = Pseudonymiser().pseudonymise(LETTER)
    assert pseudonymised == (
        "Sehr geehrte Frau [PERSON_1],\n\nbitte überweisen Sie den Betrag auf [IBAN_1]. "
        "Rückfragen an\n[EMAIL_1] oder Tel. [PHONE_1].\n\nMit freundlichen Grüßen\n[PERSON_2]"
    )


def test_the_same_value_keeps_its_placeholder_across_calls() -> None:
    pseudonymiser = Pseudonymiser()
    first = pseudonymiser.pseudonymise("Herr Oberhuber und Frau Krause", "de")
    second = pseudonymiser.pseudonymise("Frau Krause schrieb an Herrn Lindqvist", "de")
    assert first == "Herr [PERSON_1] und Frau [PERSON_2]"
    assert second == "Frau [PERSON_2] schrieb an Herrn [PERSON_3]"


def test_each_spelling_of_a_value_comes_back_as_written() -> None:
    pseudonymiser = Pseudonymiser()
    text = (
        "IBAN DE89 3704 0044 0532 0130 00 = DE89370400440532013000; "
        "Anna.Schmidt@Example.com = anna.schmidt@example.com; +49 30 1234567 = 0049 30 1234567"
    )
    sent = pseudonymiser.pseudonymise(text)
    assert sent == "IBAN [IBAN_1] = [IBAN_2]; [EMAIL_1] = [EMAIL_2]; [PHONE_1] = [PHONE_2]"
    assert pseudonymiser.restore(sent) == text  # restoring is exact, spelling by spelling
    assert pseudonymiser.counts == {"email": 1, "iban": 1, "phone": 1}  # one value each


def test_counts_give_distinct_values_per_type() -> None:
    pseudonymiser = Pseudonymiser()
    pseudonymiser.pseudonymise(LETTER)
    pseudonymiser.pseudonymise("Noch einmal: anna.schmidt@example.com, bob@example.org")
    assert pseudonymiser.counts == {"iban": 1, "email": 2, "phone": 1, "person": 2}


def test_restore_gives_back_the_original_text() -> None:
    pseudonymiser = Pseudonymiser()
    assert pseudonymiser.restore(pseudonymiser.pseudonymise(LETTER)) == LETTER


@pytest.mark.parametrize(
    "damaged",
    [
        "[PERSON_1]",
        "[PERSON 1]",
        "[person_1]",
        "[Person-1]",
        "[PERSON1]",
        "[ PERSON_1 ]",
        "PERSON_1",
    ],
)
def test_lightly_damaged_placeholders_are_restored(damaged: str) -> None:
    pseudonymiser = Pseudonymiser()
    pseudonymiser.pseudonymise("Sehr geehrte Frau Krause,")
    assert pseudonymiser.restore(f"Antwort an {damaged}.") == "Antwort an Krause."


@pytest.mark.parametrize(
    "text",
    [
        "person 1 of 3",  # prose, not a placeholder
        "PERSON 1",  # without brackets only the exact form counts
        "[PERSON_2]",  # never issued
        "PERSON_12",
        "XPERSON_1",
        "[IBAN_1]",
    ],
)
def test_what_was_not_issued_is_left_alone(text: str) -> None:
    pseudonymiser = Pseudonymiser()
    pseudonymiser.pseudonymise("Sehr geehrte Frau Krause,")
    assert pseudonymiser.restore(text) == text


def test_placeholders_already_in_the_prompt_survive_the_round_trip() -> None:
    pseudonymiser = Pseudonymiser()
    text = "Ersetze [PERSON_1] und EMAIL_1 durch den Namen von Frau Krause."
    pseudonymised = pseudonymiser.pseudonymise(text)
    assert pseudonymised == "Ersetze [PERSON_1] und [EMAIL_1] durch den Namen von Frau [PERSON_2]."
    assert pseudonymiser.restore(pseudonymised) == text
    assert pseudonymiser.counts == {"person": 1}  # a look-alike is not a value
    assert pseudonymiser.restore("[PERSON_2] schrieb [PERSON_1]") == "Krause schrieb [PERSON_1]"


def test_no_value_reaches_a_log_or_the_terminal(
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    pseudonymiser = Pseudonymiser()
    pseudonymiser.restore(pseudonymiser.pseudonymise(LETTER))
    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err + repr(pseudonymiser.counts)
    for value in ("Krause", "DE89", "anna.schmidt", "1234567", "Anna Schmidt"):
        assert value not in logged


VALUES = [
    "Anna Schmidt",
    "Herr Müller",
    "Sehr geehrte Frau Krause,",
    "Mit freundlichen Grüßen\n\nStefan Hoffmann",
    "Jan van der Berg",
    "DE89 3704 0044 0532 0130 00",
    "NL91ABNA0417164300",
    "anna@example.com",
    "+44 20 7946 0958",
    "030/1234567",
    "USt-IdNr. DE136695976",
    "BSN 111222333",
    "4111 1111 1111 1111",
    "Passwort: Geheim123!",
    "AKIA" + "IOSFODNN7EXAMPLE",
    "Müller Bau GmbH",
]
LOOKALIKES = [
    "[PERSON_1]",
    "PERSON_2",
    "[iban 1]",
    "[Email-3]",
    "EMAIL_1x",
    "x[PHONE_12]",
    "[PERSON_1",
    "PERSON_1Anna",
    "[CREDIT CARD 2]",
    "NATIONAL_ID_1",
]
PLAIN = st.text(alphabet="abcXYZ äöüß 0123456789.,:;-_[]()+@\n", max_size=16)
TEXTS = st.lists(
    st.one_of(PLAIN, st.sampled_from(VALUES), st.sampled_from(LOOKALIKES)), max_size=10
)


def one_spelling_per_value(text: str) -> bool:
    """Whether no value is written in two ways (then restoring gives the first way)."""
    spellings: dict[tuple[str, str], set[str]] = {}
    for entity in find_entities(text):
        spellings.setdefault((entity.type, normalise(entity)), set()).add(entity.text)
    return all(len(seen) == 1 for seen in spellings.values())


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS.map("".join), TEXTS.map(" ".join)))
def test_restoring_a_pseudonymised_text_gives_it_back(text: str) -> None:
    assume(one_spelling_per_value(text))
    pseudonymiser = Pseudonymiser()
    assert pseudonymiser.restore(pseudonymiser.pseudonymise(text)) == text
    assert pseudonymiser.restore(pseudonymiser.pseudonymise(text)) == text  # and once more


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(VALUES), min_size=1, max_size=6))
def test_no_detected_value_is_left_in_the_pseudonymised_text(values: list[str]) -> None:
    pseudonymiser = Pseudonymiser()
    pseudonymised = pseudonymiser.pseudonymise("\n".join(values))
    for secret in ("DE89", "anna@", "7946", "4111", "Geheim123", "IOSFODNN", "Hoffmann"):
        assert secret not in pseudonymised
