"""The prompt for a cited answer: numbered sources, and instructions in the question's
language (small models follow an instruction's language better than a request to switch),
after one worked example of the answer we want."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from souverain.answer.evidence import LIST_ITEM
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


@dataclass(frozen=True)
class Example:
    """A worked exchange shown before the real question: sources in another language than
    the question, one of them beside the point, and the answer as one cited sentence. A
    small model told the format in words often answers with a bare "[2]", or restates the
    question and stops; shown it once, it writes the fact (docs/decisions/0008)."""

    question: str
    sources: tuple[Evidence, ...]
    answer: str


_GERMAN_SOURCES = (
    Evidence(1, "Wartungsvertrag Aufzüge", 1, "§ 2 Laufzeit. Der Vertrag beginnt am 1. März 2024 "
             "und läuft zwei Jahre."),
    Evidence(2, "House rules", 3, "The front door is locked from 10 pm."),
)  # fmt: skip
_ENGLISH_SOURCES = (
    Evidence(1, "Lift maintenance agreement", 1, "2. Term. The agreement starts on 1 March 2024 "
             "and runs for two years."),
    Evidence(2, "Hausordnung", 3, "Die Haustür ist ab 22 Uhr abgeschlossen."),
)  # fmt: skip
EXAMPLES = {
    "en": Example("When does the maintenance contract start?", _GERMAN_SOURCES,
                  "The maintenance contract starts on 1 March 2024 [1]."),
    "de": Example("Wann beginnt der Wartungsvertrag?", _ENGLISH_SOURCES,
                  "Der Wartungsvertrag beginnt am 1. März 2024 [1]."),
    "nl": Example("Wanneer begint het onderhoudscontract?", _GERMAN_SOURCES,
                  "Het onderhoudscontract begint op 1 maart 2024 [1]."),
    "fr": Example("Quand commence le contrat de maintenance ?", _GERMAN_SOURCES,
                  "Le contrat de maintenance commence le 1er mars 2024 [1]."),
}  # fmt: skip


def not_found_phrase(language: str) -> str:
    return NOT_FOUND.get(language, NOT_FOUND["en"])


def build_messages(question: str, language: str, evidence: list[Evidence]) -> list[Message]:
    """System instructions, the worked example when the language has one, then the
    question with its numbered sources."""
    if language in INSTRUCTIONS:
        system = INSTRUCTIONS[language]
    else:
        system = GENERIC.format(language=language_name(language))
    messages = [Message("system", system)]
    example = EXAMPLES.get(language)
    if example is not None:
        messages.append(Message("user", _asking(example.question, language, example.sources)))
        messages.append(Message("assistant", example.answer))
    messages.append(Message("user", _asking(question, language, evidence)))
    return messages


def _asking(question: str, language: str, evidence: Sequence[Evidence]) -> str:
    heading, page_word, question_word = LABELS.get(language, LABELS["en"])
    sources = "\n\n".join(
        f"[{e.n}] {e.title} ({page_word} {e.page}):\n{for_model(e.text)}"
        for e in reversed(evidence)
    )
    # The question comes before the sources too: a small model reads them with it in mind.
    return f"{question_word}: {question}\n\n{heading}:\n{sources}\n\n{question_word}: {question}"


_ITEM = re.compile(LIST_ITEM)


def _is_row(line: str) -> bool:
    """A table row, Markdown or text columns parted by "|"."""
    return line.startswith("|") or line.count("|") >= 2


def for_model(text: str) -> str:
    """The evidence as a small model reads it best: a line wrapped by the page layout
    joined to its sentence, while paragraphs, list items and table rows keep lines of their
    own (flattened into one run, a list's figures lose their labels)."""
    out: list[str] = []
    joinable = False
    for raw in text.splitlines():
        line = " ".join(raw.split())
        row = _is_row(line)
        if not line:
            joinable = False
        elif joinable and not row and not _ITEM.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
            joinable = not row
    return "\n".join(out)
