"""Turn the bytes of a text file (TXT, Markdown, HTML, an e-mail part) into str.

Order: a byte-order mark, then strict UTF-8, then charset-normalizer's guess with a
preference for Windows-1252. It never returns binary noise dressed up as text.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from charset_normalizer.md import mess_ratio

from souverain.errors import CorruptFile

UNKNOWN_ENCODING = "text in an unknown encoding"
UNKNOWN_ENCODING_HINT = (
    "Convert it to UTF-8, for example: iconv -f LATIN1 -t UTF-8 in.txt > out.txt"
)

# UTF-32-LE first: its mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Characters no real text is made of: C0/C1 controls (tab, newlines and form feed
# excepted), DEL and the replacement character.
_NOISE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_MAX_NOISE = 0.05
_SAMPLE = 100_000
_MESS_SAMPLE = 20_000  # mess_ratio is pure Python; a sample judges the encoding as well
# Windows-1252 is what legacy files in the languages we serve are written in; the
# statistical guess on a short text often lands on an exotic code page that decodes the
# same bytes with equal "mess", so we prefer 1252 unless it reads clearly worse.
_WESTERN = "cp1252"
_WESTERN_SLACK = 0.05
_MAX_MESS = 0.2  # charset-normalizer's own default for "this reads as text"


def decode_text(data: bytes, path: str) -> str:
    """Decode ``data`` or raise CorruptFile saying the encoding is unknown."""
    for decode in (_decode_bom, _decode_utf8, _decode_guess):
        text = decode(data)  # one at a time: guessing is slow and rarely needed
        if text is not None and not looks_binary(text):
            return text
    raise CorruptFile(path, UNKNOWN_ENCODING, UNKNOWN_ENCODING_HINT)


def looks_binary(text: str) -> bool:
    """True when more than a few characters of ``text`` are controls or replacements."""
    sample = text[:_SAMPLE]
    if not sample:
        return False
    return len(_NOISE.findall(sample)) / len(sample) > _MAX_NOISE


def _decode_bom(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            # A marked file says what it is; a few bad bytes later on are damage, not a
            # reason to guess another encoding (looks_binary catches heavy damage).
            return data.decode(encoding, errors="replace")
    return None


def _decode_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _decode_guess(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data).best()
    western = _decode_western(data)
    if western is not None and looks_binary(western):
        western = None
    if best is None:
        if western is not None and _mess(western) <= _MAX_MESS:
            return western
        return None
    if western is not None and _mess(western) <= float(best.chaos) + _WESTERN_SLACK:
        return western
    return str(best)


def _decode_western(data: bytes) -> str | None:
    try:
        return data.decode(_WESTERN)
    except UnicodeDecodeError:
        return None


def _mess(text: str) -> float:
    return float(mess_ratio(text[:_MESS_SAMPLE], maximum_threshold=1.0))
