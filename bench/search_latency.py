"""Measure Workspace.search on 100,000 chunks: hybrid, keyword-only and vector-only latency.

Embedding 100,000 chunks for real would take hours here, so the store is written directly through
SQLiteStore.put: chunk text recombined from the example corpus's sentences, with a Zipf tail of
made-up words so keyword terms spread as in a large corpus, and seeded clustered unit vectors for
both fields ("e5" 384-d, "usem3" 512-d). Queries are the real questions of examples/qa.jsonl,
embedded by the real models. Searches run in fresh worker processes, as a CLI would. It prints a
table and appends it to bench/RESULTS.md; it never asserts on timings.

    .venv/bin/python bench/search_latency.py            # 2,000 documents x 50 chunks, 100 queries
    .venv/bin/python bench/search_latency.py --quick    # 100 x 50 chunks, 20 queries, no append
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from bisect import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path

import numpy as np
from _common import (
    REPO,
    RESULTS,
    CpuWatch,
    Result,
    append_results,
    header,
    in_worker,
    median_of,
    p95_of,
    run_worker,
)
from vector_storage import around, make_centres

from souverain.domain import Chunk, Document
from souverain.ingest.pipeline import doc_id_for
from souverain.parse import parse_document
from souverain.retrieve.hybrid import Mode
from souverain.retrieve.terms import STOPWORDS, query_terms
from souverain.settings import load_settings
from souverain.storage.base import StoredDocument
from souverain.workspace import Workspace

EXAMPLES = REPO / "examples"
FIELDS = {"e5": 384, "usem3": 512}
"""The vector fields of the default embedder setting "e5+usem3", with their sizes."""
COMMON_TERM = 5000  # mirrors souverain.storage.sqlite.COMMON_TERM, reported in the notes
MODES: tuple[Mode, ...] = ("hybrid", "keyword", "vector")
PACED = "hybrid, paced"
BLAS_THREADS = "OPENBLAS_NUM_THREADS"
"""numpy's OpenBLAS threads spin after each call; on few cores they slow the e5 engine's own,
so the warm run is repeated with the other setting of this variable."""
WORD_SPLIT = re.compile(r"(\w+)")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")


# --------------------------------------------------------------------------- text


@dataclass
class Corpus:
    """Sentences of the example documents by language, and a Zipf vocabulary to draw from."""

    sentences: dict[str, list[list[str]]]
    """Each sentence split by WORD_SPLIT: separators at even positions, words at odd ones."""
    vocabulary: list[str]
    cumulative: list[float]
    real_words: int

    def draw(self, rnd: random.Random) -> str:
        return self.vocabulary[bisect(self.cumulative, rnd.random() * self.cumulative[-1])]


def example_texts() -> list[tuple[str, str]]:
    """(language, block text) for every block of every example document and attachment."""
    out = []
    for path in sorted((EXAMPLES / "documents").iterdir()):
        parsed = parse_document(str(path), path.read_bytes())
        language = path.name[:2]
        docs = [parsed] + [parse_document(a.name, a.data) for a in parsed.attachments]
        out += [(language, b.text) for d in docs for p in d.pages for b in p.blocks]
    return out


def load_corpus(vocabulary_size: int, rnd: random.Random) -> Corpus:
    sentences: dict[str, list[list[str]]] = {}
    counts: Counter[str] = Counter()
    for language, text in example_texts():
        for sentence in SENTENCE_END.split(text):
            tokens = WORD_SPLIT.split(sentence.strip())
            words = tokens[1::2]
            if len(words) >= 3:
                sentences.setdefault(language, []).append(tokens)
                counts.update(w.lower() for w in words if _content_word(w))
    real = [w for w, _ in counts.most_common()]
    vocabulary = real + made_up_words(real, vocabulary_size - len(real), rnd)
    # Zipf-Mandelbrot over ranks: real words take the frequent ranks, made-up ones the long tail.
    weights = [1.0 / (rank + 2.7) ** 1.07 for rank in range(1, len(vocabulary) + 1)]
    return Corpus(sentences, vocabulary, list(accumulate(weights)), len(real))


def _content_word(word: str) -> bool:
    return not word.isdigit() and word.lower() not in STOPWORDS


def made_up_words(real: list[str], n: int, rnd: random.Random) -> list[str]:
    """Words that look like the corpus's (a head of one word, the tail of another), unique."""
    stems = [w for w in real if len(w) >= 4]
    seen = set(real)
    out: list[str] = []
    while len(out) < n:
        a, b = rnd.choice(stems), rnd.choice(stems)
        word = a[: rnd.randint(2, len(a) - 1)] + b[rnd.randint(1, len(b) - 2) :]
        if word not in seen:
            seen.add(word)
            out.append(word)
    return out


