"""Answers from a real store and real embeddings, with a scripted model in place of the LLM."""

from __future__ import annotations

from pathlib import Path

import pytest

from souverain.gateway.base import Message
from souverain.gateway.testing import ScriptedBackend
from souverain.workspace import Workspace
from tests.conftest import write


@pytest.fixture
def corpus(tmp_path: Path, workspace: Workspace) -> Workspace:
    docs = tmp_path / "docs"
    write(
        docs,
        "mietvertrag.md",
        "# Mietvertrag\n\nDas Mietverhältnis endet am 31. März 2027. Die Kaution beträgt 14.550 Euro.\n",
    )
    write(
        docs,
        "huur.txt",
        "Huurovereenkomst Utrecht\n\nDe huurprijs bedraagt 4.850 euro per maand.\n",
    )
    write(docs, "bail.md", "# Bail commercial\n\nLe préavis de résiliation est de six mois.\n")
    report = workspace.ingest([docs])
    assert report.count("added") == 3
    return workspace


def test_answer_keeps_valid_citations_and_drops_invented_ones(
    corpus: Workspace, scripted: ScriptedBackend
) -> None:
    def script(messages: list[Message]) -> str:
        sources = messages[-1].content.split("\n\n")
        n = next(block[1] for block in sources if "31. März 2027" in block)
        return f"The lease ends on 31 March 2027 [{n}][9]."

    scripted.script = script
    answer = corpus.ask("When does the Berlin lease end?")
    assert answer.answered and answer.language == "en"
    assert "[9]" not in answer.text
    assert [c.hit.document.title for c in answer.citations] == ["Mietvertrag"]
    assert "31. März 2027" in answer.citations[0].quote


def test_prompt_is_in_the_questions_language(corpus: Workspace, scripted: ScriptedBackend) -> None:
    corpus.ask("Wie hoch ist die Miete in Utrecht?")
    system, *_example, user = scripted.calls[-1]
    assert "Antworte auf Deutsch" in system.content
    assert (
        user.content.startswith("Frage:") and "Quellen:" in user.content and "4.850" in user.content
    )


def test_refusal_is_reported_as_not_answered(corpus: Workspace, scripted: ScriptedBackend) -> None:
    scripted.script = lambda _m: "Les documents ne le précisent pas."
    answer = corpus.ask("Quel est le chiffre d'affaires de 2030 ?")
    assert not answer.answered and answer.citations == ()
    assert answer.text == "Les documents ne le précisent pas."


@pytest.mark.parametrize(
    "reply",
    [
        "The monthly rent for the Lyon site is not provided in the given sources [2].",
        "Die Kaution wird in den Quellen nicht genannt [1].",
        "De huurprijs wordt niet vermeld.",
        "Le loyer n'est pas précisé dans les sources [1].",
    ],
)
def test_a_refusal_in_other_words_is_not_an_answer(
    corpus: Workspace, scripted: ScriptedBackend, reply: str
) -> None:
    scripted.script = lambda _m: reply
    answer = corpus.ask("What is the rent in Lyon?")
    assert not answer.answered and answer.text == "The documents do not say."


def test_uncited_answer_is_attributed_to_its_source(
    corpus: Workspace, scripted: ScriptedBackend
) -> None:
    scripted.script = lambda _m: "De opzegtermijn is zes maanden."
    answer = corpus.ask("Wat is de opzegtermijn van het Franse huurcontract?")
    assert answer.citations and answer.citations[0].hit.document.title == "Bail commercial"
    assert answer.text.endswith(f"[{answer.citations[0].n}].")


def test_empty_store_answers_not_found_without_calling_the_model(
    workspace: Workspace, scripted: ScriptedBackend
) -> None:
    answer = workspace.ask("Wann endet der Mietvertrag?")
    assert not answer.answered and answer.text == "Die Dokumente enthalten dazu keine Angabe."
    assert scripted.calls == []


def test_a_worked_example_comes_before_the_question(
    corpus: Workspace, scripted: ScriptedBackend
) -> None:
    corpus.ask("Wat is de opzegtermijn van het Franse huurcontract?")
    system, example, shown, user = scripted.calls[-1]
    assert "Antwoord in het Nederlands" in system.content
    assert (example.role, shown.role, user.role) == ("user", "assistant", "user")
    # The example is cross-lingual, like the questions it prepares for, and cites its source.
    assert example.content.startswith("Vraag:") and "Der Vertrag beginnt" in example.content
    assert shown.content.endswith("[1].") and "1 maart 2024" in shown.content
    assert "six mois" in user.content


def test_a_language_without_an_example_gets_the_question_alone(
    corpus: Workspace, scripted: ScriptedBackend
) -> None:
    corpus.ask("Qual è il termine di preavviso del contratto di locazione francese?")
    roles = [m.role for m in scripted.calls[-1]]
    assert roles == ["system", "user"]
