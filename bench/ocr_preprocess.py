"""Does each preprocessing step earn its place? souverain's page reader with every step on,
with all off, and with each step switched off alone, on the same pages of each condition.

A step stays on by default only where this shows it helps (issue 3; docs/decisions/0005).
It calls the reader in this process, one page at a time, so the differences are the steps'
alone: same engine (`--engine`, default auto), same pages, same machine, one run.

    .venv/bin/python bench/ocr_preprocess.py                   # 12 pages per condition
    .venv/bin/python bench/ocr_preprocess.py --limit 4 --no-append
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path
from typing import Any

import numpy as np
from _common import CpuWatch, append_results, header
from ocr_corpus import CONDITIONS, DEFAULT_OUT
from ocr_metrics import flexible_edits
from PIL import Image

from souverain.ocr.preprocess import Preprocess
from souverain.ocr.reader import OcrOptions, read_page

STEPS = [f.name for f in dataclasses.fields(Preprocess)]


def variants() -> dict[str, Preprocess]:
    every = Preprocess()
    found = {"all steps": every, "no steps": Preprocess(*(False for _ in STEPS))}
    for step in STEPS:
        found[f"without {step}"] = dataclasses.replace(every, **{step: False})
    return found


def pages_of(corpus: Path, condition: str, limit: int) -> list[dict[str, Any]]:
    truth = json.loads((corpus / condition / "truth.json").read_text(encoding="utf-8"))
    step = max(1, len(truth) // limit)
    return list(truth[::step][:limit])


def run_condition(
    corpus: Path, condition: str, limit: int, engine: str
) -> dict[str, tuple[float, float]]:
    """Flexible CER and seconds per page of each variant on the condition's pages."""
    edits: dict[str, int] = {}
    seconds: dict[str, float] = {}
    chars = 0
    pages = pages_of(corpus, condition, limit)
    for page in pages:
        path = corpus / condition / "pages" / f"{page['id']}.png"
        gray = np.asarray(Image.open(path).convert("L"))
        lines: list[str] = page["lines"]
        chars += sum(len(" ".join(line.split())) for line in lines)
        for name, steps in variants().items():
            options = OcrOptions(engine=engine, preprocess=steps, workers=1)
            started = time.perf_counter()
            result = read_page(gray, int(page["dpi"]), 0, options)
            seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started
            found = result.text.splitlines()
            edits[name] = edits.get(name, 0) + flexible_edits(lines, found).chars
    return {name: (edits[name] / chars, seconds[name] / len(pages)) for name in edits}


def table(results: dict[str, dict[str, tuple[float, float]]]) -> list[str]:
    conditions = list(results)
    names = list(next(iter(results.values())))
    lines = [
        "| Preprocessing | " + " | ".join(f"{c}: flexible CER, s/page" for c in conditions) + " |",
        "|---|" + "---|" * len(conditions),
    ]
    for name in names:
        cells = [f"{results[c][name][0]:.2%}, {results[c][name][1]:.2f}" for c in conditions]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--conditions", default=",".join(CONDITIONS))
    p.add_argument("--limit", type=int, default=12, help="pages per condition (default 12)")
    p.add_argument("--engine", default="auto", help="auto, tesseract or rapidocr")
    p.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    p.add_argument("--no-append", action="store_true")
    args = p.parse_args()
    started, watch = time.perf_counter(), CpuWatch()
    results = {
        c: run_condition(args.corpus, c, args.limit, args.engine)
        for c in args.conditions.split(",")
    }
    settings = f"engine {args.engine}, {args.limit} pages per condition, one process"
    notes = [
        "- Flexible CER as in ocr_quality.py (bench/ocr_metrics.py), over the text of the "
        "page's laid-out blocks; s/page: read_page alone, preprocessing included.",
        f"- {watch.summary()}",
        f"- Whole run: {time.perf_counter() - started:.0f} s.",
    ]
    text = "\n".join([*header("ocr_preprocess", settings), *table(results), "", *notes, ""])
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
