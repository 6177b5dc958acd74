"""End to end with the real default model: ingest documents in three languages, ask in a
fourth, and get a cited answer from the right one. Skipped only when the model is absent
(`make setup` installs it)."""

from __future__ import annotations

from pathlib import Path

import pytest

from souverain.gateway.catalog import CATALOG, is_installed
from souverain.settings import Settings, load_settings
from souverain.workspace import Workspace
from tests.conftest import write

DEFAULT_MODEL = Settings(home=Path()).model
pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        DEFAULT_MODEL in CATALOG and not is_installed(CATALOG[DEFAULT_MODEL]),
        reason="the default model is not installed; run make setup",
    ),
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("e2e")
    docs = root / "docs"
    write(
        docs,
        "mietvertrag.md",
        "# Mietvertrag Büro Hamburg\n\n## § 2 Mietzeit\n\n"
        "Das Mietverhältnis beginnt am 1. Februar 2024 und endet am 31. Januar 2030.\n\n"
        "## § 3 Miete\n\nDie monatliche Miete beträgt 6.200 Euro zuzüglich Nebenkosten.\n",
    )
    write(
        docs,
        "handboek.md",
        "# Personeelshandboek\n\n## Vakantie\n\n"
        "Medewerkers met een volledige werkweek hebben recht op 27 vakantiedagen per jaar.\n",
    )
    write(
        docs,
        "securite.md",
        "# Consignes de sécurité\n\n## Incendie\n\n"
        "Le point de rassemblement se trouve sur le parking nord, près de la barrière.\n",
    )
    ws = Workspace(load_settings(root / "home"))
    report = ws.ingest([docs])
    assert report.count("added") == 3
    return ws


def test_cross_lingual_question_gets_a_cited_answer(workspace: Workspace) -> None:
    answer = workspace.ask("When does the lease of the Hamburg office end?")
    assert answer.answered, answer.text
    assert answer.language == "en"
    assert "2030" in answer.text
    assert answer.citations
    assert all(c.hit.document.title == "Mietvertrag Büro Hamburg" for c in answer.citations)
    assert answer.timings["total_s"] > 0


def test_search_finds_a_passage_in_another_language(workspace: Workspace) -> None:
    hits = workspace.search("How many vacation days do employees get?", k=1)
    assert hits[0].document.title == "Personeelshandboek"
