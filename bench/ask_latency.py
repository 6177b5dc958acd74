"""Measure `ask` with the real local models on the example corpus: latency, where the time goes
and how often the answer holds the expected string.

examples/documents is ingested once into a temporary home. Then, per model, a fresh worker
process loads the model (a one-token chat, timed), asks one warm-up question and then N questions
of examples/qa.jsonl. Extra top_k values run afterwards for the default model while the time
budget allows. Last, the wall time of one `souverain ask` process, as a user at a terminal waits
for it: with the model file evicted from the page cache, then with it cached. It prints a table
and appends it to bench/RESULTS.md; it never asserts on timings.

    .venv/bin/python bench/ask_latency.py           # both models, 12 questions, k=4 then 3 and 5
    .venv/bin/python bench/ask_latency.py --quick   # 0.5B model, 2 questions, no append
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import (
    REPO,
    RESULTS,
    CpuWatch,
    Result,
    append_results,
    drop_from_page_cache,
    header,
    in_worker,
    median_of,
    p95_of,
    run_worker,
)

from souverain.evaluate.runner import contains_any
from souverain.gateway.base import Completion, GenerationOptions, Message
from souverain.gateway.catalog import resolve_model_path
from souverain.gateway.gateway import Gateway
from souverain.settings import Settings, load_settings
from souverain.workspace import Workspace

EXAMPLES = REPO / "examples"
DEFAULT_MODEL = Settings(home=Path()).model
DEFAULT_TOP_K = Settings(home=Path()).top_k
MODELS = (DEFAULT_MODEL, "qwen2.5-0.5b-instruct")


# --------------------------------------------------------------------------- worker


class RecordingGateway(Gateway):
    """The product's gateway, keeping each completion for its token counts and timings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.completions: list[Completion] = []

    def chat(self, messages: list[Message], options: GenerationOptions) -> Completion:
        completion = super().chat(messages, options)
        self.completions.append(completion)
        return completion


def ingest_task(spec: Result) -> Result:
    ws = Workspace(load_settings(spec["home"]))
    start = time.perf_counter()
    report = ws.ingest([spec["folder"]])
    ws.close()
    return {
        "ingest_s": time.perf_counter() - start,
        "files": len(report.files),
        "attachments": sum(f.attachments for f in report.files),
        "chunks": sum(f.chunks for f in report.files),
        "failed": [f.error for f in report.failed],
    }


def chat_s(gateway: Gateway, text: str) -> float:
    start = time.perf_counter()
    gateway.chat([Message("user", text)], GenerationOptions(max_tokens=1))
    return time.perf_counter() - start


def ask_task(spec: Result) -> Result:
    """Load the model, warm up, then one run over the questions with top_k = spec["k"]."""
    settings = load_settings(spec["home"], model=spec["model"])
    gateway = RecordingGateway.from_settings(settings)
    ws = Workspace(settings, gateway)
    gateway.embed_query("warm up")  # the embedders load here, not in the model's time
    first = chat_s(gateway, "Hello")
    out: Result = {"load_s": first - chat_s(gateway, "Hello"), "first_chat_s": first}
    start = time.perf_counter()
    ws.ask(spec["warmup"])
    out["warmup_s"] = time.perf_counter() - start
    answers = [ask_once(ws, gateway, c, spec["k"]) for c in spec["cases"]]
    ws.close()
    return out | {"k": spec["k"], "answers": answers, "threads": settings.threads}


def ask_once(ws: Workspace, gateway: RecordingGateway, case: Result, k: int) -> Result:
    gateway.completions.clear()
    start = time.perf_counter()
    answer = ws.ask(case["question"], top_k=k)
    out: Result = answer.timings | {"total_s": time.perf_counter() - start}
    out["other_s"] = out["total_s"] - out.get("retrieve_s", 0.0) - out.get("generate_s", 0.0)
    out |= {"correct": contains_any(answer.text, case["answer"]), "answered": answer.answered}
    if gateway.completions:
        c = gateway.completions[-1]
        out |= {
            "prompt_tokens": c.prompt_tokens,
            "output_tokens": c.completion_tokens,
            "prompt_eval_s": c.timings.get("prompt_s", 0.0),
            "decode_s": c.timings.get("generate_s", 0.0),
        }
    return out


TASKS = {"ingest": ingest_task, "ask": ask_task}


# --------------------------------------------------------------------------- parent


