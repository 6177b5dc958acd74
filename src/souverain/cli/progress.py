"""Progress bars on stderr: ingestion (files done, current file) and OCR (pages done,
pages per second)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from souverain.cli.render import err
from souverain.ingest.pipeline import Progress as ProgressCallback
from souverain.ocr.pipeline import Progress as PageProgress


@contextmanager
def ingest_progress(enabled: bool = True) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]ingesting[/bold]"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[name]}"), console=err, transient=True,
    )  # fmt: skip
    task = bar.add_task("ingest", total=None, name="")

    def update(done: int, total: int, path: Path | None) -> None:
        bar.update(task, completed=done, total=total, name=path.name if path else "")

    with bar:
        yield update


@contextmanager
def ocr_progress(enabled: bool) -> Iterator[PageProgress | None]:
    if not enabled:
        yield None
        return
    bar = Progress(
        TextColumn("[bold]OCR[/bold]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=True,
    )  # fmt: skip
    task = bar.add_task("ocr", total=None, rate="")

    def update(done: int, total: int) -> None:
        elapsed = bar.tasks[0].elapsed or 0.0
        rate = f"{done / elapsed:.2f} pages/s" if elapsed > 0 and done else ""
        bar.update(task, completed=done, total=total, rate=rate)

    with bar:
        yield update
