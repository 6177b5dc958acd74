"""PP-OCRv6's text line detector (the model RapidOCR ships) on OpenVINO.

The network maps a page to the probability that each pixel lies in a line of text, and
RapidOCR's DB post-processing (differentiable binarisation) turns that map into the lines'
corners. The network runs with the recogniser's settings (one thread, the processor's best
precision), with one change to its graph that makes it about 15% cheaper and computes the
same thing: its last two layers are 2×2 transposed convolutions with stride 2 that scale
the map up to the input's size, which the CPU runtime runs in float32, the last one over
a single channel padded to sixteen in memory. Each is rewritten as a 1×1 convolution to
four times the channels followed by a depth-to-space shuffle, and the activation after it
moves before the shuffle: those run in bfloat16, the activation fused into the convolution.

The post-processing is RapidOCR's (PaddleOCR's DB post-processing with the settings RapidOCR
gives PP-OCRv6), written out here: importing it from RapidOCR costs half a second per
process, reading the YAML configuration of every model RapidOCR can download.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import numpy as np

from souverain.ocr.recogniser import SINGLE_THREAD, openvino, rapidocr_model

_UPSAMPLERS = 2  # transposed convolutions at the end of PP-OCRv6's detector
_ELEMENTWISE = ("Relu", "Sigmoid")
# RapidOCR's settings for PP-OCRv6's post-processing (its config.yaml).
_TEXT = 0.3  # a pixel this likely to be text is text
_LINE = 0.5  # a region whose pixels are text this likely on average is a line
_GROW = 1.6  # regions are grown by this times their area over their perimeter
_MAX_LINES = 1000
_MIN_SIDE = 3  # pixels of the map


class LineDetector:
    """Finds text lines on a page; single-threaded."""

    def __init__(self, model: Path) -> None:
        core = openvino().Core()
        network = core.read_model(model)
        rewritten = upsample_by_shuffling(network)
        if rewritten != _UPSAMPLERS:  # another model: not rewritten blindly
            raise ValueError(f"unexpected detector layout: {rewritten} transposed convolutions")
        self._request = core.compile_model(network, "CPU", SINGLE_THREAD).create_infer_request()

    def __call__(self, batch: np.ndarray, size: tuple[int, int]) -> list[np.ndarray]:
        """The lines in ``batch`` (1×3×H×W, grey levels from -1 to 1, H and W multiples of
        32) as four corners each, clockwise from the top left, in the pixels of an image of
        ``size`` (height, width) that the batch was scaled from."""
        self._request.infer({0: batch})
        return lines_from_map(self._request.get_output_tensor().data[0, 0], size)


def lines_from_map(probabilities: np.ndarray, size: tuple[int, int]) -> list[np.ndarray]:
    """Text lines from the network's map of text probabilities (H×W), as four corners each
    in the pixels of an image of ``size`` (height, width): regions of likely text, kept if
    likely enough on average, grown by their margin and boxed."""
    import cv2

    text = cv2.dilate((probabilities > _TEXT).astype(np.uint8), np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(text * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    height, width = probabilities.shape
    lines = []
    for contour in contours[:_MAX_LINES]:
        box, short = _min_box(contour)
        if short < _MIN_SIDE or _mean_inside(probabilities, box) < _LINE:
            continue
        box, short = _min_box(_grown(box))
        if short < _MIN_SIDE + 2:
            continue
        box[:, 0] = np.clip(np.round(box[:, 0] / width * size[1]), 0, size[1])
        box[:, 1] = np.clip(np.round(box[:, 1] / height * size[0]), 0, size[0])
        corners = _clockwise(box.astype(np.int32)).clip(0, (size[1] - 1, size[0] - 1))
        across = int(np.linalg.norm(corners[0] - corners[1]))
        down = int(np.linalg.norm(corners[0] - corners[3]))
        if across > 3 and down > 3:
            lines.append(corners)
    return lines


def _min_box(points: np.ndarray) -> tuple[np.ndarray, float]:
    """The smallest rotated rectangle around ``points`` (its corners, float32) and its short
    side."""
    import cv2

    rectangle = cv2.minAreaRect(points)
    corners = sorted(cv2.boxPoints(rectangle), key=lambda point: float(point[0]))
    # of the two leftmost corners the higher is the top left, and so on the right
    top_left, bottom_left = corners[:2] if corners[1][1] > corners[0][1] else corners[1::-1]
    top_right, bottom_right = corners[2:] if corners[3][1] > corners[2][1] else corners[:1:-1]
    ordered = np.array([top_left, top_right, bottom_right, bottom_left], dtype=np.float32)
    return ordered, float(min(rectangle[1]))


def _mean_inside(probabilities: np.ndarray, box: np.ndarray) -> float:
    """The mean probability inside ``box`` (RapidOCR's "fast" score)."""
    import cv2

    height, width = probabilities.shape
    low = np.clip(np.floor(box.min(axis=0)).astype(np.int32), 0, (width - 1, height - 1))
    high = np.clip(np.ceil(box.max(axis=0)).astype(np.int32), 0, (width - 1, height - 1))
    mask = np.zeros((high[1] - low[1] + 1, high[0] - low[0] + 1), dtype=np.uint8)
    cv2.fillPoly(mask, [(box - low).astype(np.int32)], 1)
    region = probabilities[low[1] : high[1] + 1, low[0] : high[0] + 1]
    return float(cv2.mean(region, mask)[0])


def _grown(box: np.ndarray) -> np.ndarray:
    """``box`` pushed out by _GROW times its area over its perimeter, corners rounded."""
    import cv2
    import pyclipper

    distance = cv2.contourArea(box) * _GROW / cv2.arcLength(box, True)
    offset = pyclipper.PyclipperOffset()
    offset.AddPath(box, pyclipper.JT_ROUND, pyclipper.ET_CLOSEDPOLYGON)
    paths = offset.Execute(distance)
    if not paths:
        return box
    return np.concatenate([np.array(path, dtype=np.float32) for path in paths]).reshape(-1, 1, 2)


def _clockwise(box: np.ndarray) -> np.ndarray:
    """The four corners from the top left, clockwise (float32)."""
    by_x = box[np.argsort(box[:, 0])]
    left = by_x[:2][np.argsort(by_x[:2, 1])]
    right = by_x[2:][np.argsort(by_x[2:, 1])]
    return np.array([left[0], right[0], right[1], left[1]], dtype=np.float32)


def upsample_by_shuffling(network: Any) -> int:
    """Rewrite each 2×2, stride-2 transposed convolution followed by a bias and an
    elementwise activation as a 1×1 convolution to four times the channels, the bias and
    the activation, then a depth-to-space shuffle (the same values, in a cheaper form).
    Returns how many were rewritten; others are left as they are."""
    ops = openvino().opset13
    rewritten = 0
    for node in network.get_ordered_ops():
        if node.get_type_name() != "ConvolutionBackpropData" or not _is_2x2_stride_2(node):
            continue
        weights = node.input(1).get_source_output().get_node()
        add = _only_user(node)
        activation = _only_user(add) if add is not None else None
        bias = _constant_input(add) if add is not None and add.get_type_name() == "Add" else None
        if (
            weights.get_type_name() != "Constant" or bias is None or activation is None
            or activation.get_type_name() not in _ELEMENTWISE
        ):  # fmt: skip
            continue
        # (in, out, 2, 2): out[c, 2y+i, 2x+j] += in[k, y, x] * kernel[k, c, i, j]
        kernel = weights.get_data()
        channels_in, channels_out = kernel.shape[:2]
        # Output channel c*4 + i*2 + j of the 1×1 convolution is pixel (i, j) of channel c:
        # the order depth-to-space's "depth_first" mode reads them in.
        flat = kernel.transpose(1, 2, 3, 0).reshape(4 * channels_out, channels_in, 1, 1)
        spread = np.repeat(bias.reshape(channels_out), 4).reshape(1, 4 * channels_out, 1, 1)
        convolved = ops.convolution(
            node.input(0).get_source_output(),
            ops.constant(np.ascontiguousarray(flat, dtype=np.float32)),
            [1, 1], [0, 0], [0, 0], [1, 1],
        )  # fmt: skip
        biased = ops.add(convolved, ops.constant(spread.astype(np.float32)))
        activated = (
            ops.relu(biased) if activation.get_type_name() == "Relu" else ops.sigmoid(biased)
        )
        shuffled = ops.depth_to_space(activated, "depth_first", 2)
        for target in list(activation.output(0).get_target_inputs()):
            target.replace_source_output(shuffled.output(0))
        rewritten += 1
    network.validate_nodes_and_infer_types()
    return rewritten


def _is_2x2_stride_2(node: Any) -> bool:
    attributes = node.get_attributes()
    shape = node.input(1).get_partial_shape()
    return (
        shape.is_static and list(shape.to_shape())[2:] == [2, 2]
        and list(attributes["strides"]) == [2, 2] and list(attributes["dilations"]) == [1, 1]
        and list(attributes["pads_begin"]) == [0, 0] and list(attributes["pads_end"]) == [0, 0]
        and not any(attributes.get("output_padding", []))
    )  # fmt: skip


def _only_user(node: Any) -> Any | None:
    """The one node reading ``node``'s output, past Identity nodes (ONNX imports keep them)."""
    while True:
        users = list(node.output(0).get_target_inputs())
        if len(users) != 1:
            return None
        node = users[0].get_node()
        if node.get_type_name() != "Identity":
            return node


def _constant_input(node: Any) -> np.ndarray | None:
    for port in node.inputs():
        source = port.get_source_output().get_node()
        if source.get_type_name() == "Constant":
            data: np.ndarray = source.get_data()
            return data
    return None


@functools.lru_cache(maxsize=1)
def detector() -> LineDetector:
    """The process's detector (loading it takes about 0.3 s)."""
    return LineDetector(rapidocr_model("PP-OCRv6_det_small.onnx"))
