"""Company names before a legal form, with the words around them trimmed, and their later
mentions without the legal form."""

from __future__ import annotations

import pytest

from souverain.redact import find_entities


def companies(text: str, language: str | None = None) -> list[str]:
    return [e.text for e in find_entities(text, language) if e.type == "company"]


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Die Müller Bau GmbH liefert am Montag.", "Müller Bau GmbH"),
        ("Rechnung der Hoffmann Logistik GmbH & Co. KG", "Hoffmann Logistik GmbH & Co. KG"),
        ("Angebot von Schmidt & Partner GmbH", "Schmidt & Partner GmbH"),
        ("Beispiel UG (haftungsbeschränkt), Berlin", "Beispiel UG (haftungsbeschränkt)"),
        ("Mitglied im Förderverein Musik e.V.", "Förderverein Musik e.V."),
        ("Deutsche Bank AG, Frankfurt", "Deutsche Bank AG"),
        ("Bakker Installatietechniek B.V. te Utrecht", "Bakker Installatietechniek B.V."),
        ("De factuur van Van der Berg Holding B.V. is betaald.", "Van der Berg Holding B.V."),
        ("Janssens & Peeters BVBA", "Janssens & Peeters BVBA"),
        ("La facture de Dupont et Fils SARL est jointe.", "Dupont et Fils SARL"),
        ("Boulangerie Moreau SAS, Lyon", "Boulangerie Moreau SAS"),
        ("Contract with Acme, Inc. was signed.", "Acme, Inc."),
        ("Northwind Traders Ltd. and partners", "Northwind Traders Ltd."),
        ("Hughes & Sons Limited", "Hughes & Sons Limited"),
        ("Bank of Ireland plc", "Bank of Ireland plc"),
        ("Rossi Costruzioni S.p.A.", "Rossi Costruzioni S.p.A."),
        ("Polska Firma Sp. z o.o.", "Polska Firma Sp. z o.o."),
        ("Maersk A/S", "Maersk A/S"),
        ("Name: MUSTER-KUNDE GMBH", "MUSTER-KUNDE GMBH"),
        ("Verkäufer: Grundbesitz GmbH & Co.", "Grundbesitz GmbH & Co."),
    ],
)
def test_companies_with_a_legal_form_are_found(text: str, company: str) -> None:
    assert companies(text) == [company]


def test_two_companies_in_a_row_stay_apart() -> None:
    assert companies("Die SAP SE und die Allianz SE kooperieren.") == ["SAP SE", "Allianz SE"]


def test_later_mentions_without_the_legal_form_are_companies() -> None:
    text = "Die Müller Bau GmbH & Co. KG zieht um. Müller Bau bleibt erreichbar."
    assert companies(text) == ["Müller Bau GmbH & Co. KG", "Müller Bau"]


@pytest.mark.parametrize(
    "text",
    [
        "Registergericht: AG München, HRB 12345",
        "Die AGB gelten. Die SEPA-Lastschrift folgt.",
        "Die Firma zahlt pünktlich.",
        "limited edition, a limited warranty",
    ],
)
def test_things_that_are_not_companies(text: str) -> None:
    assert companies(text) == []


@pytest.mark.parametrize(
    ("text", "organisation"),
    [
        ("Bankverbindung: Sparkasse KölnBonn, IBAN folgt", "Sparkasse KölnBonn"),
        ("Banque : BNP Paribas", "BNP Paribas"),
        ("ouvert à la Banque Populaire Grand Ouest.", "Banque Populaire Grand Ouest"),
        ("Buchungsbestätigung\n\nHotel Seeblick, Uferpromenade 3", "Hotel Seeblick"),
        (
            "Reserveringsbevestiging: Hotel De Zeeuwse Stromen, Duinweg 3",
            "Hotel De Zeeuwse Stromen",
        ),
        ("t.n.v. Installatiebedrijf Koster.", "Installatiebedrijf Koster"),
        ("hast du die Rechnung von Lindemann Catering bezahlt?", "Lindemann Catering"),
    ],
)
def test_organisations_without_a_legal_form(text: str, organisation: str) -> None:
    found = [e.text for e in find_entities(text) if e.type == "company"]
    assert found == [organisation]


@pytest.mark.parametrize(
    "text",
    [
        "Im Hotel Frühstück ab 7 Uhr.",  # a head word before a common word
        "Unsere Software Lösungen sind gut.",
        "Die Stiftung Warentest schreibt",
    ],
)
def test_common_words_after_head_words_are_no_organisations(text: str) -> None:
    assert [e.text for e in find_entities(text, "de") if e.type == "company"] == []


@pytest.mark.parametrize(
    ("text", "organisation", "language"),
    [
        ("das Konto bei der Hamburger Sparkasse, IBAN folgt", "Hamburger Sparkasse", "de"),
        (
            "La société dénommée « SCI Les Vignes de Léognan », société civile",
            "SCI Les Vignes de Léognan",
            "fr",
        ),
        (
            "les données ont été transmises à la société Assistance Santé Plus, qui",
            "Assistance Santé Plus",
            "fr",
        ),
        ("Und der Lkw von Spedition Krawczyk kommt am Freitag.", "Spedition Krawczyk", "de"),
    ],
)
def test_organisations_by_cue_prefix_form_and_city(
    text: str, organisation: str, language: str
) -> None:
    assert organisation in companies(text, language)
