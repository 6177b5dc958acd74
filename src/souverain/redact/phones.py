"""Telephone numbers in international and national formats of the countries we serve,
checked against libphonenumber's numbering plans: valid, or of a possible length where the
text writes or names it as a phone (invented numbers in examples are phones too).

Dates, amounts, postal codes and labelled reference numbers are not phones. Never logs
or prints a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial

import phonenumbers

from souverain.redact.base import Entity, boundary_ends, free_matches

CANDIDATE = re.compile(r"[+(\d][\d ()/.\-\u00a0]{4,40}\d(?![\w]|[.,/\-]\d|%)")
"""Digits with the separators of phone numbers; see base.free_matches for its start."""
NOT_BEFORE = frozenset("+./-,")
DATE = re.compile(r"\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}|\d{1,2}[./]\d{1,2}[./]?\s*-\s*\d.*")
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
DATE_PREFIX = re.compile(
    rf"(?:{_DAY}[./\-]{_MONTH}[./\-](?:\d{{4}}|\d{{2}})|\d{{4}}[./\-]{_MONTH}[./\-]{_DAY})(?![./]?\d)"
    rf"|{_MONTH}[./]\d{{4}}(?!\d)|(?:[01]?\d|2[0-3])[.:][0-5]\d(?![.:/]?\d)"
)
"""A date, a month (04/2024) or a time (08.30) at the start of a run: skipped, and the run
may go on with a phone. A group that goes on (01.23.45.67.89) is no date."""
DECIMAL = re.compile(r"(?<!\d)0[.,]\d")
LIST_SLASH = re.compile(r"\s/\s")
AREA_CODE_BRACKETS = 8
"""An area code in brackets closes within this many characters: (030), (01632)."""
SEPARATORS = " ()/.-\u00a0"
REGIONS_BY_LANGUAGE = {
    "de": ("DE", "AT", "CH", "LU", "BE", "NL", "FR", "GB"),
    "nl": ("NL", "BE", "DE", "LU", "FR", "GB", "AT", "CH"),
    "fr": ("FR", "BE", "CH", "LU", "DE", "NL", "GB", "AT"),
    "en": ("GB", "DE", "NL", "FR", "BE", "AT", "CH", "LU"),
}
ALL_REGIONS = ("DE", "NL", "FR", "GB", "BE", "AT", "CH", "LU")
PHONE_CUE = re.compile(
    r"(?i)(?:\btel\b|\btél\b|telefo|téléphone|phone|\bfax\b|mobil|handy|\bfon\b|portable"
    r"|\bgsm\b|\bmob\b|\bcell|rufnummer|durchwahl|\bcall\b|\banrufen|\bbellen|appel"
    r"|\bruf\b|\bt\s?:|\bm\s?:|\bf\s?:|\bnummer\s+ist\b)"
)
REFERENCE_CUE = re.compile(
    r"(?i)(?:rechnung|invoice|factu|\bnr\b|\bno\b|\bn°|kunden-?n(?:umme)?r|\bkd\.?-?nr"
    r"|customer\s+(?:no|number|id|ref)|order|bestell|auftrag|referen|\bref\b|\baz\b"
    r"|aktenzeichen|vorgang|iban|\bbic\b|konto|\bkto\b|\bblz\b|steuer|\bust|\bvat\b|\bbtw\b"
    r"|\btva\b|siret|siren|\bkvk\b|\bhr[ab]\b|\bplz\b|postfach|artikel|\bart\b|\bpos\b"
    r"|dossier|kenmerk|vertrags-?n(?:umme)?r|contract\s+(?:no|number)|polic|polis|polizz|sendung"
    r"|tracking|lieferschein|\bid\b|\bsku\b|\bean\b|\bgtin\b|\bgln\b|\bisbn\b|\bbsn\b"
    r"|mandat|vsnr|versicherungs-?n(?:umme)?r|versicherungsschein|mitglieds|member|zähler|meter)"
)
"""Labels of numbers that are not phones (Rechnungsnummer, Kundennr., order no.)."""
CUE_WINDOW = 40
MIN_DIGITS = 7
MAX_PLAIN_DIGITS = 12


def find_phones(text: str, language: str | None = None) -> Iterator[Entity]:
    regions = REGIONS_BY_LANGUAGE.get(language or "", ALL_REGIONS)
    for match in free_matches(text, CANDIDATE, _continues):
        if _digit_count(match.group()) < MIN_DIGITS or _after_time(text, match.start()):
            continue  # most runs (dates, amounts, postcodes) end here, before slower checks
        start = match.start()
        if match.group().startswith("(") and ")" not in match.group()[:AREA_CODE_BRACKETS]:
            start += 1  # a number in brackets, "(05 31 17 28 99)", not a bracketed area code
        international = match.group().startswith("+")
        if international or not _labelled_as_reference(text, start):
            yield from _phones_in(text, start, match.end(), regions)


def _phones_in(text: str, start: int, end: int, regions: tuple[str, ...]) -> Iterator[Entity]:
    """The phones in one run of digits and separators. After a phone or a date the run may
    go on with another number; anything else ends it (no phones inside reference numbers)."""
    cued = partial(_has_cue, text, start)
    position = start
    while position < end:
        date = DATE_PREFIX.match(text, position, end)
        if date is not None:
            position = _skip_separators(text, date.end(), end)
            continue
        found = _phone_at(text, position, end, regions, cued)
        if found is None:
            return
        yield found
        position = _skip_separators(text, found.end, end)


def _phone_at(
    text: str, start: int, end: int, regions: tuple[str, ...], cued: Callable[[], bool]
) -> Entity | None:
    if not (text[start].isdigit() or text[start] in "+("):
        return None
    for stop in boundary_ends(text, start, end, SEPARATORS):
        value = text[start:stop]
        if not DATE.fullmatch(value) and _is_phone(value, regions, cued):
            return Entity("phone", start, stop, value)
    return None


def _skip_separators(text: str, position: int, end: int) -> int:
    while position < end and text[position] in " /.-)\u00a0":
        position += 1
    return position


def _after_time(text: str, start: int) -> bool:
    """The seconds of 23:40:08.510638 are no phone."""
    return start >= 2 and text[start - 1] == ":" and text[start - 2].isdigit()


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)


def _continues(before: str, _match: str) -> bool:
    return before.isalnum() or before == "_" or before in NOT_BEFORE


def _is_phone(value: str, regions: tuple[str, ...], cued: Callable[[], bool]) -> bool:
    """Valid in a numbering plan; or, written as a phone (+44…, 030/…, (0)…) or named one,
    of a possible length: invented numbers (+44 1632 960…, 0123 456789) are phones too."""
    digits = re.sub(r"\D", "", value)
    if not MIN_DIGITS <= len(digits) <= 15 or value.count("(") != value.count(")"):
        return False
    if LIST_SLASH.search(value):
        return False  # "06 65 57 90 67 / 07 66 81 64 80": two numbers, not one
    if DECIMAL.search(value):
        return False  # 0.895: a number below one, not a trunk prefix
    if value.isdigit() and len(value) > MAX_PLAIN_DIGITS and not cued():
        return False  # 13 digits in one block: an article number (EAN), not a phone
    if value.startswith(("+", "00")):
        return _acceptable(re.sub(r"^00", "+", value), None, strict=False)
    if not (digits.startswith("0") or cued()):
        return False  # a national number starts with its trunk prefix 0 (Luxembourg aside)
    strict = value.isdigit() and not cued()  # a bare block of digits must be a real number
    return any(_acceptable(value, region, strict) for region in regions)


def _acceptable(value: str, region: str | None, strict: bool) -> bool:
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    if phonenumbers.is_valid_number(number):
        return True
    return not strict and bool(phonenumbers.is_possible_number(number))


def _line_before(text: str, start: int) -> str:
    line_start = text.rfind("\n", 0, start) + 1
    return text[max(line_start, start - CUE_WINDOW) : start]


def _has_cue(text: str, start: int) -> bool:
    return PHONE_CUE.search(_line_before(text, start)) is not None


def _labelled_as_reference(text: str, start: int) -> bool:
    """An invoice, customer or order number label closer to the number than any phone cue."""
    before = _line_before(text, start)
    references = [m.end() for m in REFERENCE_CUE.finditer(before)]
    phones = [m.end() for m in PHONE_CUE.finditer(before)]
    return bool(references) and (not phones or max(references) > max(phones))
