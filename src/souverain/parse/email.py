"""E-mail messages (.eml) into a header block and the body's blocks, plus attachments.

The body is the text/plain part, else the text/html one read by the HTML parser; every
attached file becomes an Attachment for ingestion as its own document. It never opens
links, loads remote images or runs anything attached.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.errors import HeaderParseError
from email.message import EmailMessage, Message

from souverain.domain import Attachment, Block, Page, ParsedDocument
from souverain.errors import EmptyFile
from souverain.parse._blocks import squash_spaces
from souverain.parse._decode import decode_text
from souverain.parse.base import Limits
from souverain.parse.html import html_blocks
from souverain.parse.text import normalize_newlines, split_paragraphs

logger = logging.getLogger(__name__)

_SHOWN_HEADERS = ("From", "To", "Cc", "Date", "Subject")
_METADATA_HEADERS = ("From", "To", "Cc", "Date", "Subject", "Message-ID")
_MAX_NESTING = 20  # multiparts inside multiparts; only broken or hostile mail goes deeper
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f]")
_MAX_NAME = 200


class EmailParser:
    """An RFC 822 message: one page, titled by its Subject."""

    media_types: tuple[str, ...] = ("message/rfc822",)

    def parse(self, data: bytes, path: str, limits: Limits) -> ParsedDocument:
        message = message_from_bytes(data, _class=EmailMessage, policy=policy.default)
        headers = {key: header(message, key) for key in _METADATA_HEADERS}
        body = message.get_body(preferencelist=("plain", "html"))
        blocks = [block for block in [_header_block(headers)] if block is not None]
        blocks += _body_blocks(body, path) if body is not None else []
        blocks += _extra_text_blocks(message, body, path)
        attachments = list(_attachments(message, body))
        if not blocks and not attachments:
            raise EmptyFile(path, "the message has no headers, text or attachments")
        return ParsedDocument(
            pages=[Page(1, blocks)],
            title=headers["Subject"] or None,
            metadata={key.lower(): value for key, value in headers.items() if value},
            attachments=attachments,
        )


def header(message: Message, name: str) -> str:
    """A header's decoded value on one line, or "" when it is missing.

    The default policy parses headers on access and raises on some malformed ones; then
    the raw value is used rather than losing the message.
    """
    try:
        value = message.get(name)
    except (HeaderParseError, ValueError, IndexError, TypeError) as exc:
        logger.info("malformed %s header, using it undecoded: %s", name, exc)
        value = _raw_header(message, name)
    return squash_spaces(str(value)) if value is not None else ""


def _raw_header(message: Message, name: str) -> str | None:
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return str(value)
    return None


def _header_block(headers: dict[str, str]) -> Block | None:
    lines = [f"{key}: {headers[key]}" for key in _SHOWN_HEADERS if headers.get(key)]
    return Block("\n".join(lines)) if lines else None


def _body_blocks(part: Message, path: str) -> list[Block]:
    text = part_text(part, path)
    if part.get_content_subtype() == "html":
        return html_blocks(text)[1]
    return [Block(p) for p in split_paragraphs(normalize_newlines(text))]


def part_text(part: Message, path: str) -> str:
    """The decoded text of a text/* part, guessing when its charset is wrong or unknown."""
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset:
        try:
            return raw.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            logger.info("%s: part declared as %s is not, guessing: %s", path, charset, exc)
    return decode_text(raw, path) if raw.strip() else ""


def _extra_text_blocks(message: Message, body: Message | None, path: str) -> list[Block]:
    """Inline text/plain parts besides the body (a list footer, a forwarded note)."""
    blocks: list[Block] = []
    for part, parent in _leaves(message, None, 0):
        if part is body or _is_attachment(part) or part.get_content_type() != "text/plain":
            continue
        if parent is not None and parent.get_content_type() == "multipart/alternative":
            continue  # another rendering of the body, not more content
        blocks += _body_blocks(part, path)
    return blocks


def _attachments(message: Message, body: Message | None) -> Iterator[Attachment]:
    count = 0
    for part, _parent in _leaves(message, None, 0):
        if part is body or not _is_attachment(part):
            continue
        count += 1
        yield Attachment(name=_attachment_name(part, count), data=_attachment_data(part))


def _leaves(
    part: Message, parent: Message | None, depth: int
) -> Iterator[tuple[Message, Message | None]]:
    """Non-multipart parts with their parent; a message/rfc822 part is a leaf."""
    if not part.is_multipart() or part.get_content_type() == "message/rfc822":
        yield part, parent
        return
    if depth >= _MAX_NESTING:
        logger.warning("e-mail nested deeper than %d multiparts; ignoring the rest", _MAX_NESTING)
        return
    payload = part.get_payload()
    for child in payload if isinstance(payload, list) else []:
        if isinstance(child, Message):
            yield from _leaves(child, part, depth + 1)


def _is_attachment(part: Message) -> bool:
    if part.get_content_type() == "message/rfc822":
        return True
    return part.get_filename() is not None or part.get_content_disposition() == "attachment"


def _attachment_name(part: Message, count: int) -> str:
    if part.get_content_type() == "message/rfc822":
        nested = _nested_message(part)
        subject = header(nested, "Subject") if nested is not None else ""
        # A subject is not a path: its slashes are text ("Re: A/B"), not folders.
        subject = re.sub(r"[/\\]", "-", subject)
        return safe_name(f"{subject or 'message'}.eml", count)
    filename = part.get_filename()
    if filename:
        return safe_name(filename, count)
    extension = mimetypes.guess_extension(part.get_content_type()) or ".bin"
    return f"attachment-{count}{extension}"


def safe_name(name: str, count: int) -> str:
    """A file name with no directory part or control characters: names come from the sender."""
    base = re.split(r"[/\\]", _UNSAFE_NAME.sub("", name))[-1].strip().lstrip(".")
    return base[-_MAX_NAME:] or f"attachment-{count}"


def _nested_message(part: Message) -> Message | None:
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        return payload[0]
    return None


def _attachment_data(part: Message) -> bytes:
    nested = _nested_message(part)
    if nested is not None:
        return nested.as_bytes(policy=policy.default)
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
