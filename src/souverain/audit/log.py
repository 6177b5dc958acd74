"""The audit log: one record per model call, append-only and tamper-evident.

Records live in their own SQLite database (``audit/audit.db`` in the home folder), each
with the Merkle tree head of the log up to it (RFC 6962 hashing) signed with the log's
Ed25519 key, and the newest signed head is also kept in a file beside the database. Any
edited, removed, reordered or truncated record then fails ``verify``. It never stores what
was sent: hashes, labels, types and counts only.
"""

from __future__ import annotations

import base64
import getpass
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from souverain.audit.keys import Signer, Verifier
from souverain.audit.merkle import Frontier, Hash, leaf_hash
from souverain.domain import AuditRecord
from souverain.errors import StoreError
from souverain.storage.migrations import migrate

CHECKPOINT_HEADER = "souverain-audit-checkpoint/1"


def m001_records() -> str:
    # The triggers stop accidental edits; deliberate ones are what verify() is for.
    return """
        CREATE TABLE records (
            seq INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            body TEXT NOT NULL,
            root BLOB NOT NULL,
            signature BLOB NOT NULL
        );
        CREATE INDEX records_time ON records(time);
        CREATE TABLE frontier (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            size INTEGER NOT NULL,
            hashes BLOB NOT NULL
        );
        INSERT INTO frontier(id, size, hashes) VALUES (1, 0, x'');
        CREATE TRIGGER records_no_update BEFORE UPDATE ON records
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER records_no_delete BEFORE DELETE ON records
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    """


MIGRATIONS = [m001_records]


@dataclass(frozen=True)
class TreeHead:
    """The log's state after ``size`` records, as signed: the checkpoint a witness keeps."""

    key_id: str
    size: int
    root: Hash
    time: str
    signature: bytes = b""

    def message(self) -> bytes:
        return f"{CHECKPOINT_HEADER}\n{self.key_id}\n{self.size}\n{self.root.hex()}\n{self.time}\n".encode()

    def text(self) -> str:
        return self.message().decode() + f"signature {base64.b64encode(self.signature).decode()}\n"

    @classmethod
    def parse(cls, text: str) -> TreeHead:
        lines = text.strip().splitlines()
        if (
            len(lines) != 6
            or lines[0] != CHECKPOINT_HEADER
            or not lines[5].startswith("signature ")
        ):
            raise ValueError("not a souverain audit checkpoint")
        return cls(
            lines[1], int(lines[2]), bytes.fromhex(lines[3]), lines[4],
            base64.b64decode(lines[5].removeprefix("signature ")),
        )  # fmt: skip


@dataclass(frozen=True)
class Verification:
    """The result of checking the whole log: ``bad_seq`` names the first bad record."""

    ok: bool
    size: int
    problem: str = ""
    bad_seq: int | None = None
    checkpoint_size: int | None = None
    warning: str = ""


