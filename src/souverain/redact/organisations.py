"""Organisations without a legal form: banks and insurers by name (Sparkasse Bremen, BNP
Paribas), names after a word that says what kind of place they are (Hotel Seeblick,
Installatiebedrijf Koster, Cabinet Dumas), and names before a trade (Lindemann Catering).

Never logs or prints a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from souverain.redact.base import Entity
from souverain.redact.gazetteer import NOT_NAMES, first_names, lexicon, word_set

FINANCIAL = (
    "Deutsche Bank", "Commerzbank", "Postbank", "HypoVereinsbank", "UniCredit", "Targobank",
    "ING-DiBa", "ING", "DKB", "N26", "Rabobank", "ABN AMRO", "ASN Bank", "SNS Bank", "Triodos Bank",
    "Knab", "bunq", "KBC", "Belfius", "BNP Paribas Fortis", "BNP Paribas", "Société Générale",
    "Crédit Lyonnais", "LCL", "La Banque Postale", "Banque Postale", "CIC", "Boursorama",
    "NatWest", "Barclays", "HSBC", "Lloyds Bank", "Santander", "Monzo", "Revolut", "Nationwide",
    "AIB", "Bank of Ireland", "Allianz", "AXA", "Generali", "Achmea", "Aegon",
    "Nationale-Nederlanden", "Centraal Beheer", "HUK-Coburg", "MAIF", "MACIF", "Aviva",
)  # fmt: skip
"""Banks and insurers named on invoices and letters: known names, whatever follows."""
REGIONAL = (
    "Sparkasse", "Kreissparkasse", "Stadtsparkasse", "Volksbank", "Raiffeisenbank",
    "Raiffeisen", "VR Bank", "Crédit Agricole", "Crédit Mutuel", "Caisse d'Epargne",
    "Caisse d'Épargne", "Banque Populaire",
)  # fmt: skip
"""Names that a region completes: Sparkasse KölnBonn, Banque Populaire Grand Ouest."""
HEADS = word_set(
    """Hotel Hôtel Gasthof Gasthaus Pension Restaurant Brasserie Bäckerei Metzgerei Autohaus
    Kanzlei Praxis Apotheke Verein Klinikum Cabinet Clinique Traiteur Transports Boulangerie
    Pharmacie Garage Association Fondation Mutuelle Slagerij Bakkerij Apotheek
    Installatiebedrijf Cateringbedrijf Aannemersbedrijf Transportbedrijf Schoonmaakbedrijf
    Woningcorporatie Zorggroep Stichting Vereniging Voetbalvereniging Advocatenkantoor
    Notariskantoor Belastingadviesbureau Accountantskantoor Makelaardij Garagebedrijf
    Schilderwerken Loodgietersbedrijf Hoveniersbedrijf Tandartspraktijk Huisartsenpraktijk
    Spedition Steuerkanzlei Rechtsanwaltskanzlei Anwaltskanzlei Notariat Reisebüro Sportverein
    Turnverein Tennisclub Gerechtsdeurwaarders Hockeyclub Woonstichting Reisbureau Coopérative
    Laboratoires Laboratoire Holding Domaine Épicerie Pâtisserie Pâtisseries Fonderie Atelier
    Ateliers Imprimerie Menuiserie Établissements Ets Entreprise Cave Hôtellerie Camping"""
)
"""Words that open an organisation's name: Hotel Seeblick, Slagerij Özdemir."""
TRADES = word_set(
    """Catering Consulting Logistik Logistics Solutions Services Systems Software Holding
    Partners Freight Transport Bau Immobilien Versicherungen Elektrotechnik Haustechnik
    Steuerberatung Druck Druckerei Reisen Travel Media Medien Design Engineering Energie
    Energy Dienstleistungen Gebäudereinigung Schoonmaak Installatie Bouw Advies Expertise
    Reisen Holzbau Kunststofftechnik Kältetechnik Glas Verpakkingen Containertransport
    Belastingadvies Maintenance Analyses Express Technik Metallbau Trading Labs Lab"""
)
"""Words that close an organisation's name after a proper name: Lindemann Catering."""
CONNECTOR = r"(?:de|du|des|la|le|les|d'|l'|van|der|den|het|et|&|und|and|of|the|De|Van|Les|La|Le)"
WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*|\d{4})"
CAPITAL_PARTICLES = ("De ", "Van ", "Les ", "La ", "Le ")
ATTENTION = re.compile(r"(?i)(?:t\.?n\.?v\.?|z\.\s?hd\.?|à l'attention de|attn\.?|c/o)\Z")
TAIL = rf"(?:[ \t]+(?:{CONNECTOR}[ \t]+)?{WORD}){{1,4}}"


