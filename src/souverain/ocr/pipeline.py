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
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Future, ProcessPoolExecutor, wait
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
_SCAN_SHARE = 0.5  # an image covering this share of a page is the page's scan
_MIN_SCAN_DPI = 70  # lower resolutions are not a scan's: a thumbnail, a wrong declaration
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
    return dpi if _MIN_SCAN_DPI <= dpi <= 1200 else estimate_dpi(gray)


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
    return int(np.clip(300 * float(np.median(letters)) / 25, _MIN_SCAN_DPI, 600))


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
                dpi = min(options.dpi, _scan_dpi(handle, width * height) or options.dpi)
                if width * height * (dpi / 72) ** 2 > MAX_PIXELS:
                    dpi = int(72 * (MAX_PIXELS / (width * height)) ** 0.5)
                image = _scan_pixels(handle, dpi)
                if image is None:
                    pixels = handle.render(scale=dpi / 72, grayscale=True).to_numpy()
                    image = np.array(pixels[:, :, 0] if pixels.ndim == 3 else pixels)
                yield page.number - 1, image, dpi
            finally:
                handle.close()
    finally:
        document.close()


def _scan_pixels(page: Any, dpi: int) -> np.ndarray | None:
    """A page that is nothing but one upright JPEG covering it (what scanners write), as the
    JPEG's own grey pixels at ``dpi``; None for any other page, which is rendered instead.

    Decoding the JPEG alone costs a fifth of rendering the page with PDFium, and this runs in
    the process that hands pages to the OCR workers, beside them on the same cores.
    """
    import cv2
    import pypdfium2.raw as pdfium_c

    if page.get_rotation() or pdfium_c.FPDFPage_GetAnnotCount(page):
        return None
    objects = list(page.get_objects(max_depth=2))
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    scale_x, shear_y, shear_x, scale_y, _, _ = image.get_matrix().get()
    shown = page.get_bbox()  # the part of the page that is shown
    left, bottom, right, top = shown
    covers = all(abs(a - b) <= 1 for a, b in zip(image.get_bounds(), shown, strict=True))
    colours = (pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_DEVICERGB)
    if (
        shear_x or shear_y or scale_x <= 0 or scale_y <= 0 or not covers
        or image.get_filters() != ["DCTDecode"]
        or image.get_metadata().colorspace not in colours
    ):  # fmt: skip
        return None
    gray = cv2.imdecode(np.frombuffer(image.get_data(decode_simple=False), np.uint8), 0)
    if gray is None:
        return None  # PDFium may still make something of it
    size = (round((right - left) * dpi / 72), round((top - bottom) * dpi / 72))
    if max(abs(size[0] - gray.shape[1]), abs(size[1] - gray.shape[0])) > 2:
        gray = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(gray)


