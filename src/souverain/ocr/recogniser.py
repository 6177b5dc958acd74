"""PP-OCRv6's line recogniser (the model RapidOCR ships) on OpenVINO, made cheaper to run.

Five things make it several times faster than RapidOCR's own recognition step on ONNX
Runtime, reading as well (bench/ocr_quality.py, docs/decisions/0005):

- OpenVINO runs the network at the best precision the processor has: bfloat16 on CPUs with
  AMX (Intel Xeon since Sapphire Rapids), float32 elsewhere.
- The output layer is cut to the characters of European scripts: the model scores 18,710
  characters, about 16,900 of them Chinese, Japanese or Korean, and that layer was about
  40% of its cost in bfloat16.
- Line widths are rounded up to a step, so the runtime meets a few input shapes (about
  fifteen), each prepared once, not a new one for every line, and a page's lines are read
  in order of width, which spares the runtime most changes of shape (10-20% of the time).
  (Reading lines of one width a few at a time is no faster: every batch size is one more
  shape to prepare.)
- A line is scaled to 85% of its width: the model gives a character about three output
  columns, and two and a half read as well (70% doubles the error rate).
- Short lines (table cells, amounts, labels: a third of an invoice's lines) are read
  several to one input, side by side with white between them, instead of each padded to
  the narrowest input width (10% of the recognition; the error rate moves by 0.01-0.03
  points: the model reads across the whole input).

A line crop is scaled to 48 pixels high and read in one pass; every output column covers 8
pixels of the scaled crop. Characters are read by CTC: the best character of each column,
repeats merged, blanks dropped.
"""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from souverain.errors import ConfigError

HEIGHT = 48
"""Pixels a line is scaled to, as the model was trained."""
COLUMN = 8
"""Pixels of the scaled line per output column."""
_MIN_WIDTH = 320  # shorter lines are padded to this, as in training
_WIDTH_STEP = 64  # wider ones are padded to a multiple of this,
_WIDE = 1024  # and lines wider than this to a multiple of
_WIDE_STEP = 256  # this (each new width costs about 40 ms to prepare, once per process)
_SQUEEZE = 0.85  # of a line's width at 48 px high: 15% less work, same error rate
_GAP = 64  # white pixels between short lines read in one input
_LAST_KEPT = 0x2E80  # characters from here on (CJK, kana, Hangul, full-width forms) are cut
SINGLE_THREAD = {
    "INFERENCE_NUM_THREADS": 1,
    "PERFORMANCE_HINT": "LATENCY",
    # OpenVINO pins its threads to cores by default: every worker process would pin its one
    # thread to the same first core and the others would stand idle.
    "ENABLE_CPU_PINNING": False,
}
"""OpenVINO settings for one model in one of the OCR worker processes."""


@dataclass(frozen=True)
class LineText:
    """What the recogniser read in one line crop."""

    text: str
    centres: tuple[float, ...]
    """Where each character of ``text`` (spaces included) was read: the middle of its output
    column, in the crop's pixels from its left edge."""
    confidences: tuple[float, ...]
    """Each character's probability."""

    @property
    def score(self) -> float:
        """The mean probability of the line's characters (RapidOCR's line score)."""
        return float(np.mean(self.confidences)) if self.confidences else 0.0


