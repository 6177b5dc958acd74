"""Page image clean-up before OCR: contrast, speckle, size, skew, orientation.

Each step is a switch in Preprocess so that bench/ocr_quality.py can measure it; a step
stays on by default only where that benchmark shows it helps (see docs/decisions/0005).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

TARGET_DPI = 300
_MIN_DPI = 250  # below this, Tesseract's accuracy falls off: scale up to TARGET_DPI
_MAX_UPSCALE = 3.0
_SKEW_RANGE = 8.0  # degrees searched either way
_MIN_SKEW = 0.15  # smaller angles are left alone (rotating blurs a little)
_PROFILE_WIDTH = 900  # pixels: skew is measured on a copy this wide
_LOW_CONTRAST = 160  # grey-level range (1st to 99th percentile) below which we stretch
_SPECKLE_SHARE = 0.25  # share of tiny ink specks among all ink components that means noise
_MIN_COMPONENTS = 100  # fewer ink components than this tell nothing about specks


@dataclass(frozen=True)
class Preprocess:
    contrast: bool = True
    denoise: bool = True
    upscale: bool = True
    deskew: bool = True
    orientation: bool = True
    """Try the other orientations (via Tesseract's detector) when a page reads badly."""


@dataclass
class Prepared:
    image: np.ndarray
    dpi: int
    skew: float = 0.0
    steps: tuple[str, ...] = ()


def prepare(gray: np.ndarray, dpi: int, options: Preprocess) -> Prepared:
    """The page ready for an engine, and which steps changed it."""
    steps: list[str] = []
    image = gray
    if options.denoise and has_speckle(image):
        image = cv2.medianBlur(image, 3)
        steps.append("denoise")
    if options.contrast:  # after the specks are gone: they are the darkest "ink"
        stretched = stretch_contrast(image)
        if stretched is not None:
            image = stretched
            steps.append("contrast")
    if options.upscale and dpi < _MIN_DPI:
        factor = min(TARGET_DPI / max(dpi, 1), _MAX_UPSCALE)
        image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        dpi = round(dpi * factor)
        steps.append(f"upscale x{factor:.2f}")
    skew = measure_skew(image) if options.deskew else 0.0
    if abs(skew) >= _MIN_SKEW:
        image = rotate(image, skew)
        steps.append(f"deskew {skew:+.2f} deg")
    else:
        skew = 0.0
    return Prepared(image, dpi, skew, tuple(steps))


def stretch_contrast(gray: np.ndarray) -> np.ndarray | None:
    """The image with its grey levels spread to 0..255, or None when they already are.

    Levels are measured on the ink and the paper apart (Otsu's split): on a page with little
    text, a percentile of all pixels is paper and would turn the paper's grain into ink.
    """
    sample = gray[::4, ::4]
    threshold, _ = cv2.threshold(sample, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    ink, paper = sample[sample <= threshold], sample[sample > threshold]
    if ink.size == 0 or paper.size == 0:
        return None
    low, high = float(np.percentile(ink, 5)), float(np.percentile(paper, 99))
    if high - low >= _LOW_CONTRAST or high - low < 8:
        return None
    # Ink is dark: put its darkest at black and the paper at white.
    table = np.clip((np.arange(256) - low) * (255.0 / (high - low)), 0, 255).astype(np.uint8)
    stretched: np.ndarray = table[gray]
    return stretched


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 1, paper as 0 (Otsu's threshold)."""
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


def has_speckle(gray: np.ndarray) -> bool:
    """Whether many of the page's ink components are specks of one or two pixels.

    Counted on a band across the middle of the page, a quarter of it (scanner noise covers
    the whole sheet), or on the whole page when the band holds too little to tell.
    """
    height = gray.shape[0]
    share = _speck_share(gray[height * 3 // 8 : height * 5 // 8], _MIN_COMPONENTS)
    if share is None:
        share = _speck_share(gray, 1)
    return share is not None and share > _SPECKLE_SHARE


def _speck_share(gray: np.ndarray, fewest: int) -> float | None:
    """The share of ink components of at most two pixels, None when there are not more than
    ``fewest`` components (the background counts as one)."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(binarize(gray), connectivity=8)
    if count <= fewest:
        return None
    areas = stats[1:, cv2.CC_STAT_AREA]
    return float(np.count_nonzero(areas <= 2)) / len(areas)


def measure_skew(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise positive) that makes text lines horizontal.

    Projection profiles: turned to the right angle, rows of text and the gaps between them
    make the count of ink pixels per row jump the most. The ink pixels' coordinates are
    turned, not the image: half-degree steps are tried on every fourth ink pixel counted in
    rows two pixels high, then twentieths of a degree around the best on all of them.
    """
    scale = min(1.0, _PROFILE_WIDTH / gray.shape[1])
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    rows, columns = np.nonzero(binarize(small))
    if rows.size < 50:
        return 0.0
    height, width = small.shape
    # Coordinates from the image's centre, where the page is turned about.
    ys = rows.astype(np.float32) - height / 2
    xs = columns.astype(np.float32) - width / 2
    reach = float(np.hypot(height, width)) / 2 + 2

    def score(angle: float, ys: np.ndarray, xs: np.ndarray, row_height: float) -> float:
        sine, cosine = np.sin(np.radians(angle)), np.cos(np.radians(angle))
        turned = (ys * cosine - xs * sine + reach) / row_height
        counts = np.bincount(turned.astype(np.intp))
        return float(np.square(np.diff(counts)).sum())

    coarse = np.arange(-_SKEW_RANGE, _SKEW_RANGE + 0.01, 0.5)
    best = max(coarse, key=lambda angle: score(angle, ys[::4], xs[::4], 2.0))
    fine = np.arange(best - 0.5, best + 0.51, 0.05)
    return round(float(max(fine, key=lambda angle: score(angle, ys, xs, 1.0))), 2)


def rotate(image: np.ndarray, angle: float) -> np.ndarray:
    """A grey page turned ``angle`` degrees counter-clockwise about its centre, same size,
    the corners it uncovers white."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(
        image,
        matrix,
        (width, height),
        flags=cv2.INTER_CUBIC,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=255,
    )


def turn(image: np.ndarray, degrees: int) -> np.ndarray:
    """``image`` turned clockwise by a multiple of 90 degrees."""
    turns = (degrees // 90) % 4
    return np.ascontiguousarray(np.rot90(image, k=-turns)) if turns else image
