"""Measure the model gateway's overhead per call (policy, pseudonymisation, audit) against LiteLLM.

Every path sends the same 2,000-character German business prompt, full of personal data, to
the same OpenAI-compatible upstream on loopback that answers at once with a fixed completion.
The upstream runs in a process of its own (asyncio, HTTP/1.1 keep-alive), so it never shares
this process's GIL. The paths, each on one keep-alive connection, one call at a time:

    baseline        httpx.Client POST straight to the upstream: what any client pays
    allow           Gateway.chat, confidential data to a provider with no US-law exposure
    pseudonymise    Gateway.chat, internal data to a provider under US law: the policy
                    pseudonymises the prompt and restores the answer
    litellm-proxy   httpx.Client POST to LiteLLM's proxy (from PyPI, in its own virtualenv
                    under bench/.cache/peers), which forwards to the upstream
    litellm-sdk     litellm.completion() in a worker process of that virtualenv, against its
                    own interleaved httpx baseline (--no-sdk skips it)

The paths take turns call by call (the order rotating each round), so a disturbance of the
machine falls on all of them alike; overhead is a path's latency less the baseline's, both
as the difference of the distributions' medians and 99th percentiles and paired call by
call. It also measures AuditLog.append alone (appends per second) and AuditLog.verify().
It prints a table and appends it to bench/RESULTS.md; it never asserts on timings.

    .venv/bin/python bench/gateway_overhead.py                  # 500 calls per path
    .venv/bin/python bench/gateway_overhead.py --calls 50 --no-append
    .venv/bin/python bench/gateway_overhead.py --no-litellm     # souverain only, no install
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import numpy.typing as npt
from _common import BENCH_DIR, RESULTS, CpuWatch, Result, append_results, header

from souverain.audit.log import AuditLog
from souverain.domain import AuditRecord
from souverain.gateway.base import CallContext, GenerationOptions, Message
from souverain.gateway.gateway import Gateway
from souverain.gateway.openai_http import OpenAICompatibleBackend
from souverain.policy import Registry, load_policy, load_registry
from souverain.redact import Pseudonymiser

LITELLM = "litellm[proxy]==1.106.2"
LITELLM_VENV = BENCH_DIR / ".cache" / "peers" / "litellm-venv"
# LiteLLM fetches its model price map from GitHub on import unless told to use its own copy.
LITELLM_ENV = {"LITELLM_LOCAL_MODEL_COST_MAP": "True"}
MODEL = "bench-model"
MASTER_KEY = f"sk-{secrets.token_hex(32)}"
"""The proxy refuses to start without one; clients of a real deployment send it too."""
TARGET_MEDIAN_MS, TARGET_P99_MS = 5.0, 20.0
BASELINE, ALLOW, PSEUDONYMISE = "baseline", "allow", "pseudonymise"
PROXY, SDK, SDK_BASELINE = "litellm-proxy", "litellm-sdk", "baseline (SDK worker)"
ALLOW_CONTEXT = CallContext(("confidential",), provider="bench-eu")
PSEUDONYMISE_CONTEXT = CallContext(("internal",), provider="bench-us")
OPTIONS = GenerationOptions()

PROMPT = (
    "Sie sind Assistent der Buchhaltung der Hanseatische Logistik GmbH. Beantworten Sie die "
    "Frage nur anhand der Auszüge und nennen Sie die Quelle jeder Angabe.\n\n"
    "[1] Rechnung RE-2024-0815 vom 12. März 2024 (Seite 1): Lieferung von 40 Paletten "
    "Verpackungsmaterial an unser Lager in Hamburg-Billbrook. Ansprechpartnerin beim "
    "Lieferanten ist Frau Sabine Hoffmann, Telefon +49 40 3259 8871, E-Mail "
    "sabine.hoffmann@nordpack-gmbh.de. Rechnungsbetrag 18.450,00 EUR brutto, zahlbar "
    "innerhalb von 30 Tagen ohne Abzug auf das Konto DE89 3704 0044 0532 0130 00 bei der "
    "Commerzbank Köln. Bei Zahlung innerhalb von 10 Tagen gewähren wir 2 % Skonto.\n\n"
    "[2] E-Mail von Herrn Thomas Becker (Einkauf) vom 20. März 2024: Die Lieferung kam "
    "unvollständig an, es fehlen 6 Paletten. Ich habe mit Frau Hoffmann telefoniert; sie "
    "sagt eine Gutschrift für den fehlenden Teil zu. Bitte die Rechnung erst nach Eingang "
    "der Gutschrift freigeben. Rückfragen gern an mich unter 040 5512 7730 oder "
    "t.becker@hanseatische-logistik.de.\n\n"
    "[3] Gutschrift GS-2024-0112 vom 28. März 2024: Für 6 fehlende Paletten schreiben wir "
    "Ihnen 2.767,50 EUR gut. Der offene Betrag verringert sich auf 15.682,50 EUR. Die "
    "Bankverbindung bleibt unverändert. Mit freundlichen Grüßen, Sabine Hoffmann, "
    "Vertriebsinnendienst, Nordpack GmbH, Am Speicher 4, 20457 Hamburg.\n\n"
    "[4] Vermerk der Kreditorenbuchhaltung vom 2. April 2024: Zahlungsfreigabe durch "
    "Frau Dr. Katharina Vogel am 3. April erteilt. Überweisung an die IBAN aus der "
    "Rechnung vorgesehen, Skontofrist bereits abgelaufen. Herr Becker wurde informiert; die "
    "Ablage erfolgt unter Kreditor 70412.\n\n"
    "Frage von Jonas Weber (j.weber@hanseatische-logistik.de, Durchwahl 040 5512 7741): "
    "Welchen Betrag überweisen wir an Nordpack, auf welches Konto, wer hat die Zahlung "
    "freigegeben, und steht uns noch Skonto zu? Antworten Sie knapp auf Deutsch, mit den "
    "Quellen in eckigen Klammern, und erklären Sie kurz, warum das Skonto entfällt oder nicht. "
    "Falls die Auszüge nicht reichen, sagen Sie das und nennen Sie, was fehlt."
)
COMPLETION = (
    "Wir überweisen 15.682,50 EUR an [PERSON_1] bei Nordpack auf [IBAN_1] [1][3]; "
    "freigegeben hat [PERSON_3] [4]. Skonto steht uns nicht mehr zu [1][4]."
)
"""The upstream's fixed answer; its placeholders give the pseudonymise path restoring to do."""


