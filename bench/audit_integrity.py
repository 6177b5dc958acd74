"""Measure the audit log: appends per second, verification time, and the share of injected
tampering that `verify` finds.

A log of N records (realistic chat records) is built once. Each trial copies it and injects
one change of a kind, as someone with write access to the database would (dropping the
append-only triggers first): a flipped bit anywhere in one record, a deleted record (with
and without renumbering the rest), two records swapped, an inserted forged record, a
truncated tail, and a log rewritten from scratch with the key, checked against a witness's
checkpoint. A trial counts as found when `verify` fails; "named" when it names the record
that was changed (for truncation: the first missing one). Never asserts on timings.

    .venv/bin/python bench/audit_integrity.py                 # 2,000 records, 50 trials a kind
    .venv/bin/python bench/audit_integrity.py --records 200 --trials 10 --no-append
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from _common import CpuWatch, append_results, header

from souverain.audit import AuditLog, TreeHead
from souverain.domain import AuditRecord

RECORD = AuditRecord(
    operation="chat", provider="mistral-eu", country="FR", us_exposure="no",
    model="mistral-small-latest", labels=("confidential", "internal"), decision="allow",
    reasons=("confidential data may go to providers with no US-law exposure",
             "mistral-eu is no-us-law: FR; no US-law exposure"),
    outcome="ok", started="2026-11-23T10:00:00.000000+00:00",
    ended="2026-11-23T10:00:02.000000+00:00", user="anna",
    pseudonymised={"person": 2, "iban": 1}, documents=("a1b2c3", "d4e5f6"),
    prompt_sha256="ab" * 32, response_sha256="cd" * 32,
)  # fmt: skip

Tamper = Callable[[Path, int, random.Random], int]
"""Changes the log in a folder of n records; returns the record verify should name."""


def build(folder: Path, n: int) -> tuple[list[float], float]:
    log = AuditLog(folder)
    times = []
    for i in range(n):
        started = time.perf_counter()
        log.append(replace(RECORD, model=f"model-{i % 7}", documents=(f"doc{i}",)))
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    assert log.verify().ok
    verify_s = time.perf_counter() - started
    log.close()
    return times, verify_s


def sql(folder: Path, *statements: str, params: tuple[object, ...] = ()) -> None:
    conn = sqlite3.connect(folder / "audit.db")
    conn.execute("DROP TRIGGER IF EXISTS records_no_update")
    conn.execute("DROP TRIGGER IF EXISTS records_no_delete")
    for statement in statements:
        conn.execute(statement, params if "?" in statement else ())
    conn.commit()
    conn.close()


def body_of(folder: Path, seq: int) -> str:
    conn = sqlite3.connect(folder / "audit.db")
    (body,) = conn.execute("SELECT body FROM records WHERE seq = ?", (seq,)).fetchone()
    conn.close()
    return str(body)


def flip_bit(folder: Path, n: int, rng: random.Random) -> int:
    seq = rng.randint(1, n)
    data = bytearray(body_of(folder, seq).encode())
    at = rng.randrange(len(data))
    data[at] ^= 1 << rng.randrange(7)  # keep it ASCII, so it stays text
    sql(folder, "UPDATE records SET body = ? WHERE seq = ?", params=(data.decode(), seq))
    return seq


def delete(folder: Path, n: int, rng: random.Random) -> int:
    seq = rng.randint(1, n - 1)
    sql(folder, f"DELETE FROM records WHERE seq = {seq}")
    return seq


def delete_and_renumber(folder: Path, n: int, rng: random.Random) -> int:
    seq = rng.randint(1, n - 1)
    sql(folder, f"DELETE FROM records WHERE seq = {seq}",
        f"UPDATE records SET seq = seq - 1 WHERE seq > {seq}")  # fmt: skip
    return seq


def swap(folder: Path, n: int, rng: random.Random) -> int:
    a, b = sorted(rng.sample(range(1, n + 1), 2))
    sql(folder, f"UPDATE records SET seq = -1 WHERE seq = {a}",
        f"UPDATE records SET seq = {a} WHERE seq = {b}",
        f"UPDATE records SET seq = {b} WHERE seq = -1")  # fmt: skip
    return a


def insert(folder: Path, n: int, rng: random.Random) -> int:
    """A forged record slipped in, copying a neighbour's tree head and signature."""
    seq = rng.randint(2, n)
    forged = body_of(folder, seq).replace('"user":"anna"', '"user":"mallory"')
    sql(folder, f"UPDATE records SET seq = seq + 1000000 WHERE seq >= {seq}",
        "UPDATE records SET seq = seq - 1000000 + 1 WHERE seq >= 1000000",
        f"INSERT INTO records(seq, time, body, root, signature) SELECT {seq}, time, ?, root, "
        f"signature FROM records WHERE seq = {seq + 1}", params=(forged,))  # fmt: skip
    return seq