class AuditLog:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "audit.db"
        self.checkpoint_path = folder / "checkpoint"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            migrate(self.conn, MIGRATIONS)
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(
                f"{self.path}: cannot open the audit log ({exc})",
                "Check the home folder's permissions and free disk space.",
            ) from exc
        self._signer: Signer | None = None

    @property
    def signer(self) -> Signer:
        if self._signer is None:
            self._signer = Signer.load_or_create(self.folder, has_records=self.size() > 0)
        return self._signer

    # -- writing -------------------------------------------------------------------

    def ready(self) -> None:
        """Raise StoreError unless a record could be appended now: the signing key loads
        and the log takes its write lock. The gateway asks before it sends anything, so
        that a call whose record cannot be written is not made (a failure between the
        call and its record still withholds the answer, see append)."""
        try:
            self.signer  # noqa: B018 - loads the key, or raises
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("ROLLBACK")
        except (sqlite3.Error, StoreError) as exc:
            reason = exc.message if isinstance(exc, StoreError) else str(exc)
            raise StoreError(
                f"{self.path}: the audit log cannot be written ({reason}); nothing was sent",
                "Fix the audit log first (`souverain audit verify`; free disk space, permissions,"
                " the signing key): no model call is made without its record.",
            ) from exc

    def append(self, record: AuditRecord) -> AuditRecord:
        """Add one record; return it with its position in the log."""
        signer = self.signer
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            frontier = self._frontier()
            record = replace(record, seq=frontier.size + 1, user=record.user or current_user())
            body = canonical_json(record)
            frontier.append(leaf_hash(body.encode()))
            head = signer.sign(TreeHead(signer.key_id, frontier.size, frontier.root(), utc_now()))
            self.conn.execute(
                "INSERT INTO records(seq, time, body, root, signature) VALUES (?, ?, ?, ?, ?)",
                (record.seq, head.time, body, head.root, head.signature),
            )
            self.conn.execute(
                "UPDATE frontier SET size = ?, hashes = ? WHERE id = 1",
                (frontier.size, b"".join(frontier.hashes)),
            )
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(
                f"{self.path}: cannot append to the audit log ({exc})",
                "Check free disk space and permissions; an answer whose record cannot be written"
                " is withheld.",
            ) from exc
        self._publish(head)
        return record

    def _frontier(self) -> Frontier:
        size, blob = self.conn.execute("SELECT size, hashes FROM frontier WHERE id = 1").fetchone()
        return Frontier(size, [blob[i : i + 32] for i in range(0, len(blob), 32)])

    def _publish(self, head: TreeHead) -> None:
        """Keep the newest signed head in a file outside the database: a truncated database
        then disagrees with it. Written after the commit, so a crash leaves it behind the
        log, never ahead; a concurrent writer's newer head is not overwritten."""
        current = self._read_checkpoint()
        if current is not None and current.size >= head.size:
            return
        tmp = self.checkpoint_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(head.text())
        os.replace(tmp, self.checkpoint_path)

    # -- reading -------------------------------------------------------------------

    def size(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM records").fetchone()
        return int(row[0] or 0)

    def records(self, since: str = "", until: str = "") -> Iterator[AuditRecord]:
        """Records whose time is in [since, until) (ISO 8601 prefixes, e.g. "2026-01-01")."""
        sql = "SELECT body FROM records WHERE time >= ?"
        params: list[str] = [since]
        if until:
            sql += " AND time < ?"
            params.append(until)
        for (body,) in self.conn.execute(sql + " ORDER BY seq", params):
            yield record_from_json(body)

    def head(self) -> TreeHead | None:
        """The newest signed tree head in the database."""
        row = self.conn.execute(
            "SELECT seq, root, time, signature FROM records ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return TreeHead(self.signer.key_id, row[0], row[1], row[2], row[3])

    def _read_checkpoint(self) -> TreeHead | None:
        try:
            return TreeHead.parse(self.checkpoint_path.read_text())
        except FileNotFoundError:
            return None
        except (ValueError, OSError):
            return None

    # -- checking ------------------------------------------------------------------

    def verify(
        self, verifier: Verifier | None = None, checkpoint: TreeHead | None = None
    ) -> Verification:
        """Check every record against its signed tree head, then the newest head kept
        outside the database (or ``checkpoint``, one a witness kept) against the log."""
        if verifier is None:
            if self.size() == 0 and not (self.folder / "signing.pub").exists():
                return Verification(True, 0, warning="the audit log is empty")
            verifier = Verifier.load(self.folder)
        try:
            return _verify_rows(self.conn, verifier, checkpoint or self._read_checkpoint())
        except sqlite3.DatabaseError as exc:
            return Verification(False, 0, f"the audit database is damaged ({exc})")

    def close(self) -> None:
        self.conn.close()


def _verify_rows(
    conn: sqlite3.Connection, verifier: Verifier, checkpoint: TreeHead | None
) -> Verification:
    frontier = Frontier()
    roots: dict[int, Hash] = {}
    rows = conn.execute("SELECT seq, time, body, root, signature FROM records ORDER BY seq")
    for seq, time, body, root, signature in rows:
        expected = frontier.size + 1
        if seq != expected:
            return Verification(False, frontier.size, f"record {expected} is missing", expected)
        problem = _record_problem(seq, body)
        if problem:
            return Verification(False, frontier.size, problem, seq)
        frontier.append(leaf_hash(body.encode()))
        head = TreeHead(verifier.key_id, seq, frontier.root(), time, signature)
        if head.root != root:
            return Verification(False, frontier.size, f"record {seq} was changed", seq)
        if not verifier.check(head):
            return Verification(False, frontier.size, f"record {seq}: bad signature", seq)
        if checkpoint is not None and seq == checkpoint.size:
            roots[seq] = head.root
    return _check_checkpoint(frontier.size, roots, verifier, checkpoint)


def _record_problem(seq: int, body: str) -> str:
    try:
        stored = json.loads(body)["seq"]
    except (ValueError, KeyError, TypeError):
        return f"record {seq} was changed (not a record any more)"
    if stored != seq:
        return f"record {seq} holds record {stored}'s content (records moved)"
    return ""


def _check_checkpoint(
    size: int, roots: dict[int, Hash], verifier: Verifier, checkpoint: TreeHead | None
) -> Verification:
    if checkpoint is None:
        warning = (
            "no checkpoint outside the database: a truncation could not be seen" if size else ""
        )
        return Verification(True, size, warning=warning)
    if not verifier.check(checkpoint):
        return Verification(False, size, "the checkpoint's signature is bad", None, checkpoint.size)
    if checkpoint.size > size:
        return Verification(
            False, size,
            f"the log was truncated: the checkpoint counts {checkpoint.size} records,"
            f" the log has {size}",
            size + 1, checkpoint.size,
        )  # fmt: skip
    if roots.get(checkpoint.size) != checkpoint.root:
        return Verification(
            False, size, f"records up to {checkpoint.size} differ from the checkpoint's",
            checkpoint.size, checkpoint.size,
        )  # fmt: skip
    return Verification(True, size, checkpoint_size=checkpoint.size)


def canonical_json(record: AuditRecord) -> str:
    return json.dumps(asdict(record), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_from_json(body: str) -> AuditRecord:
    data: dict[str, Any] = json.loads(body)
    for key in ("labels", "reasons", "documents"):
        data[key] = tuple(data.get(key, ()))
    return AuditRecord(**data)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")
