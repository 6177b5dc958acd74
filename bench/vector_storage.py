"""Measure how to store and search dense vectors for the embedded default (ADR 0002).

Builds one seeded set of clustered unit vectors, then measures on that same data: SQLite BLOB
rows searched with numpy, a memory-mapped .npy cache (float32 and float16), sqlite-vec and
hnswlib. Every measurement runs in a fresh worker process, so load times are those of a cold CLI
and peak RSS belongs to one option. It prints a table and appends it to bench/RESULTS.md; it never
asserts on timings.

    .venv/bin/python bench/vector_storage.py                # n=100000, dim=512, 200 queries, k=10
    .venv/bin/python bench/vector_storage.py --n 20000 --no-append
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from statistics import median
from typing import Any

import numpy as np
from _common import RESULTS, append_results, git_commit, machine, peak_rss_mib

HNSW_M = 16
HNSW_EF_CONSTRUCTION = 200
HNSW_EFS = (64, 128)

Search = Callable[[np.ndarray], np.ndarray]
Result = dict[str, Any]


# --------------------------------------------------------------------------- data


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def make_centres(dim: int, n_clusters: int, rng: np.random.Generator) -> np.ndarray:
    """Cluster centres with the shape of real sentence embeddings: not isotropic.

    A direction shared by every text, 50 topics, and a part of each cluster's own, weighted so
    unrelated centres have cosine ~0.15 and centres of one topic ~0.4.
    """
    common = unit(rng.standard_normal(dim, dtype=np.float32))
    topics = unit(rng.standard_normal((50, dim), dtype=np.float32))
    own = unit(rng.standard_normal((n_clusters, dim), dtype=np.float32))
    topic_of = rng.integers(0, len(topics), n_clusters)
    return unit(0.39 * common + 0.5 * topics[topic_of] + 0.77 * own)


def around(
    centres: np.ndarray, labels: np.ndarray, spread: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Unit points near their centre: cosine to it 1/sqrt(1 + spread**2), ~0.7 to ~0.86."""
    dim = centres.shape[1]
    noise = rng.standard_normal((len(labels), dim), dtype=np.float32)
    noise *= (spread[labels] / np.sqrt(dim)).astype(np.float32)[:, None]
    return unit(centres[labels] + noise)


