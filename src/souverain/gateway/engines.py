"""Which in-process engine runs the local model.

``backend = "auto"`` (the default) picks OpenVINO GenAI where it is the faster engine and
can read the model: a processor with AVX-512 or AMX, and a GGUF file of a family OpenVINO's
reader knows. Everywhere else llama.cpp runs it (docs/decisions/0009).
"""

from __future__ import annotations

import functools
import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

OPENVINO_ARCHITECTURES = frozenset({"llama", "qwen2", "qwen3"})
"""The model families OpenVINO GenAI's GGUF reader converts."""
WIDE_VECTOR_FLAGS = {"avx512f": "AVX-512", "amx_tile": "AMX"}
"""Processor flags (as /proc/cpuinfo names them) on which OpenVINO outruns llama.cpp's
AVX2-only build."""


@dataclass(frozen=True)
class EngineChoice:
    engine: str
    """"llamacpp" or "openvino"."""
    reason: str
    """Why, in a few words, for `souverain models list` and the logs."""
    automatic: bool
    """Picked by backend = "auto" rather than set by the user."""


def local_engine(backend: str, model: Path) -> EngineChoice:
    """The engine for the local GGUF file ``model`` under the ``backend`` setting."""
    if backend == "openvino":
        return EngineChoice("openvino", 'backend = "openvino"', automatic=False)
    if backend != "auto":
        return EngineChoice("llamacpp", f'backend = "{backend}"', automatic=False)
    wide = [name for flag, name in WIDE_VECTOR_FLAGS.items() if flag in cpu_flags()]
    if not wide:
        return EngineChoice("llamacpp", "the processor has neither AVX-512 nor AMX", True)
    architecture = gguf_architecture(model)
    if architecture not in OPENVINO_ARCHITECTURES:
        return EngineChoice(
            "llamacpp", f"OpenVINO cannot read {architecture or 'this'} models", True
        )
    if importlib.util.find_spec("openvino_genai") is None:
        return EngineChoice("llamacpp", "OpenVINO GenAI is not installed", True)
    return EngineChoice("openvino", f"the processor has {' and '.join(wide)}", True)


@functools.cache
def cpu_flags() -> frozenset[str]:
    """The processor's feature flags from /proc/cpuinfo; empty where there is none."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as info:
            for line in info:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def gguf_architecture(path: Path) -> str:
    """The ``general.architecture`` of a GGUF file ("llama", "qwen2", ...), read from its
    header without loading it; "" when the file is not GGUF or does not say."""
    try:
        with path.open("rb") as f:
            if f.read(4) != b"GGUF":
                return ""
            version, _tensors, entries = struct.unpack("<IQQ", f.read(20))
            if version < 2:
                return ""  # version 1 used 32-bit counts; no current model is written so
            for _ in range(entries):
                key = _string(f)
                (kind,) = struct.unpack("<I", f.read(4))
                if key == "general.architecture" and kind == _STRING:
                    return _string(f)
                _skip(f, kind)
    except (OSError, struct.error, ValueError, UnicodeDecodeError):
        pass
    return ""


_STRING, _ARRAY = 8, 9
_SIZES = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
"""Bytes of each fixed-size GGUF value type (uint8 ... float64)."""


def _string(f: BinaryIO) -> str:
    (length,) = struct.unpack("<Q", f.read(8))
    if length > 1 << 20:
        raise ValueError("not a GGUF key or string")
    return f.read(length).decode("utf-8")


def _skip(f: BinaryIO, kind: int) -> None:
    if kind == _STRING:
        (length,) = struct.unpack("<Q", f.read(8))
        f.seek(length, 1)
    elif kind == _ARRAY:
        item, count = struct.unpack("<IQ", f.read(12))
        if item in _SIZES:
            f.seek(_SIZES[item] * count, 1)
        else:
            for _ in range(count):
                _skip(f, item)
    elif kind in _SIZES:
        f.seek(_SIZES[kind], 1)
    else:
        raise ValueError(f"unknown GGUF value type {kind}")
