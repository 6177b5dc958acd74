"""`souverain providers`, `policy` and `audit` as a user types them: output, JSON shape and
exit codes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from souverain.cli.main import cli
from souverain.gateway.testing import FakeOpenAIServer
from tests.conftest import write


def run(home: Path, *args: str) -> object:
    return CliRunner().invoke(cli, ["--home", str(home), *args])


def test_providers_list_json_has_every_fact_with_its_source(tmp_path: Path) -> None:
    result = run(tmp_path, "providers", "list", "--json")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    data = json.loads(result.stdout)  # type: ignore[attr-defined]
    azure = next(p for p in data["providers"] if p["id"] == "azure-openai-westeurope")
    assert azure["us_exposure"] is True and azure["trust"] == "us-law"
    assert azure["parent_country"] == "US" and azure["sources"]["parent"].startswith("http")
    assert data["reviewed"]


def test_policy_explain_exits_77_when_refused(tmp_path: Path) -> None:
    refused = run(tmp_path, "policy", "explain", "--provider", "azure-openai-westeurope",
                  "--label", "confidential", "--json")  # fmt: skip
    assert refused.exit_code == 77  # type: ignore[attr-defined]
    decision = json.loads(refused.stdout)  # type: ignore[attr-defined]
    assert decision["action"] == "refuse" and decision["reasons"]
    allowed = run(tmp_path, "policy", "explain", "--provider", "mistral-eu", "--label", "secret")
    assert allowed.exit_code == 0 and "allowed" in allowed.stdout  # type: ignore[attr-defined]
    unknown = run(tmp_path, "policy", "explain", "--provider", "nobody", "--label", "public")
    assert unknown.exit_code == 66  # type: ignore[attr-defined]


def test_a_users_policy_file_is_used_and_shown(tmp_path: Path) -> None:
    default = run(tmp_path, "policy", "show").stdout  # type: ignore[attr-defined]
    (tmp_path / "policy.toml").write_text(default.replace("deny = []", 'deny = ["mistral-eu"]'))
    result = run(tmp_path, "policy", "explain", "--provider", "mistral-eu", "--label", "public")
    assert result.exit_code == 77 and "denied" in result.stdout  # type: ignore[attr-defined]


def test_ask_audit_verify_tamper_and_export(tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = write(tmp_path / "docs", "lease.md", "# Lease\n\nThe lease ends on 31 January 2030.\n")
    with FakeOpenAIServer("It ends on 31 January 2030 [1].") as server:
        base = ["--backend", "openai", "--base-url", server.url, "--model", "m"]
        assert run(home, *base, "ingest", str(docs)).exit_code == 0  # type: ignore[attr-defined]
        asked = run(home, *base, "ask", "When does the lease end?", "--json")
    answer = json.loads(asked.stdout)  # type: ignore[attr-defined]
    assert answer["provider"] == "self-hosted" and answer["policy"]["action"] == "allow"
    verified = run(home, "audit", "verify")
    assert verified.exit_code == 0 and "intact" in verified.stdout  # type: ignore[attr-defined]
    export = run(home, "audit", "export", "--since", "2020-01-01").stdout  # type: ignore[attr-defined]
    rows = export.strip().splitlines()
    assert rows[0].startswith("seq,") and any(",chat," in r for r in rows[1:])
    assert "lease" not in export.lower()  # hashes, never text
    conn = sqlite3.connect(home / "audit" / "audit.db")
    conn.execute("DROP TRIGGER records_no_update")
    conn.execute("UPDATE records SET body = replace(body, '\"ok\"', '\"OK\"') WHERE seq = 2")
    conn.commit()
    conn.close()
    tampered = run(home, "audit", "verify")
    assert tampered.exit_code == 1 and "record 2" in tampered.stderr  # type: ignore[attr-defined]
