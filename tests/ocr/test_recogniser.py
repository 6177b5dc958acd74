"""The line recogniser on OpenVINO: what it reads, where, and that loading it calls nobody."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from souverain.ocr.recogniser import (
    _MIN_WIDTH,
    HEIGHT,
    _cut_output,
    _packed,
    _Scaled,
    _span,
    openvino,
    precision,
    recogniser,
)
from tests.ocr.pages import text_page


def line_crop(text: str) -> np.ndarray:
    """The line drawn on a page, cut out with a margin of half its height, as detected."""
    page = text_page([text], size=(2200, 200))
    rows = np.flatnonzero((page < 128).any(axis=1))
    columns = np.flatnonzero((page < 128).any(axis=0))
    margin = (rows[-1] - rows[0]) // 2
    return page[rows[0] - margin : rows[-1] + margin, columns[0] - margin : columns[-1] + margin]


def test_a_line_is_read_with_its_diacritics_and_character_positions() -> None:
    crop = line_crop("Kündigungsfrist: sechs Monate")
    found = recogniser()(crop)
    assert found.text == "Kündigungsfrist: sechs Monate"
    assert len(found.centres) == len(found.confidences) == len(found.text)
    assert list(found.centres) == sorted(found.centres)
    assert 0 < found.centres[0] < 0.1 * crop.shape[1] < 0.9 * crop.shape[1] < found.centres[-1]
    assert found.score > 0.9


def test_the_output_holds_only_european_scripts() -> None:
    read = recogniser()
    assert len(read.alphabet) < 2_000  # of the model's 18,710
    assert {"ß", "é", "€", "Ω", "ł"} <= set(read.alphabet)
    assert not {"自", "の", "한"} & set(read.alphabet)
    assert read.alphabet[0] == "" and read.alphabet[-1] == " "  # CTC blank, space


def test_lines_of_any_width_are_read_including_very_short_and_very_long_ones() -> None:
    read = recogniser()
    assert read(line_crop("7")).text == "7"
    long = "Lieferung und Montage der Regalanlage laut Angebot 2024-0815 vom 12. März 2024"
    assert read(line_crop(long)).text == long
    blank = np.full((HEIGHT, 200), 255, np.uint8)
    assert read(blank).text == ""


def tiny_network(classes: int) -> object:
    """Features (batch, time, 4) to class probabilities, like the recogniser's last layer."""
    ops = openvino().opset13
    features = ops.parameter([1, 3, 4], np.float32)
    weights = ops.constant(np.arange(4 * classes, dtype=np.float32).reshape(4, classes))
    bias = ops.constant(np.arange(classes, dtype=np.float32))
    scores = ops.softmax(ops.add(ops.matmul(features, weights, False, False), bias), -1)
    return openvino().Model([scores], [features])


def test_the_last_layer_is_cut_to_the_kept_classes() -> None:
    network = tiny_network(7)
    _cut_output(network, 7, np.array([0, 2, 6]))
    assert list(network.outputs[0].get_partial_shape().to_shape()) == [1, 3, 3]
    compiled = openvino().Core().compile_model(network, "CPU")
    out = compiled(np.ones((1, 3, 4), np.float32))[0]
    assert out.shape == (1, 3, 3) and np.allclose(out.sum(axis=-1), 1.0)


def test_a_model_of_another_shape_is_not_cut_blindly() -> None:
    with pytest.raises(ValueError, match="unexpected recogniser layout"):
        _cut_output(tiny_network(7), 9, np.array([0, 1]))


def test_the_runtime_precision_is_known() -> None:
    assert precision() in ("bf16", "f32", "f16")


def test_loading_the_ocr_models_contacts_no_one(tmp_path: Path) -> None:
    """`import openvino` would report itself to web analytics: the audit hook sees every name
    lookup and connection of the process and of the children it forks."""
    seen = tmp_path / "seen.txt"
    script = textwrap.dedent(f"""
        import sys
        def hook(event, args):
            if event in ("socket.getaddrinfo", "socket.connect", "socket.gethostbyname"):
                with open({str(seen)!r}, "a") as out:
                    out.write(f"{{event}} {{args!r}}\\n")
        sys.addaudithook(hook)
        import numpy as np
        from souverain.ocr.engines import RapidOcrEngine
        page = np.full((200, 600), 255, np.uint8)
        page[90:110, 100:500] = 0
        RapidOcrEngine().read(page, [], 300)
        import time
        time.sleep(2)  # a telemetry child would be sending now
        print(sys.modules["openvino_telemetry"])
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert not seen.exists(), seen.read_text()
    assert done.returncode == 0 and done.stdout.strip() == "None", done.stdout + done.stderr


def test_each_worker_runs_on_one_thread_not_pinned_to_a_core() -> None:
    """Pinned, every worker process's thread would sit on the same first core."""
    compiled = recogniser()._request.get_compiled_model()
    assert compiled.get_property("INFERENCE_NUM_THREADS") == 1
    assert compiled.get_property("ENABLE_CPU_PINNING") is False


def test_lines_read_together_come_back_in_the_order_given() -> None:
    texts = ["Rechnung", "Lieferung und Montage der Regalanlage", "7", "Zahlbar bis 3. Mai"]
    crops = [line_crop(text) for text in texts]
    read = recogniser()
    assert [found.text for found in read.read(crops)] == texts
    assert read.read([]) == []


def test_short_lines_share_an_input_and_each_keeps_its_own_characters_and_positions() -> None:
    texts = ["7", "Stk", "12,50 €", "Menge", "Lieferung und Montage der Regalanlage", "19%"]
    crops = [line_crop(text) for text in texts]
    lines = [_Scaled.of(crop) for crop in crops]
    groups = _packed(lines)
    assert sorted(index for group in groups for index in group) == list(range(len(texts)))
    assert [4] in groups  # the long line alone
    assert len(groups) < len(texts) - 1  # the five short ones in fewer inputs
    for group in groups:
        assert len(group) == 1 or _span(lines, group) <= _MIN_WIDTH
    read = recogniser()
    together = read.read(crops)
    for crop, text, found, alone in zip(crops, texts, together, map(read, crops), strict=True):
        assert found.text == alone.text == text
        assert len(found.centres) == len(found.confidences) == len(text)
        assert 0 < found.centres[0] <= found.centres[-1] < crop.shape[1]  # in its own crop
        assert np.allclose(found.centres, alone.centres, atol=0.1 * crop.shape[1])
