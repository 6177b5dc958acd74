"""Check-digit identifiers and e-mail addresses: found with their exact span, and never
when a check digit fails or the number is something else (a date, an amount, a reference)."""

from __future__ import annotations

import pytest

from souverain.redact import find_entities


def found(text: str, kind: str, language: str | None = None) -> list[str]:
    return [e.text for e in find_entities(text, language) if e.type == kind]


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE02120300000000202051",
        "NL91ABNA0417164300",
        "NL20 INGB 0001 2345 67",
        "FR14 2004 1010 0505 0001 3M02 606",
        "GB29 NWBK 6016 1331 9268 19",
        "BE71 0961 2345 6769",
        "AT61 1904 3002 3457 3201",
        "CH93 0076 2011 6238 5295 7",
        "LU28 0019 4006 4475 0000",
        "ES91 2100 0418 4502 0005 1332",
        "IT60 X054 2811 1010 0000 0123 456",
    ],
)
def test_ibans_with_and_without_spaces_are_found(iban: str) -> None:
    assert found(f"Bitte überweisen Sie auf {iban}, BIC COBADEFFXXX.", "iban") == [iban]
    assert found(f"IBAN:{iban.replace(' ', '')}", "iban") == [iban.replace(" ", "")]


def test_an_iban_is_not_swallowing_the_words_after_it() -> None:
    text = "Konto DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX"
    assert found(text, "iban") == ["DE89 3704 0044 0532 0130 00"]


@pytest.mark.parametrize(
    "wrong", ["DE89 3704 0044 0532 0130 01", "NL91ABNA0417164301", "GB29 NWBK 6016 1331 9268 18"]
)
def test_an_iban_with_a_wrong_check_digit_is_not_found(wrong: str) -> None:
    assert found(f"IBAN {wrong}", "iban") == []


@pytest.mark.parametrize(
    ("text", "vat"),
    [
        ("USt-IdNr.: DE136695976", "DE136695976"),
        ("USt-IdNr. DE 136 695 976.", "DE 136 695 976"),
        ("UID-Nummer ATU13585627", "ATU13585627"),
        ("btw-nummer NL004495445B01", "NL004495445B01"),
        ("BTW NL 0044.95.445.B01", "NL 0044.95.445.B01"),
        ("TVA intracommunautaire : FR 40 303 265 045", "FR 40 303 265 045"),
        ("n° TVA BE 0428.759.497", "BE 0428.759.497"),
        ("P.IVA IT00743110157", "IT00743110157"),
        ("CIF ESA13585625", "ESA13585625"),
        ("TVA LU15027442", "LU15027442"),
        ("VAT reg. no. GB 980 7806 84", "GB 980 7806 84"),
        ("MWST-Nr. CHE-107.787.577 MWST", "CHE-107.787.577"),
    ],
)
def test_vat_numbers_are_found(text: str, vat: str) -> None:
    assert found(text, "vat") == [vat]


@pytest.mark.parametrize("wrong", ["DE136695977", "ATU13585628", "FR41303265045", "BE0428759498"])
def test_a_vat_number_with_a_wrong_check_digit_is_not_found(wrong: str) -> None:
    assert found(f"USt-IdNr. {wrong}", "vat") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Steuerliche Identifikationsnummer: 36574261809", "36574261809"),
        ("Steuer-ID 36 574 261 809", "36 574 261 809"),
        ("BSN: 111222333", "111222333"),
        ("burgerservicenummer 1112 22 333", "1112 22 333"),
        ("Uw nummer is 1112.22.333.", "1112.22.333"),
        ("N° de sécurité sociale : 2 95 10 99 126 111 93", "2 95 10 99 126 111 93"),
        ("NIR 295109912611193", "295109912611193"),
        ("Rijksregisternummer 85.07.30-033.28", "85.07.30-033.28"),
        ("numéro national 85073003328", "85073003328"),
        ("National Insurance number: AB 12 34 56 C", "AB 12 34 56 C"),
        ("NINO JG103724A", "JG103724A"),
        ("National Insurance number: ZZ 91 41 77 T", "ZZ 91 41 77 T"),  # a test number
        ("AHV-Nr. 756.2046.8937.16", "756.2046.8937.16"),
        ("SVNR 1237 010180", "1237 010180"),
    ],
)
def test_national_identity_numbers_are_found(text: str, number: str) -> None:
    assert found(text, "national_id") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Bestellnummer 111222333",  # passes the BSN check, but nothing says it is one
        "BSN: 111222334",  # wrong check digit
        "Steuer-ID 36574261808",  # wrong check digit
        "Artikel 85073003328",  # a Belgian number only in its own format or when named
        "NIR 2 95 10 99 126 111 94",
        "NI number GB 12 34 56 C",  # a prefix never issued
        "Code ZZ631706T",  # a test number where nothing names it
        "Kontonummer 1237010180",  # an Austrian number only where it is named
    ],
)
def test_numbers_that_are_not_national_identity_numbers(text: str) -> None:
    assert found(text, "national_id") == []


def test_a_text_that_speaks_of_bsns_holds_them_further_from_the_word() -> None:
    text = (
        "Burgerservicenummers van het gezin:\nGert-Jan: 111222333, Miriam: 123456782.\n"
        "Factuurnummer 100000009 volgt."  # passes the check, but after an invoice label
    )
    assert found(text, "national_id", "nl") == ["111222333", "123456782"]


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5555 5555 5555 4444",
        "2223 0031 2200 3222",
        "3782 822463 10005",
        "6011 1111 1111 1117",
        "3530 1113 3330 0000",
        "4012888888881881",
        "4222222222222",  # 13 digits: found because the word card is near
        "213179099146701",
    ],
)
def test_payment_cards_are_found(card: str) -> None:
    assert found(f"Karte {card} wurde belastet.", "credit_card") == [card]


