"""The OpenVINO backend: the GGUF file's 5- and 6-bit tensors widened to 8 bits, the preparation
done once and whole, and generation with the real small model."""

from __future__ import annotations

import json
import time
from pathlib import Path

import gguf
import numpy as np
import pytest
from gguf.quants import dequantize

from souverain.errors import ModelError
from souverain.gateway import openvino_genai
from souverain.gateway.base import GenerationOptions, Message
from souverain.gateway.catalog import CATALOG, installed_path, is_installed
from souverain.gateway.gateway import make_chat_backend
from souverain.gateway.openvino_genai import (
    OpenVinoBackend,
    _marker,
    _source_stamp,
    prepare,
    widen_to_eight_bit,
)
from souverain.policy.providers import LOCAL, load_registry
from souverain.settings import Settings

# The small model where it is installed (quicker to prepare), else the default one, which
# `make setup` always installs.
SMALL = next(
    (CATALOG[name] for name in ("qwen2.5-0.5b-instruct", Settings(home=Path()).model)
     if is_installed(CATALOG[name])),
    CATALOG["qwen2.5-0.5b-instruct"],
)  # fmt: skip


def six_bit_blocks(count: int, seed: int = 0) -> np.ndarray:
    """``count`` Q6_K blocks of 256 values: random 6-bit codes and scales, a small scale."""
    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, size=(count, 210), dtype=np.uint8)
    blocks[:, 208:210] = np.full(count, 0.01, dtype=np.float16).view(np.uint8).reshape(count, 2)
    return blocks


def small_gguf(path: Path) -> np.ndarray:
    """A GGUF file with one Q6_K tensor (2 rows of 512), one float32 tensor and some
    metadata; returns the Q6_K tensor's values."""
    writer = gguf.GGUFWriter(path, "qwen2")
    writer.add_uint32("qwen2.context_length", 4096)
    writer.add_string("tokenizer.chat_template", "{{ messages }}")
    writer.add_array("tokenizer.ggml.tokens", ["a", "b", "c"])
    codes = six_bit_blocks(4)
    writer.add_tensor_info("output.weight", (2, 420), np.dtype(np.uint8), codes.nbytes,
                           gguf.GGMLQuantizationType.Q6_K)  # fmt: skip
    norm = np.linspace(-1, 1, 512, dtype=np.float32)
    writer.add_tensor_info("output_norm.weight", norm.shape, norm.dtype, norm.nbytes,
                           gguf.GGMLQuantizationType.F32)  # fmt: skip
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.write_tensor_data(codes.reshape(2, 420))
    writer.write_tensor_data(norm)
    writer.close()
    values: np.ndarray = dequantize(codes.reshape(2, 420), gguf.GGMLQuantizationType.Q6_K)
    return values


def test_six_bit_tensors_become_eight_bit_with_the_same_values_and_metadata(
    tmp_path: Path,
) -> None:
    values = small_gguf(tmp_path / "six.gguf")
    assert widen_to_eight_bit(tmp_path / "six.gguf", tmp_path / "eight.gguf") == 1
    reader = gguf.GGUFReader(tmp_path / "eight.gguf")
    tensors = {t.name: t for t in reader.tensors}
    widened = tensors["output.weight"]
    assert widened.tensor_type == gguf.GGMLQuantizationType.Q8_0
    again = dequantize(widened.data, widened.tensor_type)
    assert again.shape == values.shape == (2, 512)
    # Q8_0 rounds each block of 32 to 1/127 of its largest value (a float16 scale)
    step = np.abs(values).reshape(-1, 32).max(axis=1, keepdims=True) / 127
    assert np.all(np.abs(again - values).reshape(-1, 32) <= step * 0.6 + 1e-6)
    assert tensors["output_norm.weight"].tensor_type == gguf.GGMLQuantizationType.F32
    assert np.array_equal(
        tensors["output_norm.weight"].data, np.linspace(-1, 1, 512, dtype=np.float32)
    )
    fields = reader.fields
    assert fields["general.architecture"].contents() == "qwen2"
    assert fields["qwen2.context_length"].contents() == 4096
    assert fields["tokenizer.chat_template"].contents() == "{{ messages }}"
    assert fields["tokenizer.ggml.tokens"].contents() == ["a", "b", "c"]


def test_a_failed_preparation_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "model.gguf"
    small_gguf(source)

    class Broken:
        def LLMPipeline(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("Exception from src/x.cpp:1:\nunsupported architecture")

    monkeypatch.setattr(openvino_genai, "_genai", lambda: Broken())
    folder = tmp_path / "models" / "model.openvino"
    with pytest.raises(ModelError, match="cannot convert this model") as raised:
        prepare(source, folder)
    assert "unsupported architecture" in raised.value.line()
    assert not folder.exists()
    assert list((tmp_path / "models").iterdir()) == []  # no half-made folder either


def test_the_openvino_backend_is_chosen_by_the_setting(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, backend="openvino", model=str(tmp_path / "m.gguf"))
    (tmp_path / "m.gguf").write_bytes(b"GGUF")
    backend = make_chat_backend(settings, load_registry({}).get(LOCAL))
    assert isinstance(backend, OpenVinoBackend)
    assert backend.model_name == "m.gguf"


@pytest.mark.model
@pytest.mark.skipif(not is_installed(SMALL), reason="no model installed; run make setup")
def test_the_real_small_model_is_prepared_once_and_answers(tmp_path: Path) -> None:
    source = installed_path(SMALL)
    folder = tmp_path / "prepared"
    prepare(source, folder)
    stamp = json.loads((folder / "souverain-prepared.json").read_text())
    assert stamp["source"] == source.name and stamp["requantised_tensors"] > 0
    assert (folder / "openvino_model.xml").exists()
    assert not [p for p in folder.iterdir() if p.suffix == ".gguf"]  # the copy is gone
    started = time.perf_counter()
    assert prepare(source, folder) == folder  # already made from this very file
    assert time.perf_counter() - started < 1.0
    assert _marker(folder) == _source_stamp(source)

    backend = OpenVinoBackend(source, threads=2, folder=folder)
    done = backend.complete(
        [
            Message("system", "Answer in one word."),
            Message("user", "What is the capital of France?"),
        ],
        GenerationOptions(max_tokens=20),
    )
    assert "Paris" in done.text
    assert done.prompt_tokens > 10 and 0 < done.completion_tokens <= 20
    assert done.timings["prompt_s"] > 0 and done.timings["total_s"] >= done.timings["prompt_s"]
    counted = backend.complete(
        [Message("user", "Write the numbers from one to ten in words, separated by commas.")],
        GenerationOptions(max_tokens=40, stop=("five", "Five")),
    )
    assert "four" in counted.text.lower() and "five" not in counted.text.lower()
    short = backend.complete(
        [Message("user", "Tell me a long story about a lighthouse keeper.")],
        GenerationOptions(max_tokens=5),
    )
    assert short.completion_tokens <= 5