# --------------------------------------------------------------------------- worker processes


def serve_upstream(completion: str, model: str) -> None:
    """An OpenAI-compatible upstream that answers every request at once with ``completion``.

    Runs in its own interpreter from this function's source, so it imports nothing of ours.
    """
    import asyncio
    import json
    import re
    import sys

    body = json.dumps({
        "id": "chatcmpl-bench", "object": "chat.completion", "created": 1700000000,
        "model": model, "usage": {"prompt_tokens": 700, "completion_tokens": 40, "total_tokens": 740},
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": completion}}],
    }).encode()  # fmt: skip
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
    response = head % len(body) + body
    length = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.I)

    class Upstream(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            assert isinstance(transport, asyncio.Transport)
            self.transport, self.buffer = transport, b""

        def data_received(self, data: bytes) -> None:
            self.buffer += data
            while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
                found = length.search(self.buffer, 0, end + 2)
                size = end + 4 + (int(found.group(1)) if found else 0)
                if len(self.buffer) < size:
                    return
                self.buffer = self.buffer[size:]
                self.transport.write(response)

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Upstream, "127.0.0.1", 0)
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Event().wait()

    sys.exit(asyncio.run(main()))


def sdk_worker(spec_json: str) -> None:
    """litellm.completion() against the upstream, interleaved with a plain httpx POST.

    Runs in LiteLLM's virtualenv from this function's source; prints one JSON line.
    """
    import json
    import time

    import httpx
    import litellm

    spec = json.loads(spec_json)
    body, client = spec["payload"], httpx.Client(base_url=spec["url"])

    def sdk() -> None:
        litellm.completion(
            model=f"openai/{body['model']}", api_base=spec["url"], api_key="dummy",
            messages=body["messages"], max_tokens=body["max_tokens"], temperature=0.0,
        )  # fmt: skip

    def baseline() -> None:
        client.post("/chat/completions", json=body).raise_for_status().json()

    laps: dict[str, list[float]] = {"baseline": [], "sdk": []}
    order = [("sdk", sdk), ("baseline", baseline)]
    for i in range(spec["warmup"] + spec["calls"]):
        order.reverse()  # each goes first every other round
        for name, call in order:
            start = time.perf_counter()
            call()
            if i >= spec["warmup"]:
                laps[name].append((time.perf_counter() - start) * 1000)
    print(json.dumps(laps))


