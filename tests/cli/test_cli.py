"""The command line end to end: real home, real parsers and embeddings; the model is a
fake OpenAI-compatible server on loopback (the network edge)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from souverain.cli.main import cli
from souverain.gateway.testing import FakeOpenAIServer
from tests.conftest import write


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer("Das Mietverhältnis endet am 31. März 2027 [1].") as s:
        yield s


@pytest.fixture
def run(tmp_path: Path, server: FakeOpenAIServer) -> Iterator[object]:
    runner = CliRunner()
    base = [
        "--home",
        str(tmp_path / "home"),
        "--backend",
        "openai",
        "--base-url",
        server.url,
        "--model",
        "test-model",
    ]

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, [*base, *args])

    yield invoke


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    write(
        folder,
        "mietvertrag.md",
        "# Mietvertrag Berlin\n\nDas Mietverhältnis endet am 31. März 2027.\n",
    )
    write(folder, "notes/minutes.txt", "Notulen\n\nHet kantoor in Utrecht heeft 45 medewerkers.\n")
    return folder


def test_ingest_then_search_json_shape(run: object, docs: Path) -> None:
    result = run("ingest", "--json", str(docs))  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert {Path(f["path"]).name: f["status"] for f in json.loads(result.stdout)} == {
        "mietvertrag.md": "added",
        "minutes.txt": "added",
    }
    result = run("search", "--json", "-k", "1", "Utrecht employees")  # type: ignore[operator]
    (hit,) = json.loads(result.stdout)
    assert set(hit) >= {"doc", "path", "page", "text", "score"}
    assert hit["page"] == 1 and "45 medewerkers" in hit["text"]


def test_ask_json_has_answer_citations_model_timings(
    run: object, docs: Path, server: FakeOpenAIServer
) -> None:
    run("ingest", str(docs))  # type: ignore[operator]
    result = run("ask", "--json", "Wann endet der Mietvertrag?")  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) >= {"answer", "citations", "model", "timings"}
    assert data["model"] == "test-model"
    cited = data["citations"][0]
    assert set(cited) >= {"n", "doc", "path", "page", "text"}
    assert cited["n"] == 1 and cited["page"] == 1
    assert server.requests[0]["body"]["model"] == "test-model"


def test_docs_list_show_rm(run: object, docs: Path) -> None:
    run("ingest", str(docs))  # type: ignore[operator]
    listed = json.loads(run("docs", "list", "--json").stdout)  # type: ignore[operator]
    assert len(listed) == 2
    doc_id = next(d["id"] for d in listed if d["title"] == "Mietvertrag Berlin")
    shown = run("docs", "show", doc_id[:5])  # type: ignore[operator]
    assert shown.exit_code == 0 and "31. März 2027" in shown.stdout
    assert run("docs", "rm", doc_id).exit_code == 0  # type: ignore[operator]
    assert len(json.loads(run("docs", "list", "--json").stdout)) == 1  # type: ignore[operator]


def test_errors_are_one_line_with_a_meaningful_exit_code(run: object, tmp_path: Path) -> None:
    missing = run("docs", "show", "nope")  # type: ignore[operator]
    assert missing.exit_code == 66
    bad = write(tmp_path, "bad.pdf", "not a pdf")
    result = run("ingest", str(bad))  # type: ignore[operator]
    assert result.exit_code == 65
    assert "bad.pdf" in result.stderr
    assert run("ingest", str(tmp_path / "absent")).exit_code == 2  # type: ignore[operator]


def test_help_teaches_with_examples(run: object) -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "souverain ask" in result.output and "Exit codes" in result.output


def test_eval_json_scores_each_question(
    run: object, docs: Path, tmp_path: Path, server: FakeOpenAIServer
) -> None:
    run("ingest", str(docs))  # type: ignore[operator]
    questions = write(
        tmp_path,
        "qa.jsonl",
        json.dumps({"question": "When does the lease end?", "evidence": ["31. März 2027"],
                    "answer": ["31. März 2027"], "lang": "en"}) + "\n"
        + json.dumps({"question": "How many desks are in Utrecht?", "evidence": [],
                      "answer": []}) + "\n",
    )  # fmt: skip
    result = run("eval", "--json", str(questions))  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # The fake model answers every question with the lease's end: right for the first,
    # a guess for the second, which the documents do not answer.
    assert data["summary"]["answer_accuracy"] == 1.0 and data["summary"]["abstention"] == 0.0
    lease, desks = data["cases"]
    assert lease["evidence_rank"] == 1 and lease["correct"] and lease["lang"] == "en"
    assert desks["answered"] is True and desks["correct"] is False
    assert data["summary"]["model"] == "test-model"
    assert "\n[2] " in server.requests[0]["body"]["messages"][-1]["content"]

    # -k and --provider reach the answers as they reach `ask`
    server.requests.clear()
    one = run("eval", "--json", "-k", "1", "--provider", "self-hosted", str(questions))  # type: ignore[operator]
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["summary"]["answer_accuracy"] == 1.0
    asked = server.requests[0]["body"]["messages"][-1]["content"]
    assert "\n[1] " in asked and "\n[2] " not in asked
    refused = run("eval", "-k", "1", "--provider", "azure-openai-westeurope", str(questions))  # type: ignore[operator]
    assert refused.exit_code == 77 and len(server.requests) == 2  # the policy decides
