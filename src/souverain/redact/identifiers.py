"""Identifiers with a fixed shape: e-mail addresses, and numbers whose check digits prove
them (IBAN, VAT numbers, national identity numbers, payment cards).

A number whose check digit fails is never reported. Never logs or prints a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from stdnum import iban, luhn
from stdnum.at import vnr as at_vnr
from stdnum.be import nn as be_nn
from stdnum.ch import ssn as ch_ssn
from stdnum.ch import uid as ch_uid
from stdnum.de import idnr as de_idnr
from stdnum.eu import vat as eu_vat
from stdnum.fr import nir as fr_nir
from stdnum.gb import vat as gb_vat
from stdnum.nl import bsn as nl_bsn

from souverain.redact.base import Entity, boundary_ends, free_matches

EMAIL = re.compile(
    r"(?<![\w.+\-])[\w+\-](?:[\w.+\-]*[\w+\-])?@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,24}(?![\w\-@])"
)
# Patterns start with one character class, not a look-behind, \b or a repeat: the regex
# engine then skips ahead fast (see base.free_matches).
IBAN_CANDIDATE = re.compile(r"[A-Z][A-Z]\d{2}(?:[ \-]?[A-Z0-9]){11,32}\b")
VAT_CANDIDATE = re.compile(
    r"(?:AT|BE|BG|CY|CZ|DE|DK|EE|EL|GR|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE"
    r"|SI|SK|XI|GB)[ ]?[0-9A-Z](?:[ .\-]?[0-9A-Z]){5,14}\b"
)
SWISS_VAT = re.compile(r"CHE[ \-]?\d{3}[ .]?\d{3}[ .]?\d{3}\b")
CARD_CANDIDATE = re.compile(
    r"\d(?:\d{3}([ \-])\d{4}\1\d{4}(?:\1\d{1,7})?(?:\1\d{1,3})?|\d{3}([ \-])\d{6}\2\d{4,5}|\d{11,18})"
    r"(?![\d]|[.,\-/]\d)"
    r"|\d{12,19}(?=,\d)"  # in a CSV row, before the next numeric field
)
ELEVEN_DIGITS = re.compile(
    r"\d(?:\d{2} \d{3} \d{3} \d{2}|\d \d{2} \d{2} \d{3} \d{2}|\d[ ]?\d{3}[ ]?\d{3}[ ]?\d{3}|\d\.\d{2}\.\d{2}[ \-]?\d{3}[ .]?\d{2}"
    r"|\d{5}[ \-]\d{3}[ .\-]?\d{2})(?![\d]|[.,\-/]\d)"
)
BSN_CANDIDATE = re.compile(
    r"\d(?:\d{3}([ .])\d{2}\1\d{3}|\d{2}([ .])\d{3}\2\d{3}|\d{8})(?![\d]|[.,\-/]\d)"
)
BSN_FORMATTED = re.compile(r"\d{4}\.\d{2}\.\d{3}")
BSN_CONTEXT = re.compile(
    r"(?i)(?<![a-z])(?:bsn|burger\s?service\s?nummer|sofi[\s\-]?nummer|sofinr"
    r"|citizen service number)"
)
BELGIAN_CONTEXT = re.compile(
    r"(?i)(?:rijksregister|registre national|num[ée]ro national|national number|insz|niss"
    r"|nationalregister|\bnn\b)"
)
BELGIAN_FORMATTED = re.compile(r"\d{2}\.\d{2}\.\d{2}")
NIR_CANDIDATE = re.compile(
    r"[12][ ]?\d{2}[ ]?\d{2}[ ]?(?:\d{2}|2[AB])[ ]?\d{3}[ ]?\d{3}[ ]?\d{2}"
    r"(?![\d]|[.,\-/]\d)"
)
NINO = re.compile(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-Z]\b")
NINO_NEVER = frozenset({"BG", "GB", "KN", "NK", "NT", "TN"})
"""Prefixes never used for a National Insurance number (ZZ is, for temporary ones)."""
NINO_CONTEXT = re.compile(r"(?i)national insurance|\bni\s?(?:no|number|nr)\b|\bnino?\b")
SWISS_SSN = re.compile(r"756\.?\d{4}\.?\d{4}\.?\d{2}(?![\d]|[.,\-/]\d)")
SWISS_CONTEXT = re.compile(r"(?i)\bahv|\bavs\b|sozialversicherung|assurance sociale|\bssn\b")
AUSTRIAN_SSN = re.compile(r"\d{4} ?\d{6}(?![\d]|[.,\-/]\d)")
AUSTRIAN_CONTEXT = re.compile(
    r"(?i)sozialversicherungs|versicherungsnummer|\bsv-?nr\b|\bsvnr\b|\bvsnr\b|e-card"
)
NUMBER_NEIGHBOURS = frozenset("0123456789.,-/")
"""Characters before a number that make it part of a longer one (a date, an amount)."""
CONTEXT_WINDOW = 48
"""How many characters before a number a context word (BSN, Rijksregisternummer) may be."""


def find_emails(text: str) -> Iterator[Entity]:
    for match in EMAIL.finditer(text):  # its look-behind is cheap: every @ is rare
        yield Entity("email", match.start(), match.end(), match.group())


def find_ibans(text: str) -> Iterator[Entity]:
    yield from _longest_valid(text, IBAN_CANDIDATE, "iban", _is_iban, " -")


def find_vat_numbers(text: str) -> Iterator[Entity]:
    yield from _longest_valid(text, VAT_CANDIDATE, "vat", _is_vat, " .-")
    for match in _candidates(text, SWISS_VAT):
        if ch_uid.is_valid(match.group()):  # the number; MWST/TVA/IVA may follow
            yield Entity("vat", match.start(), match.end(), match.group())


def find_national_ids(text: str) -> Iterator[Entity]:
    """German tax ids, Dutch BSNs, French NIRs, Belgian national numbers, UK National
    Insurance numbers, Swiss AHV and Austrian social security numbers."""
    yield from _matching(text, ELEVEN_DIGITS, _is_eleven_digit_id)
    yield from _matching(text, BSN_CANDIDATE, _is_bsn)
    yield from _matching(text, NIR_CANDIDATE, lambda _text, m: fr_nir.is_valid(m.group()))
    yield from _matching(text, NINO, _is_nino)
    yield from _matching(text, SWISS_SSN, _is_swiss_ssn)
    yield from _matching(text, AUSTRIAN_SSN, _is_austrian_ssn)


def find_payment_cards(text: str) -> Iterator[Entity]:
    for match in _candidates(text, CARD_CANDIDATE):
        digits = re.sub(r"\D", "", match.group())
        if not (luhn.is_valid(digits) and card_brand_allows(digits)):
            continue
        if len(digits) > SHORT_CARD or _named_before(text, match, CARD_CONTEXT):
            yield Entity("credit_card", match.start(), match.end(), match.group())


def card_brand_allows(digits: str) -> bool:
    """Whether a known card network issues numbers with this prefix and length."""
    length = len(digits)
    return any(
        prefix_low <= int(digits[: len(str(prefix_low))]) <= prefix_high and length in lengths
        for prefix_low, prefix_high, lengths in CARD_RANGES
    )


CARD_RANGES: tuple[tuple[int, int, tuple[int, ...]], ...] = (
    (4, 4, (13, 16, 19)),  # Visa
    (51, 55, (16,)),  # Mastercard
    (2221, 2720, (16,)),  # Mastercard 2-series
    (34, 34, (15,)),  # American Express
    (37, 37, (15,)),
    (300, 305, (14, 16, 19)),  # Diners Club
    (36, 36, (14, 16, 19)),
    (38, 39, (14, 16, 19)),
    (6011, 6011, (16, 19)),  # Discover
    (644, 649, (16, 19)),
    (65, 65, (16, 19)),
    (35, 35, (16, 19)),  # JCB (3528-3589 today)
    (1800, 1800, (15,)),  # JCB, older ranges
    (2131, 2131, (15,)),
    (62, 62, (16, 17, 18, 19)),  # UnionPay
    (50, 50, (12, 13, 16, 19)),  # Maestro
    (56, 58, (12, 13, 16, 19)),
    (6304, 6304, (12, 13, 16, 19)),
    (67, 67, (12, 13, 16, 19)),
    (2200, 2204, (16,)),  # Mir
)
SHORT_CARD = 13
"""Up to this length a card number needs the word card nearby: article (GTIN-13) and
location (GLN) numbers of that length are everywhere on invoices, and may pass Luhn."""
CARD_CONTEXT = re.compile(
    r"(?i)karte|card|carte|kaart|visa|master|maestro|amex|american express|diners|jcb"
    r"|discover|\bcb\b|\bpan\b"
)


def _longest_valid(
    text: str, pattern: re.Pattern[str], kind: str, valid: Callable[[str], bool], separators: str
) -> Iterator[Entity]:
    """For each candidate, the longest prefix ending between groups that ``valid`` accepts:
    a greedy candidate may have swallowed the next word (``DE89 3704 … 00 BIC``)."""
    for match in _candidates(text, pattern):
        for end in boundary_ends(text, match.start(), match.end(), separators):
            value = text[match.start() : end]
            if valid(value):
                yield Entity(kind, match.start(), end, value)
                break


def _matching(
    text: str, pattern: re.Pattern[str], valid: Callable[[str, re.Match[str]], bool]
) -> Iterator[Entity]:
    for match in _candidates(text, pattern):
        if valid(text, match):
            yield Entity("national_id", match.start(), match.end(), match.group())


def _candidates(text: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    return free_matches(text, pattern, _continues)


def _continues(before: str, match: str) -> bool:
    """Whether a match continues a word, or (for a number) a longer number."""
    if before.isalpha() or before == "_":
        return True
    return match[0].isdigit() and before in NUMBER_NEIGHBOURS


def _is_iban(value: str) -> bool:
    return 15 <= len(value.replace(" ", "").replace("-", "")) <= 34 and bool(iban.is_valid(value))


def _is_vat(value: str) -> bool:
    compact = re.sub(r"[ .\-]", "", value)
    if compact.startswith("GB"):
        return bool(gb_vat.is_valid(compact))
    if compact.startswith("GR"):
        compact = "EL" + compact[2:]
    return bool(eu_vat.is_valid(compact))


def _is_eleven_digit_id(text: str, match: re.Match[str]) -> bool:
    """A German tax id (whose shape alone is rare), or a Belgian national number that is
    written in its own format or named nearby (11 plain digits are too common otherwise)."""
    value = match.group()
    digits = re.sub(r"\D", "", value)
    if de_idnr.is_valid(digits) and not BELGIAN_FORMATTED.match(value):
        return True
    if not be_nn.is_valid(digits):
        return False
    return bool(BELGIAN_FORMATTED.match(value)) or _named_before(text, match, BELGIAN_CONTEXT)


def _is_bsn(text: str, match: re.Match[str]) -> bool:
    """Nine digits pass the BSN check one time in eleven, so a BSN must be written as one
    (1234.56.782) or be named nearby."""
    if not nl_bsn.is_valid(re.sub(r"\D", "", match.group())):
        return False
    if BSN_FORMATTED.fullmatch(match.group()) or _named_before(text, match, BSN_CONTEXT):
        return True
    # A text that speaks of BSNs (a payroll export with a BSN column, a letter listing a
    # family's numbers) holds them further from the word; numbers after an invoice or
    # order label are still not theirs.
    return _mentions(text, BSN_CONTEXT) and not _named_before(text, match, NOT_AN_ID_CONTEXT)


def _is_nino(text: str, match: re.Match[str]) -> bool:
    """A National Insurance number: its suffix is A to D, except in the test numbers (ZZ…T)
    that only count where the number is named."""
    value = match.group()
    if value[:2] in NINO_NEVER:
        return False
    return value[-1] in "ABCD" or _named_before(text, match, NINO_CONTEXT)


def _is_swiss_ssn(text: str, match: re.Match[str]) -> bool:
    """An AHV number: 756.1234.5678.97, or 13 plain digits where it is named (its check
    digit is that of an EAN-13 article number)."""
    if not ch_ssn.is_valid(match.group()):
        return False
    return "." in match.group() or _named_before(text, match, SWISS_CONTEXT)


def _is_austrian_ssn(text: str, match: re.Match[str]) -> bool:
    digits = match.group().replace(" ", "")
    return bool(at_vnr.is_valid(digits)) and _named_before(text, match, AUSTRIAN_CONTEXT)


NOT_AN_ID_CONTEXT = re.compile(
    r"(?i)(?:rechnung|factuur|facture|invoice|bestel|order|commande|auftrag|kunden|klant"
    r"|client|customer|artikel|article|ticket|dossier|referen|kvk|rsin|siren|siret|tel|fax)"
    r"[^\n\d]{0,20}$"
)
"""Labels right before a number that make it some other number."""


def _mentions(text: str, context: re.Pattern[str]) -> bool:
    return context.search(text) is not None


def _named_before(text: str, match: re.Match[str], context: re.Pattern[str]) -> bool:
    window = text[max(0, match.start() - CONTEXT_WINDOW) : match.start()]
    return context.search(window) is not None
