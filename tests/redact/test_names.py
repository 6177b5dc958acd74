"""Person names in German, Dutch, French and English: cues, first names with surnames,
particles, initials, later mentions; and capitalised words that are not names."""

from __future__ import annotations

import pytest

from souverain.redact import find_entities
from tests.redact.marked import spans, unmark


def persons(text: str, language: str | None = None) -> list[tuple[str, str]]:
    return [(e.type, e.text) for e in find_entities(text, language) if e.type == "person"]


POSITIVES = [
    # German
    "Sehr geehrter Herr ⟦person:Müller⟧,",
    "Sehr geehrte Frau Dr. ⟦person:Schneider-Weiß⟧, vielen Dank.",
    "Liebe ⟦person:Katrin⟧, danke für die Blumen.",
    "Hallo Frau ⟦person:Özdemir⟧, anbei die Unterlagen.",
    "Ansprechpartner: ⟦person:Max Mustermann⟧",
    "Geschäftsführer: ⟦person:Hans-Jürgen Bauer⟧, Dr. ⟦person:Klaus Fischer⟧",
    "Geschäftsführer: ⟦person:Hans Muster⟧",  # after a cue and a first name, a noun is a surname
    "Ansprechpartner: Univ.-Prof. Dipl.-Ing. ⟦person:Bernd Klapp⟧ MBA",
    "Mit freundlichen Grüßen\n\n⟦person:Stefan Hoffmann⟧\nVertrieb",
    "Viele Grüße\ni.A. ⟦person:Jana Krüger⟧",
    "Mit freundlichen Grüßen\n\n⟦person:Sabine Krämer⟧\nKundenbetreuung",  # Krämer: a noun too
    "Mit besten Grüssen\n⟦person:Urs Meier⟧",
    "Die Besprechung mit ⟦person:Thomas Wagner⟧ ist verschoben. ⟦person:Wagner⟧ meldet sich.",
    "Unser neuer Kollege ⟦person:Sven⟧ fängt im Juni an.",
    "⟦person:Ursula von der Leyen⟧ sprach",
    # Dutch
    "Geachte heer ⟦person:Janssen⟧,",
    "Geachte mevrouw ⟦person:van Dijk⟧,",
    "Beste ⟦person:Sanne⟧,",
    "Ik heb gesproken met ⟦person:Willem van der Linden⟧. ⟦person:Van der Linden⟧ belt terug.",
    "Met vriendelijke groet,\n\nDhr. ing. ⟦person:P. van 't Hof⟧",
    "Contactpersoon: ⟦person:Lotte Wouters⟧",
    "t.a.v. ⟦person:Fatima Bakker⟧",
    # French
    "Bonjour ⟦person:Julien⟧,",
    "Cher Monsieur ⟦person:Lefèvre⟧,",
    "M. ⟦person:Dubois⟧ et Mme ⟦person:Laurent⟧ vous contacteront.",
    "J'ai transmis le dossier à ⟦person:Marie-Hélène Dubois⟧.",
    "Cordialement,\n⟦person:Jean-Pierre Martin⟧",
    "À l'attention de ⟦person:Nathalie Garnier⟧",
    # English
    "Dear Ms ⟦person:Patel⟧,",
    "Hi ⟦person:Tom⟧, ⟦person:J. Smith⟧ and Dr. ⟦person:Emily Clarke⟧ will join.",
    "Kind regards,\n⟦person:Sarah O'Connor⟧",
    "Signed by ⟦person:Robert Hughes⟧, Director.",
    "From: ⟦person:Katarzyna Nowak⟧ <⟦email:k.nowak@example.com⟧>",
    "Best,\n⟦person:Oliver⟧",
]


@pytest.mark.parametrize("marked", POSITIVES)
def test_person_names_are_found(marked: str) -> None:
    text, expected = unmark(marked)
    assert persons(text) == [e for e in spans(expected) if e[0] == "person"]


