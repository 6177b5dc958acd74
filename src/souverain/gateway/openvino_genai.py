"""Generation in-process with OpenVINO GenAI on the local GGUF model (backend = "openvino").

llama.cpp's prebuilt wheel uses AVX2 only; OpenVINO uses what the processor has (AMX and
AVX-512 on recent Xeons) and reads a prompt about five times faster there, which is most
of an answer's time (docs/decisions/0007). The price is a one-time preparation: the GGUF
file is converted to OpenVINO's format, its 5- and 6-bit tensors first rewritten as 8-bit
ones (OpenVINO cannot read the first and widens the second to 16 bits), and the result is
kept beside the models. Nothing is downloaded: the tokenizer and the chat
template come from the GGUF file itself.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from souverain.errors import ModelError
from souverain.gateway.base import ChatBackend, Completion, GenerationOptions, Message

PREPARED_VERSION = 1
"""Bumped when the preparation changes, so that older prepared folders are redone."""
_MARKER = "souverain-prepared.json"
_KEPT = ("F32", "F16", "Q4_0", "Q4_1", "Q4_K", "Q8_0")
"""GGUF tensor types OpenVINO's reader keeps compact; the others are rewritten as Q8_0."""


class OpenVinoBackend:
    def __init__(
        self,
        path: Path,
        threads: int = 0,
        folder: Path | None = None,
        fallback: Callable[[], ChatBackend] | None = None,
    ) -> None:
        self.path = path
        self.threads = threads or (os.cpu_count() or 2)
        self.folder = folder
        """Where the prepared model is kept (default: beside the models, see prepared_folder)."""
        self.fallback = fallback
        """The engine to answer with instead when OpenVINO cannot prepare or load the model
        (backend = "auto"); None: such a failure is the caller's error."""
        self._pipe: Any = None
        self._instead: ChatBackend | None = None

    @property
    def model_name(self) -> str:
        return self._instead.model_name if self._instead else self.path.name

    def _load(self) -> Any:
        if self._pipe is None:
            folder = prepare(self.path, self.folder or prepared_folder(self.path))
            try:
                self._pipe = _genai().LLMPipeline(
                    str(folder), "CPU", INFERENCE_NUM_THREADS=self.threads
                )
            except (RuntimeError, LookupError) as exc:
                raise ModelError(
                    f"{folder}: OpenVINO cannot load the prepared model ({_first_line(exc)})",
                    f'Delete {folder} to prepare it again, or set backend = "llamacpp".',
                ) from exc
        return self._pipe

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion:
        started = time.perf_counter()  # a first call's model load counts as generation time
        if self._instead is not None:
            return self._instead.complete(messages, options)
        try:
            pipe = self._load()
        except ModelError as exc:
            if self.fallback is None:
                raise
            print(f"warning: {exc.message}; answering with llama.cpp instead", file=sys.stderr)
            self._instead = self.fallback()
            return self._instead.complete(messages, options)
        genai = _genai()
        config = genai.GenerationConfig(max_new_tokens=options.max_tokens)
        if options.temperature > 0:
            config.do_sample = True
            config.temperature = options.temperature
        if options.stop:
            config.stop_strings = set(options.stop)
            config.include_stop_str_in_output = False
        history = genai.ChatHistory([{"role": m.role, "content": m.content} for m in messages])
        try:
            result = pipe.generate(history, config)
        except RuntimeError as exc:
            raise ModelError(
                f"{self.path.name}: generation failed ({_first_line(exc)})", "Try again."
            ) from exc
        metrics = result.perf_metrics
        first_token_s = float(metrics.get_ttft().mean) / 1000
        generate_s = float(metrics.get_generate_duration().mean) / 1000
        return Completion(
            text=_without_stop(str(result.texts[0]), options.stop),
            model=self.model_name,
            prompt_tokens=int(metrics.get_num_input_tokens()),
            completion_tokens=int(metrics.get_num_generated_tokens()),
            timings={
                "prompt_s": first_token_s,
                "generate_s": max(0.0, generate_s - first_token_s),
                "total_s": time.perf_counter() - started,
            },
        )

    def close(self) -> None:
        self._pipe = None
        if self._instead is not None:
            self._instead.close()
            self._instead = None


def prepared_folder(gguf: Path) -> Path:
    """Where the OpenVINO form of ``gguf`` is kept: beside the packaged models."""
    from souverain.gateway.catalog import models_dir

    return models_dir() / f"{gguf.stem}.openvino"