def _scan_dpi(page: Any, page_area: float) -> int | None:
    """The resolution of the scan filling the page, when one does: its page is rendered at
    it, not above, so that specks stay specks for the clean-up and the engines read the
    scanner's own pixels (upscaling, where an engine wants it, is preprocessing's job)."""
    import pypdfium2.raw as pdfium_c

    best: tuple[float, int] | None = None
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        left, bottom, right, top = image.get_bounds()
        area = (right - left) * (top - bottom)
        if area >= _SCAN_SHARE * page_area and (best is None or area > best[0]):
            pixels = max(image.get_px_size())
            best = (area, round(pixels / (max(right - left, top - bottom) / 72)))
    if best is None or best[1] < _MIN_SCAN_DPI:
        return None
    return best[1]


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

    Pages stream through the pool: a new page is rendered and handed out as soon as one is
    done, so no core waits for the slowest page of a batch, and at most two pages per worker
    wait rendered in memory. The language of the last page read (or found in the cache) is
    the first guess for the pages handed out after it.
    """
    done: list[OcrPage] = []
    tick = progress or (lambda _done, _total: None)
    hint = ""

    def uncached() -> Iterator[_Job]:
        nonlocal hint
        for job in jobs:
            cached = cache.ocr_get(job.key) if cache else None
            if cached is None:
                yield job
                continue
            page = page_from_dict(cached, job.index)
            done.append(page)
            hint = hint or page.language
            tick(len(done), total)

    def finish(page: OcrPage, job: _Job) -> None:
        nonlocal hint
        if cache is not None and not page.error:
            cache.ocr_put(job.key, page_to_dict(page))
        done.append(page)
        hint = page.language or hint  # the next pages' first guess
        tick(len(done), total)

    workers = _workers(options)
    if workers <= 1 or total <= 1:
        for job in uncached():
            finish(read_page(job.image, job.dpi, job.index, options, hint), job)
    else:
        _stream(uncached(), workers, options, lambda: hint, finish)
    return sorted(done, key=lambda page: page.index)


def _workers(options: OcrOptions) -> int:
    return options.workers or len(os.sched_getaffinity(0))


def _stream(
    jobs: Iterator[_Job],
    workers: int,
    options: OcrOptions,
    hint: Callable[[], str],
    finish: Callable[[OcrPage, _Job], None],
) -> None:
    """Keep ``2 × workers`` pages in flight until ``jobs`` run out. A page past its time
    (counted from when the pages ahead of it could have finished) fails alone: the pool is
    killed, so its hung worker goes too, and the other pages in flight start again."""
    context = multiprocessing.get_context("spawn")  # PDFium and OpenVINO dislike fork
    pool: ProcessPoolExecutor | None = None
    flight: dict[Future[OcrPage], tuple[_Job, float]] = {}

    def submit(job: _Job) -> None:
        nonlocal pool
        pool = pool or _pool(workers, context)
        deadline = time.monotonic() + options.page_timeout * (1 + len(flight) // workers)
        future = pool.submit(read_page, job.image, job.dpi, job.index, options, hint())
        flight[future] = (job, deadline)

    def collect() -> None:
        nonlocal pool
        first_deadline = min(deadline for _, deadline in flight.values())
        ready, _ = wait(
            flight,
            timeout=max(0.01, first_deadline - time.monotonic()),
            return_when=FIRST_COMPLETED,
        )
        for future in ready:
            job, _ = flight.pop(future)
            try:
                page = future.result()
            except Exception as exc:  # a worker that died (out of memory, a crash)
                page = _failed(job, f"the OCR worker failed ({type(exc).__name__}: {exc})")
                if isinstance(exc, BrokenExecutor) and pool is not None:
                    _kill(pool)  # every page in it fails; the next page gets a new pool
                    pool = None
            finish(page, job)
        late = [f for f, (_, deadline) in flight.items() if deadline <= time.monotonic()]
        if ready or not late:
            return
        for future in late:
            job, _ = flight.pop(future)
            finish(_failed(job, f"no result within {options.page_timeout:.0f} s"), job)
        assert pool is not None
        _kill(pool)
        pool = None
        again = [job for job, _ in flight.values()]
        flight.clear()
        for job in again:
            submit(job)

    try:
        for job in jobs:
            while len(flight) >= 2 * workers:
                collect()
            submit(job)
        while flight:
            collect()
    finally:
        if pool is not None and flight:
            _kill(pool)


_POOLS: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int, context: Any) -> ProcessPoolExecutor:
    """A warm pool, reused within this process (starting workers costs about a second)."""
    pool = _POOLS.get(workers)
    if pool is None:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_single_threaded
        )
        _POOLS[workers] = pool
    return pool


def _single_threaded() -> None:
    """A worker's start: one thread for OpenCV too (its own pool of threads per process would
    have the workers fight over the cores)."""
    import cv2

    cv2.setNumThreads(1)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool with a hung or dead worker, so that no page blocks the next."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for key, value in list(_POOLS.items()):
        if value is pool:
            del _POOLS[key]


def _failed(job: _Job, error: str) -> OcrPage:
    height, width = job.image.shape
    return OcrPage(job.index, width, height, job.dpi, [], error=error, confidence=0.0)


# --------------------------------------------------------------------------- cache form


def page_to_dict(page: OcrPage) -> dict[str, Any]:
    return asdict(page)


def page_from_dict(data: dict[str, Any], index: int) -> OcrPage:
    blocks = [
        OcrBlock(
            b["type"], tuple(b["box"]), list(b["lines"]), b["confidence"], b["level"],
            [list(row) for row in b["rows"]], [list(row) for row in b.get("spans", [])],
        )
        for b in data["blocks"]
    ]  # fmt: skip
    fields = {k: v for k, v in data.items() if k != "blocks"}
    page = OcrPage(**fields, blocks=blocks)
    page.index = index
    page.notes.append("from the OCR cache")  # only the reading handed out says so
    return page
