"""DocxParser on Word files made here with python-docx, and zips crafted to be bombs."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from souverain.domain import Block, BlockKind
from souverain.errors import CorruptFile, DecompressionBomb, EmptyFile
from souverain.parse.base import Limits
from souverain.parse.docx import DocxParser


def save(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parse(data: bytes, limits: Limits | None = None) -> list[Block]:
    return DocxParser().parse(data, "test.docx", limits or Limits()).pages[0].blocks


def report() -> Document:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Supply contract", level=0)
    document.add_heading("Parties", level=1)
    document.add_paragraph("Between Lieferant GmbH and Kunden AG.")
    document.add_paragraph("Deliveries on time", style="List Bullet")
    document.add_paragraph("Invoices within 30 days", style="List Bullet")
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("Item", "Price"), ("Paper | A4", "9,90"), ("Ink", "")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_heading("Terms", level=2)
    document.add_paragraph("Signed in München.")
    return document


def test_headings_paragraphs_lists_and_tables_keep_body_order() -> None:
    blocks = parse(save(report()))
    assert [(b.kind, b.level) for b in blocks] == [
        (BlockKind.HEADING, 1),
        (BlockKind.HEADING, 1),
        (BlockKind.PARAGRAPH, 0),
        (BlockKind.LIST, 0),
        (BlockKind.TABLE, 0),
        (BlockKind.HEADING, 2),
        (BlockKind.PARAGRAPH, 0),
    ]
    assert blocks[3].text == "- Deliveries on time\n- Invoices within 30 days"
    assert blocks[4].text == (
        "| Item | Price |\n| --- | --- |\n| Paper \\| A4 | 9,90 |\n| Ink |  |"
    )
    assert blocks[6].text == "Signed in München."


def test_title_from_core_properties_else_first_heading() -> None:
    document = report()
    assert DocxParser().parse(save(document), "a.docx", Limits()).title == "Supply contract"
    document.core_properties.title = "Contract 2024/17"
    parsed = DocxParser().parse(save(document), "a.docx", Limits())
    assert parsed.title == "Contract 2024/17"
    assert parsed.metadata["author"] == "python-docx"


def test_localised_and_derived_heading_styles() -> None:
    document = docx.Document()
    german = document.styles.add_style("Überschrift 1", WD_STYLE_TYPE.PARAGRAPH)
    german.base_style = document.styles["Normal"]
    derived = document.styles.add_style("Contract Clause", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = document.styles["Heading 2"]
    document.add_paragraph("Vertrag", style="Überschrift 1")
    document.add_paragraph("§ 1 Gegenstand", style="Contract Clause")
    outlined = document.add_paragraph("Outlined only")
    outlined._p.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="2"/>'))
    document.add_paragraph("Body text.")
    blocks = parse(save(document))
    assert [(b.text, b.level) for b in blocks] == [
        ("Vertrag", 1),
        ("§ 1 Gegenstand", 2),
        ("Outlined only", 3),
        ("Body text.", 0),
    ]


def test_numbered_paragraphs_nest_inside_one_list() -> None:
    document = docx.Document()
    document.add_paragraph("Fruit", style="List Bullet")
    nested = document.add_paragraph("Apples", style="List Bullet")
    nested._p.get_or_add_pPr().insert(
        0,
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr>'),
    )
    document.add_paragraph("Vegetables", style="List Bullet")
    document.add_paragraph("After the list.")
    blocks = parse(save(document))
    assert blocks[0] == Block("- Fruit\n  - Apples\n- Vegetables", BlockKind.LIST)
    assert blocks[1].text == "After the list."


def test_content_controls_are_read_in_place() -> None:
    document = docx.Document()
    document.add_paragraph("Before.")
    control = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>Inside a control.</w:t></w:r>"
        "</w:p></w:sdtContent></w:sdt>"
    )
    document.element.body.find(qn("w:p")).addnext(control)
    assert [b.text for b in parse(save(document))] == ["Before.", "Inside a control."]


def test_document_without_text_is_empty() -> None:
    with pytest.raises(EmptyFile):
        parse(save(docx.Document()))


def test_not_a_zip_is_corrupt() -> None:
    with pytest.raises(CorruptFile, match="not a valid DOCX"):
        parse(b"This is not a zip file at all, just text named .docx")


def test_zip_without_document_part_is_corrupt() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(CorruptFile, match=r"word/document\.xml is missing"):
        parse(buffer.getvalue())


def zeros_zip(megabytes: int) -> bytes:
    """A zip whose word/document.xml inflates to ``megabytes`` MiB of zeros (ratio ~1000).

    Written in chunks, so the test never holds the inflated data in memory.
    """
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/document.xml", "w", force_zip64=True) as member,
    ):
        for _ in range(megabytes):
            member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_over_the_size_limit_is_refused() -> None:
    bomb = zeros_zip(20)
    assert len(bomb) < 100_000
    with pytest.raises(DecompressionBomb, match="expands to 20 MiB"):
        parse(bomb, Limits(max_expanded_bytes=8 * 1024 * 1024))


def test_zip_bomb_over_the_ratio_limit_is_refused() -> None:
    with pytest.raises(DecompressionBomb, match=r"word/document\.xml expands \d+ times"):
        parse(zeros_zip(20))


def test_ordinary_documents_pass_the_bomb_checks() -> None:
    tight = Limits(max_expanded_bytes=5 * 1024 * 1024, max_compression_ratio=50)
    assert parse(save(report()), tight)