def function_command(python: Path | str, function: Callable[..., None], *args: str) -> list[str]:
    """A command that runs ``function(*args)`` from its source in another interpreter."""
    source = inspect.getsource(function)
    call = f"{function.__name__}({', '.join(repr(a) for a in args)})"
    return [str(python), "-c", f"from __future__ import annotations\n{source}\n{call}\n"]


@contextmanager
def upstream() -> Iterator[str]:
    """The upstream's base URL, while it runs."""
    cmd = function_command(sys.executable, serve_upstream, COMPLETION, MODEL)
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            yield f"http://127.0.0.1:{int(proc.stdout.readline())}/v1"
        finally:
            proc.terminate()


# --------------------------------------------------------------------------- LiteLLM


def litellm_python() -> Path | None:
    """Python of LiteLLM's own virtualenv, installed there on first use; None if that fails."""
    python = LITELLM_VENV / "bin" / "python"
    if (LITELLM_VENV / "bin" / "litellm").exists():
        return python
    print(f"installing {LITELLM} into {LITELLM_VENV} (once; about 750 MB, a few minutes)")
    subprocess.run([sys.executable, "-m", "venv", str(LITELLM_VENV)], check=True)
    done = subprocess.run([str(python), "-m", "pip", "install", "-q", LITELLM], check=False)
    if done.returncode != 0 or not (LITELLM_VENV / "bin" / "litellm").exists():
        print(f"could not install {LITELLM}: LiteLLM is left out of this run", file=sys.stderr)
        return None
    return python


