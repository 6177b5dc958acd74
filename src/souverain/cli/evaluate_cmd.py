"""`souverain eval`: retrieval and answer quality on the user's own questions."""

from __future__ import annotations

from pathlib import Path

import click
from rich.table import Table

from souverain.cli import render
from souverain.cli.main import cli, provider_option, top_k_option, workspace
from souverain.evaluate.runner import evaluate, load_cases


@cli.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--no-answers", is_flag=True, help="Measure retrieval only (fast: no model).")
@top_k_option
@provider_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary and every case as JSON.")
@click.option("--show-failures", is_flag=True, help="List the questions that missed.")
@click.pass_context
def eval_command(
    ctx: click.Context,
    questions: Path,
    no_answers: bool,
    top_k: int | None,
    provider: str | None,
    as_json: bool,
    show_failures: bool,
) -> None:
    """Score retrieval (evidence@1/3/10), answers (accuracy), citations (support) and latency.

    QUESTIONS is JSON Lines, one question per line:

    \b
      {"question": "Wann endet der Mietvertrag?",
       "evidence": ["endet am 31. Dezember 2029"], "answer": ["31 December 2029", "31.12.2029"]}

    An answer is right when it contains one of the "answer" strings (case-insensitive); a
    passage holds the evidence when it contains one of the "evidence" strings. A question
    with both lists empty is one your documents do not answer: "abstention" is the share
    of those that souverain declined, "false_refusals" the share of the others it declined.

    With -k and --provider, the answers come as `souverain ask` would give them with the
    same options, so two models or providers can be compared on the same questions (the
    summary names the model that answered).
    """
    cases = load_cases(questions)
    with workspace(ctx) as ws:
        progress = render.err.status("evaluating")
        with progress:
            report = evaluate(
                cases, ws.search, None if no_answers else lambda q: ws.ask(q, top_k, provider),
                on_case=lambda i, n: progress.update(f"evaluating {i + 1}/{n}"),
            )  # fmt: skip
    summary = report.summary()
    if as_json:
        cases_json = [
            {"question": r.case.question, "evidence_rank": r.evidence_rank, "answer": r.answer,
             "correct": r.correct, "supported": r.supported, "answered": r.answered, "ask_s": round(r.ask_s, 3), **r.case.meta}
            for r in report.results
        ]  # fmt: skip
        render.print_json({"summary": summary, "cases": cases_json})
        return
    table = Table("metric", "value", show_edge=False, header_style="bold")
    for key, value in summary.items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    render.out.print(table)
    if show_failures:
        for r in report.results:
            missed_evidence = not r.case.unanswerable and (r.evidence_rank or 99) > 3
            if missed_evidence or r.correct is False:
                render.out.print(f"- {r.case.question}  rank={r.evidence_rank} answer={r.answer!r}")
