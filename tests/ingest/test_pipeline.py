"""Ingestion against a real SQLite home: incremental, transactional, and robust to bad files."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from souverain.storage.sqlite import SQLiteStore
from souverain.workspace import Workspace
from tests.conftest import write


def test_unchanged_files_are_a_no_op(tmp_path: Path, workspace: Workspace) -> None:
    write(tmp_path / "d", "a.txt", "Alpha document about invoices.")
    first = workspace.ingest([tmp_path / "d"])
    generation = workspace.store.generation()
    second = workspace.ingest([tmp_path / "d"])
    assert [f.status for f in first.files] == ["added"]
    assert [f.status for f in second.files] == ["unchanged"]
    assert workspace.store.generation() == generation


def test_a_changed_file_replaces_its_chunks(tmp_path: Path, workspace: Workspace) -> None:
    path = write(tmp_path, "a.md", "# Old\n\nThe old budget was 100 euros.")
    workspace.ingest([path])
    path.write_text("# New\n\nThe new budget is 250 euros.", encoding="utf-8")
    report = workspace.ingest([path])
    assert report.files[0].status == "updated"
    (doc,) = workspace.documents()
    assert doc.title == "New"
    assert [h.chunk.text for h in workspace.search("budget", mode="keyword")] == [
        "New\n\nThe new budget is 250 euros."
    ]
    assert workspace.originals.stored() == {doc.sha256}


def test_a_bad_file_is_reported_and_the_batch_goes_on(tmp_path: Path, workspace: Workspace) -> None:
    folder = tmp_path / "batch"
    write(folder, "good.txt", "A perfectly fine text file about leases.")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n this is not really a pdf")
    (folder / "noise.txt").write_bytes(bytes(range(256)) * 20)
    report = workspace.ingest([folder])
    status = {Path(f.path).name: f.status for f in report.files}
    assert status == {
        "good.txt": "added",
        "empty.txt": "failed",
        "image.png": "failed",
        "broken.pdf": "failed",
        "noise.txt": "failed",
    }
    for failed in report.failed:
        assert failed.error.startswith(failed.path) and "\n" not in failed.error
    assert [Path(d.path).name for d in workspace.documents()] == ["good.txt"]


def test_a_huge_file_is_refused_before_it_is_read(
    tmp_path: Path, workspace: Workspace, monkeypatch: object
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(workspace.settings.max_file_mb * 1024 * 1024 + 1)
    report = workspace.ingest([big])
    assert report.files[0].status == "failed" and "over the limit" in report.files[0].error


def test_removing_a_document_removes_its_copy(tmp_path: Path, workspace: Workspace) -> None:
    path = write(tmp_path, "a.txt", "Some text to keep for a while.")
    workspace.ingest([path])
    (doc,) = workspace.documents()
    assert workspace.remove(doc.id[:6]) == [doc.id]
    assert workspace.documents() == [] and workspace.originals.stored() == set()


def test_killed_mid_ingest_leaves_a_consistent_store_that_the_next_run_completes(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "many"
    for i in range(40):
        body = " ".join(
            f"Paragraph {i}.{j} of the report on logistics costs in region {j}." for j in range(40)
        )
        write(folder, f"doc{i:03d}.txt", body)
    home = tmp_path / "home"
    command = [
        sys.executable,
        "-m",
        "souverain",
        "--home",
        str(home),
        "ingest",
        "--json",
        str(folder),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _wait_for_documents(home / "souverain.db", at_least=3, proc=proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    store = SQLiteStore(home / "souverain.db")
    partial = len(store.documents())
    assert 0 < partial < 40
    _assert_consistent(store)
    store.close()

    rerun = subprocess.run(command, capture_output=True, env=env, check=False)
    assert rerun.returncode == 0, rerun.stderr.decode()
    store = SQLiteStore(home / "souverain.db")
    assert len(store.documents()) == 40
    _assert_consistent(store)


def _wait_for_documents(db: Path, at_least: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as conn:
                    if conn.execute("SELECT count(*) FROM documents").fetchone()[0] >= at_least:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.02)
    raise AssertionError("ingest finished or stalled before it could be killed")


def _assert_consistent(store: SQLiteStore) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")
    orphans = conn.execute(
        "SELECT count(*) FROM chunks WHERE doc_id NOT IN (SELECT id FROM documents)"
    ).fetchone()[0]
    unvectored = conn.execute(
        "SELECT count(*) FROM chunks WHERE id NOT IN (SELECT chunk_id FROM vectors)"
    ).fetchone()[0]
    assert orphans == unvectored == 0
    for doc in store.documents():
        assert doc.chunks > 0


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Confidential salary table")
    return bytes(pdf.output())


def _scanned_pdf() -> bytes:
    import io

    from fpdf import FPDF
    from PIL import Image

    image = io.BytesIO()
    Image.new("L", (300, 200), color=180).save(image, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    return bytes(pdf.output())


def _docx_bomb() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (64 * 1024 * 1024))
    return buffer.getvalue()


def test_bad_inputs_leave_what_is_stored_intact(tmp_path: Path, workspace: Workspace) -> None:
    keep = write(tmp_path / "stored", "keep.md", "# Keep\n\nThe archive room is on floor three.")
    workspace.ingest([keep])
    (before,) = workspace.documents()

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "encrypted.pdf").write_bytes(_encrypted_pdf())
    (batch / "bomb.docx").write_bytes(_docx_bomb())
    (batch / "scan.pdf").write_bytes(_scanned_pdf())
    (batch / "latin1.txt").write_bytes("Die Größe des Büros beträgt 412 m².".encode("latin-1"))
    (batch / "unknown.txt").write_bytes(
        bytes([0x80, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x00, 0x01] * 300)
    )
    report = workspace.ingest([batch])

    by_name = {Path(f.path).name: f for f in report.files}
    assert (
        "password" in by_name["encrypted.pdf"].error.lower()
        and "qpdf" in by_name["encrypted.pdf"].error
    )
    assert by_name["bomb.docx"].status == "failed" and "expands" in by_name["bomb.docx"].error
    assert by_name["unknown.txt"].status == "failed" and "encoding" in by_name["unknown.txt"].error
    assert by_name["scan.pdf"].status == "needs_ocr" and by_name["scan.pdf"].ocr_pages == (1,)
    assert by_name["latin1.txt"].status == "added"
    assert "Größe" in workspace.store.text_of(by_name["latin1.txt"].doc_id)
    for failed in report.failed:
        assert failed.error.startswith(failed.path) and "\n" not in failed.error
    assert workspace.store.get(before.id) == before
    assert [h.document.id for h in workspace.search("archive room", mode="keyword")] == [before.id]