def litellm_version(python: Path) -> str:
    code = "import importlib.metadata as m; print(m.version('litellm'))"
    proc = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def litellm_env() -> dict[str, str]:
    """This environment without a database, plus the switches that keep LiteLLM offline."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STORE_MODEL_IN_DB")}
    return env | LITELLM_ENV


def proxy_config(upstream_url: str) -> dict[str, Any]:
    """One model routed to the upstream; a master key, no database, no spend logs, no callbacks."""
    return {
        "model_list": [{
            "model_name": MODEL,
            "litellm_params": {"model": f"openai/{MODEL}", "api_base": upstream_url,
                               "api_key": "dummy"},
        }],
        "litellm_settings": {"callbacks": [], "success_callback": [], "failure_callback": []},
        "general_settings": {"master_key": MASTER_KEY, "disable_spend_logs": True,
                             "disable_error_logs": True},
    }  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Proxy:
    url: str
    log: Path
    pid: int


@contextmanager
def litellm_proxy(python: Path, upstream_url: str, folder: Path) -> Iterator[Proxy]:
    """LiteLLM's proxy (uvicorn, one worker) on loopback, once it answers its liveliness check."""
    config, log = folder / "litellm.yaml", folder / "litellm.log"
    config.write_text(json.dumps(proxy_config(upstream_url), indent=2))  # JSON is YAML
    port = free_port()
    exe = python.parent / "litellm"
    cmd = [str(exe), "--config", str(config), "--host", "127.0.0.1", "--port", str(port),
           "--num_workers", "1"]  # fmt: skip
    with (
        log.open("w") as out,
        subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, env=litellm_env(), cwd=folder
        ) as proc,
    ):
        try:
            wait_until_live(f"http://127.0.0.1:{port}", proc, log)
            yield Proxy(f"http://127.0.0.1:{port}/v1", log, proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def wait_until_live(base: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"LiteLLM's proxy exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/health/liveliness", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise RuntimeError(f"LiteLLM's proxy did not start in 180 s:\n{log.read_text()[-3000:]}")


def outbound_lines(log: Path) -> list[str]:
    """Lines of LiteLLM's log that tell of a failed attempt to reach beyond this machine."""
    words = ("ConnectError", "ConnectionError", "Name or service not known", "name resolution",
             "fetch attempt", "Failed to fetch")  # fmt: skip
    lines = log.read_text(errors="replace").splitlines()
    return [line.strip() for line in lines if any(w in line for w in words)]


def remote_peers(pid: int) -> set[str]:
    """Non-loopback addresses that the process and its children are connected to now."""
    import psutil

    root = psutil.Process(pid)
    peers: set[str] = set()
    for proc in [root, *root.children(recursive=True)]:
        for conn in proc.net_connections(kind="inet"):
            if conn.raddr and not conn.raddr.ip.startswith(("127.", "::1")):
                peers.add(f"{conn.raddr.ip}:{conn.raddr.port}")
    return peers


def run_sdk_worker(python: Path, url: str, args: argparse.Namespace) -> dict[str, list[float]]:
    spec = {"url": url, "payload": payload(), "calls": args.calls, "warmup": args.warmup}
    cmd = function_command(python, sdk_worker, json.dumps(spec))
    proc = subprocess.run(cmd, capture_output=True, text=True, env=litellm_env(), check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"the LiteLLM SDK worker failed:\n{proc.stderr[-3000:]}")
    laps = json.loads(proc.stdout.strip().splitlines()[-1])
    return {SDK_BASELINE: laps["baseline"], SDK: laps["sdk"]}


# --------------------------------------------------------------------------- souverain


class ZeroEmbedder:
    """The gateway wants an embedder; chat never calls it, so no model is loaded."""

    name, dim = "zero", 8

    def embed_passages(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.zeros((len(texts), self.dim), np.float32)

    def embed_query(self, text: str) -> npt.NDArray[np.float32]:
        return np.zeros(self.dim, np.float32)


def bench_registry(upstream_url: str) -> Registry:
    """Two providers at the upstream. A new entry at a loopback address would count as
    self-hosted ("local"), so they say who runs them: one outside US law, one under it."""
    common = {"base_url": upstream_url, "model": MODEL, "self_hosted": False}
    return load_registry({
        "bench-eu": common | {"name": "Bench EU", "operator": "Bench SE", "country": "DE",
                              "us_exposure": False},
        "bench-us": common | {"name": "Bench US", "operator": "Bench Inc.", "country": "US",
                              "us_exposure": True},
    })  # fmt: skip


def make_gateway(upstream_url: str, audit: AuditLog) -> Gateway:
    return Gateway(
        None, {"zero": ZeroEmbedder()}, registry=bench_registry(upstream_url),
        policy=load_policy(), audit=audit, route=("bench-eu",),
        backend_factory=lambda p: OpenAICompatibleBackend(p.base_url, MODEL),
    )  # fmt: skip


def gateway_call(gateway: Gateway, context: CallContext, action: str) -> Callable[[], None]:
    messages = [Message("user", PROMPT)]

    def call() -> None:
        completion = gateway.chat(messages, OPTIONS, context)
        if completion.decision is None or completion.decision.action != action:
            raise RuntimeError(f"expected the policy to {action}, got {completion.decision}")
        if (completion.text == COMPLETION) != (action == "allow"):
            raise RuntimeError(f"the {action} path did not answer as expected")

    return call


# --------------------------------------------------------------------------- measuring


def payload() -> dict[str, Any]:
    """The request body the gateway's backend sends for the prompt, for the direct paths."""
    return {
        "model": MODEL,
        "messages": [{"role": "user", "content": PROMPT}],
        "max_tokens": OPTIONS.max_tokens,
        "temperature": OPTIONS.temperature,
    }


def http_call(client: httpx.Client) -> Callable[[], None]:
    body = payload()

    def call() -> None:
        response = client.post("/chat/completions", json=body)
        response.raise_for_status()
        if response.json()["choices"][0]["message"]["content"] != COMPLETION:
            raise RuntimeError(f"unexpected answer from {client.base_url}")

    return call


def interleaved(
    paths: dict[str, Callable[[], None]], calls: int, warmup: int
) -> dict[str, list[float]]:
    """Milliseconds per call per path; the paths take turns, in an order rotating each round."""
    names = list(paths)
    laps: dict[str, list[float]] = {name: [] for name in names}
    for i in range(warmup + calls):
        shift = i % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            paths[name]()
            if i >= warmup:
                laps[name].append((time.perf_counter() - start) * 1000)
    return laps


def pseudonymised_counts(audit: AuditLog) -> dict[str, int]:
    """What the pseudonymise path replaced in a call, from its newest audit record."""
    counts: dict[str, int] = {}
    for record in audit.records():
        if record.decision == "pseudonymise":
            counts = record.pseudonymised
    return counts


def time_pseudonymiser(calls: int) -> list[float]:
    """Pseudonymise the prompt and restore the answer, alone: the redaction's share."""
    laps = []
    for _ in range(calls):
        start = time.perf_counter()
        pseudonymiser = Pseudonymiser()
        pseudonymiser.pseudonymise(PROMPT)
        pseudonymiser.restore(COMPLETION)
        laps.append((time.perf_counter() - start) * 1000)
    return laps


def sample_record() -> AuditRecord:
    return AuditRecord(
        operation="chat", provider="bench-us", country="US", us_exposure="yes", model=MODEL,
        labels=("internal",), decision="pseudonymise", reasons=("internal data may go ...",),
        outcome="ok", started="2026-01-01T00:00:00.000000+00:00",
        ended="2026-01-01T00:00:00.001000+00:00", user="bench",
        pseudonymised={"person": 5, "iban": 1, "email": 3, "phone": 3},
        prompt_sha256="0" * 64, response_sha256="1" * 64,
    )  # fmt: skip


def audit_throughput(folder: Path, records: int) -> Result:
    """AuditLog.append in a loop on a fresh log (key made beforehand), then verify()."""
    log = AuditLog(folder)
    _ = log.signer
    record, laps = sample_record(), []
    start = time.perf_counter()
    for _ in range(records):
        begin = time.perf_counter()
        log.append(record)
        laps.append((time.perf_counter() - begin) * 1000)
    elapsed = time.perf_counter() - start
    begin = time.perf_counter()
    verified = log.verify()
    verify_s = time.perf_counter() - begin
    log.close()
    return {"laps": laps, "per_s": records / elapsed, "verify_s": verify_s, "ok": verified.ok}


@dataclass
class Run:
    laps: dict[str, list[float]]
    counts: dict[str, int]
    pseudonymiser: list[float]
    audit: Result
    litellm: str
    outbound: list[str]


def measure(args: argparse.Namespace, folder: Path) -> Run:
    python = None if args.no_litellm else litellm_python()
    with ExitStack() as stack:
        url = stack.enter_context(upstream())
        audit = AuditLog(folder / "gateway-audit")
        gateway = make_gateway(url, audit)
        stack.callback(gateway.close)
        paths = {
            BASELINE: http_call(stack.enter_context(httpx.Client(base_url=url))),
            ALLOW: gateway_call(gateway, ALLOW_CONTEXT, "allow"),
            PSEUDONYMISE: gateway_call(gateway, PSEUDONYMISE_CONTEXT, "pseudonymise"),
        }
        outbound: list[str] = []
        if python is not None:
            proxy = stack.enter_context(litellm_proxy(python, url, folder))
            client = httpx.Client(
                base_url=proxy.url, headers={"Authorization": f"Bearer {MASTER_KEY}"}
            )
            paths[PROXY] = http_call(stack.enter_context(client))
        print(f"measuring {', '.join(paths)}: {args.warmup} + {args.calls} calls each", flush=True)
        laps = interleaved(paths, args.calls, args.warmup)
        counts = pseudonymised_counts(audit) if PSEUDONYMISE in laps else {}
        if python is not None:
            outbound = [f"connected to {p}" for p in remote_peers(proxy.pid)]
            outbound += outbound_lines(proxy.log)
        if python is not None and not args.no_sdk:
            print("measuring litellm.completion() in its own process", flush=True)
            laps |= run_sdk_worker(python, url, args)
    print(f"timing AuditLog.append x {args.audit_records}", flush=True)
    throughput = audit_throughput(folder / "throughput-audit", args.audit_records)
    version_text = litellm_version(python) if python is not None else ""
    return Run(laps, counts, time_pseudonymiser(args.calls), throughput, version_text, outbound)


# --------------------------------------------------------------------------- report


Values = Sequence[float] | npt.NDArray[np.float64]


def p50(values: Values) -> float:
    return float(np.median(values))


def p99(values: Values) -> float:
    return float(np.percentile(values, 99))


def baseline_of(path: str) -> str:
    return SDK_BASELINE if path == SDK else BASELINE


def latency_table(laps: dict[str, list[float]]) -> list[str]:
    rows = [
        "| Path | Median ms | p99 ms | Overhead median ms | Overhead p99 ms "
        "| Paired overhead median ms | Paired overhead p99 ms | Calls |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for path, values in laps.items():
        base = laps[baseline_of(path)]
        cells = [f"{p50(values):.2f}", f"{p99(values):.2f}"]
        if path in (BASELINE, SDK_BASELINE):
            cells += ["–"] * 4
        else:
            paired = np.subtract(values, base)
            cells += [f"{p50(values) - p50(base):.2f}", f"{p99(values) - p99(base):.2f}"]
            cells += [f"{p50(paired):.2f}", f"{p99(paired):.2f}"]
        rows.append(f"| {path} | {' | '.join(cells)} | {len(values)} |")
    return rows


def parts_table(run: Run) -> list[str]:
    appends = run.audit["laps"]
    return [
        "| Part, measured alone | Median ms | p99 ms | Rate |",
        "|---|---:|---:|---:|",
        f"| Pseudonymiser: pseudonymise the prompt, restore the answer | "
        f"{p50(run.pseudonymiser):.2f} | {p99(run.pseudonymiser):.2f} | – |",
        f"| AuditLog.append ({len(appends):,} records) | {p50(appends):.2f} | {p99(appends):.2f} "
        f"| {run.audit['per_s']:,.0f} appends/s |",
        f"| AuditLog.verify() of those {len(appends):,} records | – | – | "
        f"{run.audit['verify_s'] * 1000:,.0f} ms ({'ok' if run.audit['ok'] else 'FAILED'}) |",
    ]


def verdict(laps: dict[str, list[float]], path: str) -> str:
    median = p50(laps[path]) - p50(laps[BASELINE])
    tail = p99(laps[path]) - p99(laps[BASELINE])
    met = median < TARGET_MEDIAN_MS and tail < TARGET_P99_MS
    return f"{path} {median:.2f} ms / {tail:.2f} ms ({'met' if met else 'NOT met'})"


def notes(run: Run, args: argparse.Namespace) -> list[str]:
    found = ", ".join(f"{k} {v}" for k, v in sorted(run.counts.items()))
    lines = [
        f"Target (issue): gateway overhead median under {TARGET_MEDIAN_MS:.0f} ms and p99 under "
        f"{TARGET_P99_MS:.0f} ms: {verdict(run.laps, ALLOW)}; {verdict(run.laps, PSEUDONYMISE)}.",
        "Overhead median/p99: the path's median/p99 less the baseline's; paired: the same "
        "statistics of (path - baseline) call by call, in the same round.",
        f"Prompt: {len(PROMPT):,} characters of German accounting mail; the pseudonymise path "
        f"replaced {found or 'nothing'} in each call and restored the answer's placeholders.",
        "Both gateway paths append a signed record per call to an audit log in a temporary "
        "folder (SQLite WAL, synchronous=NORMAL, plus the checkpoint file).",
    ]
    if run.litellm:
        lines.append(
            f"LiteLLM {run.litellm}: proxy started as `litellm --config ... --num_workers 1` "
            "(uvicorn), no database, no callbacks, LITELLM_LOCAL_MODEL_COST_MAP=True; the SDK row "
            "is litellm.completion() in a worker process, against that worker's own baseline."
        )
        seen = "; ".join(run.outbound[:3]) or "none"
        lines.append(f"LiteLLM's reaches beyond loopback (log lines, open connections): {seen}.")
    elif not args.no_litellm:
        lines.append("LiteLLM could not be installed: its rows are missing.")
    return lines


def report(run: Run, args: argparse.Namespace, extra: list[str]) -> str:
    settings = (
        f"{args.calls} calls per path after {args.warmup} warm-up rounds, interleaved, one "
        f"keep-alive connection per path; upstream: asyncio HTTP/1.1 on loopback in its own "
        f"process; httpx {httpx.__version__}"
    )
    return "\n".join([
        *header("gateway_overhead", settings), *latency_table(run.laps), "",
        *parts_table(run), "", *[f"- {n}" for n in notes(run, args) + extra], "",
    ])  # fmt: skip


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--calls", type=int, default=500, help="timed calls per path (default 500)")
    p.add_argument("--warmup", type=int, default=30, help="untimed rounds first (default 30)")
    p.add_argument(
        "--audit-records", type=int, default=2000, help="AuditLog.append calls (default 2000)"
    )
    p.add_argument(
        "--no-litellm",
        action="store_true",
        help=f"skip LiteLLM (and its install into {LITELLM_VENV})",
    )
    p.add_argument("--no-sdk", action="store_true", help="skip the litellm.completion() row")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started, watch = time.perf_counter(), CpuWatch()
    folder = Path(tempfile.mkdtemp(prefix="gateway-bench-"))
    try:
        run = measure(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    extra = [watch.summary(), f"Whole run: {time.perf_counter() - started:.0f} s."]
    text = report(run, args, extra)
    print(text)
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
