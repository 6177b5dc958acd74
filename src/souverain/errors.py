"""The one error tree: every failure a user can meet, with what to do about it.

    SouverainError                  exit 1   HTTP 500
    ├── UsageError                  exit 2   HTTP 400   a bad flag, argument or question
    ├── InputError                  exit 65  HTTP 422   a file we cannot read
    │   ├── UnsupportedFormat                HTTP 415
    │   ├── EmptyFile
    │   ├── CorruptFile
    │   ├── EncryptedFile
    │   ├── FileTooLarge                     HTTP 413
    │   └── DecompressionBomb                HTTP 413
    ├── NotFound                    exit 66  HTTP 404   no such document, model or file
    ├── ModelError                  exit 69  HTTP 503   a model that cannot be loaded or reached
    ├── PolicyRefused               exit 77  HTTP 403   the policy forbids sending the data there
    │   └── EgressBlocked                               offline mode stopped a connection
    ├── StoreError                  exit 74  HTTP 500   the home folder or database
    └── ConfigError                 exit 78  HTTP 500   souverain.toml or an environment variable

Messages are one line: what happened, to which file, and what the user can do.
"""

from __future__ import annotations

from pathlib import Path


class SouverainError(Exception):
    """Root of every error souverain raises on purpose."""

    exit_code = 1
    http_status = 500

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.line())

    def line(self) -> str:
        """The whole message on one line, ready for a terminal or a log."""
        text = self.message.rstrip(".")
        return f"{text}. {self.hint}" if self.hint else f"{text}."


class UsageError(SouverainError):
    exit_code = 2
    http_status = 400


class InputError(SouverainError):
    """A file that cannot be read as a document. Carries the path it is about."""

    exit_code = 65
    http_status = 422
    default_hint = "Check the file, or leave it out of the batch."

    def __init__(self, path: str | Path, problem: str, hint: str = "") -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}", hint or self.default_hint)


class UnsupportedFormat(InputError):
    http_status = 415
    default_hint = (
        "Supported: PDF, DOCX, HTML, TXT, Markdown, e-mail (.eml) and images (PNG, JPEG,"
        " TIFF, WebP, BMP, GIF); convert the file to one of them."
    )


class EmptyFile(InputError):
    default_hint = "The file has no content; re-export or re-download it."


class CorruptFile(InputError):
    default_hint = "The file is damaged or not what its name says; re-export or re-download it."


class EncryptedFile(InputError):
    default_hint = (
        "Remove the password first, for example: qpdf --decrypt --password=PASSWORD in.pdf out.pdf"
    )


class FileTooLarge(InputError):
    http_status = 413
    default_hint = "Split the file, or raise max_file_mb in souverain.toml."


class DecompressionBomb(InputError):
    http_status = 413
    default_hint = (
        "The file expands to far more than its size; it is refused to protect the machine."
    )


class NotFound(SouverainError):
    exit_code = 66
    http_status = 404


class ModelError(SouverainError):
    exit_code = 69
    http_status = 503


class PolicyRefused(SouverainError):
    """Nothing was sent: the written policy (or offline mode) forbids it. Carries the reasons."""

    exit_code = 77
    http_status = 403

    def __init__(self, message: str, hint: str = "", reasons: tuple[str, ...] = ()) -> None:
        self.reasons = reasons
        super().__init__(message, hint)


class EgressBlocked(PolicyRefused):
    """Offline mode stopped a connection to an address off this machine."""


class StoreError(SouverainError):
    exit_code = 74


class ConfigError(SouverainError):
    exit_code = 78
