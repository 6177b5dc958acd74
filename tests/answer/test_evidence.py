"""Evidence for the prompt: sentences found in text as PDFs and Word files lay it out, and
from each source the sentences closest to the question, with what they need to be read."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from souverain.answer.evidence import (
    GAP,
    LONGEST_SENTENCE,
    best_sentences,
    select_evidence,
    sentences,
)
from souverain.domain import Chunk, Document, Hit
from souverain.index.usem import UsemEmbedder

# § 2 of the example Berlin lease as its PDF's text layer gives it: lines wrap mid-sentence.
LEASE = """§ 2 Mietzeit

(1) Das Mietverhältnis beginnt am 15. Januar 2025.
(2) Es ist fest abgeschlossen und endet am 31. Dezember 2029, ohne dass es einer Kündigung
bedarf.
(3) Während der festen Mietzeit ist die ordentliche Kündigung für beide Parteien ausgeschlossen.
(4) Die Mieterin hat das einmalige Recht, die Mietzeit um drei Jahre bis zum 31. Dezember 2032
zu verlängern (Option).
(5) Die Option ist spätestens neun Monate vor Ablauf der Mietzeit schriftlich auszuüben.
(6) Wird das Mietverhältnis nach Ablauf der Mietzeit fortgesetzt, läuft es auf unbestimmte Zeit.
Es kann dann von jeder Partei mit einer Frist von sechs Monaten zum Ende eines
Kalendervierteljahres gekündigt werden.
(7) Die Übergabe der Räume erfolgt am 13. Januar 2025. Über die Übergabe wird ein
gemeinsames Protokoll erstellt."""


def pieces(text: str) -> list[str]:
    return [text[start:end] for start, end in sentences(text)]


def test_a_wrapped_line_stays_in_its_sentence_and_numbered_clauses_are_their_own() -> None:
    found = pieces(LEASE)
    assert found[0] == "§ 2 Mietzeit"
    assert found[1] == "(1) Das Mietverhältnis beginnt am 15. Januar 2025."  # "15." ends nothing
    assert found[2].startswith("(2) Es ist") and found[2].endswith("Kündigung\nbedarf.")
    assert (
        "Es kann dann von jeder Partei mit einer Frist von sechs Monaten zum Ende eines\n"
        "Kalendervierteljahres gekündigt werden." in found
    )
    assert found[-2:] == [
        "(7) Die Übergabe der Räume erfolgt am 13. Januar 2025.",  # a year ends a sentence
        "Über die Übergabe wird ein\ngemeinsames Protokoll erstellt.",
    ]


def test_abbreviations_lists_and_table_rows() -> None:
    text = (
        "Vertreten durch Dr. Renate Vollmer, z. B. in Nr. 4 genannt. Fertig!\n"
        "- first item\n- second item\n"
        "| Rate | EUR |\n| Night | 3.10 |\n"
        "Contact: Niamh Gallagher"
    )
    assert pieces(text) == [
        "Vertreten durch Dr. Renate Vollmer, z. B. in Nr. 4 genannt.",
        "Fertig!",
        "- first item",
        "- second item",
        "| Rate | EUR |",
        "| Night | 3.10 |",
        "Contact:",
        "Niamh Gallagher",
    ]


def test_lines_without_punctuation_are_not_joined_past_a_limit() -> None:
    table = "\n".join(f"Depot {i} Rotterdam Waalhaven 52 docks 41000 pallets" for i in range(20))
    found = pieces(table)
    assert len(found) == 20 and all(len(p) <= LONGEST_SENTENCE for p in found)


@given(st.text(alphabet=st.sampled_from("ab .!?:;\n(1)-|§Dr5"), max_size=300))
def test_sentences_are_ordered_trimmed_and_cover_every_visible_character(text: str) -> None:
    spans = sentences(text)
    ends = [*spans[1:], (len(text), len(text))]
    for (start, end), following in zip(spans, ends[: len(spans)], strict=True):
        assert 0 <= start < end <= following[0]
        assert not text[start].isspace() and not text[end - 1].isspace()
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(text.split())


def test_the_closest_sentences_that_fit_are_kept_in_order_with_gaps_marked() -> None:
    text = "Alpha one. Beta two. Gamma three. Delta four. Epsilon five."
    spans = sentences(text)
    scores = np.array([0.5, 0.1, 0.2, 0.3, 0.9], dtype=np.float32)
    assert best_sentences(text, spans, scores, budget=30) == f"Alpha one.{GAP}Epsilon five."
    assert best_sentences(text, spans, scores, budget=len(text) + 5 * len(GAP)) == text
    alone = best_sentences("A very long closest sentence.", [(0, 29)], scores[:1], budget=10)
    assert alone == "A very lon"


def test_a_table_row_comes_with_its_header_and_the_heading() -> None:
    text = (
        "Horaires d'ouverture\n\n"
        "| Service | Lundi – vendredi | Samedi |\n| --- | --- | --- |\n"
        "| Réception des marchandises | 6h00 – 20h00 | 7h00 – 12h00 |\n"
        "| Accueil et bureaux | 8h30 – 17h30 | fermé |\n\n"
        "Le site est fermé le dimanche et les jours fériés. Les visiteurs s'annoncent à l'accueil."
    )
    spans = sentences(text)
    assert [text[a:b][:9] for a, b in spans][:5] == [
        "Horaires ", "| Service", "| --- | -", "| Récepti", "| Accueil"
    ]  # fmt: skip
    scores = np.zeros(len(spans), dtype=np.float32)
    scores[4] = 0.9  # the row of the reception desk
    kept = best_sentences(text, spans, scores, budget=150)
    assert kept == (
        "Horaires d'ouverture\n\n| Service | Lundi – vendredi | Samedi |"
        f"{GAP}| Accueil et bureaux | 8h30 – 17h30 | fermé |"
    )


def chunk_hit(text: str) -> Hit:
    document = Document(id="d1", path="lease.pdf", sha256="0" * 64, media_type="application/pdf",
                        title="Gewerbemietvertrag", pages=1, chunks=1, ocr_pages=(),
                        languages=("de",), size=len(text), added_at="2026-11-23T00:00:00Z")  # fmt: skip
    chunk = Chunk(doc_id="d1", ordinal=0, text=text, page=2, page_end=2, start=0, end=len(text),
                  language="de", heading="§ 2 Mietzeit")  # fmt: skip
    return Hit(chunk=chunk, document=document, score=1.0)


def test_a_cross_lingual_question_gets_the_clause_that_answers_it(embedder: UsemEmbedder) -> None:
    question = (
        "Welke opzegtermijn geldt voor het kantoor in Berlijn als de huur na de vaste looptijd "
        "gewoon doorloopt?"
    )
    short = "Was kostet der Parkplatz? Ein Stellplatz kostet 95 € im Monat."
    snippets = select_evidence(
        [chunk_hit(LEASE), chunk_hit(short)], embedder.embed_query(question), embedder, 500
    )
    assert "sechs Monaten" in snippets[0] and len(snippets[0]) <= 500 + len(GAP)
    assert snippets[1] == short  # a source within the budget is given whole
