"""Scanned files through ingestion and the `souverain ocr` command, on a real store."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from souverain.cli.main import cli
from souverain.workspace import Workspace
from tests.ocr.pages import FRENCH, GERMAN, image_pdf, png, text_page


def test_scanned_pages_become_searchable_with_their_region(
    workspace: Workspace, tmp_path: Path
) -> None:
    scan = tmp_path / "mietvertrag-scan.pdf"
    scan.write_bytes(image_pdf([text_page(FRENCH), text_page(GERMAN, heading=52)]))
    photo = tmp_path / "lettre.png"
    photo.write_bytes(png(text_page(FRENCH)))
    report = workspace.ingest([scan, photo])
    assert [f.status for f in report.files] == ["added", "added"], report.files
    assert report.files[0].ocr_pages == (1, 2)
    hits = workspace.search("Kündigungsfrist sechs Monate", k=3)
    top = hits[0]
    assert top.document.path == str(scan) and top.chunk.page == 2
    x0, y0, x1, y1 = top.chunk.bbox or (0, 0, 0, 0)
    page_width_pt = 1500 * 72 / 300
    assert 0 <= x0 < x1 <= page_width_pt + 1 and 0 <= y0 < y1  # points, like text-layer PDFs
    assert workspace.documents()[0].ocr_pages or workspace.documents()[1].ocr_pages
    again = workspace.ingest([scan])
    assert again.files[0].status == "unchanged"


def test_ocr_command_formats_and_exit_codes(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(image_pdf([text_page(GERMAN, heading=52), text_page(FRENCH)]))
    runner = CliRunner()
    base = ["--home", str(tmp_path / "home"), "ocr", str(scan), "--engine", "tesseract"]
    markdown = runner.invoke(cli, [*base, "--pages", "1"])
    assert markdown.exit_code == 0, markdown.output
    assert markdown.output.startswith("<!-- page 1 -->\n\n# Mietvertrag für Büroräume\n")
    as_json = runner.invoke(cli, [*base, "--format", "json", "--lang", "fr", "--pages", "2"])
    result = json.loads(as_json.output)
    assert result["usage_info"]["pages_processed"] == 1
    assert result["pages"][0]["index"] == 1 and result["pages"][0]["language"] == "fr"
    text = runner.invoke(cli, [*base, "--format", "text"])
    assert text.output.count("\f") == 1 and "réception" in text.output
    bad = runner.invoke(cli, [*base, "--pages", "2-x"])
    assert bad.exit_code == 2 and "--pages" in bad.output
    missing = runner.invoke(
        cli, ["--home", str(tmp_path / "home"), "ocr", str(tmp_path / "none.pdf")]
    )
    assert missing.exit_code == 66
    notes = tmp_path / "notes.txt"
    notes.write_text("plain text")
    unsupported = runner.invoke(cli, ["--home", str(tmp_path / "home"), "ocr", str(notes)])
    assert unsupported.exit_code == 65 and "OCR reads PDFs and images" in unsupported.output