@pytest.mark.parametrize(
    "number",
    [
        "4111 1111 1111 1112",  # fails the Luhn check
        "9000 0000 0000 0001",  # passes it, but no card network issues 9…
        "5555 5555 5555 44",  # too short
    ],
)
def test_numbers_that_are_not_payment_cards(number: str) -> None:
    assert found(f"Nummer {number}", "credit_card") == []


def test_a_short_luhn_number_without_the_word_card_is_an_article_number() -> None:
    assert found("Artikel 4012345001235 (GTIN), 2 Stück", "credit_card") == []


@pytest.mark.parametrize(
    "email",
    [
        "anna.schmidt@example.com",
        "J.de.Vries+factuur@bedrijf.nl",
        "contact@société-exemple.fr",
        "first_last@sub.domain.co.uk",
    ],
)
def test_email_addresses_are_found(email: str) -> None:
    assert found(f"Schreiben Sie an {email}.", "email") == [email]
    assert found(f"<{email}>", "email") == [email]


@pytest.mark.parametrize(
    "text", ["@anna auf Mastodon", "user@localhost", "anna at example dot com", "a@b.c"]
)
def test_things_that_are_not_email_addresses(text: str) -> None:
    assert found(text, "email") == []


@pytest.mark.parametrize(
    ("text", "phone", "language"),
    [
        ("Tel. 030/1234567", "030/1234567", "de"),
        ("Bel me op 06-12345678.", "06-12345678", "nl"),
        ("Appelez le 01 23 45 67 89 svp", "01 23 45 67 89", "fr"),
        ("Call +44 20 7946 0958 now", "+44 20 7946 0958", "en"),
        ("Telefon: +49 (0)30 1234567", "+49 (0)30 1234567", "de"),
        ("Mobil 0171 1234567", "0171 1234567", "de"),
        ("T 0049 89 12345678", "0049 89 12345678", "de"),
        ("Mijn nummer is 0612345678", "0612345678", "nl"),
        ("GSM 0471 23 45 67", "0471 23 45 67", "nl"),
        ("Tél. : +33 (0)1 23 45 67 89.", "+33 (0)1 23 45 67 89", "fr"),
        ("Tel. +41 44 668 18 00", "+41 44 668 18 00", "de"),
        ("Tel. 01 234 56 78", "01 234 56 78", "de"),  # Vienna
        ("Tel. (0221) 98765-43", "(0221) 98765-43", "de"),
        ("Phone: 020 7946 0958", "020 7946 0958", "en"),
        ("Tel. +352 26 12 34 56", "+352 26 12 34 56", None),
        ("Tel 26 12 34 56", "26 12 34 56", "fr"),  # Luxembourg has no trunk 0: a cue is needed
        ("Tel. 01.23.45.67.89", "01.23.45.67.89", "fr"),
        ("Telefon: +44 1632 960123", "+44 1632 960123", "en"),  # invented, of a possible length
        ("Tel. (01632) 960 788", "(01632) 960 788", "en"),
        ("Tel.: +43 7782 59791 907", "+43 7782 59791 907", "de"),
        ("Kundenservice: 030 1234567", "030 1234567", "de"),  # a service line, not a number label
    ],
)
def test_phone_numbers_are_found(text: str, phone: str, language: str | None) -> None:
    assert found(text, "phone", language) == [phone]


def test_a_phone_after_a_date_in_the_same_run_is_found() -> None:
    assert found("am 12.03.2024 0171 1234567", "phone", "de") == ["0171 1234567"]


def test_two_phone_numbers_in_one_run_are_both_found() -> None:
    text = "Tel.: 0049 30 1234567 / Fax 030 7654321"
    assert found(text, "phone", "de") == ["0049 30 1234567", "030 7654321"]


@pytest.mark.parametrize(
    "text",
    [
        "Datum: 12.03.2024",
        "am 2024-03-12 um 10:30",
        "Betrag 1.234.567,89 EUR",
        "Total 1 234 567,89 €",
        "75001 Paris, 10115 Berlin",
        "Rechnungsnummer: 0301234567",
        "Invoice no. 2024-001234",
        "Kundennummer 0171 1234567",
        "Auftrag 4711-0815-1234",
        "Version 10.4.3.12345",
        "Bestand 26 12 34 56 Stück",  # Luxembourg shape, but no cue
        "ISBN 978-3-16-148410-0",
        "Preis: 0,99 EUR je 100 Stück",
        "Mo.-Fr. 08.30 - 17.00 Uhr",
        "Laufzeit 01/2023 - 12/2023",
        "vom 01.03.2024-05.03.2024",
        "recall | 0.895 / 0.825 |",
        "2024-03-12T23:40:08.510638",
        "EAN 0309260026752",
        "Projekt 04/2024-06/2024",
    ],
)
def test_numbers_that_are_not_phones(text: str) -> None:
    assert found(text, "phone") == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        (
            "IBAN   DE81  5009  0500  8064  8709  22\nKonto",
            "iban",
            "DE81  5009  0500  8064  8709  22",
        ),
        ("Steuer-ID :  43  589  729  015", "national_id", "43  589  729  015"),
        (
            "Identifikations-\nnummer des Kindes :  640\n29378812\n\nZahlungsweg",
            "national_id",
            "640\n29378812",
        ),
    ],
)
def test_numbers_as_scanned_forms_write_them(text: str, kind: str, value: str) -> None:
    assert found(text, kind, "de") == [value]


def test_numbers_on_separate_lines_stay_apart() -> None:
    assert found("Bestellung 12\n34 Stück, Telefon: 030\n1234567", "national_id", "de") == []
