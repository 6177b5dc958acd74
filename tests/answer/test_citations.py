from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from souverain.answer.citations import attribute, clean_citations
from souverain.index.usem import UsemEmbedder


def test_marks_pointing_at_no_evidence_are_removed() -> None:
    text, cited = clean_citations("Ends in 2027 [1][4]. Rent is 4,850 EUR [2, 9].", valid=3)
    assert text == "Ends in 2027 [1]. Rent is 4,850 EUR [2]."
    assert cited == [1, 2]


def test_zero_is_not_a_citation() -> None:
    assert clean_citations("Yes [0].", valid=2) == ("Yes.", [])


@given(st.lists(st.integers(-3, 12), max_size=6), st.integers(0, 8))
def test_every_kept_citation_is_in_range(numbers: list[int], valid: int) -> None:
    text = " ".join(f"fact [{n}]." for n in numbers)
    cleaned, cited = clean_citations(text, valid)
    assert all(1 <= n <= valid for n in cited)
    again, cited_again = clean_citations(cleaned, valid)
    assert (again, cited_again) == (cleaned, cited)


def test_uncited_sentence_gets_the_source_that_supports_it(embedder: UsemEmbedder) -> None:
    evidence = [
        "Das Mietverhältnis endet am 31. März 2027.",
        "De huurprijs bedraagt € 4.850 per maand.",
    ]
    vectors = embedder.embed_passages(evidence)
    out = attribute("The lease ends on 31 March 2027.", evidence, vectors, embedder)
    assert out == "The lease ends on 31 March 2027 [1]."


def test_no_citation_is_invented_for_an_unsupported_sentence(embedder: UsemEmbedder) -> None:
    evidence = ["Das Mietverhältnis endet am 31. März 2027."]
    vectors = embedder.embed_passages(evidence)
    text = "Penguins cannot fly but swim very well."
    assert attribute(text, evidence, vectors, embedder) == text
