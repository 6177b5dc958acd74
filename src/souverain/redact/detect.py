"""find_entities: every detector over one text, in order of trust, without overlaps.

Identifiers with a fixed shape go first, then companies, then person names found on the
text with those masked, then the other mentions of the names found. Never logs a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from souverain.redact.base import (
    Entity,
    mask,
    merge_by_priority,
    needs_squeezing,
    non_overlapping,
    squeeze_spaces,
)
from souverain.redact.companies import company_base, find_companies
from souverain.redact.credentials import find_secrets
from souverain.redact.identifiers import (
    find_emails,
    find_ibans,
    find_national_ids,
    find_payment_cards,
    find_vat_numbers,
)
from souverain.redact.names import find_persons, name_words
from souverain.redact.organisations import find_organisations
from souverain.redact.phones import find_phones

LANGUAGES = ("de", "nl", "fr", "en")
LANGUAGE_SAMPLE = 600


def find_entities(text: str, language: str | None = None) -> list[Entity]:
    """Non-overlapping entities, sorted by start. ``language``: ISO 639-1 ("de", "nl",
    "fr", "en"), or None to detect it (and to try all of ours when that fails)."""
    language = _language_of(text, language)
    identifiers = find_identifiers(text, language)
    masked = mask(text, identifiers)
    companies = list(find_companies(masked, language))
    masked = mask(masked, companies)
    organisations = non_overlapping(find_organisations(masked, language))
    masked = mask(masked, organisations)
    persons = find_persons(masked, language)
    masked = mask(masked, persons)
    company_mentions = list(_mentions(masked, _company_names(companies), "company"))
    masked = mask(masked, company_mentions)
    person_mentions = list(_mentions(masked, name_words(persons), "person"))
    return merge_by_priority(
        identifiers, companies, organisations, persons, company_mentions, person_mentions
    )


def find_identifiers(text: str, language: str | None) -> list[Entity]:
    """Secrets, e-mail addresses and numbers, the surest first where two overlap. Numbers
    spaced out as scanned forms write them (DE81  5009  0500) are read with single spaces
    and cut out of the text as written."""
    if not needs_squeezing(text):
        return _identifiers(text, language)
    squeezed, positions = squeeze_spaces(text)
    return [
        Entity(e.type, positions[e.start], positions[e.end - 1] + 1,
               text[positions[e.start] : positions[e.end - 1] + 1])
        for e in _identifiers(squeezed, language)
    ]  # fmt: skip


def _identifiers(text: str, language: str | None) -> list[Entity]:
    secrets = [Entity("secret", s, e, text[s:e]) for s, e in find_secrets(text)]
    return merge_by_priority(
        secrets,
        find_emails(text),
        find_ibans(text),
        find_payment_cards(text),
        find_vat_numbers(text),
        find_national_ids(text),
        find_phones(text, language),
    )


def _language_of(text: str, language: str | None) -> str | None:
    if language is not None:
        return language if language in LANGUAGES else None
    from souverain.language import detect_language

    # The first part of a prompt says its language as well as the whole, for a third of
    # the time on a 2,000-character prompt.
    detected = detect_language(text[:LANGUAGE_SAMPLE], default="und")
    return detected if detected in LANGUAGES else None


def _company_names(companies: Iterable[Entity]) -> set[str]:
    return {base for company in companies if (base := company_base(company)) is not None}


def _mentions(text: str, names: Iterable[str], kind: str) -> Iterator[Entity]:
    """Every other occurrence of the given names as whole words (a genitive 's allowed)."""
    ordered = sorted(names, key=len, reverse=True)
    if not ordered:
        return
    pattern = re.compile(
        r"(?<![\w\-])(?:" + "|".join(map(re.escape, ordered)) + r")(?=['’]s\b|(?![\w\-]))"
    )
    for match in pattern.finditer(text):
        yield Entity(kind, match.start(), match.end(), match.group())
