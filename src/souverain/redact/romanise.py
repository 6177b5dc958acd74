"""Latin spellings of Cyrillic and Greek names, as documents in Europe write them.

Faker's Ukrainian, Russian, Bulgarian, Macedonian and Greek name lists are in their own
scripts, while a German rental contract or a Dutch payroll export writes Oleksandr
Kovalenko, Olexander Kowalenko or Giorgos Papadopoulos. The name finder only needs the
common spellings of each name, not a reversible transliteration: the passport (national)
spelling, and the German one that German-speaking offices used for decades.
"""

from __future__ import annotations

_UKRAINIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "",
}  # fmt: skip
"""Ukraine's national system (2010), as in passports; at a word's start see _INITIAL."""
_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Bulgarian, Macedonian and Ukrainian letters, as their own systems write them
    "ѓ": "gj", "ќ": "kj", "ѕ": "dz", "ј": "j", "љ": "lj", "њ": "nj", "џ": "dzh",
    "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "’": "",
}  # fmt: skip
"""English-style spelling of Russian names (ISO 9 would give names nobody writes)."""
_GERMAN = {
    **_RUSSIAN,
    "в": "w", "ж": "sch", "з": "s", "й": "j", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch",
    "щ": "schtsch", "ы": "y", "ю": "ju", "я": "ja", "ё": "jo", "є": "je", "ї": "ji",
}  # fmt: skip
"""The German (Duden) spelling: Kowalenko, Schewtschenko, Jurij."""
_BULGARIAN = {**_RUSSIAN, "ъ": "a", "щ": "sht", "ю": "yu", "я": "ya", "ж": "zh", "х": "h"}
"""Bulgaria's official system (2009): Hristo, Stoyanov, Atanasov."""

_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip
_GREEK_PAIRS = {"ου": "ou", "αι": "ai", "ει": "ei", "οι": "oi", "αυ": "av", "ευ": "ev", "γγ": "ng",
                "γκ": "gk", "μπ": "mp", "ντ": "nt"}  # fmt: skip
"""ELOT 743, the system of Greek passports: Papadopoulos, Giorgos, Evangelos."""
_GREEK_START = {"μπ": "b", "ντ": "d", "γκ": "g"}
"""At a word's start, mp and nt are said (and often written) b and d: Bakoyannis, Dimitris."""
_GREEK_ACCENTS = str.maketrans("άέήίόύώϊϋΐΰ", "αεηιουωιυιυ")


def romanised(name: str) -> set[str]:
    """The usual Latin spellings of a Cyrillic or Greek name; a Latin name is returned
    as it is, and an empty set for other scripts."""
    lower = name.lower()
    if any(_greek_letter(c) for c in lower):
        return {_capitalised(_greek(lower.translate(_GREEK_ACCENTS)))} - {""}
    if not any("\u0400" <= c <= "\u04ff" for c in lower):
        return {name} if _latin(lower) else set()
    tables = (_UKRAINIAN, _RUSSIAN, _GERMAN, _BULGARIAN)
    spellings = {_cyrillic(lower, table) for table in tables}
    return {_capitalised(s) for s in spellings if s}


def _latin(lower: str) -> bool:
    """Latin letters only (Vietnamese ones included: Nguyễn, Thị)."""
    return all(
        c.isascii() or "\u00c0" <= c <= "\u024f" or "\u1e00" <= c <= "\u1eff" or not c.isalpha()
        for c in lower
    )


def _greek_letter(c: str) -> bool:
    return "\u0370" <= c <= "\u03ff" or "\u1f00" <= c <= "\u1fff"


def _cyrillic(lower: str, table: dict[str, str]) -> str:
    out = []
    for i, c in enumerate(lower):
        at_start = i == 0 or not lower[i - 1].isalpha()
        if table is _UKRAINIAN and at_start and c in _INITIAL:
            out.append(_INITIAL[c])
        elif c in table:
            out.append(table[c])
        elif c.isalpha():
            return ""  # a letter no table knows: no spelling rather than a wrong one
        else:
            out.append(c)
    return "".join(out)


def _greek(lower: str) -> str:
    out, i = [], 0
    while i < len(lower):
        pair = lower[i : i + 2]
        at_start = i == 0 or not lower[i - 1].isalpha()
        if at_start and pair in _GREEK_START:
            out.append(_GREEK_START[pair])
            i += 2
        elif pair in _GREEK_PAIRS:
            out.append(_GREEK_PAIRS[pair])
            i += 2
        elif lower[i] in _GREEK:
            out.append(_GREEK[lower[i]])
            i += 1
        elif lower[i].isalpha():
            return ""
        else:
            out.append(lower[i])
            i += 1
    return "".join(out)


def _capitalised(spelling: str) -> str:
    """Each part of a name capitalised: Anna-Mariia, not Anna-mariia."""
    return "-".join(part[:1].upper() + part[1:] for part in spelling.split("-"))