def pick_cases(n: int) -> tuple[list[Result], str]:
    """N questions spread over the file (languages and documents vary), and one to warm up."""
    lines = (EXAMPLES / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    chosen = sorted({round(i * len(cases) / n) for i in range(n)})
    warmup = next(i for i in range(len(cases)) if i not in chosen)
    return [cases[i] for i in chosen], cases[warmup]["question"]


def cli_ask(home: Path, question: str, evict: Path | None) -> Result:
    if evict is not None:
        drop_from_page_cache(evict)
    exe = str(Path(sys.executable).with_name("souverain"))
    start = time.perf_counter()
    proc = subprocess.run(
        [exe, "--home", str(home), "ask", question, "--json"], capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        return {"wall_s": wall, "error": proc.stderr.strip()[-300:]}
    return {"wall_s": wall} | json.loads(proc.stdout)["timings"]


def measure(args: argparse.Namespace, home: Path, started: float) -> Result:
    cases, warmup = pick_cases(args.questions)
    base = {"home": str(home), "cases": cases, "warmup": warmup}
    out: Result = {"ingest": in_worker(__file__, "ingest", home=str(home), folder=args.folder)}
    out["cli"] = cli_runs(args, home, cases[0]["question"])
    # One fresh process per row: llama.cpp reuses the cached state of earlier prompts that share
    # a prefix, so a row run after another on the same questions would be flattered.
    out["runs"] = [
        in_worker(__file__, "ask", **base, model=m, k=DEFAULT_TOP_K) | {"model": m}
        for m in args.models
    ]
    if DEFAULT_MODEL not in args.models:
        return out | {"cases": cases}
    default_run = out["runs"][args.models.index(DEFAULT_MODEL)]
    estimate = default_run["process_s"]
    for k in args.k_values:
        if time.perf_counter() - started + estimate > args.budget_min * 60:
            out["runs"].append({"model": DEFAULT_MODEL, "k": k, "skipped": True})
            continue
        run = in_worker(__file__, "ask", **base, model=DEFAULT_MODEL, k=k)
        out["runs"].append(run | {"model": DEFAULT_MODEL})
    return out | {"cases": cases}


def cli_runs(args: argparse.Namespace, home: Path, question: str) -> dict[str, Result]:
    model_file = resolve_model_path(DEFAULT_MODEL)
    runs = {}
    if not args.quick:
        runs["model file evicted from the page cache"] = cli_ask(home, question, model_file)
    runs["model file in the page cache"] = cli_ask(home, question, None)
    return runs


def med(answers: list[Result], key: str) -> float:
    return median_of([a[key] for a in answers if key in a])


def run_row(run: Result) -> str:
    if run.get("skipped"):
        return f"| {run['model']} | {run['k']} | skipped: over the time budget |" + " – |" * 12
    a = run["answers"]
    totals = [x["total_s"] for x in a]
    decode_tokens = sum(x.get("output_tokens", 0) for x in a)
    decode_s = sum(x.get("decode_s", 0.0) for x in a)
    return (
        f"| {run['model']} | {run['k']} | {len(a)} | {median_of(totals):.1f} "
        f"| {p95_of(totals):.1f} | {med(a, 'retrieve_s'):.2f} | {med(a, 'generate_s'):.1f} "
        f"| {med(a, 'other_s'):.2f} "
        f"| {med(a, 'prompt_tokens'):.0f} | {med(a, 'prompt_eval_s'):.1f} / {med(a, 'decode_s'):.1f} "
        f"| {decode_tokens / decode_s if decode_s else 0:.1f} "
        f"| {sum(x['correct'] for x in a)}/{len(a)} | {sum(x['answered'] for x in a)}/{len(a)} "
        f"| {run['load_s']:.1f} | {run['peak_rss_mib']:.0f} |"
    )


def ask_table(m: Result) -> list[str]:
    lines = [
        "| Model | top_k | Questions | Total median (s) | Total p95 (s) | Retrieve median (s) "
        "| Generate median (s) | Other median (s) | Prompt tokens (median) "
        "| Prompt eval / decode median (s) "
        "| Decode tokens/s | Expected answer found | Answered | Model load (s) "
        "| Peak RSS (MiB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    return lines + [run_row(run) for run in m["runs"]]


def cli_table(m: Result) -> list[str]:
    lines = [
        f"| `souverain ask --json`, one fresh process ({DEFAULT_MODEL}, top_k={DEFAULT_TOP_K}) "
        "| Wall (s) | In-process retrieve / generate / other / total (s) |",
        "|---|---|---|",
    ]
    for label, r in m["cli"].items():
        if "error" in r:
            lines.append(f"| {label} | {r['wall_s']:.1f} | failed: {r['error']} |")
            continue
        retrieve, generate, total = r.get("retrieve_s", 0.0), r.get("generate_s", 0.0), r["total_s"]
        other = total - retrieve - generate
        inner = f"{retrieve:.2f} / {generate:.1f} / {other:.1f} / {total:.1f}"
        lines.append(f"| {label} | {r['wall_s']:.1f} | {inner} |")
    return lines


def notes_for(args: argparse.Namespace, m: Result, watch: CpuWatch) -> list[str]:
    ing = m["ingest"]
    langs = ", ".join(sorted({c["lang"] for c in m["cases"]}))
    first = m["runs"][0] if m["runs"] else {}
    return [
        f"Corpus: examples/documents, {ing['files']} files and {ing['attachments']} attachment(s), "
        f"{ing['chunks']} chunks, ingested in {ing['ingest_s']:.1f} s"
        f"{'; failed: ' + '; '.join(ing['failed']) if ing['failed'] else ''}.",
        f"Questions: {len(m['cases'])} of examples/qa.jsonl spread over the file ({langs}); "
        "the same ones for every row. Expected answer found: souverain.evaluate.runner."
        "contains_any on the answer text and the case's answer list. Answered: not replaced by "
        '"the documents do not say".',
        "Total: wall time of Workspace.ask in a process that already loaded the model and asked "
        "one warm-up question. Retrieve and generate are Answer.timings; other is the rest of "
        "Answer.timings' total (evidence sentences and citation checks, and in a fresh process "
        "the model load, which generate_s leaves out); prompt tokens, prompt "
        "eval and decode come from the model's own report of the completion. Model load: the "
        "first one-token chat minus a second one, in a fresh process with the embedders loaded.",
        "Each row runs in its own fresh process: llama.cpp keeps the state of earlier prompts and "
        "reuses a shared prefix, so top_k=5 asked after top_k=3 on the same questions in one "
        "process spent half as long on prompt eval. Within a row, questions in one language "
        "share the instructions' prefix, as they would in a long-running server.",
        f"Generation threads: settings.threads={first.get('threads', 0)} (0 = one per core); "
        "max answer tokens 200; temperature 0.",
        "Evicted = posix_fadvise(DONTNEED) on the GGUF file before the process; the VM host may "
        "still cache it. The embedding models' files are not evicted.",
        watch.summary(),
    ]


def report(args: argparse.Namespace, m: Result, notes: list[str]) -> str:
    settings = (
        f"models={','.join(args.models)}, questions={args.questions}, default top_k="
        f"{DEFAULT_TOP_K}, extra k={','.join(map(str, args.k_values)) or 'none'}, "
        f"budget={args.budget_min} min"
    )
    return "\n".join(
        [
            *header("ask_latency", settings),
            *ask_table(m),
            "",
            *cli_table(m),
            "",
            *[f"- {n}" for n in notes],
            "",
        ]
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--models", default=",".join(MODELS), help=f"comma-separated (default {','.join(MODELS)})"
    )
    p.add_argument("--questions", type=int, default=12, help="questions per run (default 12)")
    p.add_argument(
        "--k-values", default="3,5", help="extra top_k runs for the default model (default 3,5)"
    )
    p.add_argument(
        "--budget-min",
        type=float,
        default=15,
        help="skip extra k runs that would end past this (default 15)",
    )
    p.add_argument("--folder", default=str(EXAMPLES / "documents"), help="corpus to ingest")
    p.add_argument("--quick", action="store_true", help="0.5B model, 2 questions, no append")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    p.add_argument("--worker-spec", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.quick:
        args.models, args.questions, args.k_values, args.no_append = MODELS[1], 2, "", True
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    args.k_values = [int(k) for k in str(args.k_values).split(",") if k.strip()]
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker_spec:
        run_worker(TASKS, args.worker_spec)
        return
    started, watch = time.perf_counter(), CpuWatch()
    home = Path(tempfile.mkdtemp(prefix="ask-bench-"))
    try:
        measured = measure(args, home, started)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    notes = [
        *notes_for(args, measured, watch),
        f"Whole run: {time.perf_counter() - started:.0f} s.",
    ]
    text = report(args, measured, notes)
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