def test_a_first_name_alone_is_a_name_when_it_is_no_common_word() -> None:
    assert persons("Bericht von Anna Schmidt") == [("person", "Anna Schmidt")]
    assert persons("Kannst du die 45 € an Jonas überweisen?", "de") == [("person", "Jonas")]
    assert persons("Send the gift money for Priya's leaving do to Callum.", "en") == [
        ("person", "Priya"),
        ("person", "Callum"),
    ]
    # words of the language first: Per, Dan, Bent, Can, Mark are no one here
    assert persons("Per 1 april wijzigt ons rekeningnummer. Dan kunt u betalen.", "nl") == []
    assert persons("Can you mark the item? Mark II body, due 31 Jan.", "en") == []
    assert persons("Le rendez-vous est fixé rue Victor Hugo à Paris.", "fr") == []


@pytest.mark.parametrize(
    "marked",
    [
        "#backend\n\n⟦person:Kevin⟧ 09:14\nmoin, hat jemand den Key?\n\n⟦person:Marco Bianchi⟧ 09:17\n"
        "@⟦person:Kevin⟧ schau mal",
        "[10:02] ⟦person:Saskia⟧: heb jij de factuur al betaald?",
        "⟦person:Selin⟧: meine neue Firmenkarte ist da",
        "Ich nehme die zweite, okay? – ⟦person:Philipp⟧",
    ],
)
def test_speakers_mentions_and_dash_signatures_of_chats(marked: str) -> None:
    text, expected = unmark(marked)
    assert persons(text) == [e for e in spans(expected) if e[0] == "person"]


def test_a_label_before_a_colon_is_no_speaker() -> None:
    assert persons("Betreff: Rechnung\nIBAN: siehe unten\nMark the date: Monday", "en") == []


@pytest.mark.parametrize(
    "marked",
    [
        "Personalnr.;Name;Steuer-ID\n10488;⟦person:Hannes Brückner⟧;12345\n10490;⟦person:Ewa Zawadzka⟧;1",
        "Name | PLZ | Status\n⟦person:Dimitra Georgiou⟧ | 30291 | neu\n⟦person:Tran Van Minh⟧ | 30305 | neu",
    ],
)
def test_names_in_the_fields_of_delimited_rows(marked: str) -> None:
    text, expected = unmark(marked)
    assert persons(text, "de") == [e for e in spans(expected) if e[0] == "person"]


def test_fields_that_are_not_names() -> None:
    rows = "Artikel;Menge;Preis\nCanon EOS;2;1.200\nBüro Material;5;30\nNeue Rechnung;1;9"
    assert persons(rows, "de") == []


def test_later_mentions_of_a_found_name_are_names() -> None:
    text = "Herr Oberhuber hat unterschrieben. Oberhuber war zufrieden, Oberhuber's Team auch."
    assert [t for _, t in persons(text)] == ["Oberhuber", "Oberhuber", "Oberhuber"]


@pytest.mark.parametrize(
    "text",
    [
        "Die Rechnung für den Vertrag wurde an die Berliner Straße 5 geschickt.",
        "Sehr geehrte Damen und Herren, anbei das Angebot für das Projekt Sommer 2024.",
        "Im Mai hat der Kunde die Lieferung bestätigt.",
        "Liebe Grüße und ein schönes Wochenende!",
        "Bitte kontaktieren Sie den Kundenservice. Wir freuen uns auf die Zusammenarbeit.",
        "Hallo zusammen, hier ist der Bericht für April.",
        "Mit freundlichen Grüßen\n\nIhr Vertriebsteam",
        "Ansprechpartner: Vertrieb Süd",
        "Konrad-Adenauer-Straße 7, 53113 Bonn",
        "Die Deutsche Bahn und die Post haben gestreikt.",
        "Geachte heer/mevrouw, hierbij ontvangt u de offerte.",
        "De factuur is verstuurd naar de klant in Utrecht.",
        "Met vriendelijke groet,\n\nDe Klantenservice",
        "Madame, Monsieur, veuillez trouver ci-joint notre devis.",
        "Le rendez-vous est fixé rue Victor Hugo à Paris.",
        "Dear Customer, thank you for your order.",
        "Hello World. Hi all, thanks for joining.",
        "Mark the date: Will you join? May we proceed? Summer Sale starts in June.",
        "Kind regards,\nThe Support Team",
        "Dear Acme Team,",
        "Professor Emeritus of Physics",
        "Measured 19 ms at 250k and 81 ms at 1M. It stays within budget.",
        "4 Russell Park, London",
    ],
)
def test_capitalised_words_that_are_not_names(text: str) -> None:
    assert persons(text) == []


