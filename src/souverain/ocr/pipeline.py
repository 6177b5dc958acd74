"""OCR a whole file: PDF pages with a good text layer are read from it, scanned pages and
images are rendered and read in parallel processes, one single-threaded engine each.

Results are cached by a hash of the rendered page and the options, so re-reading a file
(or ingesting it again after an edit elsewhere in it) costs nothing for pages seen before.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np

from souverain import __version__
from souverain.domain import BlockKind, Page
from souverain.errors import (
    CorruptFile,
    EmptyFile,
    UnsupportedFormat,
    UsageError,
)
from souverain.ocr.layout import mark_running_text
from souverain.ocr.model import BlockType, OcrBlock, OcrPage, OcrResult
from souverain.ocr.reader import OcrOptions, read_page
from souverain.parse.base import Limits
from souverain.parse.image import MAX_PIXELS, ImageParser

MODEL = f"souverain-ocr-{__version__}"
_TEXT_LAYER_DPI = 72  # text-layer pages are measured in PDF points
IMAGE_TYPES = ImageParser.media_types


class OcrCache(Protocol):
    """Where readings are kept by page hash (the SQLite store is one)."""

    def ocr_get(self, key: str) -> dict[str, Any] | None: ...

    def ocr_put(self, key: str, page: dict[str, Any]) -> None: ...


Progress = Callable[[int, int], None]
"""Called with (pages done, pages in all) as pages finish."""


@dataclass
class _Job:
    index: int
    image: np.ndarray
    dpi: int
    key: str


def ocr_pdf_pages(
    data: bytes,
    pages: Sequence[Page],
    options: OcrOptions,
    cache: OcrCache | None = None,
    progress: Progress | None = None,
) -> list[OcrPage]:
    """OCR the given pages (parsed Page objects, needs_ocr ones) of a PDF; returns them read."""
    jobs = (
        _job(index, image, dpi, options) for index, image, dpi in _render_pdf(data, pages, options)
    )
    return run_jobs(jobs, len(pages), options, cache, progress)


def ocr_file(
    path: str,
    data: bytes,
    options: OcrOptions | None = None,
    pages: Sequence[int] | None = None,
    cache: OcrCache | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> OcrResult:
    """Read a PDF or an image file into an OCR result; ``pages`` are 1-based page numbers."""
    from souverain.parse import detect_media_type, parse_document

    options = options or OcrOptions()
    limits = limits or Limits()
    if not data:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    media_type = detect_media_type(path, data)
    if media_type not in (*IMAGE_TYPES, "application/pdf"):
        raise UnsupportedFormat(
            path, f"OCR reads PDFs and images, not {media_type}", "Use `souverain ingest` for it."
        )
    parsed = parse_document(path, data, limits)  # refuses bombs, encrypted and empty files
    wanted = _select(pages, len(parsed.pages), path)
    if media_type in IMAGE_TYPES:
        numbers = [i + 1 for i in wanted]
        read = ocr_images(path, data, numbers, options, cache, progress)
    else:
        chosen = [parsed.pages[i] for i in wanted]
        scanned = [page for page in chosen if page.needs_ocr or options.force]
        by_index = {p.index: p for p in ocr_pdf_pages(data, scanned, options, cache, progress)}
        read = [by_index.get(page.number - 1) or text_layer_page(page) for page in chosen]
    mark_running_text(read)
    return OcrResult(read, MODEL, len(data))


def ocr_images(
    path: str,
    data: bytes,
    numbers: Sequence[int],
    options: OcrOptions,
    cache: OcrCache | None,
    progress: Progress | None,
) -> list[OcrPage]:
    """OCR the frames ``numbers`` (1-based) of an image file ImageParser has accepted."""
    wanted = set(numbers)
    frames = (
        _job(index, image, dpi, options)
        for index, (image, dpi) in enumerate(image_frames(path, data))
        if index + 1 in wanted
    )
    return run_jobs(frames, len(wanted), options, cache, progress)


def _select(pages: Sequence[int] | None, count: int, path: str) -> list[int]:
    if not pages:
        return list(range(count))
    outside = [p for p in pages if not 1 <= p <= count]
    if outside:
        raise UsageError(f"{path}: has {count} pages; there is no page {outside[0]}")
    return [p - 1 for p in pages]


def text_layer_page(page: Page) -> OcrPage:
    """A born-digital page read from its text layer: blocks in points (72 dpi)."""
    kinds = {
        BlockKind.HEADING: BlockType.HEADING,
        BlockKind.LIST: BlockType.LIST,
        BlockKind.TABLE: BlockType.TABLE,
    }
    blocks = [
        OcrBlock(
            kinds.get(block.kind, BlockType.TEXT),
            tuple(round(v) for v in block.bbox) if block.bbox else (0, 0, 0, 0),  # type: ignore[arg-type]
            block.text.splitlines() or [block.text],
            1.0,
            level=block.level,
        )
        for block in page.blocks
    ]
    return OcrPage(
        index=page.number - 1,
        width=round(page.width or 0),
        height=round(page.height or 0),
        dpi=_TEXT_LAYER_DPI,
        blocks=blocks,
        source="text-layer",
        engine="text-layer",
        notes=["read from the PDF's text layer; no OCR"],
    )


# --------------------------------------------------------------------------- images


def image_frames(path: str, data: bytes) -> Iterator[tuple[np.ndarray, int]]:
    """Grey frames of an image file with their resolution. ImageParser has checked every
    frame's size and the frame count before this decodes a pixel."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise CorruptFile(path, f"not a readable image ({exc})") from exc
    try:
        for frame in ImageSequence.Iterator(image):
            upright = ImageOps.exif_transpose(frame) or frame
            gray = np.asarray(upright.convert("L"))
            yield gray, _image_dpi(frame.info.get("dpi"), gray)
    except (OSError, ValueError, SyntaxError) as exc:
        raise CorruptFile(path, f"the image data is damaged ({exc})") from exc


