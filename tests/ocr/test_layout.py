"""Layout from word boxes alone: tables, columns, headings, lists, running heads."""

from __future__ import annotations

from souverain.ocr.layout import lay_out, mark_running_text
from souverain.ocr.model import BlockType, OcrBlock, OcrPage, TextLine, Word
from souverain.ocr.render import page_markdown

CHAR = 18  # pixels per character in these made-up lines
HEIGHT = 30


def line(x: int, y: int, text: str, height: int = HEIGHT) -> TextLine:
    """Words laid out left to right from (x, y), one space (one character) apart."""
    words, left = [], x
    for word in text.split():
        width = CHAR * len(word) * height // HEIGHT
        words.append(Word(word, (left, y, left + width, y + height), 0.95))
        left += width + CHAR * height // HEIGHT
    return TextLine(tuple(words))


def test_rows_with_aligned_gaps_are_a_table() -> None:
    rows = [("Pos", "Artikel", "Menge", "Preis"), ("1", "Kunstrasen", "3", "10,00"),
            ("2", "Mineralwasser", "20", "109,80"), ("3", "Pfand", "20", "55,40")]  # fmt: skip
    lines = [line(100, 400, "Rechnung Nr. 471102 vom 05.06.2018 an Kunden AG")]
    for r, cells in enumerate(rows):
        lines += [
            line(x, 500 + r * 50, cell)
            for x, cell in zip((100, 300, 900, 1300), cells, strict=True)
        ]
    blocks = lay_out(lines)
    assert [b.type for b in blocks] == [BlockType.TEXT, BlockType.TABLE]
    assert blocks[1].rows == [list(row) for row in rows]
    markdown = page_markdown(OcrPage(0, 2000, 2000, 300, blocks))
    assert (
        "| Pos | Artikel | Menge | Preis |\n|---|---|---|---|\n| 1 | Kunstrasen | 3 | 10,00 |"
        in markdown
    )


def test_a_cell_continued_on_the_next_line_stays_in_its_cell() -> None:
    lines = [line(100, 500, "Pos"), line(300, 500, "Beschreibung"), line(900, 500, "Betrag"),
             line(100, 550, "1"), line(300, 550, "Kunstrasen grün"), line(900, 550, "10,00"),
             line(300, 600, "3 m breit"),
             line(100, 650, "2"), line(300, 650, "Pfand"), line(900, 650, "55,40")]  # fmt: skip
    (table,) = lay_out(lines)
    assert table.rows == [["Pos", "Beschreibung", "Betrag"], ["1", "Kunstrasen grün 3 m breit", "10,00"],
                          ["2", "Pfand", "55,40"]]  # fmt: skip


def test_a_line_across_columns_of_a_table_is_a_spanning_cell_in_html() -> None:
    lines = [line(100, 500, "Pos"), line(300, 500, "Artikel"), line(900, 500, "Menge"), line(1300, 500, "Preis"),
             line(100, 550, "1"), line(300, 550, "Kunstrasen"), line(900, 550, "3"), line(1300, 550, "10,00"),
             line(300, 600, "Lieferung frei Haus bis zur Baustelle Nord"),
             line(100, 650, "2"), line(300, 650, "Pfand"), line(900, 650, "20"), line(1300, 650, "55,40")]  # fmt: skip
    (table,) = lay_out(lines)
    assert table.rows[2] == ["", "Lieferung frei Haus bis zur Baustelle Nord", ""]
    assert table.spans[2] == [1, 2, 1] and table.spans[1] == [1, 1, 1, 1]
    assert table.rows[3] == ["2", "Pfand", "20", "55,40"]
    markdown = page_markdown(OcrPage(0, 2000, 2000, 300, [table]))
    assert markdown.startswith("<table>\n<tr><th>Pos</th><th>Artikel</th>")
    assert (
        '<tr><td></td><td colspan="2">Lieferung frei Haus bis zur Baustelle Nord</td><td></td></tr>'
        in markdown
    )
    assert markdown.endswith("<td>55,40</td></tr>\n</table>")


def test_two_columns_of_text_are_read_column_by_column() -> None:
    left = [
        "The lease of the Berlin office runs",
        "until the end of February 2029 and",
        "may be extended by five years.",
    ]
    right = ["Die Miete wird monatlich im Voraus", "bis zum dritten Werktag gezahlt und", "jährlich an den Index angepasst."]  # fmt: skip
    lines = [line(100, 300 + i * 45, text) for i, text in enumerate(left)]
    lines += [line(1000, 300 + i * 45, text) for i, text in enumerate(right)]
    blocks = lay_out(lines)
    assert [b.lines for b in blocks] == [left, right]


