"""Offline mode: the guard at the socket level stops every connection off the machine, in
any library and in child processes, and the attempt is audited. Each check runs in its own
interpreter, because the guard cannot be removed once installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from souverain.audit import AuditLog
from souverain.gateway.offline import is_local

PYTHON = sys.executable
SOUVERAIN = str(Path(PYTHON).parent / "souverain")


def run_guarded(code: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    script = "from souverain.gateway import offline\noffline.install()\n" + textwrap.dedent(code)
    return subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, **(env or {})},
    )  # fmt: skip


@pytest.mark.parametrize(
    "attempt",
    [
        "socket.create_connection(('192.0.2.10', 443), timeout=2)",
        "socket.getaddrinfo('example.org', 443)",
        "socket.gethostbyname('example.org')",
        "socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('9.9.9.9', 53))",
        "socket.create_connection(('2001:db8::1', 443), timeout=2)",
        "httpx.get('https://api.mistral.ai/v1/models', timeout=2)",
        "urllib.request.urlopen('http://192.0.2.10/', timeout=2)",
    ],
)
def test_the_guard_stops_connections_off_the_machine(attempt: str) -> None:
    result = run_guarded(f"""
        import socket, urllib.request, httpx
        from souverain.errors import EgressBlocked
        try:
            {attempt}
        except EgressBlocked as exc:
            print("blocked:", exc.message)
        except Exception as exc:  # a library that wraps our error still must not connect
            print("failed:", type(exc).__name__, exc)
        else:
            print("CONNECTED")
    """)
    assert "CONNECTED" not in result.stdout, result
    assert "offline mode" in result.stdout, result.stdout + result.stderr


def test_loopback_stays_open() -> None:
    result = run_guarded("""
        import socket
        server = socket.create_server(("127.0.0.1", 0))
        port = server.getsockname()[1]
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        socket.create_connection(("localhost", port), timeout=2).close()
        print("ok")
    """)
    assert result.stdout.strip() == "ok", result.stderr


def test_child_processes_are_guarded_too(tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(
        textwrap.dedent("""
        import multiprocessing as mp

        def reach():
            import socket
            import souverain  # as every worker souverain starts (its code lives there)
            try:
                socket.getaddrinfo("example.org", 80)
            except Exception as exc:
                return type(exc).__name__
            return "CONNECTED"

        if __name__ == "__main__":
            from souverain.gateway import offline
            offline.install()
            with mp.get_context("spawn").Pool(1) as pool:
                print(pool.apply(reach))
    """)
    )
    result = subprocess.run([PYTHON, str(script)], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "EgressBlocked", result.stdout + result.stderr


def test_offline_cli_refuses_remote_providers_and_audits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = subprocess.run(
        [SOUVERAIN, "--home", str(home), "--offline", "policy", "explain",
         "--provider", "mistral-eu", "--label", "public"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 77
    assert "offline mode" in result.stdout


def test_blocked_attempts_are_audited(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_guarded(f"""
        import socket
        from souverain.settings import load_settings
        from souverain.workspace import Workspace
        ws = Workspace(load_settings({str(home)!r}, offline=True))
        try:
            socket.getaddrinfo("api.openai.com", 443)
        except Exception as exc:
            print(type(exc).__name__)
        ws.close()
    """)
    assert result.stdout.strip() == "EgressBlocked", result.stderr
    (record,) = AuditLog(home / "audit").records()
    assert (record.operation, record.provider, record.outcome) == (
        "egress",
        "api.openai.com",
        "blocked",
    )


def test_local_names() -> None:
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost")
    assert is_local("127.8.9.10") and is_local("[::1]")
    assert not is_local("10.0.0.1") and not is_local("example.org") and not is_local("::2")


@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_ingest_and_search_work_inside_a_namespace_with_no_network(tmp_path: Path) -> None:
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a network namespace here (needs root or user namespaces)")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lease.md").write_text("# Mietvertrag\n\nDer Mietvertrag endet am 31. Januar 2030.\n")
    home = str(tmp_path / "home")
    for args in (["ingest", str(docs)], ["search", "lease end", "--json"]):
        result = subprocess.run(
            ["unshare", "--net", SOUVERAIN, "--home", home, "--offline", *args],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert "2030" in result.stdout


@pytest.mark.model
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_ask_with_the_local_model_inside_a_namespace_with_no_network(tmp_path: Path) -> None:
    from souverain.gateway.catalog import CATALOG, is_installed
    from souverain.settings import Settings

    model = Settings(home=tmp_path).model
    if model in CATALOG and not is_installed(CATALOG[model]):
        pytest.skip("the default model is not installed; run make setup")
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot create a network namespace here (needs root or user namespaces)")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lease.md").write_text(
        "# Mietvertrag Büro Hamburg\n\n## Mietzeit\n\nDas Mietverhältnis endet am 31. Januar 2030.\n"
    )
    home = str(tmp_path / "home")
    question = "When does the lease of the Hamburg office end?"
    for args in (["ingest", str(docs)], ["ask", question, "--json"]):
        result = subprocess.run(
            ["unshare", "--net", SOUVERAIN, "--home", home, "--offline", *args],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert "2030" in result.stdout
    records = list(AuditLog(Path(home) / "audit").records())
    assert {r.us_exposure for r in records} == {"local"} and AuditLog(
        Path(home) / "audit"
    ).verify().ok
