"""Scans and photos (PNG, JPEG, TIFF, WebP, BMP, GIF): one page per frame, all for OCR.

Only the header is read here (size, frame count), so a decompression bomb is refused
before a single pixel is decoded; the pixels are OCR's business.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from souverain.domain import Page, ParsedDocument
from souverain.errors import CorruptFile, DecompressionBomb, FileTooLarge
from souverain.parse.base import Limits

MAX_PIXELS = 60_000_000
"""Largest image read (about A3 at 600 dpi); anything larger is refused as a bomb."""


class ImageParser:
    media_types: tuple[str, ...] = (
        "image/png",
        "image/jpeg",
        "image/tiff",
        "image/webp",
        "image/bmp",
        "image/gif",
    )

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        from PIL import Image, UnidentifiedImageError

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(io.BytesIO(data))
                frames = int(getattr(image, "n_frames", 1))
                if frames > limits.max_pages:
                    raise FileTooLarge(
                        path, f"the image has {frames} pages, over the {limits.max_pages} limit"
                    )
                # Each frame's header only (seek reads no pixels): one small first frame
                # must not let a huge second one through.
                sizes = [_frame_size(image, n) for n in range(frames)]
        except Image.DecompressionBombError as exc:
            raise DecompressionBomb(path, f"the image is too large to decode ({exc})") from exc
        except (UnidentifiedImageError, OSError, ValueError) as exc:
            raise CorruptFile(path, f"not a readable image ({exc})") from exc
        for width, height in sizes:
            if width * height > MAX_PIXELS:
                raise DecompressionBomb(
                    path,
                    f"the image is {width}×{height} pixels, over the {MAX_PIXELS:,} pixel limit",
                )
        pages = [
            Page(number=n, width=float(width), height=float(height), needs_ocr=True)
            for n, (width, height) in enumerate(sizes, 1)
        ]
        return ParsedDocument(pages=pages)


def _frame_size(image: Any, frame: int) -> tuple[int, int]:
    image.seek(frame)
    width, height = image.size
    return int(width), int(height)