def test_a_table_under_two_columns_of_text_is_a_table_of_its_own() -> None:
    left = ["The lease of the Berlin office runs", "until the end of February 2029 and"]
    right = ["Die Miete wird monatlich im Voraus", "bis zum dritten Werktag gezahlt und"]
    lines = [line(100, 300 + i * 45, text) for i, text in enumerate(left)]
    lines += [line(1000, 300 + i * 45, text) for i, text in enumerate(right)]
    rows = [("Pos", "Artikel", "Menge", "Preis"), ("1", "Kunstrasen", "3", "10,00"),
            ("2", "Mineralwasser", "20", "109,80")]  # fmt: skip
    for r, cells in enumerate(rows):
        lines += [
            line(x, 420 + r * 45, c) for x, c in zip((100, 300, 1100, 1500), cells, strict=True)
        ]
    blocks = lay_out(lines)
    assert [b.type for b in blocks][-1] == BlockType.TABLE
    assert blocks[-1].rows == [list(row) for row in rows]
    assert "bis zum dritten Werktag gezahlt und" in blocks[-2].text


def test_form_labels_with_values_stay_lines_of_text() -> None:
    pairs = [("Währung:", "EUR"), ("Bestellung:", "2018-471331"), ("Lieferdatum:", "03.06.2018")]
    lines = [
        line(x, 300 + i * 45, t)
        for i, pair in enumerate(pairs)
        for x, t in zip((100, 700), pair, strict=True)
    ]
    blocks = lay_out(lines)
    assert all(b.type == BlockType.TEXT for b in blocks)
    assert blocks[0].lines == ["Währung: EUR", "Bestellung: 2018-471331", "Lieferdatum: 03.06.2018"]


def test_headings_lists_and_paragraphs() -> None:
    lines = [line(100, 100, "Terms of Payment", height=60),
             line(100, 220, "Invoices are due within thirty days."),
             line(100, 265, "Late payment carries interest."),
             line(100, 380, "- first reminder after 14 days"),
             line(100, 425, "- second reminder after 28 days"),
             line(100, 540, "Subsection", height=45)]  # fmt: skip
    blocks = lay_out(lines)
    assert [(b.type, b.level) for b in blocks] == [
        (BlockType.HEADING, 1), (BlockType.TEXT, 0), (BlockType.LIST, 0), (BlockType.HEADING, 2)
    ]  # fmt: skip
    assert blocks[2].lines == ["- first reminder after 14 days", "- second reminder after 28 days"]
    markdown = page_markdown(OcrPage(0, 2000, 2000, 300, blocks))
    assert markdown.startswith("# Terms of Payment\n\nInvoices are due within thirty days.\nLate")
    assert "## Subsection" in markdown


def test_page_numbers_and_repeated_heads_are_marked() -> None:
    def page(index: int) -> OcrPage:
        blocks = [
            OcrBlock(
                BlockType.TEXT, (100, 20, 900, 60), ["Quarnell Logistics B.V. — confidential"], 0.9
            ),
            OcrBlock(BlockType.TEXT, (100, 500, 900, 540), [f"Body text of page {index}"], 0.9),
            OcrBlock(BlockType.TEXT, (900, 1940, 1100, 1980), [f"Seite {index} von 3"], 0.9),
        ]
        return OcrPage(index, 2000, 2000, 300, blocks)

    pages = [page(1), page(2)]
    mark_running_text(pages)
    for p in pages:
        assert [b.type for b in p.blocks] == [BlockType.HEADER, BlockType.TEXT, BlockType.FOOTER]
    single = [page(1)]
    single[0].blocks[0].lines = ["A title near the top"]
    mark_running_text(single)
    assert [b.type for b in single[0].blocks] == [BlockType.TEXT, BlockType.TEXT, BlockType.FOOTER]


def test_specks_and_rulings_are_not_text() -> None:
    lines = [line(100, 100, "Invoice total"), TextLine((Word("—", (100, 200, 900, 205), 0.3),)),
             TextLine((Word("|", (50, 300, 55, 330), 0.2),))]  # fmt: skip
    assert [b.text for b in lay_out(lines)] == ["Invoice total"]
