"""Evaluation on a user's own questions: does retrieval find the evidence, does the answer
contain the expected answer, and do its citations point at passages holding the evidence?

Input is JSON Lines: {"question", "evidence": [strings], "answer": [strings]} per line.
A question with empty "evidence" and "answer" lists is one the documents do not answer:
it counts as right when souverain says so instead of answering ("abstention"), and it is
left out of evidence@k, answer accuracy and citation support.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from souverain.domain import Answer, Hit
from souverain.errors import UsageError

CUTOFFS = (1, 3, 10)


@dataclass(frozen=True)
class Case:
    question: str
    evidence: tuple[str, ...]
    answers: tuple[str, ...]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def unanswerable(self) -> bool:
        """The documents hold no answer (nor evidence): the right reply is to say so."""
        return not self.answers and not self.evidence


@dataclass
class CaseResult:
    case: Case
    evidence_rank: int | None
    """1-based rank of the first retrieved passage holding evidence; None if not in the top 10."""
    search_s: float
    answer: str = ""
    correct: bool | None = None
    supported: bool | None = None
    answered: bool | None = None
    """Whether souverain gave an answer rather than "the documents do not say"."""
    ask_s: float = 0.0
    model: str = ""
    """The model that answered; empty when none was asked (nothing was found)."""


@dataclass
class Report:
    results: list[CaseResult]

    @property
    def answerable(self) -> list[CaseResult]:
        return [r for r in self.results if not r.case.unanswerable]

    @property
    def unanswerable(self) -> list[CaseResult]:
        return [r for r in self.results if r.case.unanswerable]

    def evidence_at(self, k: int) -> float:
        return _mean(
            [r.evidence_rank is not None and r.evidence_rank <= k for r in self.answerable]
        )

    def summary(self) -> dict[str, Any]:
        """Retrieval and answer scores over the answerable questions; for the unanswerable
        ones, the share that souverain declined ("abstention"). "false_refusals" is the
        share of answerable questions it declined."""
        asked = [r for r in self.answerable if r.correct is not None]
        declinable = [r for r in self.unanswerable if r.correct is not None]
        out: dict[str, Any] = {"questions": len(self.results)}
        if self.unanswerable:
            out["unanswerable"] = len(self.unanswerable)
        out.update({f"evidence@{k}": self.evidence_at(k) for k in CUTOFFS})
        out["search_median_ms"] = 1000 * _median([r.search_s for r in self.results])
        if asked:
            out["answer_accuracy"] = _mean([bool(r.correct) for r in asked])
            out["citation_support"] = _mean([bool(r.supported) for r in asked])
            out["false_refusals"] = _mean([r.answered is False for r in asked])
        if declinable:
            out["abstention"] = _mean([bool(r.correct) for r in declinable])
        if posed := [*asked, *declinable]:
            times = [r.ask_s for r in posed]
            out["ask_median_s"] = _median(times)
            out["ask_p95_s"] = _percentile(times, 95)
            out["model"] = ", ".join(sorted({r.model for r in posed if r.model}))
        return out


def load_cases(path: Path) -> list[Case]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            cases.append(_case(raw))
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(
                f"{path}:{number}: not a valid question line ({exc})",
                'Each line must be {"question": "...", "evidence": ["..."], "answer": ["..."]}.',
            ) from exc
    if not cases:
        raise UsageError(f"{path}: no questions", "Write one JSON object per line.")
    return cases


def _case(raw: dict[str, Any]) -> Case:
    question = raw["question"]
    if not isinstance(question, str) or not question.strip():
        raise ValueError("question must be a non-empty string")
    meta = {k: v for k, v in raw.items() if k not in ("question", "evidence", "answer")}
    return Case(question, tuple(raw.get("evidence", ())), tuple(raw.get("answer", ())), meta)


def normalise(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").casefold().split())


def contains_any(text: str, needles: Sequence[str]) -> bool:
    haystack = normalise(text)
    return any(normalise(n) in haystack for n in needles if n.strip())


def evaluate(
    cases: Sequence[Case],
    search: Callable[[str, int], list[Hit]],
    ask: Callable[[str], Answer] | None,
    on_case: Callable[[int, int], None] | None = None,
) -> Report:
    results = []
    for i, case in enumerate(cases):
        if on_case:
            on_case(i, len(cases))
        results.append(_run_case(case, search, ask))
    return Report(results)


def _run_case(
    case: Case, search: Callable[[str, int], list[Hit]], ask: Callable[[str], Answer] | None
) -> CaseResult:
    started = time.perf_counter()
    hits = search(case.question, max(CUTOFFS))
    result = CaseResult(case, _evidence_rank(hits, case.evidence), time.perf_counter() - started)
    if ask is None:
        return result
    started = time.perf_counter()
    answer = ask(case.question)
    result.ask_s = time.perf_counter() - started
    result.answer = answer.text
    result.answered = answer.answered
    result.model = answer.model
    if case.unanswerable:
        result.correct = not answer.answered
        return result
    result.correct = contains_any(answer.text, case.answers)
    result.supported = any(contains_any(c.hit.chunk.text, case.evidence) for c in answer.citations)
    return result


def _evidence_rank(hits: list[Hit], evidence: Sequence[str]) -> int | None:
    for position, hit in enumerate(hits, start=1):
        if contains_any(hit.chunk.text, evidence):
            return position
    return None


def _mean(values: Sequence[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def _percentile(values: Sequence[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))] if ordered else 0.0