def make_dataset(n: int, dim: int, n_queries: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Vectors in 1,000 clusters of uneven size, and queries that are new members of them."""
    rng = np.random.default_rng(seed)
    n_clusters = min(1000, max(1, n // 20))
    centres = make_centres(dim, n_clusters, rng)
    weights = rng.lognormal(0.0, 1.0, n_clusters)
    spread = rng.uniform(0.6, 1.0, n_clusters)
    labels = rng.choice(n_clusters, size=n, p=weights / weights.sum())
    data = np.concatenate(
        [around(centres, labels[a : a + 10_000], spread, rng) for a in range(0, n, 10_000)]
    )
    query_labels = labels[rng.integers(0, n, n_queries)]  # topics asked about as often as stored
    return data, around(centres, query_labels, spread, rng)


def exact_top_k(data: np.ndarray, queries: np.ndarray, k: int) -> np.ndarray:
    """Ground truth row indices, best first, scored in float64 so float32 rounding cannot tie."""
    q = queries.astype(np.float64)
    blocks = range(0, len(data), 10_000)
    scores = np.concatenate([data[a : a + 10_000].astype(np.float64) @ q.T for a in blocks])
    return np.stack([top_k(scores[:, i], k) for i in range(len(queries))])


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    best = np.argpartition(-scores, k)[:k]
    return best[np.argsort(-scores[best])]


def chunk_ids(rows: np.ndarray) -> np.ndarray:
    """Chunk ids are not row numbers in the product; offset them so a mix-up shows as recall 0."""
    return rows.astype(np.int64) + 1


# --------------------------------------------------------------------------- worker helpers


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def recall(found: list[np.ndarray], truth: np.ndarray) -> float:
    hits = [len(set(f.tolist()) & set(t.tolist())) for f, t in zip(found, truth, strict=True)]
    return sum(hits) / truth.size


def time_queries(search: Search, spec: Result) -> Result:
    """First query alone (it pays for page faults and cold caches), then every query."""
    work = Path(spec["workdir"])
    queries = np.load(work / "queries.npy")
    truth = chunk_ids(np.load(work / "truth.npy"))
    start = time.perf_counter()
    search(queries[0])
    out: Result = {"first_ms": ms_since(start)}
    if spec["first_only"]:
        return out
    found, laps = [], []
    for q in queries:
        start = time.perf_counter()
        found.append(search(q))
        laps.append(ms_since(start))
    out.update(median_ms=float(np.median(laps)), p95_ms=float(np.percentile(laps, 95)))
    out["recall"] = recall(found, truth)
    return out


def numpy_search(matrix: np.ndarray, ids: np.ndarray, k: int) -> Search:
    def search(q: np.ndarray) -> np.ndarray:
        return ids[top_k(matrix @ q.astype(matrix.dtype), k)]

    return search


# --------------------------------------------------------------------------- 1. SQLite BLOB rows


def blob_build(spec: Result) -> Result:
    """One transaction, as adding a document would be; the page size is fixed before creation."""
    work = Path(spec["workdir"])
    data = np.load(work / "data.npy")
    ids = chunk_ids(np.arange(len(data)))
    start = time.perf_counter()
    conn = sqlite3.connect(work / spec["db"])
    conn.execute(f"PRAGMA page_size = {int(spec['page_size'])}")
    with conn:
        conn.execute("CREATE TABLE chunk_vectors (chunk_id INTEGER PRIMARY KEY, vec BLOB NOT NULL)")
        rows = ((int(i), v.tobytes()) for i, v in zip(ids, data, strict=True))
        conn.executemany("INSERT INTO chunk_vectors VALUES (?, ?)", rows)
    conn.close()
    return {"build_s": ms_since(start) / 1000}


def load_blob_rows(db: Path) -> tuple[np.ndarray, np.ndarray]:
    """What a cold CLI must do without a cache: read every row back into one matrix."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT chunk_id, vec FROM chunk_vectors ORDER BY chunk_id").fetchall()
    conn.close()
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    return np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows]), ids


def blob_query(spec: Result) -> Result:
    start = time.perf_counter()
    matrix, ids = load_blob_rows(Path(spec["workdir"]) / spec["db"])
    out: Result = {"open_ms": ms_since(start)}
    return out | time_queries(numpy_search(matrix, ids, spec["k"]), spec)


# --------------------------------------------------------------------------- 2. .npy matrix cache


def write_atomically(path: Path, array: np.ndarray) -> None:
    """A reader never sees half a cache: write beside it, then rename over it."""
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, array)
    os.replace(tmp, path)


def npy_build(spec: Result) -> Result:
    """Rebuild the caches from the BLOB table, the source of truth: the cost of a stale cache."""
    work = Path(spec["workdir"])
    start = time.perf_counter()
    matrix, ids = load_blob_rows(work / "blob.db")
    write_atomically(work / "ids.npy", ids)
    write_atomically(work / "cache_f32.npy", matrix)
    f32_s = ms_since(start) / 1000
    write_atomically(work / "cache_f16.npy", matrix.astype(np.float16))
    return {"build_s": f32_s, "build_f16_extra_s": ms_since(start) / 1000 - f32_s}


def open_npy_cache(work: Path, variant: str) -> tuple[np.ndarray, np.ndarray]:
    ids = np.load(work / "ids.npy")
    if variant == "f32":
        return np.load(work / "cache_f32.npy", mmap_mode="r"), ids
    if variant == "f16":
        return np.load(work / "cache_f16.npy", mmap_mode="r"), ids
    return np.load(work / "cache_f16.npy").astype(np.float32), ids  # f16 on disk, f32 in RAM


def npy_query(spec: Result) -> Result:
    start = time.perf_counter()
    matrix, ids = open_npy_cache(Path(spec["workdir"]), spec["variant"])
    out: Result = {"open_ms": ms_since(start)}
    return out | time_queries(numpy_search(matrix, ids, spec["k"]), spec)


