"""backend = "auto": OpenVINO where the processor has AVX-512 or AMX and OpenVINO reads the
model, llama.cpp elsewhere; the GGUF header read without loading the file; and llama.cpp
answering when OpenVINO cannot prepare the model it picked."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import gguf
import numpy as np
import pytest
from click.testing import CliRunner

from souverain.cli.main import cli
from souverain.errors import ModelError
from souverain.gateway import engines
from souverain.gateway.base import Completion, GenerationOptions, Message
from souverain.gateway.catalog import CATALOG
from souverain.gateway.engines import gguf_architecture, local_engine
from souverain.gateway.gateway import make_chat_backend
from souverain.gateway.llamacpp import LlamaCppBackend
from souverain.gateway.openvino_genai import OpenVinoBackend
from souverain.policy.providers import LOCAL, load_registry
from souverain.settings import DEFAULT_MODEL, Settings, load_settings


def tiny_gguf(path: Path, architecture: str) -> Path:
    """A GGUF file as the gguf package writes one: the architecture first, then metadata
    (a string array among it) and one tensor."""
    writer = gguf.GGUFWriter(path, architecture)
    writer.add_array("tokenizer.ggml.tokens", ["a", "b", "c"])
    weights = np.zeros((2, 4), dtype=np.float32)
    writer.add_tensor_info("w", weights.shape, weights.dtype, weights.nbytes,
                           gguf.GGMLQuantizationType.F32)  # fmt: skip
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    writer.write_tensor_data(weights)
    writer.close()
    return path


def _text(value: str) -> bytes:
    return struct.pack("<Q", len(value.encode())) + value.encode()


def architecture_last(path: Path, architecture: str) -> Path:
    """A GGUF header, written by hand, whose architecture comes after entries of every
    shape the reader must skip: a number, a string, an array of strings, nested arrays."""
    entries = [
        _text("general.alignment") + struct.pack("<II", 4, 32),
        _text("general.name") + struct.pack("<I", 8) + _text("Tiny"),
        _text("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 2) + _text("a") + _text("bc"),
        _text("tokenizer.ggml.scores") + struct.pack("<IIQ", 9, 6, 2) + struct.pack("<ff", 1, 2),
        _text("nested") + struct.pack("<IIQ", 9, 9, 1) + struct.pack("<IQ", 7, 2) + b"\x01\x00",
        _text("general.architecture") + struct.pack("<I", 8) + _text(architecture),
    ]
    path.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, len(entries)) + b"".join(entries))
    return path


def test_the_architecture_is_read_from_the_header(tmp_path: Path) -> None:
    assert gguf_architecture(tiny_gguf(tmp_path / "a.gguf", "qwen2")) == "qwen2"
    assert gguf_architecture(architecture_last(tmp_path / "b.gguf", "gemma3")) == "gemma3"


@pytest.mark.parametrize(
    "content",
    [b"", b"GGUF", b"PK\x03\x04 not a model", b"GGUF" + struct.pack("<IQQ", 3, 0, 5) + b"\xff" * 8],
    ids=["empty", "magic only", "zip", "garbled"],
)
def test_a_file_that_is_not_gguf_has_no_architecture(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "x.gguf").write_bytes(content)
    assert gguf_architecture(tmp_path / "x.gguf") == ""
    assert gguf_architecture(tmp_path / "missing.gguf") == ""


@pytest.fixture
def processor(monkeypatch: pytest.MonkeyPatch) -> dict[str, frozenset[str]]:
    """Set the processor's flags: processor["flags"] = frozenset({...})."""
    state = {"flags": frozenset({"sse4_2", "avx2"})}
    monkeypatch.setattr(engines, "cpu_flags", lambda: state["flags"])
    return state


def test_auto_picks_openvino_only_on_wide_vectors_and_a_family_it_reads(
    tmp_path: Path, processor: dict[str, frozenset[str]]
) -> None:
    qwen = tiny_gguf(tmp_path / "qwen.gguf", "qwen2")
    gemma = tiny_gguf(tmp_path / "gemma.gguf", "gemma3")
    chosen = local_engine("auto", qwen)
    assert (chosen.engine, chosen.automatic) == ("llamacpp", True)
    assert "neither AVX-512 nor AMX" in chosen.reason

    processor["flags"] = frozenset({"avx2", "avx512f", "avx512_vnni"})
    chosen = local_engine("auto", qwen)
    assert (chosen.engine, chosen.reason) == ("openvino", "the processor has AVX-512")
    processor["flags"] = frozenset({"avx512f", "amx_tile"})
    assert local_engine("auto", qwen).reason == "the processor has AVX-512 and AMX"
    chosen = local_engine("auto", gemma)
    assert (chosen.engine, chosen.reason) == ("llamacpp", "OpenVINO cannot read gemma3 models")

    # what the user sets is what runs, whatever the processor
    assert local_engine("llamacpp", qwen).engine == "llamacpp"
    assert local_engine("openvino", gemma) == engines.EngineChoice(
        "openvino", 'backend = "openvino"', automatic=False
    )


def test_the_processor_flags_are_read_from_cpuinfo() -> None:
    flags = engines.cpu_flags()
    if Path("/proc/cpuinfo").exists():
        assert "fpu" in flags or "sse2" in flags  # every x86-64 processor has them
    assert isinstance(flags, frozenset)


def test_auto_is_the_default_and_builds_the_engine_it_picked(
    tmp_path: Path, processor: dict[str, frozenset[str]]
) -> None:
    model = tiny_gguf(tmp_path / "qwen.gguf", "qwen2")
    settings = load_settings(tmp_path / "home", model=str(model))
    assert settings.backend == "auto"
    local = load_registry({}).get(LOCAL)
    assert isinstance(make_chat_backend(settings, local), LlamaCppBackend)
    processor["flags"] = frozenset({"avx512f"})
    backend = make_chat_backend(settings, local)
    assert isinstance(backend, OpenVinoBackend) and backend.fallback is not None
    chosen = make_chat_backend(Settings(home=tmp_path, model=str(model), backend="openvino"), local)
    assert isinstance(chosen, OpenVinoBackend) and chosen.fallback is None


