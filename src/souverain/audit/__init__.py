"""The tamper-evident record of every model call (see log.py)."""

from souverain.audit.keys import Signer, Verifier
from souverain.audit.log import AuditLog, TreeHead, Verification

__all__ = ["AuditLog", "Signer", "TreeHead", "Verification", "Verifier"]