# --------------------------------------------------------------------------- 3. sqlite-vec


def connect_with_sqlite_vec(db: Path) -> sqlite3.Connection:
    import sqlite_vec

    conn = sqlite3.connect(db)
    conn.enable_load_extension(True)
    sqlite_vec.load(conn)
    conn.enable_load_extension(False)
    return conn


def sqlite_vec_build(spec: Result) -> Result:
    work = Path(spec["workdir"])
    data = np.load(work / "data.npy")
    ids = chunk_ids(np.arange(len(data)))
    start = time.perf_counter()
    conn = connect_with_sqlite_vec(work / "vec.db")
    with conn:
        conn.execute(
            "CREATE VIRTUAL TABLE vec_chunks USING vec0("
            f"chunk_id INTEGER PRIMARY KEY, embedding float[{data.shape[1]}])"
        )
        rows = ((int(i), v.tobytes()) for i, v in zip(ids, data, strict=True))
        conn.executemany("INSERT INTO vec_chunks(chunk_id, embedding) VALUES (?, ?)", rows)
    version = conn.execute("SELECT vec_version(), sqlite_version()").fetchone()
    conn.close()
    return {"build_s": ms_since(start) / 1000, "versions": list(version), "python": sys.version}


def sqlite_vec_query(spec: Result) -> Result:
    start = time.perf_counter()
    conn = connect_with_sqlite_vec(Path(spec["workdir"]) / "vec.db")
    out: Result = {"open_ms": ms_since(start)}
    sql = "SELECT chunk_id FROM vec_chunks WHERE embedding MATCH ? AND k = ?"

    def search(q: np.ndarray) -> np.ndarray:
        rows = conn.execute(sql, (q.astype(np.float32).tobytes(), spec["k"])).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    return out | time_queries(search, spec)


# --------------------------------------------------------------------------- 4. hnswlib


def hnsw_build(spec: Result) -> Result:
    import hnswlib

    work = Path(spec["workdir"])
    data = np.load(work / "data.npy")
    start = time.perf_counter()
    index = hnswlib.Index(space="ip", dim=data.shape[1])
    index.init_index(
        len(data), ef_construction=HNSW_EF_CONSTRUCTION, M=HNSW_M, random_seed=spec["seed"]
    )
    threads = len(os.sched_getaffinity(0))
    index.add_items(data, chunk_ids(np.arange(len(data))), num_threads=threads)
    build_s = ms_since(start) / 1000
    start = time.perf_counter()
    index.save_index(str(work / "hnsw.bin"))
    return {"build_s": build_s, "save_s": ms_since(start) / 1000}


def hnsw_query(spec: Result) -> Result:
    start = time.perf_counter()
    import hnswlib

    index = hnswlib.Index(space="ip", dim=spec["dim"])
    index.load_index(str(Path(spec["workdir"]) / "hnsw.bin"))
    index.set_ef(spec["ef"])
    out: Result = {"open_ms": ms_since(start)}

    def search(q: np.ndarray) -> np.ndarray:
        return index.knn_query(q, k=spec["k"], num_threads=1)[0][0].astype(np.int64)

    return out | time_queries(search, spec)


# --------------------------------------------------------------------------- worker entry


def baseline(spec: Result) -> Result:
    """Peak RSS of a worker that only imports numpy and reads the queries: subtract this."""
    return time_queries(lambda q: q[:1], spec | {"first_only": True})


def touch_fresh_memory(spec: Result) -> Result:
    """How long the OS takes to hand over fresh memory; some VMs are slow at it, and noisy."""
    start = time.perf_counter()
    np.ones(256 * 2**20 // 8)
    return {"touch_ms": ms_since(start)}


TASKS: dict[str, Callable[[Result], Result]] = {
    "baseline": baseline,
    "touch": touch_fresh_memory,
    "blob-build": blob_build,
    "blob-query": blob_query,
    "npy-build": npy_build,
    "npy-query": npy_query,
    "sqlite-vec-build": sqlite_vec_build,
    "sqlite-vec-query": sqlite_vec_query,
    "hnsw-build": hnsw_build,
    "hnsw-query": hnsw_query,
}


def run_worker(spec_json: str) -> None:
    spec = json.loads(spec_json)
    result = TASKS[spec["task"]](spec)
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))