class LineRecogniser:
    """Reads text line crops (grey, uint8); single-threaded."""

    def __init__(self, model: Path) -> None:
        core = openvino().Core()
        network = core.read_model(model)
        characters = network.get_rt_info()["framework"]["character"].value.splitlines()
        # CTC blank first, space last: the model's own layout (RapidOCR adds both the same way)
        alphabet = ["", *characters, " "]
        keep = [i for i, char in enumerate(alphabet) if i == 0 or _european(char)]
        _cut_output(network, len(alphabet), np.array(keep))
        self.alphabet = [alphabet[i] for i in keep]
        compiled = core.compile_model(network, "CPU", SINGLE_THREAD)
        self._request = compiled.create_infer_request()

    def __call__(self, crop: np.ndarray) -> LineText:
        return self._read([_Scaled.of(crop)])[0]

    def read(self, crops: Sequence[np.ndarray]) -> list[LineText]:
        """What each crop says, in the order given.

        Short lines are read several to one input (see ``_packed``), and inputs in order of
        width: a change of input shape costs the runtime a millisecond or two, a sixth of a
        line.
        """
        lines = [_Scaled.of(crop) for crop in crops]
        found: dict[int, LineText] = {}
        for group in sorted(_packed(lines), key=lambda group: _step(_span(lines, group))):
            found.update(zip(group, self._read([lines[index] for index in group]), strict=True))
        return [found[index] for index in range(len(lines))]

    def _read(self, lines: Sequence[_Scaled]) -> list[LineText]:
        """Lines read side by side in one input, with a white gap between them."""
        starts = np.cumsum([0] + [line.width + _GAP for line in lines[:-1]])
        width = int(starts[-1]) + lines[-1].width
        batch = np.zeros((1, 3, HEIGHT, _step(width)), dtype=np.float32)  # 0 is mid-grey
        for line, start in zip(lines, starts, strict=True):
            # a grey line's channels are equal; white between lines
            batch[0, :, :, start : start + line.width + _GAP] = 1.0
            batch[0, :, :, start : start + line.width] = line.pixels
        batch[..., width:] = 0.0  # after the last line, padding as in training
        self._request.infer({0: batch}, share_inputs=True)  # read in place, not copied
        probabilities = self._request.get_output_tensor().data[0]
        # CTC: each column's best character, repeats merged, blanks dropped
        best = probabilities.argmax(axis=1)
        chosen = np.flatnonzero((best != 0) & np.r_[True, best[1:] != best[:-1]])
        centres = (chosen + 0.5) * COLUMN
        if len(lines) == 1:
            return [self._line(probabilities, best, chosen, centres, lines[0])]
        found = []
        # a character belongs to the line whose span, half the gap either side, holds it
        for line, start in zip(lines, starts, strict=True):
            mine = (centres >= start - _GAP / 2) & (centres < start + line.width + _GAP / 2)
            found.append(self._line(probabilities, best, chosen[mine], centres[mine] - start, line))
        return found

    def _line(
        self,
        probabilities: np.ndarray,
        best: np.ndarray,
        chosen: np.ndarray,
        centres: np.ndarray,
        line: _Scaled,
    ) -> LineText:
        characters = best[chosen].tolist()
        first, end = 0, len(characters)
        while first < end and self.alphabet[characters[first]] == " ":
            first += 1
        while end > first and self.alphabet[characters[end - 1]] == " ":
            end -= 1
        kept = chosen[first:end]
        return LineText(
            "".join([self.alphabet[i] for i in characters[first:end]]),
            tuple((centres[first:end] * line.to_crop).tolist()),
            tuple(probabilities[kept, best[kept]].astype(np.float64).tolist()),
        )


def _packed(lines: Sequence[_Scaled]) -> list[list[int]]:
    """The lines (indices) grouped to share inputs: lines shorter than the narrowest input
    (table cells, numbers, labels) are packed, widest first, into groups that fit it with a
    gap between lines; the others are read alone.

    A short line alone is padded to the narrowest width and costs as much as one of that
    width (the time grows with the width, about 12 µs per pixel): on invoices a third of the
    lines are that short, and packing them spares about 10% of the recognition. The model
    reads across the whole input, so a line's neighbours sway a character now and then
    (2 of 1,310 lines on office scans; the error rate moved by 0.01-0.03 points).
    """
    alone: list[list[int]] = []
    packs: list[list[int]] = []
    room: list[int] = []  # pixels left in each pack
    for index in sorted(range(len(lines)), key=lambda i: -lines[i].width):
        need = lines[index].width + _GAP
        if need > _MIN_WIDTH:
            alone.append([index])
            continue
        pack = next((p for p, left in enumerate(room) if need <= left), len(packs))
        if pack == len(packs):
            packs.append([])
            room.append(_MIN_WIDTH + _GAP)  # no gap after the last line
        packs[pack].append(index)
        room[pack] -= need
    return alone + packs


