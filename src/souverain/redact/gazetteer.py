"""Word lists the name finder consults: first and last names from Faker's locales, the
language lexicons of simplemma, and short lists of words that are never names.

Everything is loaded once, lazily, and kept; nothing here reads a file per call.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib.resources import files

from souverain.redact.romanise import romanised

NAME_LOCALES = (
    "de_DE", "de_AT", "de_CH", "de_LI", "de_LU", "nl_NL", "nl_BE", "fr_FR", "fr_BE", "fr_CH",
    "fr_DZ", "en_GB", "en_US", "en_IE", "en_NZ", "it_IT", "es_ES", "pl_PL", "tr_TR", "pt_PT",
    "pt_BR", "da_DK", "sv_SE", "no_NO", "fi_FI", "cs_CZ", "sk_SK", "sl_SI", "hr_HR", "hu_HU",
    "ro_RO", "lt_LT", "lv_LV", "et_EE", "ga_IE", "is_IS",
    # People from everywhere live and work in Europe: the Latin-script lists of other
    # regions (Indian, Nigerian, Ghanaian, Kenyan, Vietnamese, Latin American, Azerbaijani,
    # Indonesian, Uzbek, Thai names).
    "en_IN", "en_PK", "en_NG", "yo_NG", "ig_NG", "ha_NG", "tw_GH", "en_KE", "sw", "zu_ZA",
    "vi_VN", "es", "es_MX", "es_AR", "es_CO", "es_CL", "fr_CA", "fr_QC", "az_AZ", "id_ID",
    "uz_UZ", "en_TH",
    # Cyrillic and Greek lists in their usual Latin spellings (romanise.py), and the
    # romanised lists of the Chinese and Japanese providers. Not bg_BG: its first names hold
    # words (Agent). Arabic, Persian and Hebrew script carry no vowels to romanise from:
    # those names come from our own lists (NAME_FILES).
    "uk_UA", "ru_RU", "mk_MK", "el_GR", "zh_CN", "zh_TW", "ja_JP",
)  # fmt: skip
NAME_FILES = {"first_name": "given_names.txt", "last_name": "surnames.txt"}
"""Our own lists of given names and surnames in use in Europe that Faker lacks (common
short forms, regional names, the names of communities Faker has no Latin list for)."""
LEXICON_LANGUAGES = ("de", "nl", "fr", "en")
MAX_SHORT_WORD = 2
"""Names this short that are also words of ours are left out of our own lists."""


def word_set(words: str) -> frozenset[str]:
    """The words of a whitespace-separated list, as a set."""
    return frozenset(words.split())


LATIN_NAME = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-ſ][a-zß-öø-ÿĀ-ſ]+(?:[-'’][A-ZÀ-ÖØ-ÞĀ-ſ]?[a-zß-öø-ÿĀ-ſ]+)*")

PARTICLES = word_set(
    "van von vom zu zur der den de del della di da das dos du des la le ter ten 't"
    " el al ben bin ibn abu ait"
)
"""Lower-case words inside a name (Jan van der Berg, Charles de Gaulle, Ursula von der Leyen)."""

FUNCTION_WORDS = word_set(
    """
    Sie Ihr Ihre Ihnen Wir Uns Unser Unsere Ich Mir Mich Du Dir Er Es Man Die Der Das Den
    Dem Des Ein Eine Einen Einem Einer Und Oder Aber Mit Von Vom Zu Zur Zum Bei Für Auf In
    Im Am An Als Wenn Nach Vor Über Unter Ab Bis Seit Durch Ohne Gegen Um Aus Dies Diese
    Dieser Dieses Anbei Bitte Danke Vielen Herzlichen Gerne Ja Nein Hallo Liebe Lieber
    Sehr Geehrte Geehrter Geehrtes Beste Bester Grüße Gruß Viele Freundliche Freundlichen
    Herr Herrn Frau Fräulein Damen Herren Kollegen Kolleginnen Team Alle Zusammen Kunde
    Kunden Firma
    De Het Een En Of Van Voor Met Bij Op Te Naar Aan Uit Om Over Door Dit Dat Deze Die Wij
    Ons Onze Hij Zij Jij Je Uw Geachte Groet Groeten Hartelijke Vriendelijke Heer
    Mevrouw Meneer Dag Hoi Dank
    Le La Les Un Une Des Du Au Aux Et Ou Mais Pour Par Avec Sans Sur Sous Dans Chez Entre
    Nous Vous Il Elle Ils Elles Je Ce Cette Ces Mon Ma Mes Votre Vos Notre Nos Tous Toutes
    Cher Chère Chers Chères Bonjour Bonsoir Madame Monsieur Mademoiselle Messieurs Merci
    Cordialement Salutations Bien
    The A An And Or Of To For With By From At On In As Is It Its This That These Those We
    Our Us You Your He She They Them His Her Their I My Me All Everyone Dear Hi Hello Hey
    Thanks Thank Regards Best Kind Sincerely Yours Mr Mrs Ms Miss Sir Madam Dr Prof Please
    Attn Re Fwd Subject Date Customer Customers Colleagues
    Emeritus Bürgermeister Bürgermeisterin Minister Ministerin Präsident Präsidentin
    Vorsitzende Vorsitzender Rechtsanwalt Rechtsanwältin Notarin Abgeordnete Abgeordneter
    Botschafter Botschafterin Kollege Kollegin President Chairman Mayor Ambassador Secretary
    Président Présidente Ministre Maire Directrice Burgemeester Voorzitter Wethouder
    """
)
"""Words that are never a name, not even after a title (M. It) or a salutation (Dear All):
pronouns, articles, prepositions, greetings, people in general, offices (Frau Ministerin)."""

NOT_NAMES = FUNCTION_WORDS | word_set(
    """
    Januar Februar März April Mai Juni Juli August September Oktober November Dezember
    January February March May June July October December Janvier Février Mars Avril Juin
    Juillet Août Septembre Octobre Novembre Décembre Januari Februari Maart Augustus
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Monday Tuesday Wednesday
    Thursday Friday Saturday Sunday Tue Wed Fri Sat Sun Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
    Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Frühling Sommer Herbst Winter
    Summer Spring Autumn Ostern Weihnachten Pfingsten Christmas Easter Pâques
    Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Wien Zürich Genf Bern Basel
    Paris Lyon Marseille Lille Bordeaux Nantes Toulouse Strasbourg Brüssel Bruxelles Brussel
    Brussels Amsterdam Rotterdam Utrecht Eindhoven Antwerpen Gent London Manchester Dublin
    Luxembourg Luxemburg Europe Europa Deutschland Germany Allemagne Frankreich France
    Nederland Niederlande Netherlands Holland Belgien Belgique België Belgium Österreich
    Austria Schweiz Suisse Switzerland England Italia Italien Italy Spanien Spain Espagne
    Polen Poland Victoria Florence Georgia Jordan Israel America Amerika China Japan India
    Rechnung Vertrag Angebot Auftrag Bestellung Lieferung Zahlung Betrag Summe Gesamt Netto
    Brutto Mehrwertsteuer Datum Seite Anlage Anhang Betreff Bezug Projekt Kontakt Telefon
    Invoice Contract Order Payment Amount Total Page Project Contact Phone Email Mail
    Facture Contrat Commande Paiement Montant Objet Factuur Bedrag Betreft Offerte
    GmbH AG KG Inc Ltd Euro Dollar Internet Online Office Service Support Marketing
    Sales Vertrieb Buchhaltung Personal Verwaltung Geschäftsführer Geschäftsführung
    Straße Strasse Weg Platz Allee Gasse Ring Street Road Avenue Lane Rue Place Straat Laan
    Plein Gracht Kade Singel Boulevard Chemin Quai Impasse Route
    Mercedes Porsche Opel Renault Peugeot Toyota Apple Google Amazon Microsoft
    """
)
"""Capitalised words that are not names without a strong cue, whatever the name lists
say: function words, months, places, business words, brands (Herr Sommer is still one)."""


@cache
def first_names() -> frozenset[str]:
    return _names("first_name")


@cache
def last_names() -> frozenset[str]:
    return _names("last_name")


def _names(kind: str) -> frozenset[str]:
    """The words of every list of a Faker person provider whose name says ``kind``
    (first_names_female, unisex_last_names, ...), over our locales."""
    names: set[str] = set()
    for locale in NAME_LOCALES:
        names.update(_name_words(_provider_names(locale, kind)))
    known = common_word(None)
    names.update(
        word
        for word in _name_words(_listed_names(NAME_FILES[kind]))
        if len(word) > MAX_SHORT_WORD or not known(word)  # Vu, Ng, Xu; not Do, So, An
    )
    return frozenset(names - NOT_NAMES)


def _listed_names(filename: str) -> list[str]:
    """One name per line; lines starting with # head a section."""
    resource = files("souverain.redact") / "data" / filename
    if not resource.is_file():
        return []
    lines = resource.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _provider_names(locale: str, kind: str) -> Iterable[str]:
    try:
        module = importlib.import_module(f"faker.providers.person.{locale}")
    except ImportError:  # a locale this Faker version does not have
        return ()
    found: list[str] = []
    part = kind.split("_")[0]  # first_romanized_names: the Latin list of zh_CN, ja_JP
    # vars(): a few providers compute a list in a property, which the class cannot give
    for attribute, value in vars(module.Provider).items():
        wanted = kind in attribute or (part in attribute and "romanized" in attribute)
        if wanted and isinstance(value, dict | tuple | list | set | frozenset):
            found.extend(spelling for name in value for spelling in romanised(str(name)))
    return found


