"""Keyword terms from a question: words minus the function words of our languages."""

from __future__ import annotations

import re

WORD = re.compile(r"\w+", re.UNICODE)

FUNCTION_WORDS = {
    "en": "a an and are as at be by can could did do does for from has have how i in is it its many "
    "much me my of on or our that the their there this to was we were what when where which who "
    "whom why will with would you your",
    "de": "der die das den dem des ein eine einer eines einem einen und oder ist sind war waren wird "
    "werden hat haben wie was wann wo wer wen wem warum welche welcher welches im in am an auf aus "
    "bei mit nach von vor zu zum zur für über unter um es ich wir sie ihr man kann können soll "
    "sollen muss müssen gibt nicht auch noch viel viele wieviel wieviele",
    "nl": "de het een en of is zijn was waren wordt worden heeft hebben hoe wat wanneer waar wie welke "
    "waarom in op aan bij met naar van voor tot om te er ik we wij ze zij hun je jij u kan kunnen "
    "moet moeten niet ook nog dan dat die deze dit hoeveel veel",
    "fr": "le la les l un une des du de d et ou est sont était étaient sera seront a ont comment que "
    "qu quoi quand où qui quel quelle quels quelles pourquoi dans en au aux sur sous par pour avec "
    "sans chez ce cet cette ces il elle ils elles nous vous je on ne pas se sa son ses leur leurs "
    "combien",
}
STOPWORDS = frozenset(word for words in FUNCTION_WORDS.values() for word in words.split())


def query_terms(text: str, limit: int = 32) -> list[str]:
    """Distinct content words of the text, in order, lower-cased."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        if word not in STOPWORDS and (len(word) > 1 or word.isdigit()):
            seen.setdefault(word, None)
    return list(seen)[:limit]
