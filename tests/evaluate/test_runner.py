"""`souverain eval` scoring on a real store and real embeddings, a scripted model in place
of the LLM: retrieval, answers, citations, and questions the documents do not answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from souverain.errors import UsageError
from souverain.evaluate.runner import Case, evaluate, load_cases
from souverain.gateway.base import Message
from souverain.gateway.testing import ScriptedBackend
from souverain.workspace import Workspace
from tests.conftest import write

LEASE = "Das Mietverhältnis endet am 31. März 2027."
RENT = "De huurprijs bedraagt 4.850 euro per maand."


@pytest.fixture
def corpus(tmp_path: Path, workspace: Workspace) -> Workspace:
    write(tmp_path / "docs", "mietvertrag.md", f"# Mietvertrag Berlin\n\n{LEASE}\n")
    write(tmp_path / "docs", "huur.txt", f"Huurovereenkomst Utrecht\n\n{RENT}\n")
    workspace.ingest([tmp_path / "docs"])
    return workspace


def _citing(text: str, fact: str, messages: list[Message]) -> str:
    """``text`` with the number of the source that holds ``fact``."""
    sources = messages[-1].content.split("\n\n")
    n = next(block[1] for block in sources if fact in block and block.startswith("["))
    return f"{text} [{n}]."


def _model(messages: list[Message]) -> str:
    question = messages[-1].content.rsplit("\n", 1)[-1]
    if "lease" in question:
        return _citing("The lease ends on 31 March 2027", LEASE, messages)
    if "rent in Utrecht" in question:  # a figure its source does not hold: declined
        return _citing("The rent is 4.580 euro per month", RENT, messages)
    if "deposit" in question:  # not in the documents, and the model guesses anyway
        return _citing("The deposit is 4.850 euro", RENT, messages)
    return "The documents do not say."


CASES = [
    Case("When does the lease end?", ("endet am 31. März 2027",), ("31 March 2027",)),
    Case("What is the rent in Utrecht?", ("4.850 euro",), ("4.850", "4850")),
    Case("What is the deposit for Utrecht?", (), ()),
    Case("Who cleans the Berlin office?", (), ()),
]


def test_answers_citations_and_abstention_are_scored_apart(
    corpus: Workspace, scripted: ScriptedBackend
) -> None:
    scripted.script = _model
    report = evaluate(CASES, corpus.search, corpus.ask)
    summary = report.summary()
    assert (summary["questions"], summary["unanswerable"]) == (4, 2)
    # Retrieval and answer scores are over the two answerable questions only.
    assert summary["evidence@3"] == 1.0
    assert summary["answer_accuracy"] == 0.5 and summary["citation_support"] == 0.5
    assert summary["false_refusals"] == 0.5  # the misread rent was declined, not stated
    # One question the documents do not answer was declined, one was guessed.
    assert summary["abstention"] == 0.5
    assert summary["model"] == "scripted"  # the model that answered, for comparing runs
    guessed, declined = report.unanswerable
    assert declined.case.question.startswith("Who") and declined.correct is True
    assert guessed.correct is False and guessed.answered is True
    assert guessed.evidence_rank is None and guessed.supported is None


def test_a_declined_answerable_question_is_a_false_refusal(
    corpus: Workspace, scripted: ScriptedBackend
) -> None:
    report = evaluate(CASES[:2], corpus.search, corpus.ask)  # the model always declines
    summary = report.summary()
    assert summary["false_refusals"] == 1.0 and summary["answer_accuracy"] == 0.0
    assert "abstention" not in summary and "unanswerable" not in summary


def test_retrieval_only_reports_no_answer_scores(corpus: Workspace) -> None:
    summary = evaluate(CASES, corpus.search, None).summary()
    assert summary["evidence@1"] == 1.0
    assert not {"answer_accuracy", "abstention", "ask_median_s"} & set(summary)


def test_question_lines_are_read_and_bad_ones_named(tmp_path: Path) -> None:
    good = tmp_path / "qa.jsonl"
    good.write_text(
        json.dumps({"question": "Q?", "evidence": ["e"], "answer": ["a"], "lang": "en"})
        + "\n\n"
        + json.dumps({"question": "Nothing?", "evidence": [], "answer": []})
        + "\n",
        encoding="utf-8",
    )
    first, second = load_cases(good)
    assert first.meta == {"lang": "en"} and not first.unanswerable
    assert second.unanswerable
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"question": "ok"}\n{"question": ""}\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"bad.jsonl:2: not a valid question line"):
        load_cases(bad)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(UsageError, match="no questions"):
        load_cases(empty)