def _image_dpi(declared: Any, gray: np.ndarray) -> int:
    try:
        dpi = round(float(declared[0]))
    except (TypeError, ValueError, IndexError):
        dpi = 0
    return dpi if 70 <= dpi <= 1200 else estimate_dpi(gray)


def estimate_dpi(gray: np.ndarray) -> int:
    """A resolution guess for an image that declares none (a photo): from letter heights.

    Body text (10-11 pt) has letters about 25 pixels tall at 300 dpi.
    """
    import cv2

    from souverain.ocr.preprocess import binarize

    _, _, stats, _ = cv2.connectedComponentsWithStats(binarize(gray), connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    widths = stats[1:, cv2.CC_STAT_WIDTH]
    letters = heights[(heights >= 4) & (heights <= 300) & (widths <= 2 * heights)]
    if len(letters) < 20:
        return 300
    return int(np.clip(300 * float(np.median(letters)) / 25, 70, 600))


# --------------------------------------------------------------------------- PDF


def _render_pdf(
    data: bytes, pages: Sequence[Page], options: OcrOptions
) -> Iterator[tuple[int, np.ndarray, int]]:
    import pypdfium2 as pdfium

    if not pages:
        return
    document = pdfium.PdfDocument(data)
    try:
        for page in pages:
            handle = document[page.number - 1]
            try:
                width, height = handle.get_size()
                dpi = options.dpi
                if width * height * (dpi / 72) ** 2 > MAX_PIXELS:
                    dpi = int(72 * (MAX_PIXELS / (width * height)) ** 0.5)
                pixels = handle.render(scale=dpi / 72, grayscale=True).to_numpy()
                image = np.array(pixels[:, :, 0] if pixels.ndim == 3 else pixels)
                yield page.number - 1, image, dpi
            finally:
                handle.close()
    finally:
        document.close()


# --------------------------------------------------------------------------- running


def _job(index: int, image: np.ndarray, dpi: int, options: OcrOptions) -> _Job:
    digest = hashlib.sha256()
    digest.update(f"{image.shape}|{dpi}|{options.fingerprint()}|".encode())
    digest.update(np.ascontiguousarray(image).data)
    return _Job(index, image, dpi, digest.hexdigest())


def run_jobs(
    jobs: Iterator[_Job],
    total: int,
    options: OcrOptions,
    cache: OcrCache | None,
    progress: Progress | None,
) -> list[OcrPage]:
    """Read pages, cached ones from the cache, the rest over a pool of processes.

    A cached page's language is the others' first guess; at most two pages per worker wait
    rendered in memory at a time.
    """
    done: list[OcrPage] = []
    tick = progress or (lambda _done, _total: None)
    pending: list[_Job] = []
    hint = ""
    for job in jobs:
        cached = cache.ocr_get(job.key) if cache else None
        if cached is not None:
            page = page_from_dict(cached, job.index)
            done.append(page)
            hint = hint or page.language
            tick(len(done), total)
            continue
        pending.append(job)
        if len(pending) >= 2 * _workers(options):
            _run_pool(pending, options, hint, cache, done, tick, total)
            pending = []
    if pending:
        _run_pool(pending, options, hint, cache, done, tick, total)
    return sorted(done, key=lambda page: page.index)


def _workers(options: OcrOptions) -> int:
    return options.workers or len(os.sched_getaffinity(0))


def _run_pool(
    jobs: list[_Job],
    options: OcrOptions,
    hint: str,
    cache: OcrCache | None,
    done: list[OcrPage],
    tick: Progress,
    total: int,
) -> None:
    workers = min(_workers(options), len(jobs))
    if workers <= 1:
        for job in jobs:
            _finish(read_page(job.image, job.dpi, job.index, options, hint), job, cache, done)
            tick(len(done), total)
        return
    context = multiprocessing.get_context("spawn")  # PDFium and ONNX Runtime dislike fork
    pool = _pool(workers, context)
    try:
        futures: list[tuple[_Job, Future[OcrPage]]] = [
            (job, pool.submit(read_page, job.image, job.dpi, job.index, options, hint))
            for job in jobs
        ]
        started = time.monotonic()
        for position, (job, future) in enumerate(futures):
            # Pages run ``workers`` at a time: the n-th may wait for those ahead of it.
            allowance = options.page_timeout * (position // workers + 1)
            try:
                page = future.result(timeout=max(0.01, started + allowance - time.monotonic()))
            except FutureTimeout:
                page = _failed(job, f"no result within {options.page_timeout:.0f} s")
                _finish(page, job, None, done)
                tick(len(done), total)
                continue
            except Exception as exc:  # a worker that died (out of memory, a crash)
                page = _failed(job, f"the OCR worker failed ({type(exc).__name__}: {exc})")
                _finish(page, job, None, done)
                tick(len(done), total)
                continue
            _finish(page, job, cache, done)
            tick(len(done), total)
    finally:
        _shutdown(pool)


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int, context: Any) -> ProcessPoolExecutor:
    """A warm pool, reused within this process (starting workers costs about a second)."""
    pool = _POOLS.get(workers)
    if pool is None:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        _POOLS[workers] = pool
    return pool


def _shutdown(pool: ProcessPoolExecutor) -> None:
    """Keep a healthy pool; kill one with a hung or dead worker so no page blocks the next."""
    processes = getattr(pool, "_processes", None) or {}
    busy = getattr(pool, "_pending_work_items", None)
    if busy:
        for process in list(processes.values()):
            process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        for key, value in list(_POOLS.items()):
            if value is pool:
                del _POOLS[key]


def _failed(job: _Job, error: str) -> OcrPage:
    height, width = job.image.shape
    return OcrPage(job.index, width, height, job.dpi, [], error=error, confidence=0.0)


def _finish(page: OcrPage, job: _Job, cache: OcrCache | None, done: list[OcrPage]) -> None:
    if cache is not None and not page.error:
        cache.ocr_put(job.key, page_to_dict(page))
    done.append(page)


# --------------------------------------------------------------------------- cache form


def page_to_dict(page: OcrPage) -> dict[str, Any]:
    return asdict(page)


def page_from_dict(data: dict[str, Any], index: int) -> OcrPage:
    blocks = [
        OcrBlock(
            b["type"], tuple(b["box"]), list(b["lines"]), b["confidence"], b["level"],
            [list(row) for row in b["rows"]],
        )
        for b in data["blocks"]
    ]  # fmt: skip
    fields = {k: v for k, v in data.items() if k != "blocks"}
    page = OcrPage(**fields, blocks=blocks)
    page.index = index
    page.notes.append("from the OCR cache")  # only the reading handed out says so
    return page
