"""Compare `souverain ocr` with plain Tesseract and OCRmyPDF on the corpus of ocr_corpus.py.

Every tool reads the same pages, on this machine, in this run, one tool at a time: per scan
condition (clean, office, poor) it prints and appends to bench/RESULTS.md a table of CER and WER
(in the tool's order, and flexible: line fragments in any order), word F1, souverain's table
cells, pages per second and peak memory, then a summary over conditions and souverain's speed on the born-digital PDFs. A
tool that is missing or fails is reported as such; nothing here asserts on timings.

    .venv/bin/python bench/ocr_quality.py                      # every condition, every tool
    .venv/bin/python bench/ocr_quality.py --quick              # 3 clean pages, no append
    .venv/bin/python bench/ocr_quality.py --conditions office --limit 6 --tools tesseract
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import RESULTS, CpuWatch, append_results, header
from ocr_corpus import (
    CONDITIONS,
    DEFAULT_OUT,
    INVOICES,
    as_decimal,
    build,
    embedded_image,
    images_to_pdf,
    is_complete,
    numbers_in,
    text_lines,
)
from ocr_corpus import parse_args as corpus_args
from ocr_metrics import flexible_edits
from rapidfuzz.distance import Levenshtein

TOOLS = ("souverain", "tesseract", "ocrmypdf")
ENGINES = ("tesseract", "rapidocr")
BIN = Path(sys.executable).parent
# OCRmyPDF lives in a virtual environment of its own: its dependencies (uharfbuzz, which
# fpdf2 then imports) clash with xllamacpp's Cython types inside souverain's .venv.
PEERS = Path(__file__).resolve().parent / ".cache" / "peers"
OCRMYPDF = "ocrmypdf==17.13.0"
SINGLE_THREADED = {"OMP_THREAD_LIMIT": "1"}
HTML_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)

Truth = dict[str, Any]


# --------------------------------------------------------------------------- memory


class TreeRss:
    """Peak of the summed RSS of every process below this one, sampled every 50 ms (psutil).

    The benchmark starts no process of its own while a tool runs, so the tree is the tool's.
    Peaks shorter than a sample can be missed.
    """

    method = "peak of the summed RSS of the tool's process tree, sampled every 50 ms (psutil)"

    def __init__(self, parallel: int = 1) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def wrap(self, cmd: list[str]) -> list[str]:
        return cmd

    def __enter__(self) -> TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.05):
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
            self.peak = max(self.peak, total)

    def peak_mib(self) -> float | None:
        return self.peak / 2**20 if self.peak else None


class TimeRss(TreeRss):
    """Without psutil: GNU time's maximum resident set size of each command, the largest one
    times the processes run side by side (an upper bound for Tesseract; for OCRmyPDF it is its
    largest single process, a lower bound)."""

    method = (
        "/usr/bin/time's maximum resident set size: the largest command's, times the processes "
        "run in parallel"
    )

    def __init__(self, parallel: int = 1) -> None:
        super().__init__(parallel)
        self.parallel = parallel
        self.folder = Path(tempfile.mkdtemp(prefix="ocr-rss-"))
        self.count = 0

    def wrap(self, cmd: list[str]) -> list[str]:
        self.count += 1
        return ["/usr/bin/time", "-f", "%M", "-o", str(self.folder / f"{self.count}.txt"), *cmd]

    def __enter__(self) -> TimeRss:
        return self

    def __exit__(self, *exc: object) -> None:
        kib = [
            int(p.read_text().split()[-1]) for p in self.folder.glob("*.txt") if p.stat().st_size
        ]
        self.peak = max(kib, default=0) * 1024 * self.parallel
        shutil.rmtree(self.folder, ignore_errors=True)


def rss_meter(parallel: int = 1) -> TreeRss:
    try:
        import psutil  # noqa: F401
    except ImportError:
        return TimeRss(parallel) if Path("/usr/bin/time").exists() else TreeRss(parallel)
    return TreeRss(parallel)


# --------------------------------------------------------------------------- one tool run


@dataclass
class Run:
    """What one tool gave for one condition: page texts by id, time, memory, or why not."""

    label: str
    texts: dict[str, str] = field(default_factory=dict)
    markdown: dict[str, str] | None = None
    seconds: float = 0.0
    peak_mib: float | None = None
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    pages: list[Truth] = field(default_factory=list)  # set where they differ from the condition's


def run_command(
    cmd: list[str], timeout: float, meter: TreeRss, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ) | (SINGLE_THREADED if env is None else env)
    return subprocess.run(
        meter.wrap(cmd), capture_output=True, text=True, timeout=timeout, env=env, check=False
    )


def failure(proc: subprocess.CompletedProcess[str]) -> str:
    tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
    return f"exit code {proc.returncode}: {' / '.join(tail)}"


def split_pages(text: str, count: int) -> tuple[list[str], str | None]:
    """Pages separated by form feeds; a trailing one is allowed. Says when the count is off."""
    parts = text.split("\f")
    if len(parts) == count + 1 and not parts[-1].strip():
        parts = parts[:-1]
    note = None if len(parts) == count else f"{len(parts)} form-feed parts for {count} pages"
    return (parts + [""] * count)[:count], note


def timed(label: str, meter: TreeRss, work: Callable[[Run], None]) -> Run:
    run = Run(label)
    start = time.perf_counter()
    with meter:
        try:
            work(run)
        except subprocess.TimeoutExpired as exc:
            run.error = f"timed out after {exc.timeout:.0f} s"
        except OSError as exc:
            run.error = str(exc)
    run.seconds = time.perf_counter() - start
    run.peak_mib = meter.peak_mib()
    return run


# --------------------------------------------------------------------------- the tools


def souverain_exe() -> Path | None:
    """`souverain ocr`, when this install has it (the command may not exist yet)."""
    exe = BIN / "souverain"
    if not exe.exists():
        return None
    proc = subprocess.run([str(exe), "ocr", "--help"], capture_output=True, check=False)
    return exe if proc.returncode == 0 else None


def souverain_cmd(exe: Path, pdf: Path, fmt: str, engine: str | None, workers: int) -> list[str]:
    """Without its cache of readings where the command has one (every page is read here), and
    as many pages at a time as the other tools, where it takes --workers."""
    cmd = [str(exe), "ocr", str(pdf), "--format", fmt, "--lang", "auto"]
    cmd += ["--no-cache"] if souverain_has_flag(exe, "--no-cache") else []
    cmd += ["--workers", str(workers)] if souverain_has_flag(exe, "--workers") else []
    return [*cmd, "--engine", engine] if engine else cmd


@functools.cache
def souverain_has_flag(exe: Path, flag: str) -> bool:
    proc = subprocess.run([str(exe), "ocr", "--help"], capture_output=True, text=True)
    return flag in proc.stdout


def run_souverain_command(
    cmd: list[str], timeout: float, meter: TreeRss
) -> subprocess.CompletedProcess[str]:
    """In a fresh, empty home, so nothing from an earlier run (a cache) is reused."""
    with tempfile.TemporaryDirectory(prefix="ocr-home-") as home:
        return run_command(cmd, timeout, meter, env={"SOUVERAIN_HOME": home})


def souverain_failure(proc: subprocess.CompletedProcess[str], run: Run) -> bool:
    """Exit 1 means some pages failed and the rest was printed: scored, with a note."""
    if proc.returncode == 1 and proc.stdout.strip():
        run.notes.append(f"some pages failed: {failure(proc)}")
        return False
    if proc.returncode != 0:
        run.error = failure(proc)
        return True
    return False


def run_souverain(
    exe: Path,
    pdf: Path,
    pages: list[Truth],
    workers: int,
    engine: str | None = None,
    fmt: str = "text",
) -> Run:
    """One `souverain ocr` process for the whole PDF, languages detected by souverain."""
    label = "souverain ocr" + (f" --engine {engine}" if engine else "") + f" --format {fmt}"

    def work(run: Run) -> None:
        cmd = souverain_cmd(exe, pdf, fmt, engine, workers)
        proc = run_souverain_command(cmd, 120 + 60 * len(pages), meter)
        if souverain_failure(proc, run):
            return
        if fmt == "json":
            run.markdown = markdown_by_page(proc.stdout, pages, run)
        else:
            texts, note = split_pages(proc.stdout, len(pages))
            run.texts = {p["id"]: t for p, t in zip(pages, texts, strict=True)}
            run.notes += [note] if note else []

    meter = rss_meter()
    return timed(label, meter, work)


def markdown_by_page(stdout: str, pages: list[Truth], run: Run) -> dict[str, str]:
    """The Mistral-OCR-shaped JSON: {"pages": [{"index", "markdown", ...}]}, in page order."""
    try:
        found = json.loads(stdout)["pages"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        run.error = f"--format json gave no pages list: {exc}"
        return {}
    if len(found) != len(pages):
        run.notes.append(f"JSON has {len(found)} pages for {len(pages)}")
    ordered = sorted(found, key=lambda p: p.get("index", 0))
    return {t["id"]: str(p.get("markdown", "")) for t, p in zip(pages, ordered, strict=False)}


def run_tesseract(pages: list[Truth], pngs: dict[str, Path], workers: int) -> Run:
    """`tesseract page.png - -l LANG`, one process per page, `workers` pages at a time."""

    def one_page(page: Truth) -> tuple[str, str]:
        cmd = ["tesseract", str(pngs[page["id"]]), "-", "-l", page["tesseract_lang"]]
        proc = run_command(cmd, 300, meter)
        if proc.returncode != 0:
            raise OSError(f"tesseract on {page['id']}: {failure(proc)}")
        return page["id"], proc.stdout.replace("\f", "")

    def work(run: Run) -> None:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            run.texts = dict(pool.map(one_page, pages))

    meter = rss_meter(parallel=workers)
    label = f"Tesseract (defaults, one process per page, {workers} at a time)"
    return timed(label, meter, work)


def language_groups(pages: list[Truth]) -> dict[str, list[Truth]]:
    groups: dict[str, list[Truth]] = {}
    for page in pages:
        groups.setdefault(page["tesseract_lang"], []).append(page)
    return groups


def run_ocrmypdf(
    exe: Path, pdfs: dict[str, Path], pages: list[Truth], tmp: Path, workers: int
) -> Run:
    """One OCRmyPDF run per language (it takes one -l per run), --jobs N; times summed."""

    def work(run: Run) -> None:
        for lang, group in language_groups(pages).items():
            sidecar = tmp / f"ocrmypdf-{lang}.txt"
            cmd = [str(exe), "-l", lang, "--sidecar", str(sidecar), "--output-type", "none"]
            cmd += ["--jobs", str(workers), "--force-ocr", str(pdfs[lang]), "-"]
            proc = run_command(cmd, 120 + 60 * len(group), meter)
            if proc.returncode != 0:
                run.error = f"-l {lang}: {failure(proc)}"
                return
            texts, note = split_pages(sidecar.read_text(encoding="utf-8"), len(group))
            run.texts |= {p["id"]: t for p, t in zip(group, texts, strict=True)}
            run.notes += [f"-l {lang}: {note}"] if note else []

    meter = rss_meter(parallel=workers)
    label = f"OCRmyPDF (--jobs {workers}, --force-ocr, one run per language)"
    run = timed(label, meter, work)
    run.notes.append(f"{len(language_groups(pages))} OCRmyPDF runs, one per language")
    return run


# --------------------------------------------------------------------------- metrics


def page_counts(truth_lines: list[str], text: str) -> Counter[str]:
    """Edit and token counts of one page; rates come from their sums over pages."""
    found = text_lines(text)
    flexible = flexible_edits(truth_lines, found)
    ref, hyp = " ".join(truth_lines), " ".join(found)
    ref_words, hyp_words = ref.split(), hyp.split()
    common = Counter(ref_words) & Counter(hyp_words)
    return Counter(
        chars=len(ref),
        words=len(ref_words),
        line_chars=sum(len(" ".join(line.split())) for line in truth_lines),
        cer_edits=Levenshtein.distance(ref, hyp),
        wer_edits=Levenshtein.distance(ref_words, hyp_words),
        any_cer_edits=flexible.chars,
        any_wer_edits=flexible.words,
        found_words=len(hyp_words),
        common_words=sum(common.values()),
    )


def markdown_cells(markdown: str) -> list[str]:
    """Cells of the Markdown table rows ("| a | b |"), separator rows left out, and of HTML
    tables (<td>, <th>; souverain writes tables with spanning cells so); a cell with <br>
    line breaks counts as its parts."""
    cells = [html.unescape(" ".join(c.split())) for c in HTML_CELL.findall(markdown)]
    for line in markdown.splitlines():
        line = line.strip()
        if not (line.startswith("|") and line.endswith("|") and len(line) > 1):
            continue
        row = [" ".join(c.split()) for c in line[1:-1].split("|")]
        if all(set(c) <= set("-: ") for c in row):
            continue
        cells += [part.strip() for c in row for part in c.replace("<br/>", "<br>").split("<br>")]
    return [c for c in cells if c]


def cell_matches(expected: str, cell: str) -> bool:
    """Text cells compare whitespace-normalised; numbers as decimals, a cell holding one number
    with what surrounds it (currency, unit) ignored: 10.00 == 10,00 == 10 == 10,00 €."""
    number = as_decimal(expected)
    if number is None:
        return " ".join(expected.split()) == cell
    found = numbers_in(cell)
    return len(found) == 1 and found[0] == number


def table_cells_found(expected: list[str], markdown: str) -> int:
    """How many expected cells a table cell of the page matches, each table cell used once."""
    cells = markdown_cells(markdown)
    hits = 0
    for value in expected:
        match = next((i for i, c in enumerate(cells) if cell_matches(value, c)), None)
        if match is not None:
            hits += 1
            del cells[match]
    return hits


@dataclass
class Scores:
    """Rates over a set of pages, from summed counts (pages with more text weigh more)."""

    counts: Counter[str]
    pages: int

    def rate(self, edits: str, total: str) -> float:
        return self.counts[edits] / self.counts[total] if self.counts[total] else float("nan")

    @property
    def word_f1(self) -> float:
        common = self.counts["common_words"]
        if not common:
            return 0.0
        precision, recall = common / self.counts["found_words"], common / self.counts["words"]
        return 2 * precision * recall / (precision + recall)


def score(run: Run, pages: list[Truth]) -> Scores:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(page_counts(page["lines"], run.texts.get(page["id"], "")))
    return Scores(counts, len(pages))


def table_share(run: Run | None, pages: list[Truth]) -> tuple[int, int] | None:
    if run is None or run.markdown is None:
        return None
    with_cells = [p for p in pages if p["table_cells"]]
    hits = sum(
        table_cells_found(p["table_cells"], run.markdown.get(p["id"], "")) for p in with_cells
    )
    return hits, sum(len(p["table_cells"]) for p in with_cells)


# --------------------------------------------------------------------------- selection and PDFs


def select_pages(truth: list[Truth], limit: int | None) -> list[Truth]:
    """The first N pages taking turns over (invoice or drawn, language), so a few are a mix."""
    if limit is None:
        return truth
    groups: dict[tuple[str, str], list[Truth]] = {}
    for page in truth:
        groups.setdefault((page["id"].split("-", 1)[0], page["lang"]), []).append(page)
    chosen: list[Truth] = []
    while len(chosen) < min(limit, len(truth)):
        for group in groups.values():
            if group and len(chosen) < limit:
                chosen.append(group.pop(0))
    order = {p["id"]: i for i, p in enumerate(truth)}
    return sorted(chosen, key=lambda p: order[p["id"]])


def page_pdf(corpus: Path, condition: str, pages: Iterable[Truth], target: Path) -> Path:
    images_to_pdf([embedded_image(corpus, condition, p["id"]) for p in pages], target)
    return target


# --------------------------------------------------------------------------- one condition


@dataclass
class Condition:
    name: str
    pages: list[Truth]
    runs: list[Run]
    tables: tuple[int, int] | None = None


def run_condition(args: argparse.Namespace, name: str, tools: dict[str, Path | None]) -> Condition:
    truth = json.loads((args.corpus / name / "truth.json").read_text(encoding="utf-8"))
    pages = select_pages(truth, args.limit)
    pngs = {p["id"]: args.corpus / name / "pages" / f"{p['id']}.png" for p in pages}
    runs: list[Run] = []
    tables = None
    with tempfile.TemporaryDirectory(prefix=f"ocr-{name}-") as folder:
        tmp = Path(folder)
        pdf = page_pdf(args.corpus, name, pages, tmp / f"{name}.pdf")
        if "souverain" in tools:
            runs += souverain_runs(args, tools["souverain"], pdf, pages)
            tables = souverain_tables(tools["souverain"], pdf, pages, runs, args.workers)
        if "tesseract" in tools:
            tesseract = tools["tesseract"]
            runs.append(
                run_tesseract(pages, pngs, args.workers) if tesseract else missing("Tesseract")
            )
        if "ocrmypdf" in tools:
            runs.append(ocrmypdf_run(args, tools["ocrmypdf"], name, pages, tmp))
    return Condition(name, pages, runs, tables)


def souverain_runs(
    args: argparse.Namespace, exe: Path | None, pdf: Path, pages: list[Truth]
) -> list[Run]:
    if exe is None:
        return [missing("souverain ocr")]
    engines = [None, *(ENGINES if args.engines else ())]
    return [run_souverain(exe, pdf, pages, args.workers, engine) for engine in engines]


def souverain_tables(
    exe: Path | None, pdf: Path, pages: list[Truth], runs: list[Run], workers: int
) -> tuple[int, int] | None:
    """A second souverain run with --format json, for the table cells; its time goes in a note."""
    if exe is None or not any(p["table_cells"] for p in pages):
        return None
    json_run = run_souverain(exe, pdf, pages, workers, fmt="json")
    if json_run.error:
        runs[0].notes.append(f"--format json failed: {json_run.error}")
        return None
    runs[0].notes.append(
        f"the table cells come from a second run with --format json "
        f"({len(pages) / json_run.seconds:.2f} pages/s, peak {mib(json_run.peak_mib)} MiB)"
    )
    runs[0].notes += json_run.notes
    return table_share(json_run, pages)


def ocrmypdf_run(
    args: argparse.Namespace, exe: Path | None, name: str, pages: list[Truth], tmp: Path
) -> Run:
    if exe is None:
        return missing("OCRmyPDF")
    groups = language_groups(pages)
    pdfs = {
        lang: page_pdf(args.corpus, name, group, tmp / f"{name}-{lang}.pdf")
        for lang, group in groups.items()
    }
    return run_ocrmypdf(exe, pdfs, pages, tmp, args.workers)


def missing(label: str) -> Run:
    return Run(label, error="not available")


# --------------------------------------------------------------------------- born-digital


def born_digital(args: argparse.Namespace, tools: dict[str, Path | None]) -> Run | None:
    """`souverain ocr` on every born-digital invoice, merged into one PDF and read by one
    process: pages with a text layer must not be OCR'd, so this is the fast path's speed
    over many pages (a fresh process per small file would measure Python's start-up)."""
    if "souverain" not in tools:
        return None
    exe = tools["souverain"]
    if exe is None:
        return missing("souverain ocr on the born-digital PDFs")
    import pypdfium2 as pdfium

    manifest = json.loads((args.corpus / "manifest.json").read_text())
    folder = Path(manifest.get("folder", INVOICES))
    clean = json.loads((args.corpus / "clean" / "truth.json").read_text(encoding="utf-8"))
    truth = [p for p in clean if p["id"].startswith("inv-")]
    files = list(dict.fromkeys(folder / p["source"].split(":", 1)[1] for p in truth))
    tmp = Path(tempfile.mkdtemp(prefix="ocr-digital-"))
    merged = pdfium.PdfDocument.new()
    first_page: dict[str, int] = {}  # source -> index of its first page in the merged PDF
    for path in files:
        first_page[f"invoice:{path.name}"] = len(merged)
        merged.import_pages(pdfium.PdfDocument(path))
    merged.save(tmp / "invoices.pdf")
    pages = len(merged)

    def work(run: Run) -> None:
        cmd = souverain_cmd(exe, tmp / "invoices.pdf", "json", None, args.workers)
        proc = run_souverain_command(cmd, 600, meter)
        if souverain_failure(proc, run):
            return
        result = json.loads(proc.stdout)["pages"]
        ocred = [p["index"] + 1 for p in result if p.get("engine") != "text-layer"]
        texts = [p["markdown"] for p in result]
        for p in truth:
            at = first_page[p["source"]] + p["page"] - 1
            run.texts[p["id"]] = texts[at] if at < len(texts) else ""
        run.notes.append(
            f"{len(files)} files, {pages} pages merged into one PDF, one process; pages OCR'd: "
            + (", ".join(map(str, ocred)) if ocred else "none")
        )

    meter = rss_meter()
    run = timed(f"souverain ocr on the born-digital invoices ({pages} pages)", meter, work)
    run.pages = truth
    shutil.rmtree(tmp, ignore_errors=True)
    return run


# --------------------------------------------------------------------------- report


def mib(value: float | None) -> str:
    return f"{value:,.0f}" if value is not None else "–"


def pct(value: float, digits: int = 1) -> str:
    return "–" if value != value else f"{value:.{digits}%}"


def run_row(run: Run, pages: list[Truth], tables: tuple[int, int] | None) -> str:
    if run.error:
        return f"| {run.label} | {len(pages)} | {run.error} | | | | | | | |"
    s = score(run, pages)
    cells = f"{tables[0] / tables[1]:.0%} ({tables[0]}/{tables[1]})" if tables else "–"
    return (
        f"| {run.label} | {s.pages} | {pct(s.rate('cer_edits', 'chars'))} "
        f"| {pct(s.rate('wer_edits', 'words'))} | {pct(s.rate('any_cer_edits', 'line_chars'))} "
        f"| {pct(s.rate('any_wer_edits', 'words'))} | {s.word_f1:.3f} | {cells} "
        f"| {s.pages / run.seconds:.2f} | {mib(run.peak_mib)} |"
    )


def condition_table(c: Condition) -> list[str]:
    lines = [
        f"### Condition `{c.name}`",
        "",
        "| Tool | Pages | CER | WER | CER flexible | WER flexible | Word F1 | Table cells "
        "| Pages/s | Peak RSS (MiB) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for i, run in enumerate(c.runs):
        lines.append(
            run_row(run, c.pages, c.tables if i == 0 and run.label.startswith("souv") else None)
        )
    return [*lines, "", *group_table(c), ""]


def page_group(page: Truth) -> str:
    kind = "invoices" if page["id"].startswith("inv-") else "drawn"
    return f"{kind} {page['lang']}"


def group_table(c: Condition) -> list[str]:
    """Flexible CER by source and language, to see where each tool loses."""
    groups: dict[str, list[Truth]] = {}
    for page in c.pages:
        groups.setdefault(page_group(page), []).append(page)
    names = sorted(groups)
    lines = [
        "| CER flexible by pages | " + " | ".join(f"{g} ({len(groups[g])})" for g in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for run in c.runs:
        if not run.error:
            rates = [pct(score(run, groups[g]).rate("any_cer_edits", "line_chars")) for g in names]
            lines.append(f"| {run.label} | " + " | ".join(rates) + " |")
    return lines


def summary_table(conditions: list[Condition], digital: Run | None) -> list[str]:
    names = [c.name for c in conditions]
    lines = [
        "### Summary",
        "",
        # two decimals: the bars are drawn at 1% and at ratios of Tesseract's
        "| Tool | " + " | ".join(f"{n}: CER flexible, pages/s" for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for i, run in enumerate(conditions[0].runs):
        cells = []
        for c in conditions:
            r = c.runs[i]
            cells.append(
                r.error
                or f"{pct(score(r, c.pages).rate('any_cer_edits', 'line_chars'), 2)}, "
                f"{len(c.pages) / r.seconds:.2f}"
            )
        lines.append(f"| {run.label} | " + " | ".join(cells) + " |")
    if digital is not None:
        lines += ["", *born_digital_lines(digital)]
    return lines


def born_digital_lines(run: Run) -> list[str]:
    truth = run.pages
    if run.error:
        return [f"- {run.label}: {run.error}"]
    s = score(run, truth)
    return [
        f"- {run.label}: {len(truth)} pages in {run.seconds:.2f} s, "
        f"{len(truth) / run.seconds:.2f} pages/s, peak RSS {mib(run.peak_mib)} MiB; flexible "
        f"CER against the text layer {pct(s.rate('any_cer_edits', 'line_chars'))} "
        "(near 0 when the text layer is used, not OCR).",
        *[f"  - {n}" for n in run.notes],
    ]


def notes_for(conditions: list[Condition], meter: str, workers: int) -> list[str]:
    notes = [
        "CER and WER are edits over the truth's characters (words), whitespace-normalised, "
        "pages joined in the tool's order; 'flexible' forgives the order of line fragments "
        "only: truth and output lines are cut where they stop agreeing, best-aligned fragments "
        "are paired first, unpaired ones count in full (flexible character accuracy, Clausner "
        "et al. 2020; bench/ocr_metrics.py). Word F1: "
        "case-sensitive whitespace tokens as multisets. Table cells: share of the invoice line "
        "items' and drawn tables' cells found as cells of a Markdown table on the same page.",
        "souverain: one `souverain ocr FILE --format text --lang auto --no-cache --workers "
        f"{workers}` process for the condition's PDF, in a fresh empty SOUVERAIN_HOME. "
        f"Tesseract: one `tesseract page.png - -l LANG` process per page, defaults, {workers} "
        "at a time, OMP_THREAD_LIMIT=1; the page's true language is given. OCRmyPDF: the same "
        f"pages as image-only PDFs, one run per language, --jobs {workers}. Pages/s: pages "
        "over the wall time of the whole tool run, every process start included.",
        f"Peak RSS: {meter}.",
    ]
    for c in conditions:
        for run in c.runs:
            notes += [f"{c.name}, {run.label}: {n}" for n in run.notes]
    return notes


def versions(tools: dict[str, Path | None]) -> str:
    found = []
    for name, exe in tools.items():
        if exe is None:
            found.append(f"{name} not available")
            continue
        proc = subprocess.run([str(exe), "--version"], capture_output=True, text=True)
        text = (proc.stdout or proc.stderr).strip().splitlines()
        version = text[0].split()[-1] if text else "version unknown"
        found.append(f"{name} {version}")
    return ", ".join(found)


# --------------------------------------------------------------------------- main


def find_tools(names: list[str]) -> dict[str, Path | None]:
    tools: dict[str, Path | None] = {}
    for name in names:
        if name == "souverain":
            tools[name] = souverain_exe()
        elif name == "ocrmypdf":
            tools[name] = ocrmypdf_exe()
        else:
            exe = BIN / name if (BIN / name).exists() else shutil.which(name)
            tools[name] = Path(exe) if exe else None
    return tools


def ocrmypdf_exe() -> Path | None:
    """OCRmyPDF from its own environment under bench/.cache/peers, installed there if missing."""
    exe = PEERS / "bin" / "ocrmypdf"
    if not exe.exists():
        print(f"installing {OCRMYPDF} into {PEERS} (once)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEERS)], check=True)
        done = subprocess.run(
            [str(PEERS / "bin" / "python"), "-m", "pip", "install", "-q", OCRMYPDF], check=False
        )
        if done.returncode != 0:
            return None
    if shutil.which("gs") is None:
        print("OCRmyPDF needs Ghostscript: apt-get install ghostscript", flush=True)
    return exe


def ensure_corpus(corpus: Path) -> None:
    if not is_complete(corpus):
        print(f"building the corpus into {corpus} first (a few minutes)", flush=True)
        build(corpus_args(["--out", str(corpus)]))


def report(args: argparse.Namespace, tools: dict[str, Path | None], body: list[str]) -> str:
    manifest = json.loads((args.corpus / "manifest.json").read_text())
    settings = (
        f"corpus {args.corpus.name} ({manifest['pages']} pages, {manifest['settings']}), "
        f"conditions {','.join(args.conditions)}, limit {args.limit or 'none'}; {versions(tools)}"
    )
    return "\n".join([*header("ocr_quality", settings), *body, ""])


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--conditions", default=",".join(CONDITIONS), help="default all three")
    p.add_argument("--limit", type=int, help="only N pages per condition, a mix of sources")
    p.add_argument("--tools", default=",".join(TOOLS), help=f"default {','.join(TOOLS)}")
    p.add_argument("--engines", action="store_true", help="also souverain --engine variants")
    p.add_argument(
        "--workers", type=int, default=2, help="Tesseract processes side by side, OCRmyPDF --jobs"
    )
    p.add_argument("--corpus", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    p.add_argument("--quick", action="store_true", help="3 clean pages, no append")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    args = p.parse_args(argv)
    if args.quick:
        args.conditions, args.limit, args.no_append = "clean", args.limit or 3, True
    args.conditions = args.conditions.split(",")
    args.tools = args.tools.split(",")
    unknown = set(args.conditions) - set(CONDITIONS) | set(args.tools) - set(TOOLS)
    if unknown:
        p.error(f"unknown condition or tool: {', '.join(sorted(unknown))}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    ensure_corpus(args.corpus)
    started, watch = time.perf_counter(), CpuWatch()
    tools = find_tools(args.tools)
    conditions = [run_condition(args, name, tools) for name in args.conditions]
    digital = born_digital(args, tools)
    body = [line for c in conditions for line in condition_table(c)]
    body += summary_table(conditions, digital)
    notes = notes_for(conditions, rss_meter().method, args.workers)
    notes += [watch.summary(), f"Whole run: {time.perf_counter() - started:.0f} s."]
    text = report(args, tools, [*body, "", *[f"- {n}" for n in notes]])
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
