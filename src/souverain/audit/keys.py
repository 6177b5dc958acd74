"""The audit log's Ed25519 signing key: made on first use, kept beside the log (0600).

Whoever holds the private key can sign a forged log, so the public key and the newest
checkpoint are also worth keeping elsewhere (``souverain audit checkpoint``). The private
key is never printed or logged.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from souverain.errors import StoreError

if TYPE_CHECKING:
    from souverain.audit.log import TreeHead

PRIVATE_NAME = "signing.key"
PUBLIC_NAME = "signing.pub"


def key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class Verifier:
    def __init__(self, public: Ed25519PublicKey) -> None:
        self.public = public
        self.key_id = key_id(public)

    @classmethod
    def load(cls, folder: Path) -> Verifier:
        return cls.from_file(folder / PUBLIC_NAME)

    @classmethod
    def from_file(cls, path: Path) -> Verifier:
        try:
            key = serialization.load_pem_public_key(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"{path}: cannot read the audit log's public key ({exc})",
                "Give the public key kept when the log was started (--public-key).",
            ) from exc
        if not isinstance(key, Ed25519PublicKey):
            raise StoreError(f"{path}: not an Ed25519 public key", "Give the log's public key.")
        return cls(key)

    def check(self, head: TreeHead) -> bool:
        if head.key_id != self.key_id:
            return False
        try:
            self.public.verify(head.signature, head.message())
        except InvalidSignature:
            return False
        return True


class Signer:
    def __init__(self, private: Ed25519PrivateKey) -> None:
        self.private = private
        self.key_id = key_id(private.public_key())

    @classmethod
    def load_or_create(cls, folder: Path, has_records: bool) -> Signer:
        path = folder / PRIVATE_NAME
        if path.exists():
            return cls._load(path)
        if has_records:
            raise StoreError(
                f"{path}: the audit log's signing key is missing",
                "Restore it from a backup; a new key could not continue the signed log.",
            )
        try:
            return cls._create(folder)
        except FileExistsError:  # another process made it a moment ago
            return cls._load(path)

    @classmethod
    def _load(cls, path: Path) -> Signer:
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StoreError(
                f"{path}: cannot read the audit signing key ({exc})", "Restore it from a backup."
            ) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise StoreError(f"{path}: not an Ed25519 private key", "Restore it from a backup.")
        return cls(key)

    @classmethod
    def _create(cls, folder: Path) -> Signer:
        private = Ed25519PrivateKey.generate()
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        fd = os.open(folder / PRIVATE_NAME, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        public = private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        (folder / PUBLIC_NAME).write_bytes(public)
        return cls(private)

    def sign(self, head: TreeHead) -> TreeHead:
        return replace(head, signature=self.private.sign(head.message()))
