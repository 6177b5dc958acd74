"""The words around a name that say it is one: titles, salutations, labels, closings, and
the words around a capitalised word that say it is a place instead.

Data and matching only; nothing here decides alone that a word is a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from souverain.redact.gazetteer import word_set

TITLES = word_set(
    """Herr Herrn Frau Fräulein Dr Prof Univ Dipl Ing Mag Mr Mrs Ms Miss Mx Mme Mlle Monsieur
    Madame Mademoiselle Maître Docteur Professeur Doktor Professor Dhr Mevr Mw Mej
    Mevrouw Meneer Heer Sir Dame Lord Lady med rer nat jur phil dent oec habil Hr Fr
    heer mevrouw meneer ing ir drs dr mr prof"""
)
ABBREVIATED_TITLES = word_set(
    "M Dr Prof Univ Dipl Ing Mag Mr Mrs Ms Mme Mlle Me Dhr Mevr Mw ing ir drs dr mr prof med rer nat"
)
"""Titles that are written with a stop (Dr., M., Dhr.)."""
TITLES_WITH_STOP = word_set(
    "M Me Fr Hr Univ ing ir drs dr mr prof med rer nat jur phil dent oec habil"
)
"""Titles only when a stop follows: a bare M is an initial, Fr a Friday, mr a typo."""
PLACE_AFTER = word_set(
    """Straße Strasse Str Weg Platz Allee Gasse Ring Damm Ufer Chaussee Brücke Street St
    Road Rd Avenue Ave Lane Square Drive Straat Laan Plein Gracht Kade Singel Park Stiftung
    Institut Universität University Schule Gymnasium Klinik Hospital Foundation Preis Prize
    Award Airport Flughafen Bahnhof Center Centre Haus Museum Stadion Kaserne Team Crew
    Staff Support Gruppe Group Familie Family Abteilung Department Afdeling Service Close
    Way Court Gardens Crescent Terrace Grove Rise View Walk Mews Row Plaza Bridge Glen
    Mountain Mountains Camp Ridge Meadow Meadows Ferry Quay Wharf Parade Circus Heights
    Hollow Trail Turnpike Junction Springs Station Harbour Harbor Manor Estate Estates"""
)
"""A word after a name that makes it part of something else: Konrad Adenauer Platz, the
Acme Team."""
PLACE_BEFORE = word_set(
    """rue avenue boulevard place allée quai impasse chemin cours square Rue Avenue Boulevard
    Place Allée Quai Impasse Chemin Lycée École Collège Hôpital Université Institut
    Fondation Prix Stade Aéroport Gare Musée Saint Sainte St Sankt"""
)
"""A word before a name that makes it part of a place: rue Victor Hugo."""


@dataclass(frozen=True)
class Cue:
    """Phrases after which a name may follow, found by their first word (a set lookup per
    word is much faster than a case-insensitive search at every position)."""

    first_words: frozenset[str]
    pattern: re.Pattern[str]

    def match(self, text: str, start: int) -> re.Match[str] | None:
        return self.pattern.match(text, start)


def cue(phrases: Iterable[str], tail: str) -> Cue:
    ordered = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    return Cue(
        first_words=frozenset(re.split(r"[\s.]", p, maxsplit=1)[0] for p in ordered),
        pattern=re.compile(rf"(?i:{alternatives})(?!\w){tail}"),
    )


SALUTATIONS = cue(
    """sehr geehrte|sehr geehrter|sehr geehrtes|liebe|lieber|liebes|guten tag|guten morgen
    |guten abend|hallo|moin|servus|geachte|beste|goedemorgen|goedemiddag|goedenavond|hoi|dag
    |cher|chère|chers|bonjour|bonsoir|salut|dear|hi|hello|hey|good morning|good afternoon
    |good evening""".replace("\n", "").split("|"),
    r"[ \t,]+",
)
_GREETINGS = ("grüße", "grüsse", "gruesse", "gruß", "gruss", "grüßen", "grüssen", "gruessen")
CLOSINGS = cue(
    [
        *(f"{word} {greeting}" for word in ("mit freundlichen", "mit besten", "mit herzlichen",
          "freundliche", "viele", "beste", "liebe", "herzliche", "schöne", "sonnige")
          for greeting in _GREETINGS),
        *_GREETINGS,
        "mit freundlichem gruß", "mit freundlichem gruss", "mfg", "hochachtungsvoll",
        *(f"{word} {greeting}" for word in ("met vriendelijke", "met hartelijke",
          "vriendelijke", "hartelijke") for greeting in ("groet", "groeten")),
        "groet", "groeten", "groetjes", "hoogachtend", "mvg", "lg", "vg",
        "cordialement", "bien cordialement", "bien à vous", "amicalement", "bises",
        "sincères salutations", "meilleures salutations", "salutations distinguées",
        "kind regards", "best regards", "warm regards", "kindest regards", "warmest regards",
        "regards", "sincerely", "yours sincerely", "yours faithfully", "yours truly",
        "best wishes", "many thanks", "thanks", "thank you", "cheers", "best", "all the best",
        "respectfully", "yours", "très cordialement",
        "danke", "vielen dank", "danke schön", "bis bald", "bedankt", "alvast bedankt",
        "dank je", "dank u", "tot ziens", "merci", "merci beaucoup", "à bientôt",
        "bonne journée", "bien à toi", "see you", "talk soon",
    ],
    r"\s*[,.!]?[ \t]*(?:\n[ \t]*)*",
)  # fmt: skip
_ROLES = """ansprechpartner|ansprechpartnerin|kontaktperson|contactpersoon|contact person|contact
    |name|naam|nom|nom complet|vorname|nachname|prénom|sachbearbeiter|sachbearbeiterin
    |bearbeiter|bearbeiterin|geschäftsführer|geschäftsführerin|geschäftsführung|inhaber
    |inhaberin|vorstand|prokurist|prokuristin|managing director|director|ceo|cfo|cto|gérant|gérante|directeur
    |directrice|mitarbeiter|mitarbeiterin|employee|werknemer|salarié|arbeitnehmer
    |arbeitnehmerin|bewerber|bewerberin|antragsteller|antragstellerin|kontoinhaber
    |kontoinhaberin|account holder|titulaire|rekeninghouder|patient|patientin|mieter
    |mieterin|vermieter|vermieterin|eigentümer|eigentümerin|auteur|author|verfasser
    |verfasserin|von|an|from|to|cc|bcc|van|aan|de|à|absender|empfänger|verantwortlich|responsable|behandelaar
    |auftraggeber|requested by|approved by|genehmigt von|erstellt von|created by|prepared by
    |assigned to|owner|kontakt|betreuer|betreuerin|berater|beraterin|kundenberater
    |kundenberaterin|teilnehmer|teilnehmerin|referent|referentin|vertreter|vertreterin
    |unterschrift|unterzeichner|käufer|käuferin|verkäufer|verkäuferin|schuldner|gläubiger
    |kunde|kundin|klant|client|cliente|behandeld door|interlocuteur|interlocutrice
    |signataire|destinataire|expéditeur|attendees|participant|participants|applicant
    |tenant|landlord|buyer|seller|signatory|recipient|sender|account name|cardholder
    |name on card|beneficiary|payee|full name|begünstigter|zahlungsempfänger|karteninhaber
    |karteninhaberin|kaarthouder|titulaire de la carte|porteur de la carte|handled by
    |assigné à|assignée à|toegewezen aan|zugewiesen an|bearbeitet von|opdrachtgever
    |reported by|gemeld door|signalé par|gemeldet von|aanvrager|aanvraagster|demandeur
    |demandeuse|requester|candidate|candidat|candidate|kandidaat|speaker|spreker|intervenant
    |intervenante|redner|rednerin|notulist|protokoll|secretary|chair|voorzitter|vorsitz
    |présents|présent|présente|excusé|excusée|excusés|absents|absent|gäste|gast|anwesend
    |abwesend|entschuldigt|aanwezig|afwezig|present|apologies|anrufer|anruferin|beller
    |appelant|appelante|caller|victime|opfer|slachtoffer|victim|conjoint|conjointe|enfant
    |ehepartner|kind|echtgenoot|echtgenote|spouse|child|holder|inhaber|leden|mitglieder
    |membres|members|kinder|kinderen|enfants|children|brautpaar|hoofdhuurder|medehuurder
    |référent|référente|referent technique|leidinggevende|sachbearbeitung|medewerker
    |medewerkster|buddy|mentor|tutor|agent|driver|conducteur|conductrice|chauffeur|fahrer
    |fahrerin|bestuurder|passenger|passagier|passagière|beifahrer|beifahrerin|bijrijder
    |witness|zeuge|zeugin|getuige|témoin|représentant légal|représentante légale
    |legal guardian|erziehungsberechtigte|erziehungsberechtigter|wettelijk vertegenwoordiger
    |accompagnateur|accompagnatrice|accompagnateurs|begleiter|begleiterin|begeleider
    |begeleidster|checked by|geprüft von|gecontroleerd door|vérifié par|vérifiée par
    |rédigé par|rédigée par|written by|geschreven door|verfasst von|committed by|merged by
    |reviewed by|organiser|organizer|organisator|organisatorin|organisateur|organisatrice
    |coach|manager|duty manager|gezinslid|familienmitglied|household member|membre du foyer
    |lid|mitglied|member|membre|ehrenmitglied|huurder|locataire|propriétaire|verhuurder
    |bailleur|bewoner|resident|occupant|occupante|student|étudiant|étudiante|leerling
    |schüler|schülerin|pupil|élève|kind|child|baby|bébé|verzekerde|versicherte|versicherter
    |assuré|assurée|policyholder|insured|sollicitant|sollicitante|stagiair|stagiaire
    |praktikant|praktikantin|intern|trainee|auszubildende|auszubildender|apprenti|apprentie
    |werkgever|employer|arbeitgeber|employeur|opgesteld door|établi par|établie par
    |aufgenommen von|taken by|behandelnder arzt|médecin traitant|referring doctor|gp|huisarts
    |hausarzt|hausärztin|dierenarts|tierarzt|tierärztin|vétérinaire|vet|contact person
    |noodcontact|emergency contact|notfallkontakt|personne à prévenir|contact d'urgence"""