def mutated(tokens: list[str], corpus: Corpus, rate: float, rnd: random.Random) -> str:
    """A sentence with some content words swapped for Zipf draws and some numbers changed."""
    out = list(tokens)
    for i in range(1, len(out), 2):
        word = out[i]
        if word.isdigit():
            if rnd.random() < 0.5:
                out[i] = "".join(rnd.choice("0123456789") for _ in word)
        elif rnd.random() < rate and word.lower() not in STOPWORDS:
            out[i] = corpus.draw(rnd)
    return "".join(out).strip()


def chunk_text(corpus: Corpus, language: str, rate: float, rnd: random.Random) -> str:
    """Sentences of one language packed up to 350-850 characters, as the chunker's target."""
    pool = corpus.sentences[language]
    target = rnd.randint(350, 850)
    parts: list[str] = []
    size = 0
    while size < target:
        parts.append(mutated(rnd.choice(pool), corpus, rate, rnd))
        size += len(parts[-1]) + 1
    return " ".join(parts)


# --------------------------------------------------------------------------- store


@dataclass
class VectorSpace:
    """Seeded cluster centres per field; a document's chunks sit around a few of them."""

    centres: dict[str, np.ndarray]
    spread: np.ndarray
    rng: np.random.Generator

    @classmethod
    def make(cls, n_clusters: int, seed: int) -> VectorSpace:
        rng = np.random.default_rng(seed)
        centres = {f: make_centres(dim, n_clusters, rng) for f, dim in FIELDS.items()}
        return cls(centres, rng.uniform(0.6, 1.0, n_clusters), rng)

    def for_document(self, n_chunks: int) -> dict[str, np.ndarray]:
        topics = self.rng.integers(0, len(self.spread), 3)
        labels = topics[self.rng.integers(0, 3, n_chunks)]
        return {f: around(c, labels, self.spread, self.rng) for f, c in self.centres.items()}


def make_document(
    number: int, texts: list[str], language: str, vectors: dict[str, np.ndarray]
) -> StoredDocument:
    path = f"/bench/synthetic/{language}/document-{number:05d}.txt"
    doc_id = doc_id_for(path)
    text = "\n\n".join(texts)
    chunks, offset = [], 0
    for ordinal, body in enumerate(texts):
        page = ordinal // 3 + 1
        chunks.append(
            Chunk(doc_id, ordinal, body, page, page, offset, offset + len(body), language)
        )
        offset += len(body) + 2
    document = Document(
        id=doc_id, path=path, sha256=hashlib.sha256(text.encode()).hexdigest(),
        media_type="text/plain", title=f"Document {number:05d}", pages=chunks[-1].page,
        chunks=len(chunks), ocr_pages=(), languages=(language,), size=len(text.encode()),
        added_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )  # fmt: skip
    return StoredDocument(document, text, chunks, vectors)


def build_store(args: argparse.Namespace, home: Path) -> Result:
    """Write documents x chunks through SQLiteStore.put, one document per transaction."""
    rnd = random.Random(args.seed)
    start = time.perf_counter()
    corpus = load_corpus(args.vocabulary, rnd)
    space = VectorSpace.make(1000, args.seed)
    languages = sorted(corpus.sentences)
    shares = [sum(len(s) for s in corpus.sentences[lang]) for lang in languages]
    store = Workspace(load_settings(home)).store
    generate_s = put_s = 0.0
    for number in range(args.documents):
        begin = time.perf_counter()
        language = rnd.choices(languages, weights=shares)[0]
        texts = [chunk_text(corpus, language, args.mutate, rnd) for _ in range(args.chunks)]
        item = make_document(number, texts, language, space.for_document(args.chunks))
        written = time.perf_counter()
        store.put(item)
        put_s += time.perf_counter() - written
        generate_s += written - begin
    chunks = store.count_chunks()
    store.close()
    db = home / "souverain.db"
    return {
        "chunks": chunks,
        "generate_s": generate_s,
        "put_s": put_s,
        "total_s": time.perf_counter() - start,
        "db_mib": sum(p.stat().st_size for p in home.glob("souverain.db*")) / 2**20,
        "real_words": corpus.real_words,
        "sentences": sum(len(s) for s in corpus.sentences.values()),
        "db": str(db),
    }


