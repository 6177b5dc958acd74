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


def test_a_day_written_the_german_way_does_not_end_the_sentence(embedder: UsemEmbedder) -> None:
    evidence = ["Neuer Liefertermin: Donnerstag, 24. April 2025, 06:00–10:00 Uhr."]
    vectors = embedder.embed_passages(evidence)
    text = "The new delivery date is Donnerstag, 24. April 2025."
    assert attribute(text, evidence, vectors, embedder) == (
        "The new delivery date is Donnerstag, 24. April 2025 [1]."
    )  # not "24 [1]. April 2025."
    cited = "It moved to Donnerstag, 24. April 2025 [1]. It was late."
    assert attribute(cited, evidence, vectors, embedder) == cited


def test_no_citation_is_invented_for_an_unsupported_sentence(embedder: UsemEmbedder) -> None:
    evidence = ["Das Mietverhältnis endet am 31. März 2027."]
    vectors = embedder.embed_passages(evidence)
    text = "Penguins cannot fly but swim very well."
    assert attribute(text, evidence, vectors, embedder) == text


def test_numbers_compare_across_notations() -> None:
    from souverain.answer.citations import claimed_numbers, numbers_in

    evidence = numbers_in("Die Miete beträgt insgesamt 7.622,00 € für 14 500 m².")
    assert claimed_numbers("The rent is 7,622 EUR [1].", "") <= evidence
    assert claimed_numbers("It is EUR 7622.", "") <= evidence
    assert not claimed_numbers("The rent is 8,000 EUR.", "") <= evidence
    assert claimed_numbers("In 2024 it was 7,622 EUR.", "What was it in 2024?") == {"7622"}


def test_a_mark_on_an_invented_number_is_dropped() -> None:
    from souverain.answer.citations import drop_unsupported_marks

    evidence = [
        "Die Kaution beträgt 22.866,00 €.",
        "Das Mietverhältnis endet am 31. Dezember 2029.",
    ]
    question = "Quel est le montant de la garantie ?"
    assert drop_unsupported_marks("La garantie est de 3.000.000 € [1].", evidence, question) == (
        "La garantie est de 3.000.000 €."
    )
    kept = "The deposit is EUR 22,866.00 [1]. It ends on December 31, 2029 [2]."
    assert drop_unsupported_marks(kept, evidence, question) == kept


def test_attribution_never_picks_a_source_without_the_number(embedder: UsemEmbedder) -> None:
    evidence = ["Das Mietverhältnis endet am 31. Dezember 2029.", "De huurprijs bedraagt € 4.850."]
    vectors = embedder.embed_passages(evidence)
    text = "The lease ends on 31 December 2031."
    assert attribute(text, evidence, vectors, embedder) == text


def test_thousands_are_claimed_whole_and_dates_by_day_and_year() -> None:
    from souverain.answer.citations import _supported, claimed_numbers, numbers_in

    source = numbers_in(
        "§ 3 Kaution: 22.866,00 € (drei Monatsmieten). Endet am 31. Dezember 2029. 14 500 m²."
    )
    assert not _supported(claimed_numbers("La garantie est de 3.000.000 €.", ""), source)
    for sentence in (
        "The deposit is EUR 22,866.00.",
        "It ends on 31.12.2029.",
        "It has 14,500 m2.",
    ):
        assert _supported(claimed_numbers(sentence, ""), source), sentence
