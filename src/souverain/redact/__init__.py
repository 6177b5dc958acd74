"""Pseudonymisation of prompts for outside model providers: find personal data and secrets
(find_entities), replace them with stable placeholders and restore them in the answer
(Pseudonymiser), also while it streams (StreamRestorer).

Values stay in memory, in the Pseudonymiser of one conversation: this package never logs,
prints or stores them.
"""

from souverain.redact.base import ENTITY_TYPES, Entity
from souverain.redact.detect import find_entities
from souverain.redact.pseudonymiser import Pseudonymiser
from souverain.redact.streaming import StreamRestorer

__all__ = ["ENTITY_TYPES", "Entity", "Pseudonymiser", "StreamRestorer", "find_entities"]
