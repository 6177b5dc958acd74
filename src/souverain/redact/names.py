"""Person names. Capital letters alone say little (German capitalises every noun), so a
name needs a first name from the gazetteer followed by a surname, or a cue: a title
(Herr, Mme, Dhr.), a salutation (Dear, Sehr geehrte), a label (Ansprechpartner:) or the
line after a closing (Mit freundlichen Grüßen). Other mentions of a found name follow.

Never logs or prints a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from souverain.redact.base import Entity, non_overlapping
from souverain.redact.cues import (
    ABBREVIATED_TITLES,
    AUTHORED,
    CUES,
    PLACE_AFTER,
    PLACE_BEFORE,
    SIGNATORY,
    TITLES,
    TITLES_WITH_STOP,
)
from souverain.redact.gazetteer import (
    FUNCTION_WORDS,
    NOT_NAMES,
    PARTICLES,
    common_word,
    first_names,
    last_names,
    lexicon,
)

TOKEN = re.compile(r"'t\b|[^\W\d_]+(?:['’\-](?![sS]\b)[^\W\d_]+)*")
"""Words; an English possessive stays outside: Priya's report is Priya's."""
SURNAME_WITH_PARTICLES = re.compile(
    r"(?<=\s)(?:(?:"
    + "|".join(sorted(map(re.escape, PARTICLES), key=len, reverse=True))
    + r")\s+)+[^\W\d_][\w'’\-]*\Z"
)
HOUSE_NUMBER = re.compile(r"[ \t]*\d{1,5}[a-zA-Z]?,?[ \t]+")
NAME_WORDS = r"[^\W\d_][\w'’\-]*(?:[ \t]+[^\W\d_][\w'’\-]*){0,3}"
CHAT_STAMP = (
    r"\[?(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4},?[ \t]+)?\d{1,2}:\d{2}(?::\d{2})?\]?"
    r"(?:[ \t]+-)?[ \t]+"
)
"""The time (and date) that opens an exported chat line: [09:14], [14/01/2026, 19:02],
14.01.26, 19:02 - (WhatsApp's two export formats)."""
SPEAKER = re.compile(
    rf"^[ \t]*(?:{CHAT_STAMP})?(?P<name>{NAME_WORDS})"
    r"(?:[ \t]+\[?\d{1,2}:\d{2}(?::\d{2})?\]?|(?P<colon>(?:[ \t]*\([^)\n]{1,30}\))?[ \t]*:)[ \t])",
    re.MULTILINE,
)
"""A chat line's speaker: "Kevin 09:14", "[09:14] Anna Schmidt:", "Selin: hier ist ..."."""
MENTION = re.compile(r"(?<![\w.])@(?P<name>[^\W\d_][\w\-]+)")
DASH_SIGNATURE = re.compile(rf"[–—][ \t]+(?P<name>{NAME_WORDS})[ \t]*$", re.MULTILINE)
"""A name signing a short message or an action item: "... okay? – Philipp"."""
FIELD_SEPARATORS = ("|", ";", "\t", ",")
NAME_HEADERS = frozenset(
    """name naam nom vorname nachname familienname mitarbeiter mitarbeiterin employee werknemer
    medewerker salarié salarie kunde klant client customer person persoon personne contact
    ansprechpartner contactpersoon achternaam voornaam voornamen roepnaam voorletters
    tussenvoegsel prénom prenom prénoms surname firstname lastname forename forenames
    initials holder karteninhaber titulaire""".split()  # noqa: SIM905
)
NAME_HEADER_PHRASES = (
    "full name", "first name", "last name", "given name", "family name", "nom complet",
    "volledige naam", "nom et prénom", "vor- und nachname", "nom de naissance", "nom d'usage",
)  # fmt: skip
PERSON_FIELD = re.compile(
    r"(?i)[\"']?(?:[\w.\-]*[_.\-])?(?:name|naam|nom|requester|reporter|assignee|employee"
    r"|owner|author|contact|holder|customer|klant|kunde|medewerker|mitarbeiter|prenom|prénom"
    r"|vorname|voornaam|nachname|achternaam|firstname|lastname|first_name|last_name|fullname"
    r"|full_name|patient|applicant|aanvrager|antragsteller)[\"']?[ \t]*[:=][ \t]*"
    r"(?P<quote>[\"'])(?P<value>[^\"'\n]{2,60})(?P=quote)"
)
"""A quoted value of a field named for a person, in JSON, logs or code."""
QUOTED_VALUE = re.compile(r"[:=][ \t]*[\"']")
VCARD_NAME = re.compile(r"^(?P<field>FN|N)(?:;[^:\n]*)?:(?P<value>[^\n]+)$", re.MULTILINE)
"""A vCard's formatted name (FN:Anna Schmidt) and structured name (N:Schmidt;Anna;;;)."""
CALENDAR_NAME = re.compile(
    r"^(?:ATTENDEE|ORGANIZER)[^\n]*?;CN=\"?(?P<value>[^\";:\n]+)", re.MULTILINE
)
"""The common name of an iCalendar invitee or organiser: ATTENDEE;CN="Anna Schmidt":mailto:…"""
PASSENGER = re.compile(
    r"(?<![\w/])(?P<name>[A-ZÀ-ÖØ-Þ'][A-ZÀ-ÖØ-Þ'\-]*(?: [A-ZÀ-ÖØ-Þ'\-]+)?/[A-ZÀ-ÖØ-Þ\-]{2,}"
    r"(?: (?!(?:MR|MRS|MS|MISS|MSTR|DR|CHD|INF)\b)[A-ZÀ-ÖØ-Þ\-]{2,})?)"
    r"(?P<title> (?:MR|MRS|MS|MISS|MSTR|DR|CHD|INF)\b)?(?![\w/])"
)
SURNAME_FIRST = re.compile(
    r"(?im)(?:(?:^|(?<=\s))(?P<label>name,?\s*vorname|nachname,?\s*vorname|nom,?\s*pr[ée]noms?"
    r"|achternaam,?\s*voorna(?:a)?m(?:en)?|surname,?\s*first\s*names?|last\s*name,?\s*first"
    r"\s*names?|an|aan|to|von|van|from|de|cc|à|holder|naam|name|nom)\s*[:=]\s*[\"']?"
    r"|^(?:\d{1,6}[ \t]+)?(?=[^\n,]{2,40},[ \t]*[^\n,]{2,30}(?:[ \t]{2,}|\t|$)))"
    r"(?P<surname>[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*(?:[ \t][\w'’\-]+){0,2}),[ \t]*"
    r"(?P<given>[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*)(?:[ \t][A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*)?"
)
"""A name written surname first: "An: Raghunathan, Priya", "Name, Vorname: Kowalski, Bartosz"."""
MIN_FIELDS = 3
ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
"""A cell of a table aligned with spaces: words with single spaces between them."""
MIN_ALIGNED_CELLS = 3
MAX_HEADER_WORDS = 3
ALIGNMENT_SLACK = 2
RULE = re.compile(r"[-=_+| ]*")
"""A header's underline (----  -----) or an empty line's spaces."""
QUOTED = re.compile(r'"[^"\n]*"')
MAX_NAME_TOKENS = 5
MAX_UNLISTED_LENGTH = 10
MIN_LONE_NAME = 3
MAX_NAME_GAP = 2
LIST_GAP = re.compile(
    r"\.?(?:[ \t]*\([^)\n]{1,40}\))?[ \t]*(?:,|;|/|\s(?:und|and|et|en|&)\s)[ \t]*"
)
"""Between two names of a list: a role in brackets, then a comma or an "and"."""
"""Spaces between the words of one name; more is a column gap (signature lines side by side)."""
MAX_ACRONYM = 5
IM_AUFTRAG = re.compile(r"(?<![\w.])[iI]\.[ \t]?\Z")
"""Before the A of i. A. (im Auftrag) or the V of i. V.: no initial."""
NICKNAME_OPEN = re.compile(r"[ \t][„“\"'(«‚‘]\Z")
NICKNAME_CLOSE = re.compile(r"[“”\"')»‘’][ \t]")
ELIDED_PARTICLE = re.compile(r"[dD]['’][A-ZÀ-ÖØ-Þ]")
CONTRACTION = re.compile(r"['’](?:ve|ll|re|m|d|t)\Z")
"""I've, we'll: English contractions, never names."""


class Evidence(Enum):
    TITLE = "title"  # the next capitalised word is a name, whatever it means otherwise
    CUE = "cue"  # a salutation, label or closing: a name unless it is a known word


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Kind:
    """What a capitalised word may be, in one language."""

    first: bool
    last: bool
    word: bool  # in the lexicon and in neither name list: a noun, an adjective, a verb
    never: bool  # in the list of words that are never names


class PersonFinder:
    """Finds person names in one text, in one language (None: any of ours)."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.language = language
        self.tokens = [
            Token(m.start(), m.end(), m.group())
            for m in TOKEN.finditer(text)
            if not _glued_to_digits(text, m.start(), m.end())
        ]
        self.index = {token.start: i for i, token in enumerate(self.tokens)}

    def find(self) -> list[Entity]:
        spans = [
            *self._surname_first(), *self._passengers(), *self._person_fields(),
            *self._in_cards(), *self._after_cues(), *self._authors(), *self._in_chat(),
            *self._in_table_rows(), *self._in_aligned_columns(), *self._caps_surname_first(),
            *self._first_and_last_names(),
        ]  # fmt: skip
        return non_overlapping(self._entity(first, last) for first, last in spans)

    # chats and tables

    def _in_chat(self) -> Iterator[tuple[int, int]]:
        """Speakers of chat lines, @mentions and names signing with a dash. After a colon
        only a listed first name counts (Betreff:, IBAN: are labels)."""
        for pattern in (SPEAKER, MENTION, DASH_SIGNATURE):
            for match in pattern.finditer(self.text):
                i = self.index.get(match.start("name"))
                if i is None:
                    continue
                if (
                    pattern is SPEAKER
                    and match.group("colon")
                    and not self.kind(self.tokens[i].text).first
                ):
                    continue
                span = self._name_from(i, Evidence.CUE)
                # the whole of what stands before the time or colon is the name ("Mark the
                # date:" is no speaker)
                if span is not None and self.tokens[span[1]].end == match.end("name"):
                    yield span

    def _in_table_rows(self) -> Iterator[tuple[int, int]]:
        """Names in the fields of delimited rows (CSV, a pipe table): in the columns whose
        header says they hold names (Name, Nachname, roepnaam, prénom), or two to four
        capitalised words that look like one (see _field_is_name)."""
        position, name_columns = 0, frozenset[int]()
        for line in self.text.split("\n"):
            separator = _row_separator(line)
            if not separator:
                name_columns = frozenset()
            else:
                fields = _split_fields(line, separator)
                header = {c for c, (_, f) in enumerate(fields) if _is_name_header(f)}
                if header:
                    name_columns = frozenset(header)
                else:
                    yield from self._fields(fields, position, name_columns)
            position += len(line) + 1

    def _fields(
        self, fields: list[tuple[int, str]], offset: int, name_columns: frozenset[int]
    ) -> Iterator[tuple[int, int]]:
        for column, (at_in_line, field) in enumerate(fields):
            at = offset + at_in_line
            first = self.index.get(at)
            if first is None or not field:
                continue
            last = self._last_token_within(first, at + len(field))
            if self.tokens[last].end < at + len(field.rstrip(".")):
                continue
            if self._field_is_name(first, last) or (
                column in name_columns and self._named_column_field(first, last)
            ):
                yield first, last

    def _last_token_within(self, first: int, end: int) -> int:
        """The last token from ``first`` on that ends at or before ``end`` in the text."""
        last = first
        while last + 1 < len(self.tokens) and self.tokens[last + 1].end <= end:
            last += 1
        return last

    def _in_aligned_columns(self) -> Iterator[tuple[int, int]]:
        """Names in a table aligned with spaces (a register, a pasted report), in the
        columns whose header names them (Nom   Prénom   Né le): a cell starts where its
        header does and ends at a gap of two spaces or more."""
        if "  " not in self.text:
            return
        position, columns = 0, list[int]()
        for line in self.text.split("\n"):
            cells = [(m.start(), m.group()) for m in ALIGNED_CELL.finditer(line)]
            headers = [at for at, cell in cells if _is_name_header(cell)]
            if not cells:
                columns = []
            elif headers and self._header_row(cells):
                columns = headers
            elif columns and not RULE.fullmatch(line.strip()):
                for at, cell in cells:
                    if any(abs(at - column) <= ALIGNMENT_SLACK for column in columns):
                        first = self.index.get(position + at)
                        if first is None:
                            continue
                        last = self._last_token_within(first, position + at + len(cell))
                        words = [_titled(t.text) for t in self.tokens[first : last + 1]]
                        if self._named_column_field(first, last) and not all(
                            self.kind(w).word for w in words
                        ):  # a form's labels (Telefon, Beruf) under a sideways header
                            yield first, last
            position += len(line) + 1

    def _header_row(self, cells: list[tuple[int, str]]) -> bool:
        """Whether the cells of an aligned line are a table's header: three or more short
        labels, no numbers, no "Label:" (a form's line), no words of prose spaced out, and
        no names (a form laid out sideways: Name, Vorname   Okonkwo, Chinedu   ...)."""
        return len(cells) >= MIN_ALIGNED_CELLS and all(
            len(cell.split()) <= MAX_HEADER_WORDS
            and not any(c.isdigit() for c in cell)
            and not cell.endswith(":")
            and cell.capitalize() not in FUNCTION_WORDS
            and (_is_name_header(cell) or not ("," in cell or self.kind(cell.split()[0]).first))
            for _, cell in cells
        )

    def _caps_surname_first(self) -> Iterator[tuple[int, int]]:
        """NOM Prénom, as French registers and forms write a name: upper-case surname words
        (particles too: LE GALL, MARTINS DA SILVA), then a listed first name."""
        i = 0
        while i < len(self.tokens):
            j = i
            if self.tokens[i].text.isupper() and len(self.tokens[i].text) > 1:
                while (
                    j + 1 < len(self.tokens)
                    and j - i < MAX_NAME_TOKENS - 2
                    and self.tokens[j + 1].text.isupper()
                    and self._joined(j, j + 1)
                ):
                    j += 1
                given = j + 1
                if (
                    given < len(self.tokens)
                    and self._joined(j, given)
                    and self._caps_surname(i, j)
                    and self._given_name(given)
                ):
                    yield i, given
                    j = given
            i = j + 1

    def _caps_surname(self, first: int, last: int) -> bool:
        words = [self.tokens[k].text for k in range(first, last + 1)]
        if words[-1].lower() in PARTICLES or self._is_place(first, last):
            return False
        for word in words:
            if word.lower() in PARTICLES:
                continue
            titled = _titled(word)
            kind = self.kind(titled)
            if kind.never or titled in NOT_NAMES:
                return False
            if not kind.last and (len(word) <= MAX_ACRONYM - 2 or kind.word):
                return False  # CB, VIR, SEPA, TEL: no surname without the name lists
        return True

    def _given_name(self, i: int) -> bool:
        token = self.tokens[i].text
        if token.isupper() or not token[0].isupper() or token in NOT_NAMES:
            return False
        kind = self.kind(token)
        return kind.first and not kind.never

    def _named_column_field(self, first: int, last: int) -> bool:
        words = [t.text for t in self.tokens[first : last + 1]]
        return 1 <= len(words) <= 5 and all(
            (w[0].isupper() or w.lower() in PARTICLES) and not self.kind(w).never for w in words
        )

    def _authors(self) -> Iterator[tuple[int, int]]:
        """The name before what people do in threads and reviews: "Anna Schmidt commented
        on", "Jan de Vries <jan@…> schreef:". The name is the capitalised words (particles
        between) right before, at most three."""
        for i, token in enumerate(self.tokens):
            if not token.text[0].isupper() or AUTHORED.match(self.text, token.end) is None:
                continue
            first = i
            while (
                first > 0
                and i - first < MAX_NAME_TOKENS - 2
                and self._joined(first - 1, first)
                and (self.tokens[first - 1].text[0].isupper() or self._is_particle(first - 1))
            ):
                first -= 1
            while first < i and not self._may_start(first, Evidence.CUE):
                first += 1  # Yesterday Anna Schmidt wrote: the name starts at Anna
            span = self._name_from(first, Evidence.CUE)
            if span is not None and span[1] == i:
                yield span

    def _in_cards(self) -> Iterator[tuple[int, int]]:
        """Names in vCards (FN:, and the family and given parts of N:) and in the CN= of
        calendar invitations; whatever else the value holds (a role in brackets) stays out."""
        if "N:" not in self.text and "CN=" not in self.text:
            return
        for match in VCARD_NAME.finditer(self.text):
            value, at = match.group("value"), match.start("value")
            parts = value.split(";")[:2] if match.group("field") == "N" else [value]
            for part in parts:
                yield from self._name_words_at(at, part)
                at += len(part) + 1
        for match in CALENDAR_NAME.finditer(self.text):
            yield from self._name_words_at(match.start("value"), match.group("value"))

    def _name_words_at(self, at: int, value: str) -> Iterator[tuple[int, int]]:
        """The capitalised words (particles between) that open ``value``, which starts at
        ``at`` in the text, as one name."""
        first = self.index.get(at + len(value) - len(value.lstrip()))
        if first is None:
            return
        last = first
        end = at + len(value)
        while last + 1 < len(self.tokens) and self.tokens[last + 1].end <= end:
            following = self.tokens[last + 1].text
            if not self._joined(last, last + 1) or not (
                following[0].isupper() or following.lower() in PARTICLES
            ):
                break
            last += 1
        words = [t.text for t in self.tokens[first : last + 1]]
        if words[0][0].isupper() and not any(self.kind(w).never for w in words):
            yield first, last

    def _person_fields(self) -> Iterator[tuple[int, int]]:
        """Values of fields named for a person in JSON, logs and config: "requester":
        "Okan Demirtaş", name="Nguyen, Thanh Hai"."""
        if QUOTED_VALUE.search(self.text) is None:
            return  # no quoted values at all: the slower pattern need not run
        for match in PERSON_FIELD.finditer(self.text):
            first = self.index.get(match.start("value"))
            if first is None:
                continue
            last = self._last_token_within(first, match.end("value"))
            words = [t.text for t in self.tokens[first : last + 1]]
            if (
                1 <= len(words) <= 4
                and all(
                    (w[0].isupper() or w.lower() in PARTICLES)
                    and not self.kind(w).never
                    and w not in NOT_NAMES
                    for w in words
                )
                and (len(words) > 1 or self.kind(words[0]).first or self.kind(words[0]).last)
            ):
                yield first, last

    def _passengers(self) -> Iterator[tuple[int, int]]:
        """Names as tickets and passenger lists write them: VOS-LIEM/MARGRIET MRS."""
        for match in PASSENGER.finditer(self.text):
            first = self.index.get(match.start())
            if first is None or not (match.group("title") or self._listed_caps(match)):
                continue
            yield first, self._last_token_within(first, match.end("name"))

    def _listed_caps(self, match: re.Match[str]) -> bool:
        """SURNAME/FIRST without a title: the part after the slash is a listed first name
        (TCP/IP, AND/OR are not)."""
        given = match.group("name").split("/", 1)[1].split()[0].title()
        return len(given) >= MIN_LONE_NAME and self.kind(given).first

    def _surname_first(self) -> Iterator[tuple[int, int]]:
        """ "Kowalski, Bartosz" after a name label or a mail header (Name, Vorname:, An:,
        Aan:), where the part after the comma is a listed first name."""
        for match in SURNAME_FIRST.finditer(self.text):
            first = self.index.get(match.start("surname"))
            given = self.index.get(match.start("given"))
            if first is None or given is None:
                continue
            # a label that says "surname, first name" vouches for the order; a mail header
            # (An:, To:) needs a listed first name after the comma, and a table row that
            # opens with the name (Gerber, Mathias   4037 ...) a listed first or last name
            label = match.group("label") or ""
            vouched = "," in label or " " in label.strip()
            given_kind = self.kind(self.tokens[given].text)
            surname_kind = self.kind(self.tokens[first].text)
            if label and not vouched and not given_kind.first:
                continue
            if not label and not (given_kind.first or surname_kind.last):
                continue
            if not label and (
                given_kind.word or surname_kind.never or self.tokens[given].text in NOT_NAMES
            ):
                continue
            yield first, self._last_token_within(given, match.end())

    def _field_is_name(self, first: int, last: int) -> bool:
        """A field of two to four capitalised words (particles aside) that starts with a
        listed first name (German surnames are often nouns: Hannes Brückner), or holds a
        listed name and no common word."""
        words = [t.text for t in self.tokens[first : last + 1]]
        if not 2 <= len(words) <= 4 or not all(w[0].isupper() or w in PARTICLES for w in words):
            return False
        names = [w for w in words if w.lower() not in PARTICLES]
        kinds = [self.kind(w) for w in names]
        if any(k.never for k in kinds) or set(names) & NOT_NAMES or not names:
            return False
        if kinds[0].first:
            return True
        return any(k.first or k.last for k in kinds) and not any(k.word for k in kinds)

    def _entity(self, first: int, last: int) -> Entity:
        start, end = self.tokens[first].start, self.tokens[last].end
        if self._is_initial(last):
            end += 1
        return Entity("person", start, end, self.text[start:end])

    # cues

    def _after_cues(self) -> Iterator[tuple[int, int]]:
        for i in range(len(self.tokens)):
            yield from self._after_cue_at(i)
            if self._is_title(i) and not (i > 0 and self._is_title(i - 1)):
                span = self._name_from(i, Evidence.TITLE)
                if span is not None:
                    yield span

    def _after_cue_at(self, i: int) -> Iterator[tuple[int, int]]:
        """The name after a salutation, label or closing that starts with token ``i``."""
        token = self.tokens[i]
        lower = token.text.lower()
        for cue in CUES:
            match = cue.match(self.text, token.start) if lower in cue.first_words else None
            j = None if match is None else self.index.get(self._skip_signatory(match.end()))
            span = None if j is None else self._name_from(j, Evidence.CUE)
            while span is not None:
                yield span
                span = self._next_in_list(span[1])

    def _next_in_list(self, last: int) -> tuple[int, int] | None:
        """The next name of a list that a cue opened: "Gäste: A (Vorstand), B und C"."""
        end = self.tokens[last].end
        gap = LIST_GAP.match(self.text, end)
        j = None if gap is None else self.index.get(gap.end())
        return None if j is None else self._name_from(j, Evidence.CUE)

    def _name_from(self, i: int, evidence: Evidence) -> tuple[int, int] | None:
        """The name that starts at token ``i``, after any titles (Frau Dr. med.)."""
        while self._is_title(i) and i + 1 < len(self.tokens) and self._joined(i, i + 1):
            i, evidence = i + 1, Evidence.TITLE
        if not self._may_start(i, evidence):
            return None
        last = self._extend(i)
        if last == i and self.kind(self.tokens[i].text).first:
            last = self._surname_after_cue(i)
        if self._is_particle(last):  # "De" of "De Klantenservice" is an article
            return None
        if evidence is Evidence.CUE and not self._named_enough(i, last):
            return None
        return i, last

    def _surname_after_cue(self, i: int) -> int:
        """After a cue and a listed first name, the next capitalised word is the surname,
        even when it is also a noun: Geschäftsführer: Hans Muster."""
        j = i + 1
        if j < len(self.tokens) and self._joined(i, j):
            token = self.tokens[j].text
            if token[0].isupper() and token not in NOT_NAMES and not self._is_title(j):
                return j
        return i

    def _named_enough(self, first: int, last: int) -> bool:
        """After a salutation, label or closing: not a place, and a word of the name lists,
        two unknown words, or a short one (a long unknown word is mostly a compound noun
        the lexicon lacks: Vertriebsinnendienst)."""
        if self._is_place(first, last):
            return False
        words = [t.text for t in self.tokens[first : last + 1] if t.text.lower() not in PARTICLES]
        listed = any(self.kind(w).first or self.kind(w).last for w in words)
        return listed or len(words) > 1 or len(words[0]) <= MAX_UNLISTED_LENGTH

    def _skip_signatory(self, position: int) -> int:
        signatory = SIGNATORY.match(self.text, position)
        return signatory.end() if signatory else position

    def _may_start(self, i: int, evidence: Evidence) -> bool:
        token = self.tokens[i].text
        if token.lower() in PARTICLES:  # De Vries, van Dijk, Le Gall
            return self._is_particle(i)
        if not token[0].isupper() or self._is_title(i) or CONTRACTION.search(token):
            return False
        kind = self.kind(token)
        if evidence is Evidence.TITLE:
            return not kind.never
        if token.isupper() and len(token) <= MAX_ACRONYM and not (kind.first or kind.last):
            return False  # LCL, IBAN, HR after a closing or a label
        if kind.never or kind.word:
            return False
        return token not in NOT_NAMES or (kind.first and self._first_name_anyway(i))

    def _first_name_anyway(self, i: int) -> bool:
        """A first name that is also a month or a place (June, Victoria, Florence) after a
        cue: a name when a surname or the end of the salutation follows (Hi Victoria,)."""
        follows = self.text[self.tokens[i].end : self.tokens[i].end + 1]
        return follows in (",", "!", "\n", "") or self._extend(i) > i

    # first name + surname, without a cue

    def _first_and_last_names(self) -> Iterator[tuple[int, int]]:
        i = 0
        while i < len(self.tokens):
            last = self._name_from_first_name(i)
            if last is not None:
                yield self._unlisted_first_name(i, last), last
                i = last
            i += 1

    def _unlisted_first_name(self, first: int, last: int) -> int:
        """A lone listed name may be the surname of a first name no list holds (Rajesh
        Kumar): an unknown capitalised word just before it joins the name."""
        j = first - 1
        if first != last or j < 0 or not self._joined(j, first):
            return first
        token = self.tokens[j].text
        kind = self.kind(token)
        if not token[0].isupper() or token.isupper() or token in NOT_NAMES or kind.word:
            return first
        if kind.never or self._is_title(j) or lexicon("en")(token) or lexicon(self.language)(token):
            return first
        return j

    def _name_from_first_name(self, i: int) -> int | None:
        token = self.tokens[i].text
        kind = self.kind(token)
        if self._is_initial(i) and not self._is_title(i):
            return self._name_from_initial(i)
        if not (token[0].isupper() and kind.first) or kind.never:
            return None
        last = self._extend(i)
        if last == i:
            return i if self._lone_first_name(i) else None  # (see _first_and_last_names)
        if self._is_place(i, last):
            return None
        if token in NOT_NAMES and not self.kind(self.tokens[last].text).last:
            return None  # June, Victoria: a first name only before a listed surname
        return last

    def _lone_first_name(self, i: int) -> bool:
        """A first name alone (an Jonas überweisen, de Chloé à Mathis): listed, and no
        common word of the text's language or of English (Per, Dan, Can, Job, Mark), not a
        month or a place, not after a number (31 Jan)."""
        token = self.tokens[i].text
        if len(token) < MIN_LONE_NAME or token in NOT_NAMES or token.isupper():
            return False
        if common_word(self.language)(token) or common_word("en")(token):
            return False
        before = self.text[max(0, self.tokens[i].start - 4) : self.tokens[i].start]
        if re.search(r"\d[ \t.]*\Z", before):
            return False
        if i > 0 and self._joined(i - 1, i) and self.kind(self.tokens[i - 1].text).first:
            return False  # the end of a name already judged whole (rue Victor Hugo)
        return not self._is_place(i, i) and not self._is_title(i)

    def _name_from_initial(self, i: int) -> int | None:
        """J. Smith, A. B. Meier: initials are a name only right before a known surname."""
        j = i
        while j + 1 < len(self.tokens) and self._is_initial(j + 1) and self._joined(j, j + 1):
            j += 1
        if j + 1 >= len(self.tokens) or not self._joined(j, j + 1):
            return None
        k = j + 1
        while k < len(self.tokens) and self._is_particle(k) and self._joined(k - 1, k):
            k += 1  # M. van Duin, H. de Saint-Aubin
        if k >= len(self.tokens) or not self._joined(k - 1, k):
            return None
        surname = self.tokens[k].text
        if not surname[0].isupper():
            return None
        if (surname in NOT_NAMES or self.kind(surname).never) and j == i:
            return None  # two initials (P.J. Vos) make even a word a surname
        listed = self.kind(surname).last
        # An unlisted surname needs two initials (P.J. Vos) or a particle (M. van Duin), or
        # must be no common word (C. Kalkman, T. Mbemba).
        unknown = not self.kind(surname).word and len(surname) >= MIN_LONE_NAME
        if not (listed or j > i or k > j + 1 or unknown) or self._is_place(i, k):
            return None
        return max(k, self._extend(k))

    # extending a name over surnames, particles and initials

    def _extend(self, i: int) -> int:
        """The last token of the name that starts with token ``i``. After two particles
        (van der, van 't, de la) any capitalised word is the surname: van 't Hof. Initials
        end no name: the B of "Anna Kramer B.Sc." is a degree."""
        last = i
        j = i + 1
        particles = int(self._is_particle(i))
        while j < len(self.tokens) and j - i < MAX_NAME_TOKENS:
            if self._nickname(j) and j + 1 < len(self.tokens):
                j += 1  # Ibrahim „Ibo“ Sadiku, S.J. (Sjoerd) Hylkema: the name goes on
                continue
            if not (self._joined(j - 1, j) or self._after_nickname(j)):
                break
            if self._is_particle(j):
                particles += 1
            elif (
                (particles > 1 and not self._german_noun(j))
                or self._after_lower_particle(j)
                or self._continues_name(j)
            ):
                particles = 0
                last = j
            else:
                break
            j += 1
        while last > i and self._is_initial(last):
            last -= 1
        return last

    def _nickname(self, j: int) -> bool:
        """A capitalised word in quotes or brackets right inside a name: „Ibo“, (Sjoerd)."""
        token = self.tokens[j]
        before = self.text[max(0, token.start - 2) : token.start]
        after = self.text[token.end : token.end + 2]
        if not token.text[0].isupper() or len(token.text) > MAX_UNLISTED_LENGTH:
            return False
        return bool(NICKNAME_OPEN.search(before)) and bool(NICKNAME_CLOSE.match(after))

    def _after_nickname(self, j: int) -> bool:
        return j > 0 and self._nickname(j - 1) and self.text[self.tokens[j].start - 1] == " "

    def _after_lower_particle(self, j: int) -> bool:
        """After a lower-case particle, a capitalised word is a surname even when it is a
        word too (M. van Duin, Jan de Boer); a capitalised article (De Klantenservice)
        does not say so."""
        before, token = self.tokens[j - 1].text, self.tokens[j].text
        if before not in PARTICLES or not token[0].isupper() or token in NOT_NAMES:
            return False
        return not self.kind(token).never and not _is_street(token) and not self._german_noun(j)

    def _german_noun(self, j: int) -> bool:
        """In German text, "von der Zentrale" is a place, not a family: after a particle a
        German common noun ends the name (Dutch van der Linden, van den Berg do not)."""
        return self.language in (None, "de") and self.kind(self.tokens[j].text).word

    def _continues_name(self, j: int) -> bool:
        token = self.tokens[j].text
        if self._is_initial(j) or ELIDED_PARTICLE.match(token):
            return True  # J., d'Harcourt, D'Souza
        if token.isupper() and len(token) > 1:
            token = _titled(token)  # DUPONT, as French forms write surnames; not MBA, IT
            if not (self.kind(token).last or self.kind(token).first):
                return False
        if not token[0].isupper() or token in PLACE_AFTER or _is_street(token):
            return False
        kind = self.kind(token)
        if token in NOT_NAMES:  # Holland, Sommer: surnames too, when listed as such
            return kind.last and not kind.never
        if kind.word and not kind.never and self._first_name_before(j):
            return self._closes_name(j)  # Erwin Schippers 06-..., Marloes Kamphuis (HR)
        return not kind.never and (kind.first or kind.last or not kind.word)

    def _first_name_before(self, j: int) -> bool:
        """The word before is a first name: listed, or a capitalised word that is no
        common word (Marloes, Siobhán)."""
        if j == 0:
            return False
        before = self.tokens[j - 1].text
        kind = self.kind(before)
        if not before[0].isupper() or before in NOT_NAMES or kind.never:
            return False
        return kind.first or not kind.word

    def _closes_name(self, j: int) -> bool:
        """After a listed first name, a word that is also a noun (Schippers, Lammers) is
        the surname where what follows closes a name (a comma, a bracket, a dash, a number,
        the line's end), not where the sentence goes on (Heute hat Anna Geburtstag.)."""
        after = self.text[self.tokens[j].end : self.tokens[j].end + 3].lstrip(" \t")
        # NUL: an identifier found earlier (a phone, an e-mail) stands there
        return not after or after[0] in ",;:()[]–—-/\n\0" or after[0].isdigit()

    def _is_particle(self, j: int) -> bool:
        """van, de, ter, von der: inside a name only when a capitalised word follows."""
        if self.tokens[j].text.lower() not in PARTICLES:
            return False
        following = j + 1
        while following < len(self.tokens) and self.tokens[following].text.lower() in PARTICLES:
            following += 1
        return (
            following < len(self.tokens)
            and self._joined(following - 1, following)
            and self.tokens[following].text[0].isupper()
        )

    def _joined(self, i: int, j: int) -> bool:
        """Whether tokens i and j are neighbours in one name: spaces between them, or the
        stop of an initial or a title (J. Smith, Dr. Weber), or an apostrophe (van 't Hof)."""
        gap = self.text[self.tokens[i].end : self.tokens[j].start]
        if gap.startswith("."):
            abbreviated = self._is_initial(i) or self.tokens[i].text in ABBREVIATED_TITLES
            return abbreviated and (_spaces(gap[1:]) or gap == ".-")  # Dipl.-Ing.
        if gap.endswith("'"):
            return _spaces(gap[:-1])
        return 0 < len(gap) <= MAX_NAME_GAP and _spaces(gap)

    def _is_initial(self, i: int) -> bool:
        token = self.tokens[i]
        if len(token.text) != 1 or not token.text.isupper():
            return False
        if self.text[token.end : token.end + 1] != ".":
            return False
        # the A of "i. A." (im Auftrag) and the V of "i. V." are not initials
        return IM_AUFTRAG.search(self.text, max(0, token.start - 4), token.start) is None

    def _is_title(self, i: int) -> bool:
        token = self.tokens[i].text
        if token in TITLES_WITH_STOP:  # M. Dupont, Fr. Meier; a bare M is an initial
            return self.text[self.tokens[i].end : self.tokens[i].end + 1] == "."
        return token in TITLES

    def _is_place(self, first: int, last: int) -> bool:
        """A name in a street, school or prize name: Konrad Adenauer Straße, rue Victor Hugo,
        12 Russell Park (a house number opens the line)."""
        after = self.tokens[last + 1].text if last + 1 < len(self.tokens) else ""
        before = self.tokens[first - 1].text if first > 0 else ""
        joined_after = bool(after) and self._joined(last, last + 1)
        joined_before = bool(before) and self._joined(first - 1, first)
        if joined_after and (after in PLACE_AFTER or _is_street(after)):
            return True  # Konrad Adenauer Platz, Jan Steenstraat
        if joined_before and before in PLACE_BEFORE:
            return True
        start = self.tokens[first].start
        line = self.text[self.text.rfind("\n", 0, start) + 1 : start]
        return HOUSE_NUMBER.fullmatch(line) is not None

    def kind(self, token: str) -> Kind:
        return token_kind(token, self.language)


def find_persons(text: str, language: str | None) -> list[Entity]:
    return PersonFinder(text, language).find()


def name_words(persons: Iterable[Entity]) -> frozenset[str]:
    """What stands for a found person alone: each capitalised word of the name (a surname,
    a first name) and its surname with particles (van der Linden, Van der Linden)."""
    words = set()
    for person in persons:
        for word in TOKEN.findall(person.text):
            if len(word) > 1 and word[0].isupper() and word not in NOT_NAMES:
                words.add(word)
        tail = SURNAME_WITH_PARTICLES.search(person.text)
        if tail is not None:
            words.update({tail.group(), tail.group()[0].upper() + tail.group()[1:]})
    return frozenset(words)


@lru_cache(maxsize=65536)
def token_kind(token: str, language: str | None) -> Kind:
    """Whether a word (or each part of a hyphenated one) is in the name lists, and whether
    it is a common word: Anna-Schmidt-Straße is one, Schneider-Weiß is not."""
    first, last, known = first_names(), last_names(), lexicon(language)
    parts = token.split("-")
    is_first = token in first or (len(parts) > 1 and all(p in first for p in parts))
    # A double surname: capitalised parts, the last of them a name (Schulte-Bernhard,
    # Bosman-Hakkert); Anna-Schmidt-Straße ends in a common word instead.
    is_last = token in last or (
        len(parts) > 1
        and all(p[:1].isupper() for p in parts)
        and (parts[-1] in last or parts[-1] in first or all(p in last or p in first for p in parts))
    )
    word = not (is_first or is_last) and any(
        known(p) and p not in first and p not in last for p in parts
    )
    return Kind(first=is_first, last=is_last, word=word, never=token in FUNCTION_WORDS)


STREET_ENDINGS = ("straße", "strasse", "straat", "laan", "gracht", "plein", "kade", "singel",
                  "allee", "gasse", "steeg", "dreef")  # fmt: skip


def _is_street(token: str) -> bool:
    """Jan Steenstraat, Goethestraße: a street named after someone is a place."""
    return token.lower().endswith(STREET_ENDINGS)


def _row_separator(line: str) -> str:
    """The separator of a delimited row, if the line is one: at least three fields."""
    bare = QUOTED.sub('""', line)
    for separator in FIELD_SEPARATORS:
        if bare.count(separator) >= MIN_FIELDS - 1:
            if separator == "," and ", " in bare:
                continue  # prose with commas, not CSV
            return separator
    return ""


def _split_fields(line: str, separator: str) -> list[tuple[int, str]]:
    """Each field's start in the line and its text, stripped of spaces and of the double
    quotes around it; a separator inside quotes ("Lindemann, Greta") separates nothing."""
    fields: list[tuple[int, str]] = []
    start, quoted = 0, False
    for i, char in enumerate([*line, separator]):
        if char == '"':
            quoted = not quoted
        elif char == separator and not quoted:
            raw = line[start:i]
            inner = raw.strip()
            offset = start + len(raw) - len(raw.lstrip())
            if len(inner) >= 2 and inner[0] == inner[-1] and inner[0] in "\"'":
                inner, offset = inner[1:-1].strip(), offset + 1
            fields.append((offset, inner))
            start = i + 1
    return fields


def _is_name_header(field: str) -> bool:
    """A column header that names people: Name, Vorname, "first_name", `nachname`, and
    two of them in one (Nom Prénom, Name, Vorname)."""
    words = field.strip(" `'\"()[]").lower().replace("_", " ")
    if words in NAME_HEADERS or words in NAME_HEADER_PHRASES:
        return True
    parts = words.replace(",", " ").replace("/", " ").split()
    return len(parts) == 2 and all(part in NAME_HEADERS for part in parts)


def _titled(word: str) -> str:
    """An upper-case surname as the name lists write it: MOREL-CHAPUIS is Morel-Chapuis."""
    return word.title() if word.isupper() else word


def _glued_to_digits(text: str, start: int, end: int) -> bool:
    """Letters inside a code (1M, A4, M8, COVID19) are no word of a name."""
    return (start > 0 and text[start - 1].isdigit()) or (end < len(text) and text[end].isdigit())


def _spaces(gap: str) -> bool:
    return all(c in " \t\u00a0" for c in gap)
