"""The line detector on OpenVINO: its rewritten graph computes what the original did."""

from __future__ import annotations

import numpy as np

from souverain.ocr.detector import detector, lines_from_map, upsample_by_shuffling
from souverain.ocr.engines import RapidOcrEngine
from souverain.ocr.recogniser import openvino
from tests.ocr.pages import text_page


def upsampling_network(kernel: int, activation: str) -> object:
    """Features (1, 5, 6, 7) through a transposed convolution, a bias and an activation."""
    ops = openvino().opset13
    rng = np.random.default_rng(7)
    features = ops.parameter([1, 5, 6, 7], np.float32)
    weights = ops.constant(rng.normal(size=(5, 3, kernel, kernel)).astype(np.float32))
    up = ops.convolution_backprop_data(
        features, weights, [2, 2], pads_begin=[0, 0], pads_end=[0, 0], dilations=[1, 1]
    )
    biased = ops.add(up, ops.constant(rng.normal(size=(1, 3, 1, 1)).astype(np.float32)))
    out = ops.relu(biased) if activation == "Relu" else ops.sigmoid(biased)
    return openvino().Model([ops.multiply(out, ops.constant(np.float32(2.0)))], [features])


def run(network: object, features: np.ndarray) -> np.ndarray:
    core = openvino().Core()
    compiled = core.compile_model(network, "CPU", {"INFERENCE_PRECISION_HINT": "f32"})
    return np.asarray(compiled(features)[0])


def test_a_stride_2_transposed_convolution_becomes_a_shuffle_with_the_same_values() -> None:
    features = np.random.default_rng(1).normal(size=(1, 5, 6, 7)).astype(np.float32)
    for activation in ("Relu", "Sigmoid"):
        network = upsampling_network(2, activation)
        before = run(network, features)
        assert upsample_by_shuffling(network) == 1
        kinds = {op.get_type_name() for op in network.get_ordered_ops()}
        assert "ConvolutionBackpropData" not in kinds and "DepthToSpace" in kinds
        after = run(network, features)
        assert after.shape == before.shape == (1, 3, 12, 14)
        assert np.allclose(after, before, atol=1e-5)


def test_other_transposed_convolutions_are_left_alone() -> None:
    network = upsampling_network(3, "Relu")  # kernels overlap: no shuffle computes that
    assert upsample_by_shuffling(network) == 0
    kinds = {op.get_type_name() for op in network.get_ordered_ops()}
    assert "ConvolutionBackpropData" in kinds


def test_the_lines_of_a_page_are_found_top_to_bottom() -> None:
    page = text_page(["Erste Zeile des Briefes", "Zweite Zeile", "Dritte und letzte Zeile"])
    lines = RapidOcrEngine().detect(page)
    assert len(lines) == 3
    tops = [float(quad[:, 1].min()) for quad in lines]
    assert tops == sorted(tops)
    for quad in lines:
        assert quad.shape == (4, 2)
        assert 0 <= quad[:, 0].min() < quad[:, 0].max() <= page.shape[1]


def test_the_detector_runs_on_one_thread_not_pinned_to_a_core() -> None:
    compiled = detector()._request.get_compiled_model()
    assert compiled.get_property("INFERENCE_NUM_THREADS") == 1
    assert compiled.get_property("ENABLE_CPU_PINNING") is False


def test_the_boxes_are_rapidocrs_own() -> None:
    """The post-processing written out here gives what RapidOCR's gives for the same map."""
    from rapidocr.ch_ppocr_det.utils import DBPostProcess

    page = text_page(["Rechnung Nr. 2024-0815", "Betrag: 1.250,00 EUR", "Zahlbar bis 3. Mai"])
    small = page[:672, :1472]  # multiples of 32, as the network wants
    batch = np.broadcast_to(small.astype(np.float32) / 127.5 - 1.0, (1, 3, *small.shape))
    found = detector()
    found._request.infer({0: np.ascontiguousarray(batch)})
    probabilities = found._request.get_output_tensor().data.copy()
    size = (1000, 2200)  # the page the map was scaled down from
    theirs, _ = DBPostProcess(
        thresh=0.3, box_thresh=0.5, max_candidates=1000, unclip_ratio=1.6, use_dilation=True
    )(probabilities, size)
    ours = lines_from_map(probabilities[0, 0], size)
    assert len(ours) == len(theirs) == 3
    for mine, rapid in zip(ours, theirs, strict=True):
        assert np.array_equal(mine, np.asarray(rapid, dtype=np.float32))