# --------------------------------------------------------------------------- worker


def search_task(spec: Result) -> Result:
    """Models load, first search, then (unless first_only) every mode over the questions."""
    ws = Workspace(load_settings(spec["home"]))
    questions, k = spec["questions"], spec["k"]
    start = time.perf_counter()
    ws.gateway.embed_query("warm up")
    out: Result = {"load_ms": ms_since(start)}
    # As the process runs with it: the product may set a default when it is imported.
    out["blas_threads"] = os.environ.get(BLAS_THREADS, "unset (one per core)")
    start = time.perf_counter()
    ws.search(questions[0], k)
    out["first_ms"] = ms_since(start)
    if not spec["first_only"]:
        for q in questions[:10]:  # untimed: the first pass pays for pages not yet touched
            ws.search(q, k)
        out |= warm_laps(ws, questions, k, spec["pause"])
    ws.close()
    return out


def warm_laps(ws: Workspace, questions: list[str], k: int, pause: float) -> Result:
    """Each mode with queries back to back (a busy server), then hybrid at a person's pace."""
    out: Result = {mode: mode_laps(ws, questions, k, mode, 0.0) for mode in MODES}
    if pause > 0:
        out[PACED] = mode_laps(ws, questions, k, "hybrid", pause)
    embedders = {"e5 + usem3": ws.gateway.embed_query} | {
        name: e.embed_query for name, e in ws.gateway.embedders.items()
    }
    for name, embed in embedders.items():
        laps = []
        for q in questions:
            start = time.perf_counter()
            embed(q)
            laps.append(ms_since(start))
        out[f"embed {name}"] = {"laps": laps}
    return out


def mode_laps(ws: Workspace, questions: list[str], k: int, mode: Mode, pause: float) -> Result:
    laps, found = [], []
    for q in questions:
        time.sleep(pause)
        start = time.perf_counter()
        found.append(len(ws.search(q, k, mode)))
        laps.append(ms_since(start))
    return {"laps": laps, "found": found}


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


TASKS = {"search": search_task}


# --------------------------------------------------------------------------- parent


def questions(n: int) -> list[str]:
    cases = [json.loads(line) for line in (EXAMPLES / "qa.jsonl").read_text().splitlines() if line]
    return [cases[i % len(cases)]["question"] for i in range(n)]


def term_spread(conn: sqlite3.Connection, asked: list[str]) -> Result:
    """How many chunks hold each distinct query term: is the keyword side realistic?"""
    sql = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?"
    terms = sorted({t for q in asked for t in query_terms(q)})
    counts = [conn.execute(sql, ('"' + t.replace('"', '""') + '"',)).fetchone()[0] for t in terms]
    conn.close()
    found = [c for c in counts if c]
    return {
        "terms": len(terms),
        "absent": sum(1 for c in counts if c == 0) / len(terms),
        "common": sum(1 for c in counts if c > COMMON_TERM) / len(terms),
        "median_found": median_of(found),
    }


