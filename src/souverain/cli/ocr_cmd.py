"""`souverain ocr`: read a scan, a photo or a PDF into Markdown, text or Mistral-OCR JSON."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from souverain.cli import render
from souverain.cli.main import cli, workspace
from souverain.cli.progress import ocr_progress
from souverain.errors import UsageError
from souverain.ocr.model import OcrResult
from souverain.ocr.preprocess import Preprocess
from souverain.ocr.render import page_markdown, result_json


def parse_pages(spec: str) -> list[int]:
    """ "1,3-5" -> [1, 3, 4, 5] (1-based, in the order given, no repeats)."""
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                first, last = (int(n) for n in part.split("-", 1))
                numbers = list(range(first, last + 1))
            else:
                numbers = [int(part)]
        except ValueError:
            raise UsageError(
                f"--pages {spec!r}: {part!r} is not a page or a range", "Example: --pages 1,3-5"
            ) from None
        if not numbers or min(numbers) < 1:
            raise UsageError(f"--pages {spec!r}: pages count from 1", "Example: --pages 1,3-5")
        pages += [n for n in numbers if n not in pages]
    return pages


def parse_languages(spec: str) -> tuple[str, ...]:
    if spec in ("", "auto"):
        return ()
    return tuple(code.strip().lower() for code in spec.replace(",", "+").split("+") if code.strip())


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    default="markdown",
    show_default=True,
    type=click.Choice(["markdown", "json", "text"]),
    help="markdown: page by page; json: Mistral-OCR-shaped result with blocks and boxes; "
    "text: plain text, pages separated by form feeds.",
)
@click.option("--pages", "pages_spec", help="Pages to read, 1-based: 1,3-5 (default: all).")
@click.option(
    "--lang",
    default="auto",
    show_default=True,
    help="Language(s) of the text, ISO 639-1 joined by + (de, fr+en); auto detects each page's.",
)
@click.option(
    "--engine",
    default=None,
    type=click.Choice(["auto", "tesseract", "rapidocr"]),
    help="auto (default) reads with RapidOCR and asks Tesseract too on pages RapidOCR is "
    "unsure of, keeping the reading with more real words; tesseract is about twice as fast "
    "on clean pages, with more errors on scans.",
)
@click.option(
    "--workers", type=click.IntRange(0, 64), default=0, help="Parallel pages (0: one per core)."
)
@click.option("--no-cache", is_flag=True, help="Read every page again, ignoring cached readings.")
@click.option("--no-preprocess", is_flag=True, help="Skip contrast, denoise, upscale and deskew.")
@click.option(
    "--force-ocr",
    is_flag=True,
    help="OCR pages that have a text layer too (a PDF whose earlier OCR you do not trust; "
    "without it, an invisible OCR layer is redone only when most of its words are misread).",
)
@click.pass_context
def ocr(
    ctx: click.Context,
    file: Path,
    fmt: str,
    pages_spec: str | None,
    lang: str,
    engine: str | None,
    workers: int,
    no_cache: bool,
    no_preprocess: bool,
    force_ocr: bool,
) -> None:
    """Read a scanned PDF, a photo or an image with OCR.

    Pages with a good text layer are read from it, not OCR'd (unless --force-ocr). Scanned
    pages are cleaned (speckle, contrast, resolution, skew, orientation), read, their
    language detected, and laid out in reading order with headings, lists and tables.

    \b
    Examples:
      souverain ocr scan.pdf                      Markdown to stdout, page by page
      souverain ocr photo.jpg --format json       blocks with type, box, text, confidence
      souverain ocr letter.pdf --pages 1,3-5 --lang de

    Exit 0 when every page was read, 1 when some pages failed (the rest is printed),
    65 for a file that cannot be read at all.
    """
    overrides: dict[str, object] = {"workers": workers}
    languages = parse_languages(lang)
    if lang != "auto":
        overrides["languages"] = languages
    if engine:
        overrides["engine"] = engine
    if no_preprocess:
        overrides["preprocess"] = Preprocess(False, False, False, False, True)
    if force_ocr:
        overrides["force"] = True
    pages = parse_pages(pages_spec) if pages_spec else None
    with workspace(ctx) as ws, ocr_progress(enabled=sys.stderr.isatty()) as progress:
        result = ws.ocr(file, pages, progress, cache=not no_cache, **overrides)
    _print(result, fmt)
    failed = [page for page in result.pages if page.error]
    for page in failed:
        render.err.print(f"{file}: page {page.index + 1} not read: {page.error}")
    if failed:
        ctx.exit(1)


def _print(result: OcrResult, fmt: str) -> None:
    if fmt == "json":
        render.print_json(result_json(result))
    elif fmt == "text":
        sys.stdout.write("\f".join(page.text + "\n" for page in result.pages))
    else:
        parts = [
            f"<!-- page {page.index + 1} -->\n\n{page_markdown(page)}\n" for page in result.pages
        ]
        sys.stdout.write("\n".join(parts))
