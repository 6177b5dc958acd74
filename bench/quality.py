"""Answer and retrieval quality on the project's own question set, with the default
install: evidence@k, answer accuracy, citation support and latency, per question language
and for cross-lingual questions, and how often it declines the questions the documents do
not answer. Appends a table to bench/RESULTS.md.

    .venv/bin/python bench/quality.py               # retrieval and answers (about 10 min)
    .venv/bin/python bench/quality.py --no-answers  # retrieval only (about 1 min)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, append_results, header

from souverain.evaluate.runner import CaseResult, Report, evaluate, load_cases
from souverain.gateway.catalog import resolve_model_path
from souverain.gateway.engines import local_engine
from souverain.settings import Settings, load_settings
from souverain.workspace import Workspace


def group_rows(report: Report) -> list[tuple[str, list[CaseResult]]]:
    results = report.answerable
    cross = [r for r in results if r.case.meta.get("lang") != _doc_language(r)]
    groups = [("all", results), ("cross-lingual", cross)]
    for lang in ("en", "de", "nl", "fr"):
        groups.append((f"asked in {lang}", [r for r in results if r.case.meta.get("lang") == lang]))
    return groups


def _doc_language(result: CaseResult) -> str:
    # Example documents are named by language (de_…); the one attachment is English.
    prefix = str(result.case.meta.get("doc", ""))[:2]
    return prefix if prefix in ("en", "de", "nl", "fr") else "en"


def _engine(settings: Settings) -> str:
    """The backend setting, and for the local model the engine it picked and why."""
    if settings.backend == "openai":
        return settings.backend
    chosen = local_engine(settings.backend, resolve_model_path(settings.model))
    return f"{settings.backend} ({chosen.engine}: {chosen.reason})"


def table(report: Report, answers: bool) -> list[str]:
    head = "| questions | n | evidence@1 | evidence@3 | evidence@10 |"
    head += " answer accuracy | citation support | ask median (s) |" if answers else ""
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for name, rows in group_rows(report):
        sub = Report(rows).summary()
        line = f"| {name} | {len(rows)} | {sub['evidence@1']:.3f} | {sub['evidence@3']:.3f} | {sub['evidence@10']:.3f} |"
        if answers:
            line += f" {sub['answer_accuracy']:.3f} | {sub['citation_support']:.3f} | {sub['ask_median_s']:.1f} |"
        lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--no-answers", action="store_true", help="retrieval only")
    parser.add_argument("--questions", type=Path, default=REPO / "examples" / "qa.jsonl")
    args = parser.parse_args()
    cases = load_cases(args.questions)
    with tempfile.TemporaryDirectory() as home:
        ws = Workspace(load_settings(home))
        started = time.perf_counter()
        ws.ingest([REPO / "examples" / "documents"])
        ingest_s = time.perf_counter() - started
        ask = None if args.no_answers else ws.ask
        report = evaluate(
            cases, ws.search, ask, on_case=lambda i, n: print(f"{i + 1}/{n}", file=sys.stderr)
        )
        settings = ws.settings
        ws.close()
    summary = report.summary()
    lines = header("quality", f"{len(cases)} questions from {args.questions.name}; model {settings.model} "
                   f"on {_engine(settings)}; "
                   f"embedder {settings.embedder}; top_k {settings.top_k}")  # fmt: skip
    lines += ["", *table(report, not args.no_answers), ""]
    lines.append(
        f"- Ingest of examples/documents: {ingest_s:.1f} s; search median {summary['search_median_ms']:.0f} ms."
    )
    if not args.no_answers:
        lines.append(f"- ask p95 {summary['ask_p95_s']:.1f} s (in one process, model loaded once).")
        lines.append(
            f"- Answerable questions declined (false refusals): {summary['false_refusals']:.3f}."
        )
        missed = [r for r in report.answerable if not r.correct]
        lines.append(f"- Wrong or missing answers: {len(missed)}; first ones:")
        lines += [f"  - {r.case.question} → {r.answer[:120]!r}" for r in missed[:8]]
        if report.unanswerable:
            guessed = [r for r in report.unanswerable if not r.correct]
            lines.append(
                f"- Questions the documents do not answer: {len(report.unanswerable)}, declined "
                f"{summary['abstention']:.3f}; answered anyway: {len(guessed)}"
            )
            lines += [f"  - {r.case.question} → {r.answer[:120]!r}" for r in guessed[:8]]
    text = "\n".join(lines) + "\n"
    print(text)
    append_results(text)


if __name__ == "__main__":
    main()
