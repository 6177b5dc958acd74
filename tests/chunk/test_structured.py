from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from souverain.chunk.structured import StructuredChunker, lay_out
from souverain.domain import Block, BlockKind, Page, ParsedDocument

H = BlockKind.HEADING


def doc(*pages: list[Block]) -> ParsedDocument:
    return ParsedDocument([Page(i, list(blocks)) for i, blocks in enumerate(pages, start=1)])


def test_headings_open_chunks_and_travel_as_context() -> None:
    parsed = doc(
        [Block("Lease", H, 1), Block("§1 Premises", H, 2), Block("The landlord lets the office.")],
        [Block("§2 Term", H, 2), Block("The lease ends on 31 March 2027.")],
    )
    _, chunks = StructuredChunker().chunk("d", parsed)
    assert [c.heading for c in chunks] == ["Lease > §1 Premises", "Lease > §2 Term"]
    assert chunks[1].text.startswith("§2 Term") and chunks[1].page == 2


def test_a_table_that_fits_stays_whole() -> None:
    table = "| item | price |\n| --- | --- |\n" + "".join(
        f"| thing {i} | {i} EUR |\n" for i in range(20)
    )
    parsed = doc(
        [Block("Intro " * 50), Block(table.strip(), BlockKind.TABLE), Block("After " * 50)]
    )
    _, chunks = StructuredChunker(target_chars=300, max_chars=900).chunk("d", parsed)
    assert any(c.text == table.strip() for c in chunks)


def test_an_oversized_paragraph_is_cut_at_sentences() -> None:
    text = " ".join(f"Sentence number {i} says something." for i in range(100))
    _, chunks = StructuredChunker(target_chars=400, max_chars=500).chunk("d", doc([Block(text)]))
    assert len(chunks) > 5
    assert all(len(c.text) <= 500 for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)


def test_chunk_language_is_detected_per_chunk() -> None:
    parsed = doc(
        [
            Block("Vertrag", H, 1),
            Block("Der Mietvertrag endet am 31. März 2027 und kann verlängert werden."),
        ],
        [
            Block("Report", H, 1),
            Block("The annual revenue of the company grew by twelve percent last year."),
        ],
    )
    _, chunks = StructuredChunker().chunk("d", parsed)
    assert [c.language for c in chunks] == ["de", "en"]


def test_bboxes_are_united_on_the_first_page() -> None:
    parsed = doc([Block("a", bbox=(10, 10, 50, 20)), Block("b", bbox=(5, 30, 40, 40))])
    _, chunks = StructuredChunker().chunk("d", parsed)
    assert chunks[0].bbox == (5, 10, 50, 40)


words = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]),
    min_size=0,
    max_size=400,
)
blocks = st.builds(
    Block,
    text=st.one_of(
        words,
        st.lists(words, max_size=8).map("\n".join),
        st.lists(words, max_size=30).map(". ".join),
    ),
    kind=st.sampled_from(list(BlockKind)),
    level=st.integers(0, 4),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(blocks, max_size=8), min_size=1, max_size=4),
    st.integers(50, 400),
    st.integers(0, 500),
)
def test_offsets_always_point_at_the_chunk_text(
    pages: list[list[Block]], target: int, extra: int
) -> None:
    parsed = doc(*pages)
    text, chunks = StructuredChunker(target_chars=target, max_chars=target + extra).chunk(
        "d", parsed
    )
    assert text == lay_out(parsed)[0]
    previous_end = 0
    for i, c in enumerate(chunks):
        assert c.ordinal == i
        assert text[c.start : c.end] == c.text and c.text.strip()
        assert c.start >= previous_end and c.page <= c.page_end
        previous_end = c.end
    covered = "".join(text[c.start : c.end] for c in chunks)
    assert "".join(covered.split()) == "".join(text.split())