def test_german_nouns_after_a_first_name_are_not_surnames() -> None:
    # Thomas alone is a name here; "Unterlagen" is no surname
    assert persons("Bitte senden Sie Thomas Unterlagen zu.", "de") == [("person", "Thomas")]
    assert persons("Rosa Hemden sind im Angebot.", "de") == []


@pytest.mark.parametrize(
    "marked",
    [
        "persnr,achternaam,voorletters,roepnaam,bsn\n2041,⟦person:Molenaar⟧,⟦person:J.⟧,⟦person:Joris⟧,0",
        'id,datum,naam,email\n7,2025-05-12,"⟦person:Lindemann, Greta⟧",⟦email:greta@example.de⟧',
        "Name, Vorname: ⟦person:Kowalski, Bartosz⟧\nGeburtsdatum: 24.08.1994",
        "An: ⟦person:Raghunathan, Priya⟧\nBetreff: Neue Bankverbindung",
        "Gäste: ⟦person:Henrik Brauer⟧ (Vorstand Finanzen), ⟦person:Marek Dąbrowski⟧ und ⟦person:Eva Roth⟧",
        "Hoogachtend,\nM. ⟦person:van Duin⟧, gerechtsdeurwaarder. Akkoord: mr. ⟦person:P.J. Vos⟧",
        "Excusé : ⟦person:Thibault d'Harcourt⟧ (pouvoir donné)",
        "Je soussignée ⟦person:Taïssa Mbemba⟧, née le 19/11/1983",
    ],
)
def test_names_in_forms_lists_and_tables(marked: str) -> None:
    text, expected = unmark(marked)
    assert [(t, v) for t, v in persons(text)] == [e for e in spans(expected) if e[0] == "person"]