def _name_words(names: Iterable[str]) -> Iterable[str]:
    """Each capitalised word of each name: "van der Meer" gives "Meer", "Jean-Luc" itself."""
    for name in names:
        for word in name.split():
            if LATIN_NAME.fullmatch(word) and word.lower() not in PARTICLES:
                yield word


@cache
def lexicon(language: str | None) -> Callable[[str], bool]:
    """Whether a word is in the dictionary of the language (of any of ours when it is not
    known): its lower-case form, or, in German, where every noun is capitalised, the word
    as written. The dictionaries hold some proper nouns too (Nicolas, Konrad); common_word
    tells a name from a word."""
    dictionaries, german = _dictionaries(language)

    @cache
    def known(word: str) -> bool:
        lower = word.lower()
        return (german is not None and word in german) or any(lower in d for d in dictionaries)

    return known


def _dictionaries(language: str | None) -> tuple[list[Mapping[str, str]], Mapping[str, str] | None]:
    """simplemma's dictionaries (form to lemma) for ``language``, or for all of ours when
    it is not one of them, and the German one when it is among them."""
    from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY

    languages = (language,) if language in LEXICON_LANGUAGES else LEXICON_LANGUAGES
    dictionaries = [LOW_MEMORY_DICTIONARY_FACTORY.get_dictionary(code) for code in languages]
    german = LOW_MEMORY_DICTIONARY_FACTORY.get_dictionary("de") if "de" in languages else None
    return dictionaries, german


GERMAN_ENDINGS = ("n", "en", "e", "er", "es")
"""Endings of German plurals and cases: a noun that takes them (Rose, Rosen) is a word."""


@cache
def common_word(language: str | None) -> Callable[[str], bool]:
    """Whether a first name is also a common word of the language (Rose, Mark, Will,
    romain), as opposed to a name the dictionaries hold as a proper noun (Nicolas, Karim,
    Konrad). Outside German the dictionary tells: a proper noun's lemma is capitalised.
    German capitalises every noun, so there a word must inflect as nouns do (Rosen, Marken)
    or be another word's form; names mostly do neither."""
    dictionaries, german = _dictionaries(language)

    @cache
    def common(word: str) -> bool:
        lower = word.lower()
        for dictionary in dictionaries:
            lemma = dictionary.get(lower)
            if lemma is not None and lemma[:1].islower():
                return True
        lemma = None if german is None else german.get(word)
        if german is None or lemma is None:
            return False
        return lemma != word or any(german.get(word + e) == word for e in GERMAN_ENDINGS)

    return common
