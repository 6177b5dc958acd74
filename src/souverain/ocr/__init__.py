"""Document understanding: OCR of scans and photos into laid-out blocks and Markdown.

``ocr_file`` reads a PDF or image into a Mistral-OCR-shaped result; ``read_scanned_pages``
fills the scanned pages of a parsed document with OCR blocks for ingestion.
"""

from __future__ import annotations

from souverain.ocr.ingest import read_scanned_pages
from souverain.ocr.model import OcrBlock, OcrPage, OcrResult
from souverain.ocr.pipeline import MODEL, OcrCache, ocr_file
from souverain.ocr.preprocess import Preprocess
from souverain.ocr.reader import OcrOptions

__all__ = [
    "MODEL",
    "OcrBlock",
    "OcrCache",
    "OcrOptions",
    "OcrPage",
    "OcrResult",
    "Preprocess",
    "ocr_file",
    "read_scanned_pages",
]
