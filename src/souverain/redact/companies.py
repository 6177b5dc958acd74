"""Company names: the capitalised words before a legal form (Müller Bau GmbH, Bakker
Installatie B.V., Dupont et Fils SARL, Acme Widgets Ltd), and later mentions of the same
name without its legal form.

Never logs or prints a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from souverain.redact.base import Entity
from souverain.redact.gazetteer import NOT_NAMES, lexicon, word_set

LEGAL_FORMS = (
    r"GmbH\s?&\s?Co\.?\s?KGaA|GmbH\s?&\s?Co\.?\s?KG|GmbH\s?&\s?Co\.?\s?OHG|GmbH\s?&\s?Co\."
    r"|GMBH\s?&\s?CO\.?\s?KG|GMBH|AG\s?&\s?Co\.?\s?KG"
    r"|SE\s?&\s?Co\.?\s?KG|UG\s?\(haftungsbeschränkt\)(?:\s?&\s?Co\.?\s?KG)?|&\s?Co\.?\s?KG"
    r"|&\s?Co\.(?:\s?OHG)?|gGmbH|GmbH|KGaA|AG|KG|OHG|GbR|PartG(?:\s?mbB)?|mbH|e\.\s?K\.|e\.\s?V\."
    r"|eG|SE|B\.\s?V\.|BV|N\.\s?V\.|NV|V\.O\.F\.|VOF|C\.V\.|CV|BVBA|VZW|CVBA|SRL|SPRL|ASBL"
    r"|S\.A\.S\.U\.|SASU|S\.A\.S\.|SAS|S\.A\.R\.L\.|SARL|S\.à\s?r\.l\.|Sàrl|EURL|SNC|SCI"
    r"|S\.A\.|SA|S\.p\.A\.|SpA|S\.r\.l\.|Srl|S\.L\.U\.|S\.L\.|SL|Ltd\.|Ltd|LTD\.?|Limited|LIMITED"
    r"|LLP|PLC|plc"
    r"|Inc\.|Inc|INC\.?|LLC|L\.L\.C\.|Corp\.|Corporation|Oyj|Oy|AB|A/S|ApS|ASA|Sp\.\s?z\s?o\.\s?o\."
    r"|sp\.\s?z\s?o\.\s?o\."
    r"|s\.r\.o\.|a\.s\.|Kft\.|Zrt\.|Lda\.?|Teoranta|Teo\.|DAC|CLG|GesmbH|Ges\.m\.b\.H\."
    r"|d\.o\.o\.|OÜ|SCRL|CommV"
)
NAME_WORD = r"(?:[A-ZÄÖÜÀ-Þ][\w'’.\-]*|\d+[A-Za-z][\w\-]*|[a-z]{1,3}[A-Z][\w\-]*)"
CONNECTOR = (
    r"(?:[ \t]*[&+][ \t]*|[ \t]+-[ \t]+|-|[ \t]+(?:und|and|et|en|of|for|de|du|des|la|le|y|e|di"
    r"|della|für|van|von|der|den|zu|zur|d'|l')[ \t]+|[ \t]{1,2})"  # wider: a column gap
)
COMPANY = re.compile(
    rf"(?P<name>{NAME_WORD}(?:{CONNECTOR}{NAME_WORD}){{0,6}}?)"
    rf",?[ \u00a0](?P<form>{LEGAL_FORMS})(?![\w&])"
)
LEGAL_FORM = re.compile(rf"(?:{LEGAL_FORMS})(?![\w&])")
NAME_BEFORE_FORM = re.compile(
    rf"(?<![\w'’.\-]){NAME_WORD}(?:{CONNECTOR}{NAME_WORD}){{0,6}},?[ \u00a0]\Z"
)
NAME_WINDOW = 120
"""How far before a legal form its company name may start."""
LOWER_CONNECTORS = word_set(
    "und and et en of for de du des la le y e di della für van von der den zu zur"
)
PREPOSITIONS = word_set("de du des von van der den für for zu zur la le di della")
"""After a common word they begin the company's name: Rechnung von | Müller GmbH."""
CAPITAL_PARTICLES = word_set("Van Von De Den Der Le La Du Di Da Ter Ten")
"""The start of a family name at the start of a company name (Van der Berg Holding B.V.)."""
WORD = re.compile(r"[\w'’.\-]+|[&+]")


def find_companies(text: str, language: str | None) -> Iterator[Entity]:
    # Legal forms are rare and fast to find; the name is then read backwards from each.
    previous_end = 0
    for form in LEGAL_FORM.finditer(text):
        name = _name_before(text, form.start(), previous_end)
        start = None if name is None else _trimmed_start(text, *name, language)
        if start is not None:
            yield Entity("company", start, form.end(), text[start : form.end()])
        previous_end = form.end()


def _name_before(text: str, form_start: int, not_before: int) -> tuple[int, int] | None:
    """The span of the capitalised words (and connectors) just before a legal form, on its
    line and after the previous legal form."""
    if not form_start or text[form_start - 1] not in " \u00a0":
        return None
    line_start = text.rfind("\n", 0, form_start) + 1
    window_start = max(line_start, form_start - NAME_WINDOW, not_before)
    match = NAME_BEFORE_FORM.search(text, window_start, form_start)
    return None if match is None else (match.start(), match.end())


def company_base(entity: Entity) -> str | None:
    """The name without its legal form, for finding later mentions; None when too short or
    too common to stand for the company alone."""
    match = COMPANY.fullmatch(entity.text)
    if match is None:
        return None
    base = " ".join(match.group("name").split())
    return base if len(base) >= 3 and base not in NOT_NAMES else None


def _trimmed_start(text: str, start: int, end: int, language: str | None) -> int | None:
    """Where the name really starts: leading articles, prepositions, connectors and
    document words (Rechnung von, Angebot der, The) are not part of it."""
    words = list(WORD.finditer(text, start, end))
    known = lexicon(language)
    while words:
        first = words[0].group()
        follows = words[1].group() if len(words) > 1 else ""
        if first in CAPITAL_PARTICLES and (follows[:1].isupper() or follows in LOWER_CONNECTORS):
            return words[0].start()
        if (
            first in NOT_NAMES
            or first in LOWER_CONNECTORS
            or first in "&+-"
            or (follows in PREPOSITIONS and first[0].isupper() and known(first))
        ):
            words.pop(0)
        else:
            return words[0].start()
    return None
