"""The prompt for a cited answer: numbered sources, and instructions in the question's
language (small models follow an instruction's language better than a request to switch)."""

from __future__ import annotations

from dataclasses import dataclass

from souverain.gateway.base import Message
from souverain.language import language_name

NOT_FOUND = {
    "en": "The documents do not say.",
    "de": "Die Dokumente enthalten dazu keine Angabe.",
    "nl": "De documenten vermelden dit niet.",
    "fr": "Les documents ne le précisent pas.",
}

INSTRUCTIONS = {
    "en": (
        "You answer questions about the user's documents using only the numbered sources. "
        "After each fact, write the number of its source in square brackets, for example [1]. "
        "Answer in English, in one or two short sentences, even when the sources are in another "
        "language."
    ),
    "de": (
        "Du beantwortest Fragen zu den Dokumenten des Nutzers und verwendest nur die nummerierten "
        "Quellen. Schreibe nach jeder Angabe die Nummer ihrer Quelle in eckigen Klammern, zum "
        "Beispiel [1]. Antworte auf Deutsch, in einem oder zwei kurzen Sätzen, auch wenn die "
        "Quellen in einer anderen Sprache sind."
    ),
    "nl": (
        "Je beantwoordt vragen over de documenten van de gebruiker en gebruikt alleen de "
        "genummerde bronnen. Zet na elk feit het nummer van de bron tussen vierkante haken, "
        "bijvoorbeeld [1]. Antwoord in het Nederlands, in een of twee korte zinnen, ook als de "
        "bronnen in een andere taal zijn."
    ),
    "fr": (
        "Tu réponds aux questions sur les documents de l'utilisateur en utilisant uniquement les "
        "sources numérotées. Après chaque fait, écris le numéro de sa source entre crochets, par "
        "exemple [1]. Réponds en français, en une ou deux phrases courtes, même si les sources "
        "sont dans une autre langue."
    ),
}
GENERIC = (
    "You answer questions about the user's documents using only the numbered sources. "
    "After each fact, write the number of its source in square brackets, for example [1]. "
    "If the sources do not contain the answer, say so in one sentence. Answer in {language}."
)
LABELS = {
    "en": ("Sources", "page", "Question"),
    "de": ("Quellen", "Seite", "Frage"),
    "nl": ("Bronnen", "pagina", "Vraag"),
    "fr": ("Sources", "page", "Question"),
}


@dataclass(frozen=True)
class Evidence:
    """One numbered source as the model sees it."""

    n: int
    title: str
    page: int
    text: str


def not_found_phrase(language: str) -> str:
    return NOT_FOUND.get(language, NOT_FOUND["en"])


def build_messages(question: str, language: str, evidence: list[Evidence]) -> list[Message]:
    if language in INSTRUCTIONS:
        system = INSTRUCTIONS[language].format(not_found=not_found_phrase(language))
    else:
        system = GENERIC.format(language=language_name(language))
    heading, page_word, question_word = LABELS.get(language, LABELS["en"])
    sources = "\n\n".join(
        f"[{e.n}] {e.title} ({page_word} {e.page}): {_flat(e.text)}" for e in evidence
    )
    # The question comes before the sources too: a small model reads them with it in mind.
    user = f"{question_word}: {question}\n\n{heading}:\n{sources}\n\n{question_word}: {question}"
    return [Message("system", system), Message("user", user)]


def _flat(text: str) -> str:
    """Line breaks from the page layout cost tokens and split sentences for the model."""
    return " ".join(text.split())