def prepare(gguf: Path, folder: Path) -> Path:
    """``folder`` holding the OpenVINO form of ``gguf``, made now unless it is there and
    was made from this very file (its size and modification time) by this preparation.

    The folder appears whole or not at all: it is made beside itself and renamed.
    """
    source = _source_stamp(gguf)
    if _marker(folder) == source:
        return folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError as exc:
        raise ModelError(
            f"{folder.parent}: cannot write the prepared model there ({exc.strerror})",
            'Set SOUVERAIN_MODELS_DIR to a writable folder, or set backend = "llamacpp".',
        ) from exc
    print(
        f"Preparing {gguf.name} for OpenVINO (once; about a minute)...",
        file=sys.stderr,
        flush=True,
    )
    try:
        eight_bit = work / gguf.name
        requantised = widen_to_eight_bit(gguf, eight_bit)
        # The pipeline converts the GGUF file and, asked to, saves the result beside it.
        _genai().LLMPipeline(str(eight_bit), "CPU", enable_save_ov_model=True)
        eight_bit.unlink()
        if not (work / "openvino_model.xml").exists():
            raise ModelError(
                f"{gguf}: OpenVINO converted the model but saved nothing",
                'Set backend = "llamacpp" in souverain.toml.',
            )
        stamp = source | {"requantised_tensors": requantised}
        (work / _MARKER).write_text(json.dumps(stamp, indent=2) + "\n")
        os.chmod(work, 0o755)  # mkdtemp makes it private; the models beside it are not
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(work, folder)
    except (RuntimeError, ValueError, LookupError, NotImplementedError) as exc:
        raise ModelError(
            f"{gguf}: OpenVINO cannot convert this model ({_first_line(exc)})",
            "OpenVINO reads GGUF files of the llama, qwen2 and qwen3 families; for others set "
            'backend = "llamacpp".',
        ) from exc
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    return folder


def widen_to_eight_bit(source: Path, target: Path) -> int:
    """Copy the GGUF file ``source`` to ``target`` with every tensor OpenVINO does not keep
    as it is (Q6_K, Q5_0, ...) rewritten as Q8_0; returns how many were rewritten.

    Q8_0 holds a 5- or 6-bit code to within half a step of 1/127 of its block's largest
    value; OpenVINO keeps Q8_0 as 8-bit weights, but widens Q6_K to 16 bits (every
    generated token reads them all) and cannot read Q5_0 at all.
    """
    import gguf
    import numpy as np
    from gguf.quants import dequantize, quantize

    kept = {getattr(gguf.GGMLQuantizationType, name) for name in _KEPT}

    reader = gguf.GGUFReader(source)
    writer = gguf.GGUFWriter(target, str(reader.fields["general.architecture"].contents()))
    for field in reader.fields.values():
        if field.name == "general.architecture" or field.name.startswith("GGUF."):
            continue  # the writer writes these itself
        value_type = field.types[0]
        item = field.types[-1] if value_type == gguf.GGUFValueType.ARRAY else None
        writer.add_key_value(field.name, field.contents(), value_type, sub_type=item)
    tensors = []
    rewritten = 0
    for tensor in reader.tensors:
        data, kind = tensor.data, tensor.tensor_type
        if kind not in kept:
            kind = gguf.GGMLQuantizationType.Q8_0
            data = quantize(dequantize(data, tensor.tensor_type).astype(np.float32), kind)
            rewritten += 1
        tensors.append((data, kind))
        writer.add_tensor_info(tensor.name, data.shape, data.dtype, data.nbytes, kind)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for data, _ in tensors:
        writer.write_tensor_data(data)
    writer.close()
    return rewritten


def _source_stamp(gguf: Path) -> dict[str, Any]:
    try:
        stat = gguf.stat()
    except OSError as exc:
        raise ModelError(
            f"{gguf}: cannot read the model ({exc.strerror})", "Run: make setup"
        ) from exc
    return {
        "source": gguf.name,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "version": PREPARED_VERSION,
    }


def _marker(folder: Path) -> dict[str, Any] | None:
    try:
        stamp = json.loads((folder / _MARKER).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict):
        return None
    stamp.pop("requantised_tensors", None)
    return stamp


def _without_stop(text: str, stop: tuple[str, ...]) -> str:
    """The text up to the first stop string (OpenVINO may leave it in)."""
    cut = min((text.find(s) for s in stop if s and s in text), default=-1)
    return text[:cut] if cut >= 0 else text


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _genai() -> Any:
    """openvino_genai, imported without OpenVINO's telemetry (see ocr.recogniser.openvino)."""
    from souverain.ocr.recogniser import openvino

    openvino()
    try:
        import openvino_genai
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ModelError("OpenVINO GenAI is not installed", "Run: make setup") from exc
    return openvino_genai