def example_fts() -> sqlite3.Connection:
    """The example corpus's blocks in an FTS5 table tokenised as the store's, for comparison."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        'CREATE VIRTUAL TABLE chunks_fts USING fts5(text, tokenize="unicode61 remove_diacritics 2")'
    )
    conn.executemany("INSERT INTO chunks_fts(text) VALUES (?)", [(t,) for _, t in example_texts()])
    return conn


def cli_search_ms(home: Path, query: str, k: int, repeats: int) -> float:
    exe = str(Path(sys.executable).with_name("souverain"))
    laps = []
    for _ in range(repeats):
        start = time.perf_counter()
        cmd = [exe, "--home", str(home), "search", query, "-k", str(k), "--json"]
        subprocess.run(cmd, check=True, capture_output=True)
        laps.append(ms_since(start))
    return median_of(laps)


def measure(args: argparse.Namespace, home: Path) -> tuple[Result, Result, Result]:
    build = build_store(args, home)
    asked = questions(args.queries)
    spec = {"home": str(home), "questions": asked, "k": args.k, "pause": args.pause}
    cold = in_worker(__file__, "search", **spec, first_only=False)
    warm_start = in_worker(__file__, "search", **spec, first_only=True)
    other = "1" if cold["blas_threads"] != "1" else str(len(os.sched_getaffinity(0)))
    variant = in_worker(__file__, "search", env={BLAS_THREADS: other}, **spec, first_only=False)
    cache = sum(p.stat().st_size for p in (home / "vectors").rglob("*.npy")) / 2**20
    build |= {
        "cache_mib": cache,
        "cli_ms": cli_search_ms(home, asked[0], args.k, args.cli_repeats),
        "terms": term_spread(sqlite3.connect(build["db"]), asked),
        "example_terms": term_spread(example_fts(), asked),
        "warm_start": warm_start,
    }
    return build, cold, variant


def fmt_ms(laps: list[float], between: str = " | ") -> str:
    return f"{median_of(laps):.1f}{between}{p95_of(laps):.1f}"


def latency_table(cold: Result, variant: Result, k: int, pause: float) -> list[str]:
    lines = [
        f"| Query latency, warm, one process ({BLAS_THREADS}: {cold['blas_threads']}) "
        "| Median (ms) | p95 (ms) | Queries with hits "
        f"| Median / p95 (ms) with {BLAS_THREADS}={variant['blas_threads']} |",
        "|---|---|---|---|---|",
    ]
    labels = {m: f"Workspace.search, {m}, k={k}" for m in MODES}
    if PACED in cold:
        labels[PACED] = f"Workspace.search, hybrid, k={k}, one query every {pause:g} s"
    for key, label in labels.items():
        found = cold[key]["found"]
        share = sum(1 for f in found if f) / len(found)
        lines.append(
            f"| {label} | {fmt_ms(cold[key]['laps'])} | {share:.0%} "
            f"| {fmt_ms(variant[key]['laps'], ' / ')} |"
        )
    for name in ("e5 + usem3", "e5", "usem3"):
        key = f"embed {name}"
        lines.append(
            f"| Query embedding only: {name} | {fmt_ms(cold[key]['laps'])} | – "
            f"| {fmt_ms(variant[key]['laps'], ' / ')} |"
        )
    return lines


def build_table(args: argparse.Namespace, build: Result, cold: Result) -> list[str]:
    warm_start = build["warm_start"]
    n = build["chunks"]
    rows = [
        (
            f"Store build: {args.documents:,} documents x {args.chunks} chunks via SQLiteStore.put",
            f"{build['put_s']:.1f} s ({n / build['put_s']:,.0f} chunks/s); "
            f"text and vectors generated in another {build['generate_s']:.1f} s",
        ),
        ("Database size (souverain.db)", f"{build['db_mib']:,.0f} MiB"),
        ("Vector cache (vectors/*.npy, both fields)", f"{build['cache_mib']:,.0f} MiB"),
        ("Embedding models load (fresh process)", f"{cold['load_ms']:,.0f} ms"),
        ("Cold first search: vector cache rebuilt from SQLite", f"{cold['first_ms']:,.0f} ms"),
        (
            "Cold first search, cache on disk (fresh process, models loaded, files in page cache)",
            f"{warm_start['first_ms']:,.0f} ms",
        ),
        (
            f"`souverain search -k {args.k} --json`, fresh process, cache on disk (wall, "
            f"median of {args.cli_repeats})",
            f"{build['cli_ms']:,.0f} ms",
        ),
        (
            "Peak RSS of the search process (cold, then all warm queries)",
            f"{cold['peak_rss_mib']:,.0f} MiB",
        ),
    ]
    return ["| Build and cold start | Value |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows]


def report(
    args: argparse.Namespace, build: Result, cold: Result, variant: Result, notes: list[str]
) -> str:
    settings = (
        f"{build['chunks']:,} chunks ({args.documents} documents x {args.chunks}), "
        f"{args.queries} queries, k={args.k}, vocabulary={args.vocabulary:,}, "
        f"mutate={args.mutate}, seed={args.seed}, SQLite {sqlite3.sqlite_version}"
    )
    hybrid = median_of(cold["hybrid"]["laps"])
    verdict = "met" if hybrid < 100 else "NOT met"
    t, e = build["terms"], build["example_terms"]
    notes = [
        f"Target (issue): hybrid search median under 100 ms on 100,000 chunks: {verdict} "
        f"({hybrid:.1f} ms on {build['chunks']:,} chunks).",
        f"Text: {build['sentences']} sentences of the {build['real_words']:,} content words of "
        "examples/documents, recombined per language, each content word swapped with "
        f"probability {args.mutate} for a Zipf draw over {args.vocabulary:,} words (real ones "
        "first, then made-up ones). Query terms: "
        f"{t['terms']} distinct, {t['absent']:.0%} in no chunk, {t['common']:.0%} in more than "
        f"{COMMON_TERM} chunks (ignored as common by keyword search), median "
        f"{t['median_found']:,.0f} chunks per term found. In the example corpus itself "
        f"(its blocks), {e['absent']:.0%} of these terms are in no block.",
        f"The right-hand column repeats the warm run in a fresh process with {BLAS_THREADS}="
        f"{variant['blas_threads']} (the main run had {cold['blas_threads']}, as the product and "
        "the environment left it): numpy's OpenBLAS threads (usem3, the vector scores) spin after "
        "each call and, on 2 cores, starve the e5 engine's OpenMP threads when queries follow "
        "each other.",
        "Vectors are synthetic (seeded clustered unit vectors, 1,000 clusters, 3 per document), "
        "so vector hits are meaningless but their cost is real: the query is embedded by the "
        "real models and scored against every stored vector of both fields.",
        "Queries: the questions of examples/qa.jsonl, cycled; latencies are one query at a time "
        "from one process, files in the page cache; the first 10 questions are run once, untimed, "
        "before the warm laps. Warm laps run back to back (a busy server), except the paced row, "
        "which sleeps before each query as a person at a keyboard would.",
        *notes,
        "",
    ]
    return "\n".join(
        [
            *header("search_latency", settings),
            *build_table(args, build, cold),
            "",
            *latency_table(cold, variant, args.k, args.pause),
            "",
            *[f"- {n}" for n in notes if n],
            "",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--documents", type=int, default=2000, help="documents (default 2000)")
    p.add_argument("--chunks", type=int, default=50, help="chunks per document (default 50)")
    p.add_argument("--queries", type=int, default=100, help="queries per mode (default 100)")
    p.add_argument("--k", type=int, default=10, help="hits per search (default 10)")
    p.add_argument("--vocabulary", type=int, default=200_000, help="words (default 200000)")
    p.add_argument("--mutate", type=float, default=0.35, help="word swap rate (default 0.35)")
    p.add_argument("--seed", type=int, default=0, help="seed for text and vectors (default 0)")
    p.add_argument(
        "--pause", type=float, default=0.5, help="seconds between paced queries (0: skip; 0.5)"
    )
    p.add_argument("--cli-repeats", type=int, default=3, help="CLI runs timed (default 3)")
    p.add_argument("--home", type=Path, help="build the store here and keep it (default: temp)")
    p.add_argument("--quick", action="store_true", help="100 x 50 chunks, 20 queries, no append")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    p.add_argument("--worker-spec", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.documents, args.queries, args.cli_repeats, args.no_append = 100, 20, 1, True
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker_spec:
        run_worker(TASKS, args.worker_spec)
        return
    started, watch = time.perf_counter(), CpuWatch()
    home = args.home or Path(tempfile.mkdtemp(prefix="search-bench-"))
    if home.exists() and any(home.iterdir()):
        sys.exit(f"{home} is not empty: give a new folder to build the store in")
    try:
        build, cold, variant = measure(args, home)
    finally:
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)
    notes = [watch.summary(), f"Whole run: {time.perf_counter() - started:.0f} s."]
    text = report(args, build, cold, variant, notes)
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
