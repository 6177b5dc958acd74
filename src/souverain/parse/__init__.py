"""Parse one file's bytes into a ParsedDocument: detect the format, run its parser.

Every failure reaches the caller as an InputError subclass with a one-line message, never
as a library's exception or traceback. Nothing here reads files or touches the network.
"""

from __future__ import annotations

import logging

from souverain.domain import ParsedDocument
from souverain.errors import CorruptFile, EmptyFile, InputError
from souverain.parse.base import Limits, Parser
from souverain.parse.detect import detect_media_type
from souverain.parse.docx import DocxParser
from souverain.parse.email import EmailParser
from souverain.parse.html import HtmlParser
from souverain.parse.image import ImageParser
from souverain.parse.pdf import PdfiumParser
from souverain.parse.text import MarkdownParser, PlainTextParser

logger = logging.getLogger(__name__)

_PARSERS: tuple[Parser, ...] = (
    PdfiumParser(),
    DocxParser(),
    HtmlParser(),
    PlainTextParser(),
    MarkdownParser(),
    EmailParser(),
    ImageParser(),
)
_BY_MEDIA_TYPE: dict[str, Parser] = {
    media_type: parser for parser in _PARSERS for media_type in parser.media_types
}
SUPPORTED_MEDIA_TYPES: tuple[str, ...] = tuple(_BY_MEDIA_TYPE)
_DEFAULT_LIMITS = Limits()  # frozen, so one shared default is safe


def parse_document(path: str, data: bytes, limits: Limits = _DEFAULT_LIMITS) -> ParsedDocument:
    """Parse ``data`` (the content of the file ``path``) into pages of blocks.

    Raises an InputError subclass: EmptyFile, UnsupportedFormat, CorruptFile,
    EncryptedFile, FileTooLarge or DecompressionBomb.
    """
    if not data:
        raise EmptyFile(path, "the file is empty (0 bytes)")
    if data.isspace():  # unlike strip(), no copy of a large file
        raise EmptyFile(path, "the file holds only whitespace")
    parser = _BY_MEDIA_TYPE[detect_media_type(path, data)]
    try:
        return parser.parse(data, path, limits)
    except InputError:
        raise
    except MemoryError:
        raise  # the machine's problem, not the file's: let the caller see it as such
    except Exception as exc:
        # Parsing libraries fail on damaged files with any exception type (KeyError from
        # a zip, ValueError from XML, RuntimeError from PDFium); the user needs one
        # actionable message, and the traceback stays in the debug log.
        logger.debug("parser %s failed on %s", type(parser).__name__, path, exc_info=True)
        raise CorruptFile(path, f"cannot be read ({type(exc).__name__}: {exc})") from exc


__all__ = [
    "SUPPORTED_MEDIA_TYPES",
    "DocxParser",
    "EmailParser",
    "HtmlParser",
    "ImageParser",
    "Limits",
    "MarkdownParser",
    "Parser",
    "PdfiumParser",
    "PlainTextParser",
    "detect_media_type",
    "parse_document",
]