# --------------------------------------------------------------------------- parent: caches


def drop_from_page_cache(paths: Iterable[Path]) -> None:
    """Evict the files from the OS page cache, as after a reboot (the host's cache may remain)."""
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def read_into_page_cache(paths: Iterable[Path]) -> None:
    for path in paths:
        with path.open("rb") as f:
            while f.read(1 << 24):
                pass


# --------------------------------------------------------------------------- parent: workers


class Runner:
    """Starts one fresh worker process per measurement and collects its JSON result."""

    def __init__(self, args: argparse.Namespace, workdir: Path) -> None:
        self.base = {"workdir": str(workdir), "k": args.k, "dim": args.dim, "seed": args.seed}
        self.workdir = workdir
        self.repeats = args.repeats

    def run(
        self, task: str, python: tuple[str, dict[str, str]] | None = None, **spec: Any
    ) -> Result:
        exe, env = python or (sys.executable, dict(os.environ))
        payload = json.dumps(self.base | spec | {"task": task})
        cmd = [exe, str(Path(__file__).resolve()), "--worker-spec", payload]
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"worker {task} {spec} failed:\n{proc.stderr}")
        return dict(json.loads(proc.stdout.strip().splitlines()[-1]))

    def query_warm_and_cold(self, task: str, files: list[str], **spec: Any) -> Result:
        """Steady state from one full run; load and first query as medians of fresh starts."""
        paths = [self.workdir / f for f in files]
        read_into_page_cache(paths)
        full = self.run(task, first_only=False, **spec)
        warm = [self.run(task, first_only=True, **spec) for _ in range(self.repeats)]
        cold = []
        for _ in range(self.repeats):
            drop_from_page_cache(paths)
            cold.append(self.run(task, first_only=True, **spec))
        return full | {
            "open_ms": median(r["open_ms"] for r in warm),
            "first_ms": median(r["first_ms"] for r in warm),
            "open_cold_ms": median(r["open_ms"] for r in cold),
            "first_cold_ms": median(r["first_ms"] for r in cold),
            "cold_start_ms": median(r["open_ms"] + r["first_ms"] for r in cold),
        }


def python_start_ms(repeats: int) -> float:
    laps = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy"], check=True)
        laps.append(ms_since(start))
    return median(laps)


def extension_python(explicit: str | None) -> tuple[tuple[str, dict[str, str]] | None, str]:
    """An interpreter whose sqlite3 can load extensions: this one, else --ext-python/python3."""
    if explicit is None and hasattr(sqlite3.Connection, "enable_load_extension"):
        return (sys.executable, dict(os.environ)), "this interpreter"
    spec = importlib.util.find_spec("sqlite_vec")
    if spec is None or not spec.submodule_search_locations:
        return None, "sqlite_vec is not installed"
    site = str(Path(next(iter(spec.submodule_search_locations))).parent)
    env = dict(os.environ) | {"PYTHONPATH": site}
    probe = "import sqlite3, sqlite_vec; c = sqlite3.connect(':memory:'); "
    probe += "c.enable_load_extension(True); sqlite_vec.load(c)"
    for exe in [explicit] if explicit else ["/usr/bin/python3", shutil.which("python3")]:
        if exe and subprocess.run([exe, "-c", probe], env=env, capture_output=True).returncode == 0:
            return (exe, env), f"{exe} (the running interpreter's sqlite3 cannot load extensions)"
    return None, "no interpreter here has a sqlite3 that can load extensions"


# --------------------------------------------------------------------------- parent: options