def _span(lines: Sequence[_Scaled], group: list[int]) -> int:
    """Pixels across of the ``group`` of lines read side by side."""
    return sum(lines[index].width for index in group) + _GAP * (len(group) - 1)


def _step(width: int) -> int:
    """The width a line of ``width`` pixels (at 48 px high) is read at: rounded up to a step."""
    step = _WIDTH_STEP if width <= _WIDE else _WIDE_STEP
    return max(_MIN_WIDTH, math.ceil(width / step) * step)


@dataclass(frozen=True)
class _Scaled:
    """A line crop as the network takes it: 48 pixels high, grey levels from -1 to 1."""

    pixels: np.ndarray
    to_crop: float
    """Crop pixels per pixel of ``pixels``, across."""

    @classmethod
    def of(cls, crop: np.ndarray) -> _Scaled:
        height, width = crop.shape[:2]
        scaled = min(max(1, math.ceil(_SQUEEZE * HEIGHT * width / height)), 40 * _MIN_WIDTH)
        pixels = cv2.resize(crop, (scaled, HEIGHT)).astype(np.float32) / 127.5 - 1.0
        return cls(pixels, width / scaled)

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])


def openvino() -> Any:
    """The OpenVINO module, imported without its telemetry.

    ``import openvino`` reports itself to Intel's web analytics from a child process unless
    the user opted out (the openvino-telemetry package, a dependency of the wheel); nothing
    of souverain's may call out like that. With the telemetry package marked absent, OpenVINO
    falls back to its own no-op stub.
    """
    sys.modules.setdefault("openvino_telemetry", None)  # type: ignore[arg-type]
    try:
        import openvino as ov
    except ImportError as exc:  # pragma: no cover - a broken install
        raise ConfigError(
            "OpenVINO, which runs the OCR models, is not installed", "Run `make setup`."
        ) from exc
    return ov


def _european(char: str) -> bool:
    return char == " " or (len(char) == 1 and ord(char) < _LAST_KEPT)


def _cut_output(network: Any, classes: int, keep: np.ndarray) -> None:
    """Keep only the ``keep`` classes of the network's last layer (its weights and bias)."""
    ops = openvino().opset13

    cut = 0
    for node in network.get_ordered_ops():
        if node.get_type_name() not in ("MatMul", "Add"):
            continue
        for index, port in enumerate(node.inputs()):
            source = port.get_source_output().get_node()
            shape = list(source.get_output_shape(0)) if source.get_type_name() == "Constant" else []
            if shape[-1:] == [classes]:
                data = np.ascontiguousarray(source.get_data()[..., keep])
                node.input(index).replace_source_output(ops.constant(data).output(0))
                cut += 1
    if cut != 2:  # the weights and the bias: a model of another shape is not cut blindly
        raise ValueError(f"unexpected recogniser layout: {cut} output tensors of {classes}")
    network.validate_nodes_and_infer_types()


@functools.lru_cache(maxsize=1)
def precision() -> str:
    """The precision OpenVINO runs the OCR models at on this machine (bf16 or f32): part of
    what a cached reading depends on."""
    hint = openvino().Core().get_property("CPU", "INFERENCE_PRECISION_HINT")
    return str(hint.get_type_name())


@functools.lru_cache(maxsize=1)
def recogniser() -> LineRecogniser:
    """The process's recogniser (loading it takes about 0.3 s)."""
    return LineRecogniser(rapidocr_model("PP-OCRv6_rec_small.onnx"))


def rapidocr_model(name: str) -> Path:
    """One of the model files that ship inside the rapidocr wheel."""
    import rapidocr

    return Path(rapidocr.__file__).parent / "models" / name
