"""EmailParser on messages built with the standard library's EmailMessage."""

from __future__ import annotations

from email.message import EmailMessage

from souverain.domain import Attachment, Block, BlockKind, ParsedDocument
from souverain.parse.base import Limits
from souverain.parse.email import EmailParser, safe_name

PDF_BYTES = b"%PDF-1.4\n% a stand-in attachment\n%%EOF\n"


def parse(message: EmailMessage) -> ParsedDocument:
    return EmailParser().parse(message.as_bytes(), "mail.eml", Limits())


def invoice_mail() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Anna Müller <anna@lieferant.example>"
    message["To"] = "buchhaltung@kunde.example"
    message["Date"] = "Tue, 05 Mar 2024 10:15:00 +0100"
    message["Subject"] = "Rechnung 471102 für März"
    message["Message-ID"] = "<471102@lieferant.example>"
    message.set_content("Guten Tag,\n\nanbei die Rechnung.\n\nMit freundlichen Grüßen\nAnna")
    message.add_alternative("<p>Guten Tag, <b>HTML version</b></p>", subtype="html")
    message.add_attachment(
        PDF_BYTES, maintype="application", subtype="pdf", filename="Rechnung 471102.pdf"
    )
    return message


def test_header_block_then_plain_body() -> None:
    blocks = parse(invoice_mail()).pages[0].blocks
    assert blocks[0] == Block(
        "From: Anna Müller <anna@lieferant.example>\n"
        "To: buchhaltung@kunde.example\n"
        "Date: Tue, 05 Mar 2024 10:15:00 +0100\n"
        "Subject: Rechnung 471102 für März"
    )
    assert [b.text for b in blocks[1:]] == [
        "Guten Tag,",
        "anbei die Rechnung.",
        "Mit freundlichen Grüßen\nAnna",
    ]


def test_title_and_metadata_come_from_the_headers() -> None:
    document = parse(invoice_mail())
    assert document.title == "Rechnung 471102 für März"
    assert document.metadata == {
        "from": "Anna Müller <anna@lieferant.example>",
        "to": "buchhaltung@kunde.example",
        "date": "Tue, 05 Mar 2024 10:15:00 +0100",
        "subject": "Rechnung 471102 für März",
        "message-id": "<471102@lieferant.example>",
    }


def test_pdf_attachment_is_handed_back_whole() -> None:
    assert parse(invoice_mail()).attachments == [
        Attachment(name="Rechnung 471102.pdf", data=PDF_BYTES)
    ]


def test_html_only_mail_is_read_by_the_html_parser() -> None:
    message = EmailMessage()
    message["From"] = "news@example.org"
    message["Subject"] = "Newsletter"
    message.set_content(
        "<html><body><nav>Menu</nav><h1>News</h1><script>track()</script>"
        "<p>Our <i>new</i> office opens.</p></body></html>",
        subtype="html",
    )
    blocks = parse(message).pages[0].blocks
    assert blocks[1:] == [
        Block("News", BlockKind.HEADING, level=1),
        Block("Our new office opens."),
    ]


def test_forwarded_message_becomes_an_eml_attachment() -> None:
    inner = EmailMessage()
    inner["From"] = "old@example.org"
    inner["Subject"] = "Angebot / Version 2"
    inner.set_content("The original offer.")
    message = invoice_mail()
    message.add_attachment(inner)
    attachment = parse(message).attachments[-1]
    assert attachment.name == "Angebot - Version 2.eml"
    assert b"The original offer." in attachment.data


def test_inline_image_with_a_filename_is_an_attachment() -> None:
    message = EmailMessage()
    message["From"] = "a@example.org"
    message["Subject"] = "Logo"
    message.set_content("See the logo.")
    message.add_related(b"\x89PNG fake", maintype="image", subtype="png", filename="logo.png")
    document = parse(message)
    assert [a.name for a in document.attachments] == ["logo.png"]
    assert [b.text for b in document.pages[0].blocks][1:] == ["See the logo."]


def test_attachment_names_cannot_climb_out_of_a_folder() -> None:
    assert safe_name("../../etc/passwd", 1) == "passwd"
    assert safe_name("C:\\Windows\\evil.exe", 2) == "evil.exe"
    assert safe_name("..", 3) == "attachment-3"


def test_encoded_subject_and_wrong_charset_are_decoded() -> None:
    raw = (
        b"From: a@example.org\r\n"
        b"Subject: =?iso-8859-1?q?Gr=FC=DFe_aus_K=F6ln?=\r\n"
        b"Content-Type: text/plain; charset=x-unknown-charset\r\n"
        b"\r\n"
        b"Viele Gr\xfc\xdfe aus K\xf6ln und sch\xf6ne Tage.\r\n"
    )
    document = EmailParser().parse(raw, "mail.eml", Limits())
    assert document.title == "Grüße aus Köln"
    assert document.pages[0].blocks[1].text == "Viele Grüße aus Köln und schöne Tage."