def measure_all(args: argparse.Namespace, runner: Runner, notes: list[str]) -> dict[str, Result]:
    rows: dict[str, Result] = {}
    rows["baseline"] = runner.run("baseline", first_only=True)
    touches = sorted(runner.run("touch")["touch_ms"] for _ in range(runner.repeats))
    notes.append(
        f"Fresh memory on this machine: touching 256 MiB took {touches[0]:.0f} to "
        f"{touches[-1]:.0f} ms over {len(touches)} fresh processes."
    )
    notes.append(
        f"Python start + import numpy (in no column): {python_start_ms(runner.repeats):.0f} ms."
    )
    measure_blob(runner, rows)
    measure_npy(runner, rows, notes)
    measure_sqlite_vec(args, runner, rows, notes)
    measure_hnsw(runner, rows, notes)
    return rows


def measure_blob(runner: Runner, rows: dict[str, Result]) -> None:
    """SQLite's default 4 KiB page holds one 2 KiB vector row, so the page size is a variable."""
    variants = {
        "1a. SQLite BLOB rows → numpy (f32), page 4 KiB": ("blob.db", 4096),
        "1b. SQLite BLOB rows → numpy (f32), page 16 KiB": ("blob16k.db", 16384),
    }
    for label, (db, page_size) in variants.items():
        build = runner.run("blob-build", db=db, page_size=page_size)
        rows[label] = build | runner.query_warm_and_cold("blob-query", [db], db=db)
        rows[label] |= {"build_rss": build["peak_rss_mib"], "files": [db]}


def measure_npy(runner: Runner, rows: dict[str, Result], notes: list[str]) -> None:
    build = runner.run("npy-build")
    notes.append(
        "Cache rebuild from the BLOB table (read all rows, write ids.npy + cache_f32.npy): "
        f"{build['build_s']:.2f} s; writing cache_f16.npy too adds "
        f"{build['build_f16_extra_s']:.2f} s."
    )
    variants = {
        "f32": ("2a. .npy mmap f32 + numpy", "cache_f32.npy"),
        "f16": ("2b. .npy mmap f16 + numpy (f16 matmul)", "cache_f16.npy"),
        "f16to32": ("2c. .npy f16 on disk → f32 in RAM", "cache_f16.npy"),
    }
    for variant, (label, file) in variants.items():
        measured = runner.query_warm_and_cold("npy-query", [file, "ids.npy"], variant=variant)
        rows[label] = measured | {"build_s": build["build_s"], "build_rss": build["peak_rss_mib"]}
        rows[label]["files"] = [file, "ids.npy"]


def measure_sqlite_vec(
    args: argparse.Namespace, runner: Runner, rows: dict[str, Result], notes: list[str]
) -> None:
    python, why = extension_python(args.ext_python)
    label = "3. sqlite-vec vec0 (f32, brute force)"
    if python is None:
        notes.append(f"sqlite-vec not measured: {why}.")
        return
    build = runner.run("sqlite-vec-build", python=python)
    notes.append(
        f"sqlite-vec {build['versions'][0]} on SQLite {build['versions'][1]}, run under {why}; "
        f"Python {build['python'].split()[0]}."
    )
    rows[label] = build | runner.query_warm_and_cold("sqlite-vec-query", ["vec.db"], python=python)
    rows[label] |= {"build_rss": build["peak_rss_mib"], "files": ["vec.db"]}


def measure_hnsw(runner: Runner, rows: dict[str, Result], notes: list[str]) -> None:
    build = runner.run("hnsw-build")
    notes.append(
        f"hnswlib (M={HNSW_M}, ef_construction={HNSW_EF_CONSTRUCTION}, "
        f"{len(os.sched_getaffinity(0))} threads): build {build['build_s']:.1f} s, "
        f"save {build['save_s']:.2f} s, build peak RSS {build['peak_rss_mib']:.0f} MiB."
    )
    for letter, ef in zip("ab", HNSW_EFS, strict=True):
        label = f"4{letter}. hnswlib HNSW, ef={ef}"
        rows[label] = build | runner.query_warm_and_cold("hnsw-query", ["hnsw.bin"], ef=ef)
        rows[label] |= {"build_rss": build["peak_rss_mib"], "files": ["hnsw.bin"]}


# --------------------------------------------------------------------------- parent: report


