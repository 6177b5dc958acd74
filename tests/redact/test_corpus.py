"""Whole business texts in four languages with every entity marked: find_entities must
find exactly these, in order, whether or not it is told the language."""

from __future__ import annotations

import itertools

import pytest

from souverain.redact import ENTITY_TYPES, find_entities
from tests.redact.marked import spans, unmark

TEXTS = [
    """\
Sehr geehrte Frau ⟦person:Krause⟧,

wie telefonisch besprochen sende ich Ihnen die Unterlagen. Bei Fragen erreichen Sie mich unter ⟦phone:0221 98765-43⟧.

Mit freundlichen Grüßen
⟦person:Stefan Hoffmann⟧""",
    """\
Hallo ⟦person:Lena⟧,

kannst du ⟦person:Jonas Becker⟧ bitte die Präsentation schicken? ⟦person:Jonas⟧ ist morgen im Büro in der Goethestraße.

Viele Grüße
⟦person:Miriam⟧""",
    """\
Der Mietvertrag zwischen ⟦person:Gerhard Zimmermann⟧ (Vermieter) und ⟦person:Aylin Demir⟧ (Mieterin) beginnt am 01.04.2024. Die Kaution von 2.400 EUR ist auf das Konto ⟦iban:DE02 1203 0000 0000 2020 51⟧ zu überweisen.""",
    """\
Geachte heer ⟦person:Janssen⟧,

Hierbij ontvangt u de factuur van ⟦company:Van Leeuwen Bouw B.V.⟧. Graag ontvangen wij de betaling op ⟦iban:NL20 INGB 0001 2345 67⟧. Voor vragen kunt u contact opnemen met ⟦person:Femke de Boer⟧ via ⟦email:f.deboer@vanleeuwenbouw.nl⟧ of ⟦phone:010-4567890⟧.

Met vriendelijke groet,
⟦person:Ruud Visser⟧""",
    """\
Beste ⟦person:Sanne⟧,

Zoals afgesproken stuur ik je het contract. Mijn BSN is ⟦national_id:123456782⟧.

Groeten,
⟦person:Daan⟧""",
    """\
Madame, Monsieur,

Suite à notre entretien du 5 mars, je vous confirme la commande passée par ⟦company:Boulangerie Moreau SARL⟧. Le règlement sera effectué par virement sur le compte ⟦iban:FR76 3000 6000 0112 3456 7890 189⟧.

Veuillez agréer, Madame, Monsieur, l'expression de mes salutations distinguées.

⟦person:Camille Rousseau⟧
Responsable achats""",
    """\
Bonjour ⟦person:Julien⟧,

Peux-tu rappeler Mme ⟦person:Girard⟧ au ⟦phone:04 72 10 20 30⟧ ? Son numéro de sécurité sociale est ⟦national_id:1 85 05 78 006 084 91⟧.

Merci,
⟦person:Élodie⟧""",
    """\
Dear Ms ⟦person:Patel⟧,

Please find attached the signed NDA between ⟦company:Northwind Traders Ltd⟧ and ⟦company:Contoso Consulting GmbH⟧. ⟦person:Michael O'Brien⟧ will be your point of contact; you can reach him on ⟦phone:+44 161 496 0123⟧.

Kind regards,
⟦person:Hannah Whitfield⟧""",
    """\
Hi ⟦person:Dave⟧,

The staging server key is ⟦secret:AKIAIOSFODNN7EXAMPLE⟧ and the DB password: ⟦secret:S3cure!Pass⟧. Don't share it.

Cheers,
⟦person:Priya⟧""",
    """\
Rechnung Nr. 2024-00451
Kunde: ⟦company:Schneider Logistik GmbH & Co. KG⟧, Kundennummer 100234
USt-IdNr.: ⟦vat:DE 136 695 976⟧
Ansprechpartner: ⟦person:Markus Vogel⟧, Tel. ⟦phone:+49 40 3037 4210⟧
Bitte begleichen Sie den Betrag von 1.190,00 EUR bis zum 30.04.2024.""",
    """\
Von: ⟦person:Tobias Krüger⟧ <⟦email:tobias.krueger@beispiel.de⟧>
An: ⟦person:Sabine Lorenz⟧ <⟦email:s.lorenz@beispiel.de⟧>
Betreff: Steuer-ID

Hallo Frau ⟦person:Lorenz⟧, meine Steuer-ID lautet ⟦national_id:36 574 261 809⟧.""",
    """\
Payment was made with card ⟦credit_card:4539 1488 0343 6467⟧ on 12/03/2024. Order #88231 (invoice 2024-7781) totals £1,249.00.""",
    """\
Het ondernemingsnummer van ⟦company:Janssens & Peeters BVBA⟧ is ⟦vat:BE 0428.759.497⟧. Contactpersoon: ⟦person:Lotte Wouters⟧.""",
    """\
Le gérant, M. ⟦person:Philippe Lambert⟧, et son associé ⟦person:Nicolas Mercier⟧ ont signé le bail. TVA intracommunautaire : ⟦vat:FR 40 303 265 045⟧.""",
    """\
Die Sitzung leitete Prof. Dr. ⟦person:Ursula Brandt⟧. Protokoll: ⟦person:Felix Neumann⟧. Anwesend waren außerdem ⟦person:Katharina Schulz⟧ und ⟦person:Ali Yilmaz⟧.""",
    """\
Please contact our DPO, ⟦person:Sarah Mitchell⟧ (⟦email:dpo@example.co.uk⟧), or write to Data Protection Office, 10 Downing Lane, London.""",
    """\
Unser neuer Kollege ⟦person:Sven⟧ fängt im Juni an. Die Einarbeitung übernimmt ⟦person:Claudia Weiß⟧.""",
    """\
Ik heb gisteren met ⟦person:Willem van der Linden⟧ gesproken. ⟦person:Van der Linden⟧ stuurt de offerte naar ⟦person:Eva Smit⟧.""",
    """\
J'ai transmis le dossier à ⟦person:Marie-Hélène Dubois⟧ et à ⟦person:Jean-Baptiste Faure⟧ du service juridique.""",
    """\
Signed by ⟦person:Robert Hughes⟧, Director, on behalf of ⟦company:Hughes & Sons Limited⟧.""",
]


@pytest.mark.parametrize("marked", TEXTS)
def test_every_entity_of_a_business_text_is_found(marked: str) -> None:
    text, expected = unmark(marked)
    assert spans(find_entities(text)) == spans(expected)


@pytest.mark.parametrize("marked", TEXTS)
def test_entities_are_sorted_apart_and_typed(marked: str) -> None:
    text, _ = unmark(marked)
    entities = find_entities(text)
    assert all(e.type in ENTITY_TYPES for e in entities)
    assert all(text[e.start : e.end] == e.text for e in entities)
    assert all(a.end <= b.start for a, b in itertools.pairwise(entities))


@pytest.mark.parametrize("language", ["de", "nl", "fr", "en", "it", None])
def test_identifiers_do_not_depend_on_the_language(language: str | None) -> None:
    text = "IBAN DE89 3704 0044 0532 0130 00, anna@example.com, +44 20 7946 0958"
    assert [e.type for e in find_entities(text, language)] == ["iban", "email", "phone"]


def test_an_empty_text_has_no_entities() -> None:
    assert find_entities("") == []
    assert find_entities("   \n") == []


def test_an_entity_does_not_show_its_value_in_its_repr() -> None:
    (entity,) = find_entities("anna@example.com")
    assert "anna" not in repr(entity)
