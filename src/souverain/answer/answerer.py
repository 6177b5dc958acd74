"""Answer a question from the store: retrieve, number the evidence, generate, check the
citations. The answer is in the question's language; with no support it says so."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace

from souverain.answer.citations import (
    ANSWER_SENTENCE,
    attribute,
    clean_citations,
    drop_unsupported_marks,
)
from souverain.answer.evidence import select_evidence
from souverain.answer.prompt import NOT_FOUND, Evidence, build_messages, not_found_phrase
from souverain.domain import Answer, Citation, Hit
from souverain.gateway.base import CallContext, GenerationOptions
from souverain.gateway.gateway import Gateway
from souverain.language import detect_language
from souverain.retrieve.base import Retriever

WORDS = re.compile(r"\w{2,}")
MARKS = re.compile(r"\[\d[\d,; ]*\]")
REFUSALS = re.compile(
    r"do(?:es)? not (?:say|mention|contain|specify)|no information|keine angabe|nicht enthalten|"
    r"keine informationen|vermelden dit niet|geen informatie|ne le précisent pas|"
    r"ne précisent pas|aucune information|"
    r"(?:is|are) not (?:provided|mentioned|stated|given|specified) in the|"
    r"(?:wird|werden|ist|sind) (?:in den \w+ )?nicht (?:angegeben|genannt|erwähnt)|"
    r"(?:wordt|worden) (?:in de \w+ )?niet (?:vermeld|genoemd)|"
    r"n'(?:est|sont) pas (?:mentionnée?s?|précisée?s?|indiquée?s?)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AskOptions:
    top_k: int = 3
    evidence_chars: int = 650
    max_tokens: int = 200
    provider: str | None = None
    """Ask this provider first instead of the configured one (the policy still decides)."""


def answer_question(
    question: str, retriever: Retriever, gateway: Gateway, options: AskOptions = AskOptions()
) -> Answer:
    started = time.perf_counter()
    language = detect_language(question, default="en")
    hits = retriever.search(question, k=options.top_k)
    timings = {"retrieve_s": time.perf_counter() - started}
    if not hits:
        return _not_found(question, language, "", timings)
    sentence_embedder = gateway.sentence_embedder
    snippets = select_evidence(
        hits, sentence_embedder.embed_query(question), sentence_embedder, options.evidence_chars
    )
    evidence = [
        Evidence(i, h.document.title, h.chunk.page, s)
        for i, (h, s) in enumerate(zip(hits, snippets, strict=True), 1)
    ]
    completion = gateway.chat(
        build_messages(question, language, evidence),
        GenerationOptions(max_tokens=options.max_tokens),
        _context(hits, options.provider),
    )
    timings["generate_s"] = completion.timings.get("total_s", 0.0)
    text, cited = _checked(completion.text.strip(), snippets, gateway, question)
    timings["total_s"] = time.perf_counter() - started
    if not cited or not WORDS.search(MARKS.sub("", text)) or _is_not_found(text):
        # An answer that no source supports is a guess: say the documents do not answer.
        answer = _not_found(question, language, completion.model, timings, hits)
        return replace(answer, provider=completion.provider, decision=completion.decision)
    citations = tuple(Citation(n, hits[n - 1], snippets[n - 1]) for n in sorted(cited))
    return Answer(
        question, text, language, citations, completion.model, tuple(hits), True, timings,
        completion.provider, completion.decision,
    )  # fmt: skip


def _context(hits: list[Hit], provider: str | None) -> CallContext:
    """The evidence's labels travel with it; the question itself carries the policy's
    label for unlabelled text."""
    labels = {h.document.label for h in hits}
    return CallContext(tuple(sorted(labels)), tuple(h.document.id for h in hits), provider)


def _checked(
    text: str, snippets: list[str], gateway: Gateway, question: str
) -> tuple[str, list[int]]:
    text, cited = clean_citations(text, len(snippets))
    if text and not REFUSALS.search(text):
        text = drop_unsupported_marks(text, snippets, question)
        embedder = gateway.sentence_embedder
        text = attribute(text, snippets, embedder.embed_passages(snippets), embedder, question)
        text, cited = clean_citations(text, len(snippets))
    return text, cited


def _is_not_found(text: str) -> bool:
    """The reply is our not-found phrase, or opens by saying in other words that the
    sources do not hold the answer (a later sentence saying so about a detail does not
    undo an answer)."""
    folded = text.casefold()
    if any(phrase.casefold().rstrip(".") in folded for phrase in NOT_FOUND.values()):
        return True
    first = ANSWER_SENTENCE.search(text)
    return bool(first and REFUSALS.search(first.group()))


def _not_found(
    question: str,
    language: str,
    model: str,
    timings: dict[str, float],
    hits: list[Hit] | None = None,
) -> Answer:
    timings.setdefault("total_s", timings.get("retrieve_s", 0.0))
    return Answer(
        question, not_found_phrase(language), language, (), model, tuple(hits or ()), False, timings
    )