LABELS = cue(
    _ROLES.replace("\n", "").replace(" |", "|").split("|"),
    r"(?:[ \t]+\d{1,2})?[ \t]*:[ \t]*",  # numbered too: Patient 2:, Gezinslid 3:
)
HANDOVERS = cue(
    ["signed by", "signé par", "getekend door", "unterzeichnet von", "unterschrieben von",
     "attn", "attn.", "attn:", "z. hd.", "z.hd.", "zu händen", "zu händen von", "t.a.v.",
     "à l'attention de", "a l'attention de", "i. a.", "i.a.", "i. v.", "i.v.", "ppa.", "gez.",
     "je soussigné", "je soussignée", "nous soussignés", "ondergetekende", "the undersigned",
     "der unterzeichnete", "die unterzeichnete", "w.g.", "geb.", "fam."],
    r"[ \t]*",
)  # fmt: skip
RELATIONS = cue(
    word_set(
        """kollege kollegin colleague collega collègue chef chefin vorgesetzter vorgesetzte
        manager managerin assistent assistentin assistant assistante partner partnerin
        ehemann ehefrau husband wife vrouw mari épouse sohn tochter son daughter zoon
        dochter fils fille bruder schwester brother sister broer zus frère sœur eheleute
        ehepaar echtpaar époux familie famille techniker technikerin technicien technicienne
        monteur fahrer fahrerin chauffeur tandarts huisarts arts dokter zahnarzt zahnärztin
        arzt ärztin studieadviseur kantor pfarrer pfarrerin pastor dominee vrijwilliger
        buurman buurvrouw nachbar nachbarin voisin voisine projektleiter projektleiterin
        projectleider adviseur adviseuse trainer trainerin docent docente lehrer lehrerin
        mondhygiënist cc contact zuständig née geborene gezinslid pate patin"""
    ),
    r"[ \t]+",
)
"""Words for a person's relation that a name may directly follow: unser Kollege Sven."""
CONTACTS = cue(
    ["spoke to", "spoke with", "speak to", "speak with", "talk to", "talked to", "ask for",
     "asked", "call", "ring", "thanks to", "welcome", "gesproken met",
     "gebeld met", "schreef", "schrieb", "bel met", "vraag naar", "overleg met", "welkom", "dank aan",
     "sprach mit", "gesprochen mit", "telefoniert mit", "telefonat mit", "rücksprache mit",
     "frag", "fragen sie", "danke an", "willkommen", "parlé avec", "appelé",
     "appelez", "demandez", "demander à", "voir avec", "merci à",
     "bienvenue à"],
    r"[ \t]+",
)  # fmt: skip
"""Phrases of talking to or about someone that a name may follow: ask for Kev."""
AUTHORED = re.compile(
    r"[ \t]*(?:<[^>\n]{3,80}>|\([^)\n]{1,40}\)|\0+)?[ \t]+(?:commented|replied|wrote|added"
    r"|joined|approved|merged|reviewed|reacted|mentioned|shared|schrieb|schreef|a écrit"
    r"|hat geschrieben|heeft geschreven|reageerde|antwortete|a répondu|kommentierte)(?!\w)"
)
"""What follows a name that did something in a thread: "Anna Schmidt commented on",
"Jan de Vries <jan@…> schreef:"."""
CUES = (SALUTATIONS, LABELS, HANDOVERS, RELATIONS, CONTACTS, CLOSINGS)
SIGNATORY = re.compile(r"(?i:i\.\s?A\.|i\.\s?V\.|ppa\.|gez\.|p\.\s?o\.|pp\.)[ \t]*")
"""What may stand between a closing and the name: i.A. Anna Schmidt."""
