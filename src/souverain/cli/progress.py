"""A progress bar for ingestion on stderr: files done, current file, elapsed time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from souverain.cli.render import err
from souverain.ingest.pipeline import Progress as ProgressCallback


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
