"""What every benchmark shares: the RESULTS.md header (date, machine, commit), peak RSS,
percentiles, fresh worker processes and a record of what else used the CPU during a run.

Nothing here measures anything by itself, and nothing here asserts on timings.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS = BENCH_DIR / "RESULTS.md"

Result = dict[str, Any]


# --------------------------------------------------------------------------- process


def peak_rss_mib() -> float:
    """VmHWM, not getrusage: ru_maxrss keeps the parent's peak across fork and exec."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_worker(tasks: dict[str, Callable[[Result], Result]], spec_json: str) -> None:
    """The worker side: run one task, print its result (and this process's peak) as JSON."""
    spec = json.loads(spec_json)
    result = tasks[spec["task"]](spec)
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))


def in_worker(script: str, task: str, env: dict[str, str] | None = None, **spec: Any) -> Result:
    """Run ``script --worker-spec`` in a fresh interpreter: a cold process, like a CLI command.

    ``env`` adds environment variables. The result carries ``process_s``, the wall time of the
    whole process (start, imports, task).
    """
    payload = json.dumps(spec | {"task": task})
    cmd = [sys.executable, str(Path(script).resolve()), "--worker-spec", payload]
    start = time.perf_counter()
    environment = dict(os.environ) | (env or {})
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=environment)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"worker {task} failed:\n{proc.stderr}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1])) | {"process_s": wall}


def drop_from_page_cache(path: Path) -> None:
    """Evict a file from this machine's page cache, as after a reboot (a VM host may keep it)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- statistics


def median_of(values: Sequence[float]) -> float:
    return float(np.median(values)) if len(values) else float("nan")


def p95_of(values: Sequence[float]) -> float:
    return float(np.percentile(values, 95)) if len(values) else float("nan")


class CpuWatch:
    """How much of the machine's CPU went to other processes while a run was measured.

    Two cores are easily disturbed; a reader should know whether a number was taken on a
    quiet machine. Our own share is this process plus its waited-for children.
    """

    def __init__(self) -> None:
        self.start_stat = _cpu_ticks()
        self.start_self = _own_ticks()

    def summary(self) -> str:
        total, busy, steal = (b - a for a, b in zip(self.start_stat, _cpu_ticks(), strict=True))
        own = _own_ticks() - self.start_self
        if total <= 0:
            return "CPU use by other processes: unknown."
        others = max(0.0, (busy - own) / total)
        return (
            f"During the run, other processes used {others:.0%} of the machine's CPU time "
            f"and the hypervisor stole {steal / total:.1%}."
        )


def _cpu_ticks() -> tuple[int, int, int]:
    """(all, busy, steal) ticks since boot, from the first line of /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    busy = user + nice + system + irq + softirq
    return busy + idle + iowait + steal, busy, steal


def _own_ticks() -> float:
    t = os.times()
    seconds = t.user + t.system + t.children_user + t.children_system
    return seconds * os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- header


def first_line(path: str, key: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.startswith(key):
            return line.split(":", 1)[1].strip()
    return "unknown"


def machine() -> str:
    mem_gib = int(first_line("/proc/meminfo", "MemTotal").split()[0]) / 2**20
    cpu = first_line("/proc/cpuinfo", "model name")
    return (
        f"{platform.machine()}, {len(os.sched_getaffinity(0))} CPUs ({cpu}), {mem_gib:.1f} GiB RAM"
    )


def git_commit() -> str:
    proc = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=BENCH_DIR, capture_output=True, text=True
    )
    return proc.stdout.strip() if proc.returncode == 0 else "uncommitted"


def commit_line() -> str:
    """The commit, and whether the product code measured (src/) differs from it."""
    proc = subprocess.run(
        ["git", "status", "--porcelain", "--", "src"], cwd=REPO, capture_output=True, text=True
    )
    if proc.returncode != 0:
        return git_commit()
    state = "uncommitted changes under src/" if proc.stdout.strip() else "src/ as committed"
    return f"{git_commit()} ({state})"


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def header(name: str, settings: str) -> list[str]:
    """The lines that open every section of RESULTS.md."""
    return [
        f"## {name}: {utc_now()}",
        "",
        f"- Machine: {machine()}",
        f"- Commit: {commit_line()}",
        f"- Settings: {settings}; Python {platform.python_version()}, numpy {np.__version__}",
        "",
    ]


def append_results(text: str) -> None:
    if not RESULTS.exists():
        RESULTS.write_text("# Benchmark results\n")
    with RESULTS.open("a") as f:
        f.write("\n" + text)
