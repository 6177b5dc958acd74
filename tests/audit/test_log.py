"""The audit log detects every kind of tampering and names the first bad record."""

from __future__ import annotations

import random
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from souverain.audit import AuditLog, TreeHead
from souverain.audit.export import export_csv
from souverain.domain import AuditRecord
from souverain.errors import StoreError

RECORD = AuditRecord(
    operation="chat", provider="mistral-eu", country="FR", us_exposure="no", model="m",
    labels=("internal",), decision="pseudonymise", reasons=("internal data ...",), outcome="ok",
    started="2026-11-23T10:00:00+00:00", ended="2026-11-23T10:00:01+00:00", user="anna",
    pseudonymised={"person": 2, "iban": 1}, documents=("d1",), prompt_sha256="ab" * 32,
)  # fmt: skip


def filled(folder: Path, n: int = 12) -> AuditLog:
    log = AuditLog(folder)
    for i in range(n):
        log.append(replace(RECORD, model=f"model-{i}"))
    return log


def tamper(folder: Path, *statements: str) -> None:
    """What someone with write access to the database can do: drop the guards and edit."""
    conn = sqlite3.connect(folder / "audit.db")
    conn.execute("DROP TRIGGER IF EXISTS records_no_update")
    conn.execute("DROP TRIGGER IF EXISTS records_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_an_untouched_log_verifies_and_keeps_what_was_appended(tmp_path: Path) -> None:
    log = filled(tmp_path)
    result = log.verify()
    assert result.ok and result.size == 12 and result.checkpoint_size == 12
    records = list(log.records())
    assert [r.seq for r in records] == list(range(1, 13))
    assert records[0].pseudonymised == {"person": 2, "iban": 1}
    assert records[0].labels == ("internal",)


def test_the_database_refuses_plain_edits(tmp_path: Path) -> None:
    filled(tmp_path, 2)
    conn = sqlite3.connect(tmp_path / "audit.db")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM records WHERE seq = 1")


def test_a_flipped_byte_anywhere_in_any_record_is_found(tmp_path: Path) -> None:
    filled(tmp_path)
    rng = random.Random(7)
    conn = sqlite3.connect(tmp_path / "audit.db")
    bodies = dict(conn.execute("SELECT seq, body FROM records").fetchall())
    conn.close()
    for _ in range(20):
        seq = rng.randint(1, 12)
        body = bodies[seq].encode()
        at = rng.randrange(len(body))
        flipped = body[:at] + bytes([body[at] ^ (1 << rng.randrange(7))]) + body[at + 1 :]
        text = flipped.decode("utf-8", errors="replace").replace("'", "''")
        tamper(tmp_path, f"UPDATE records SET body = '{text}' WHERE seq = {seq}")
        result = AuditLog(tmp_path).verify()
        assert not result.ok and result.bad_seq == seq, (seq, at, result)
        original = bodies[seq].replace("'", "''")
        tamper(tmp_path, f"UPDATE records SET body = '{original}' WHERE seq = {seq}")
    assert AuditLog(tmp_path).verify().ok


def test_a_deleted_record_is_named(tmp_path: Path) -> None:
    filled(tmp_path)
    tamper(tmp_path, "DELETE FROM records WHERE seq = 5")
    result = AuditLog(tmp_path).verify()
    assert not result.ok and result.bad_seq == 5 and "missing" in result.problem


def test_a_deleted_record_with_the_rest_renumbered_is_found(tmp_path: Path) -> None:
    filled(tmp_path)
    tamper(
        tmp_path,
        "DELETE FROM records WHERE seq = 5",
        "UPDATE records SET seq = seq - 1 WHERE seq > 5",
    )
    result = AuditLog(tmp_path).verify()
    assert not result.ok and result.bad_seq == 5


def test_swapped_records_are_found(tmp_path: Path) -> None:
    filled(tmp_path)
    tamper(
        tmp_path,
        "UPDATE records SET seq = -3 WHERE seq = 3",
        "UPDATE records SET seq = 3 WHERE seq = 8",
        "UPDATE records SET seq = 8 WHERE seq = -3",
    )
    result = AuditLog(tmp_path).verify()
    assert not result.ok and result.bad_seq == 3


def test_truncation_is_found_by_the_checkpoint_outside_the_database(tmp_path: Path) -> None:
    filled(tmp_path)
    tamper(tmp_path, "DELETE FROM records WHERE seq > 9")
    result = AuditLog(tmp_path).verify()
    assert not result.ok and "truncated" in result.problem and result.bad_seq == 10


def test_a_witness_checkpoint_catches_a_rewritten_history(tmp_path: Path) -> None:
    log = filled(tmp_path, 5)
    head = log.head()
    assert head is not None
    kept = tmp_path / "kept-elsewhere"
    kept.write_text(head.text())
    # Someone with the key rewrites the log from scratch: it verifies by itself ...
    (tmp_path / "audit.db").unlink()
    (tmp_path / "checkpoint").unlink()
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"audit.db{suffix}").unlink(missing_ok=True)
    rewritten = AuditLog(tmp_path)
    for _ in range(6):
        rewritten.append(replace(RECORD, model="innocent"))
    assert rewritten.verify().ok
    # ... but not against the checkpoint a witness kept.
    result = rewritten.verify(checkpoint=TreeHead.parse(kept.read_text()))
    assert not result.ok and "differ" in result.problem


def test_a_record_signed_with_another_key_fails(tmp_path: Path) -> None:
    filled(tmp_path, 3)
    other = tmp_path / "other"
    filled(other, 3)
    conn = sqlite3.connect(other / "audit.db")
    row = conn.execute("SELECT signature FROM records WHERE seq = 2").fetchone()
    conn.close()
    tamper(tmp_path, f"UPDATE records SET signature = x'{row[0].hex()}' WHERE seq = 2")
    result = AuditLog(tmp_path).verify()
    assert not result.ok and result.bad_seq == 2


def test_a_lost_signing_key_is_an_error_not_a_new_log(tmp_path: Path) -> None:
    filled(tmp_path, 2)
    (tmp_path / "signing.key").unlink()
    with pytest.raises(StoreError, match="signing key is missing"):
        AuditLog(tmp_path).append(RECORD)


def test_export_has_one_row_per_record_and_no_values(tmp_path: Path) -> None:
    log = filled(tmp_path, 3)
    text = "".join(export_csv(log.records(since="2026-01-01")))
    lines = text.strip().splitlines()
    assert len(lines) == 4 and lines[0].startswith("seq,started,ended,user")
    assert "iban=1 person=2" in lines[1] and ",no," in lines[1]


def test_an_empty_log_verifies_but_a_log_without_its_key_does_not(tmp_path: Path) -> None:
    empty = AuditLog(tmp_path / "empty").verify()
    assert empty.ok and empty.size == 0 and "empty" in empty.warning
    filled(tmp_path / "full", 2)
    (tmp_path / "full" / "signing.pub").unlink()
    with pytest.raises(StoreError, match="public key"):
        AuditLog(tmp_path / "full").verify()


def _append_many(folder: str, n: int) -> None:
    log = AuditLog(Path(folder))
    for i in range(n):
        log.append(replace(RECORD, model=f"worker-{i}"))
    log.close()


def test_processes_appending_at_once_keep_one_consistent_log(tmp_path: Path) -> None:
    import multiprocessing

    AuditLog(tmp_path).append(RECORD)  # the key exists before the workers start
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_append_many, args=(str(tmp_path), 60)) for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    result = AuditLog(tmp_path).verify()
    assert result.ok and result.size == 181 and result.checkpoint_size == 181
