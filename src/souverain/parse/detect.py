"""Tell which document format a file is, from its first bytes and then its name.

Content wins over the extension, so a PDF named .txt is read as a PDF. It never trusts an
extension to accept a binary format it recognises as something else.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from souverain.errors import UnsupportedFormat

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HTML = "text/html"
TEXT = "text/plain"
MARKDOWN = "text/markdown"
EMAIL = "message/rfc822"

_PDF_WINDOW = 1024  # readers accept junk before %PDF; so do we, within this window
_TEXT_WINDOW = 8192
_IMAGE_HINT = "Convert it to PNG, JPEG, TIFF or PDF, which are read with OCR."

_EXTENSIONS = {
    ".pdf": PDF,
    ".docx": DOCX,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".mdown": MARKDOWN,
    ".eml": EMAIL,
}
# (magic, offset, what the file is, whether it must also contain a NUL byte); checked
# in order. Short magics like "BM" or "MZ" also begin ordinary text, hence the NUL test.
_Magic = tuple[bytes, int, str, bool]
# Images OCR reads, by the media type they are parsed as.
_READABLE_IMAGES: tuple[_Magic, ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", False),
    (b"\xff\xd8\xff", 0, "image/jpeg", False),
    (b"GIF87a", 0, "image/gif", False),
    (b"GIF89a", 0, "image/gif", False),
    (b"II*\x00", 0, "image/tiff", False),
    (b"MM\x00*", 0, "image/tiff", False),
    (b"BM", 0, "image/bmp", True),
    (b"WEBP", 8, "image/webp", False),
)
_IMAGES: tuple[_Magic, ...] = (
    (b"ftypheic", 4, "a HEIC image", False),
    (b"ftypheix", 4, "a HEIC image", False),
    (b"ftypavif", 4, "an AVIF image", False),
    (b"\x00\x00\x00\x0cjP  ", 0, "a JPEG 2000 image", False),
)
_BINARIES: tuple[_Magic, ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        "an old Microsoft Office file (DOC, XLS or PPT)",
        False,
    ),
    (b"{\\rtf", 0, "an RTF document", False),
    (b"MZ", 0, "a Windows program", True),
    (b"\x7fELF", 0, "a Linux program", False),
    (b"\x1f\x8b", 0, "a gzip archive", False),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive", False),
    (b"Rar!\x1a\x07", 0, "a RAR archive", False),
    (b"%!PS", 0, "a PostScript file", False),
    (b"ID3", 0, "an MP3 audio file", True),
    (b"ftyp", 4, "a video or audio file", True),
)
# Members that name the kind of a zip we do not read.
_ZIP_KINDS = (
    ("xl/workbook.xml", "an Excel workbook (XLSX)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (PPTX)"),
    ("mimetype", "an OpenDocument or EPUB file"),
)
_HTML_START = re.compile(rb"<(?:!doctype\s+html|html)\b", re.I)
_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,76}):[ \t]?.*$")
_MAIL_HEADERS = frozenset(
    b"from to cc subject date message-id received return-path mime-version delivered-to "
    b"reply-to content-type x-mailer sender".split()
)
_MAIL_KEY_HEADERS = frozenset({b"from", b"received", b"return-path", b"delivered-to"})


def detect_media_type(path: str, data: bytes) -> str:
    """The media type to parse ``data`` as, or UnsupportedFormat naming what it is."""
    found = _sniff_binary(path, data) or _sniff_text(data) or _by_extension(path, data)
    if found is None:
        raise UnsupportedFormat(path, f"{_describe_unknown(path)} is not a supported document type")
    return found


def _sniff_binary(path: str, data: bytes) -> str | None:
    if _is_pdf(data):
        return PDF
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(path, data)
    readable = _match_magic(data, _READABLE_IMAGES)
    if readable is not None:
        return readable
    image = _match_magic(data, _IMAGES)
    if image is not None:
        raise UnsupportedFormat(path, f"{image} is not a supported document type", _IMAGE_HINT)
    binary = _match_magic(data, _BINARIES)
    if binary is not None:
        raise UnsupportedFormat(path, f"{binary} is not a supported document type")
    return None


def _is_pdf(data: bytes) -> bool:
    # Junk before the header happens (a BOM, a web server's preamble), but a text that
    # merely mentions "%PDF-" must not pass: off position 0 we also want the trailer.
    at = data.find(b"%PDF-", 0, _PDF_WINDOW)
    return at == 0 or (at > 0 and b"%%EOF" in data[-2048:])


def _match_magic(data: bytes, table: tuple[_Magic, ...]) -> str | None:
    has_nul = b"\x00" in data[:_TEXT_WINDOW]
    for magic, offset, kind, needs_nul in table:
        if data[offset : offset + len(magic)] == magic and (has_nul or not needs_nul):
            return kind
    return None


def _sniff_zip(path: str, data: bytes) -> str | None:
    named_docx = PurePath(path).suffix.lower() == ".docx"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        # A damaged zip: a .docx name still sends it to the DOCX parser, which says so.
        return DOCX if named_docx else None
    if "word/document.xml" in names:
        return DOCX
    for member, kind in _ZIP_KINDS:
        if member in names:
            raise UnsupportedFormat(path, f"{kind} is not a supported document type")
    if named_docx:
        return DOCX  # a broken Word file; the DOCX parser names what is missing
    raise UnsupportedFormat(
        path,
        "a ZIP archive is not a supported document type",
        "Unpack it and add the files inside.",
    )


def _sniff_text(data: bytes) -> str | None:
    head = data[:_TEXT_WINDOW].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(_skip_prolog(head)):
        return HTML
    if _looks_like_mail(head):
        return EMAIL
    return None


def _skip_prolog(head: bytes) -> bytes:
    """What follows leading whitespace, an XML declaration and comments.

    A loop over find() rather than one regular expression: nested repetition over
    "<!--" backtracks for minutes on a crafted header.
    """
    rest = head.lstrip()
    while rest.startswith((b"<?", b"<!--")):
        closing = b"?>" if rest.startswith(b"<?") else b"-->"
        end = rest.find(closing)
        if end < 0:
            return b""
        rest = rest[end + len(closing) :].lstrip()  # shrinks every turn: the loop ends
    return rest


def _looks_like_mail(head: bytes) -> bool:
    """At least two known headers before the first blank line, one of them a sender's."""
    names: set[bytes] = set()
    lines = head.splitlines()[:60]
    if lines and lines[0].startswith(b"From "):
        lines = lines[1:]  # the envelope line of a message saved from an mbox
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # a folded header continues the previous one
        header = _HEADER_LINE.match(line)
        if header is None:
            return False
        names.add(header.group(1).lower())
    known = names & _MAIL_HEADERS
    return len(known) >= 2 and bool(known & _MAIL_KEY_HEADERS)


def _by_extension(path: str, data: bytes) -> str | None:
    suffix = PurePath(path).suffix.lower()
    if suffix in _EXTENSIONS:
        return _EXTENSIONS[suffix]
    # A file with no extension that reads as text is taken as plain text.
    if not suffix and _plausibly_text(data):
        return TEXT
    return None


def _plausibly_text(data: bytes) -> bool:
    head = data[:_TEXT_WINDOW]
    return head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or b"\x00" not in head


def _describe_unknown(path: str) -> str:
    suffix = PurePath(path).suffix.lower()
    if suffix:
        return f"a {suffix} file"
    return "binary data of an unknown kind"


__all__ = ["DOCX", "EMAIL", "HTML", "MARKDOWN", "PDF", "TEXT", "detect_media_type"]