def _alternatives(names: tuple[str, ...] | frozenset[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


WORDS = re.compile(r"[\w'’]+")
KNOWN_WORDS = frozenset(w for name in (*FINANCIAL, *REGIONAL) for w in WORDS.findall(name)[:1])
"""The first word of each bank's name."""
KNOWN = re.compile(rf"(?<![\w\-])(?:{_alternatives(FINANCIAL)})(?![\w\-])")
REGIONAL_NAME = re.compile(
    rf"(?<![\w\-])(?:[A-ZÄÖÜ][a-zäöüß]+er[ \t]+)?(?:{_alternatives(REGIONAL)})"
    rf"(?:[ \t]+{WORD}){{0,3}}(?![\w\-])"
)
"""A regional bank, with the city before it (Hamburger Sparkasse) or after (Sparkasse Bremen)."""
PREFIX_FORM = re.compile(
    rf"(?<![\w\-])(?:SAS|SARL|SCI|SCP|SELARL|EURL|SNC|SASU)[ \t]+{WORD}"
    rf"(?:[ \t]+(?:{CONNECTOR}[ \t]+)?{WORD}){{0,5}}"
)
"""French forms written before the name: SCI Les Vignes de Léognan, SARL TRANSPORTS GIRAUD."""
PREFIX_FORMS = frozenset({"SAS", "SARL", "SCI", "SCP", "SELARL", "EURL", "SNC", "SASU"})
COMPANY_CUE_WORDS = word_set(
    """société firma firme company entreprise bedrijf onderneming arbeitgeber werkgever
    employeur employer kantoor prospect wettbewerb concurrence concurrent competitor
    établissement incassant gläubiger créancier afnemer uitbetaler intermediair leverancier
    lieferant fournisseur supplier versicherer verzekeraar assureur insurer team
    klantenservice kundenservice client"""
)
COMPANY_CUE = re.compile(
    r"(?i:(?:la |une |de |der |die |the )?(?:société|firma|firme|company|entreprise"
    r"|bedrijf|onderneming|arbeitgeber|werkgever|employeur|employer|kantoor|prospect"
    r"|wettbewerb|concurrence|concurrent|competitor|établissement|naam incassant"
    r"|gläubiger|créancier|incassant|afnemer|uitbetaler|intermediair|leverancier|lieferant"
    r"|fournisseur|supplier|versicherer|verzekeraar|assureur|insurer"
    r"|(?:team|klantenservice|kundenservice|service client) (?:von|van|de|of))"
    r"(?: dénommée)?)[ \t]*[:«„\"]?[ \t]*"
    rf"(?P<name>{WORD}(?:[ \t]+(?:{CONNECTOR}[ \t]+)?{WORD}){{0,5}})"
)
"""A name after a word that says it is a company's: la société Assistance Santé Plus."""
HEADED = re.compile(rf"(?<![\w\-])(?P<head>{_alternatives(HEADS)})(?P<tail>{TAIL})(?![\w\-])")
TRADED = re.compile(
    rf"(?<![\w\-])(?P<name>{WORD}(?:[ \t]+{WORD})?)[ \t]+(?P<trade>{_alternatives(TRADES)})(?![\w\-])"
)


def find_organisations(text: str, language: str | None) -> Iterator[Entity]:
    """Spans of organisations, possibly overlapping (the caller keeps the first of each)."""
    # A set lookup of the text's words first: the patterns (long alternations) run only
    # on texts that hold one of their words, which most do not.
    words = set(WORDS.findall(text))
    if words & KNOWN_WORDS:
        for pattern in (KNOWN, REGIONAL_NAME):
            for match in pattern.finditer(text):
                yield _entity(text, match.start(), match.end())
    known = lexicon(language)
    if words & PREFIX_FORMS:
        for match in PREFIX_FORM.finditer(text):
            yield _entity(text, match.start(), match.end())
    if {w.lower() for w in words} & COMPANY_CUE_WORDS:
        for match in COMPANY_CUE.finditer(text):
            name = match.group("name").split()
            if name[0] in NOT_NAMES or (known(name[0]) and len(name) == 1):
                continue
            if len(name) <= 3 and name[0] in first_names():
                continue  # Arbeitgeber: Hartmut Zielinski is a person; the name finder has it
            yield _entity(text, match.start("name"), match.end("name"))
    if words & HEADS:
        for match in HEADED.finditer(text):
            end = _proper_tail_end(match, known, language)
            if end is not None:
                yield _entity(text, match.start(), end)
    if words & TRADES:
        german = language in (None, "de")
        for match in TRADED.finditer(text):
            name = match.group("name").split()
            if not any((german and known(w)) or w in NOT_NAMES or w.isdigit() for w in name):
                yield _entity(text, match.start(), match.end())


def _proper_tail_end(
    match: re.Match[str], known: Callable[[str], bool], language: str | None
) -> int | None:
    """After a head word, the name must start with a proper word, not a common one (in
    unserem Hotel Frühstück ...); a particle (Hotel De Zeeuwse Stromen) may come first.
    Only German capitalises its common nouns: elsewhere a capital after the head is a name."""
    tail = match.group("tail")
    words = [w for w in re.findall(r"[\w'’\-]+", tail) if not re.fullmatch(CONNECTOR, w)]
    if not words or words[0] in NOT_NAMES:
        return None
    if language not in (None, "de") or not known(words[0]):
        return match.end()
    if tail.lstrip().startswith(CAPITAL_PARTICLES):
        return match.end()
    # A common word may still be the name where the head opens a line (a letterhead, a
    # booking's heading: Hotel Seeblick) or follows "attention of" (t.n.v., z. Hd.).
    before = match.string[: match.start()].rstrip(" \t")
    if not before or before.endswith("\n") or ATTENTION.search(before):
        return match.end()
    return None


def _entity(text: str, start: int, end: int) -> Entity:
    return Entity("company", start, end, text[start:end])