def test_names_side_by_side_on_a_signature_line_stay_apart() -> None:
    text = "eigenhändig unterschrieben:\nRalf Zimmermann   Eleni Karagianni"
    assert persons(text, "de") == [("person", "Ralf Zimmermann"), ("person", "Eleni Karagianni")]


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        ("Kostenstelle\nGerber, Mathias          4037 1073 8980 2960", "de", ["Gerber, Mathias"]),
        (
            "Passagiers:\nVOS-LIEM/MARGRIET MRS · TAN/SIEUW LING MS",
            "nl",
            ["VOS-LIEM/MARGRIET", "TAN/SIEUW LING"],
        ),
        ("cc: Marloes Kamphuis (HR-adviseur)", "nl", ["Marloes Kamphuis"]),
        ("Leden: Nadia el Khatib, Ruud van 't Hul", "nl", ["Nadia el Khatib", "Ruud van 't Hul"]),
        ("Monsieur le Président,", "fr", []),
        ("Leveringsadres: Jan Steenstraat 22", "nl", []),
        ("Heute hat Anna Geburtstag.", "de", []),
    ],
)
def test_tables_tickets_particles_and_nouns_that_are_surnames(
    text: str, language: str, names: list[str]
) -> None:
    assert [t for _, t in persons(text, language)] == names


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        ("Pate: Ibrahim „Ibo“ Sadiku\nPersonalnummer: 20731", "de", ["Ibrahim „Ibo“ Sadiku"]),
        ("Aan: de heer S.J. (Sjoerd) Hylkema", "nl", ["S.J. (Sjoerd) Hylkema"]),
        ('{"requester":"Okan Demirtaş","status":"open"}', "de", ["Okan Demirtaş"]),
        ('create_employee pnr=10517 name="Nguyen, Thanh Hai" idnr=1', "de", ["Nguyen, Thanh Hai"]),
        ('{"name": "Microsoft Teams", "type": 1}', "en", []),
        ("09:02 Ilse (dispatch): goeiemorgen!", "nl", ["Ilse"]),
        ("ein Herr Becker von der Zentrale rief an", "de", ["Becker"]),
    ],
)
def test_nicknames_fields_speakers_and_german_prepositions(
    text: str, language: str, names: list[str]
) -> None:
    assert [t for _, t in persons(text, language)] == names


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        # vCards and calendar invitations
        ("BEGIN:VCARD\nN:Hartmann;Ulrike;;;\nFN:Ulrike Hartmann\nORG:Beispiel\nEND:VCARD", "de",
         ["Hartmann", "Ulrike", "Ulrike Hartmann"]),
        ('ATTENDEE;CN="Pieter Bosschaert (extern)";ROLE=REQ-PARTICIPANT:mailto:p@example.org',
         "nl", ["Pieter Bosschaert"]),
        # WhatsApp exports, both formats
        ("[03/02/2026, 18:40] Siobhan Kearney: who has the keys?", "en", ["Siobhan Kearney"]),
        ("03.02.26, 18:41 - Matthias Brenner: ich", "de", ["Matthias Brenner"]),
        # numbered labels and labels of roles
        ("Gezinslid 2: Tessa Vermeulen · geb. 01-02-2015", "nl", ["Tessa Vermeulen"]),
        ("Conducteur : Mamadou Keïta\nVéhicule : Renault Master", "fr", ["Mamadou Keïta"]),
        # NOM Prénom, and a register aligned with spaces under Nom / Prénom
        ("08:02;LEFÈVRE Solange;0612345678;confirmé", "fr", ["LEFÈVRE Solange"]),
        ("Nom          Prénom      Poste\nDURAND       Maxime      cariste\nPETIT        Inès"
         "        accueil", "fr", ["DURAND", "Maxime", "PETIT", "Inès"]),
        # an SQL dump: single-quoted values under a column list in backticks
        ("INSERT INTO `leden` (`id`,`voornaam`,`achternaam`,`plaats`) VALUES\n"
         "(1,'Henk','Oosterbroek','Zwolle'),", "nl", ["Henk", "Oosterbroek"]),
        # threads: who wrote, commented, was asked for
        ("Op 3 feb. 2026 om 10:15 schreef Wiebe Zijlstra <w.zijlstra@example.nl>:", "nl",
         ["Wiebe Zijlstra"]),
        ("On Tue, 3 Feb 2026 at 10:15, Ffion Pritchard <ffion@example.co.uk> wrote:", "en",
         ["Ffion Pritchard"]),
        ("Rutger Okkema commented on config/app.yml", "nl", ["Rutger Okkema"]),
        ("Bitte Rücksprache mit Heiko, er hat den Schlüssel.", "de", ["Heiko"]),
        # Cyrillic and Greek names in their Latin spellings
        ("Patient 1: Oleksandr Shevchenko, Kontakt über Dmytro", "de",
         ["Oleksandr Shevchenko", "Dmytro"]),
        ("Ansprechpartner Giorgos Papadopoulos", "de", ["Giorgos Papadopoulos"]),
    ],
)  # fmt: skip
def test_cards_chat_exports_numbered_labels_registers_and_romanised_names(
    text: str, language: str, names: list[str]
) -> None:
    assert [t for _, t in persons(text, language)] == names


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # a form laid out sideways: its labels are not names under the "Name" header
        (
            "                 Bewerber 1\nName, Vorname    Okafor, Emeka    Lind, Greta\n"
            "Geburtsdatum     01.01.1990\nBeruf            Hebamme",
            "de",
        ),
        ("12/11   CB LECLERC 4471        84,00\n13/11   VIR SEPA LOYER        650,00", "fr"),
    ],
)
def test_registers_and_statements_without_names(text: str, language: str) -> None:
    found = [t for _, t in persons(text, language)]
    assert not any(w in t for t in found for w in ("Geburtsdatum", "Beruf", "LECLERC", "SEPA"))