def truncate(folder: Path, n: int, rng: random.Random) -> int:
    keep = rng.randint(1, n - 1)
    sql(folder, f"DELETE FROM records WHERE seq > {keep}")
    return keep + 1


def rewrite(folder: Path, n: int, rng: random.Random) -> int:
    """Someone holding the key rebuilds a shorter, cleaner log and its checkpoint; only the
    witness's copy of an earlier checkpoint can show it."""
    for name in ("audit.db", "audit.db-wal", "audit.db-shm", "checkpoint"):
        (folder / name).unlink(missing_ok=True)
    log = AuditLog(folder)
    for _ in range(rng.randint(1, n)):
        log.append(replace(RECORD, user="innocent"))
    log.close()
    return -1  # no single record: the whole history differs


KINDS: dict[str, Tamper] = {
    "bit flip in a record": flip_bit,
    "deleted record": delete,
    "deleted record, rest renumbered": delete_and_renumber,
    "two records swapped": swap,
    "forged record inserted": insert,
    "truncated tail": truncate,
    "log rewritten with the key (witness checkpoint)": rewrite,
}


def trial(original: Path, work: Path, kind: str, n: int, rng: random.Random) -> tuple[bool, bool]:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(original, work)
    witness = TreeHead.parse((original / "checkpoint").read_text())
    expected = KINDS[kind](work, n, rng)
    log = AuditLog(work)
    result = log.verify(checkpoint=witness if expected == -1 else None)
    log.close()
    named = expected == -1 or result.bad_seq == expected
    return not result.ok, not result.ok and named


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2000, help="records in the log")
    parser.add_argument("--trials", type=int, default=50, help="tamperings of each kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-append", action="store_true", help="print only")
    args = parser.parse_args()
    watch = CpuWatch()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        original, work = Path(tmp) / "log", Path(tmp) / "work"
        times, verify_s = build(original, args.records)
        rows = []
        for kind in KINDS:
            outcomes = [trial(original, work, kind, args.records, rng) for _ in range(args.trials)]
            found = sum(f for f, _ in outcomes)
            named = sum(n for _, n in outcomes)
            rows.append(f"| {kind} | {args.trials} | {found} ({found / args.trials:.0%}) | "
                        f"{named} ({named / args.trials:.0%}) |")  # fmt: skip
    median_ms = statistics.median(times) * 1000
    p99_ms = sorted(times)[int(0.99 * (len(times) - 1))] * 1000
    lines = [
        *header(
            "audit_integrity",
            f"{args.records} records, {args.trials} trials per kind, seed {args.seed}",
        ),
        "| Tampering | Trials | Found by verify | First bad record named |",
        "|---|---:|---:|---:|",
        *rows,
        "",
        f"- Appends: {len(times) / sum(times):,.0f} per second (median {median_ms:.2f} ms, p99 "
        f"{p99_ms:.2f} ms per append: SQLite WAL insert, Merkle frontier, Ed25519 signature, "
        "checkpoint file).",
        f"- verify() of {args.records:,} records: {verify_s * 1000:.0f} ms.",
        "- Tampering as someone with write access to the database does it: the append-only "
        "triggers dropped first. 'Named': verify's bad_seq is the changed record (truncation: "
        "the first missing one); a rewritten log is checked against a witness's checkpoint.",
        f"- {watch.summary()}",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