def test_with_a_server_configured_the_local_provider_runs_the_packaged_default(
    tmp_path: Path, processor: dict[str, frozenset[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    # backend = "openai" makes `model` the server's model; "local" (asked for by name, or
    # as a fallback) must not look for a file called "mistral-small-2506"
    models = tmp_path / "models"
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(models))
    settings = Settings(home=tmp_path, backend="openai", model="mistral-small-2506",
                        base_url="http://127.0.0.1:9/v1")  # fmt: skip
    local = load_registry({}).get(LOCAL)
    with pytest.raises(ModelError) as missing:
        make_chat_backend(settings, local)
    assert missing.value.message == f"model {DEFAULT_MODEL} is not installed"

    default = CATALOG[DEFAULT_MODEL]
    models.mkdir()
    tiny_gguf(models / default.filename, "qwen2")
    (models / (default.filename + ".sha256")).write_text(default.sha256 + "\n")
    assert isinstance(make_chat_backend(settings, local), LlamaCppBackend)
    processor["flags"] = frozenset({"avx512f"})  # the engine is picked as under "auto"
    backend = make_chat_backend(settings, local)
    assert isinstance(backend, OpenVinoBackend) and backend.fallback is not None

    listed = CliRunner().invoke(
        cli, ["--home", str(tmp_path / "home"), "--backend", "openai", "--model",
              "mistral-small-2506", "models", "list", "--json"],
    )  # fmt: skip
    assert listed.exit_code == 0, listed.output
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert [name for name, row in rows.items() if row["default"]] == ["mistral-small-2506"]
    assert (
        rows["mistral-small-2506"]["description"]
        == "answers on the OpenAI-compatible server (base_url not set)"
    )
    assert rows[DEFAULT_MODEL]["engine"]["name"] == "openvino"


class Recorded:
    """A backend that answers with a fixed text and records that it did."""

    def __init__(self) -> None:
        self.calls = 0
        self.closed = False

    @property
    def model_name(self) -> str:
        return "stand-in.gguf"

    def complete(self, messages: list[Message], options: GenerationOptions) -> Completion:
        self.calls += 1
        return Completion(text="from the fallback", model=self.model_name)

    def close(self) -> None:
        self.closed = True


def test_when_openvino_cannot_prepare_the_model_the_fallback_answers(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\x00" * 64)  # OpenVINO's reader fails on it
    stand_in = Recorded()
    backend = OpenVinoBackend(broken, folder=tmp_path / "prepared", fallback=lambda: stand_in)
    question = [Message("user", "Hello?")]
    assert backend.complete(question, GenerationOptions()).text == "from the fallback"
    warning = capfd.readouterr().err
    assert "warning: " in warning and "answering with llama.cpp instead" in warning
    assert "broken.gguf" in warning
    assert backend.model_name == "stand-in.gguf"
    backend.complete(question, GenerationOptions())  # no second attempt, no second warning
    assert stand_in.calls == 2 and "warning" not in capfd.readouterr().err
    assert not (tmp_path / "prepared").exists()
    backend.close()
    assert stand_in.closed

    chosen = OpenVinoBackend(broken, folder=tmp_path / "prepared")  # set by the user: an error
    with pytest.raises(ModelError, match=r"broken\.gguf"):
        chosen.complete(question, GenerationOptions())


def test_models_list_and_prepare_name_the_engine(
    tmp_path: Path, processor: dict[str, frozenset[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path / "models"))
    model = tiny_gguf(tmp_path / "qwen.gguf", "qwen2")
    runner = CliRunner()
    base = ["--home", str(tmp_path / "home"), "--model", str(model)]
    listed = runner.invoke(cli, [*base, "models", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    configured = [row for row in json.loads(listed.stdout) if row["default"]]
    assert configured[0]["engine"] == {
        "name": "llamacpp", "automatic": True, "reason": "the processor has neither AVX-512 nor AMX"
    }  # fmt: skip
    done = runner.invoke(cli, [*base, "models", "prepare"])
    assert done.exit_code == 0 and "nothing to prepare" in done.stderr

    # OpenVINO picked, but this file is no real model: auto warns and lets llama.cpp answer
    processor["flags"] = frozenset({"avx512f"})
    done = runner.invoke(cli, [*base, "models", "prepare"])
    assert done.exit_code == 0, done.output
    assert "warning: " in done.stderr and "llama.cpp will answer instead" in done.stderr
    chosen = runner.invoke(cli, [*base, "--backend", "openvino", "models", "prepare"])
    assert chosen.exit_code == 69 and "qwen.gguf" in chosen.stderr  # set by the user: an error
    assert not list((tmp_path / "models").glob("*.openvino"))

    # Answers come from a server: no local file to resolve, nothing to convert
    server = ["--backend", "openai", "--model", "mistral-small-2506", "models", "prepare"]
    remote = runner.invoke(cli, ["--home", str(tmp_path / "home"), *server])
    assert remote.exit_code == 0, remote.output
    assert 'backend = "openai": mistral-small-2506 answers on' in remote.stderr
    assert "nothing to prepare" in remote.stderr
    named = runner.invoke(cli, ["--home", str(tmp_path / "home"), *server, str(model)])
    assert named.exit_code == 0, named.output  # a local file named: prepared for what "auto" picks
    assert "warning: " in named.stderr and "llama.cpp will answer instead" in named.stderr