def disk_mib(workdir: Path, files: list[str]) -> float:
    return sum((workdir / f).stat().st_size for f in files) / 2**20


def fmt(value: Any, spec: str) -> str:
    return "–" if value is None else format(value, spec)


def table(rows: dict[str, Result], workdir: Path) -> str:
    head = (
        "| Option | Build (s) | Disk (MiB) | Open warm / cold (ms) | First query warm / cold (ms) "
        "| Open + first query, cold (ms) | Query median / p95 (ms) | Recall@10 | Peak RSS query "
        "/ build (MiB) |"
    )
    lines = [head, "|" + "---|" * 9]
    for label, r in rows.items():
        if label == "baseline":
            continue
        lines.append(
            f"| {label} | {r['build_s']:.1f} | {disk_mib(workdir, r['files']):.0f} "
            f"| {r['open_ms']:.1f} / {r['open_cold_ms']:.1f} "
            f"| {r['first_ms']:.1f} / {r['first_cold_ms']:.1f} "
            f"| {r['cold_start_ms']:.0f} "
            f"| {r['median_ms']:.2f} / {r['p95_ms']:.2f} | {fmt(r.get('recall'), '.4f')} "
            f"| {r['peak_rss_mib']:.0f} / {r['build_rss']:.0f} |"
        )
    return "\n".join(lines)


def report(
    args: argparse.Namespace, rows: dict[str, Result], notes: list[str], workdir: Path
) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    settings = f"n={args.n}, dim={args.dim}, queries={args.queries}, k={args.k}, seed={args.seed}"
    base_rss = rows["baseline"]["peak_rss_mib"]
    return "\n".join(
        [
            f"## vector_storage: {now}",
            "",
            f"- Machine: {machine()}",
            f"- Commit: {git_commit()}",
            f"- Settings: {settings}; Python {platform.python_version()}, numpy {np.__version__}, "
            f"SQLite {sqlite3.sqlite_version}",
            "",
            table(rows, workdir),
            "",
            *[f"- {note}" for note in notes],
            f"- Peak RSS is the worker's whole process; a worker that only imports numpy and reads "
            f"the queries peaks at {base_rss:.0f} MiB. Pages of a memory-mapped file count once "
            "touched.",
            "- Cold = the files evicted from this machine's page cache with "
            "posix_fadvise(DONTNEED) before a fresh process; the VM host may still cache them. "
            f"Open and first query are medians of {args.repeats} fresh processes; open includes "
            "importing hnswlib or loading sqlite-vec. "
            "Query latencies are one query at a time, as a CLI asks, from one process.",
            "",
        ]
    )


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=100_000, help="vectors stored (default 100000)")
    p.add_argument("--dim", type=int, default=512, help="dimensions (default 512)")
    p.add_argument("--queries", type=int, default=200, help="queries timed (default 200)")
    p.add_argument("--k", type=int, default=10, help="neighbours per query (default 10)")
    p.add_argument("--seed", type=int, default=0, help="seed for data and HNSW (default 0)")
    p.add_argument("--repeats", type=int, default=5, help="fresh starts per load time (default 5)")
    p.add_argument("--ext-python", help="interpreter for sqlite-vec if ours cannot load extensions")
    p.add_argument("--workdir", type=Path, help="keep the files here (default: a temp folder)")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    p.add_argument("--worker-spec", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def prepare_data(args: argparse.Namespace, workdir: Path) -> float:
    start = time.perf_counter()
    data, queries = make_dataset(args.n, args.dim, args.queries, args.seed)
    np.save(workdir / "data.npy", data)
    np.save(workdir / "queries.npy", queries)
    np.save(workdir / "truth.npy", exact_top_k(data, queries, args.k))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker_spec:
        run_worker(args.worker_spec)
        return
    started = time.perf_counter()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="vector-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        notes = [f"Data: clustered unit vectors, generated in {prepare_data(args, workdir):.1f} s."]
        rows = measure_all(args, Runner(args, workdir), notes)
        notes.append(f"Whole run: {time.perf_counter() - started:.0f} s.")
        text = report(args, rows, notes, workdir)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
