"""Measure souverain.redact on the labelled personal-data set of bench/data/pii (de, nl, fr, en).

Per language and entity type: gold count, precision, recall and F1 of ``find_entities``; per type
over all languages also exact-span recall and the recall target. A prediction matches a gold
entity when the types are equal and the spans overlap by at least half of the longer span (one
prediction per gold entity). Then, with one ``Pseudonymiser`` per document: restoration
(``restore(pseudonymise(text)) == text``), streamed restoration (the pseudonymised text fed to
``restorer()`` in seeded random chunks of 1-7 characters), the leak rate (gold entity strings still
present verbatim in the pseudonymised text) and the throughput of ``find_entities`` in characters
per second. It prints a table and appends it to bench/RESULTS.md; it never asserts on timings.

Every run first checks the corpus (offsets, order, check digits of the identifiers) and the
scorer itself on hand-made cases. ``--oracle`` scores the gold entities as predictions, with a
placeholder pseudonymiser built on them: it must give P = R = 1 and full restoration, and is
the scorer's self-test. Without souverain.redact, a plain run stops after the checks.

    .venv/bin/python bench/redact_quality.py            # the detector, all languages, appends
    .venv/bin/python bench/redact_quality.py --quick    # 10 documents per language, no append
    .venv/bin/python bench/redact_quality.py --oracle --no-append   # the scorer's self-test
    .venv/bin/python bench/redact_quality.py --check    # corpus and scorer checks only
    .venv/bin/python bench/redact_quality.py --errors 5 --no-append  # also list misses
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from _common import BENCH_DIR, REPO, RESULTS, CpuWatch, append_results, header
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.de import idnr
from stdnum.eu import vat as eu_vat
from stdnum.fr import nir
from stdnum.gb import vat as gb_vat
from stdnum.nl import bsn

CORPUS = BENCH_DIR / "data" / "pii"
LANGUAGES = ("de", "nl", "fr", "en")
TYPES = (
    "person",
    "company",
    "email",
    "phone",
    "iban",
    "vat",
    "national_id",
    "credit_card",
    "secret",
)
TARGETS = {
    "iban": 0.98,
    "vat": 0.98,
    "national_id": 0.98,
    "credit_card": 0.98,
    "email": 0.95,
    "phone": 0.95,
    "person": 0.85,
}
"""Recall targets: identifiers with check digits, then e-mail and phone, then names."""
MIN_OVERLAP = 0.5
"""A prediction matches when it overlaps a gold span by this share of the longer of the two."""
CHUNK_SIZES = (1, 7)
SEED = 0
NINO = re.compile(
    r"(?![DFIQUV])[A-Z](?![DFIQUVO])[A-Z]"  # letters never used in a prefix
    r"(?<!BG)(?<!GB)(?<!NK)(?<!KN)(?<!TN)(?<!NT)(?<!ZZ)"  # prefixes never allocated
    r"\d{6}[A-D]"
)
SEPARATORS = re.compile(r"[\s.\-/]")


# --------------------------------------------------------------------------- interface


class EntityLike(Protocol):
    """What souverain.redact's Entity offers (a dataclass or a named tuple will do)."""

    @property
    def type(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


class RestorerLike(Protocol):
    def feed(self, chunk: str) -> str: ...
    def flush(self) -> str: ...


class PseudonymiserLike(Protocol):
    @property
    def counts(self) -> dict[str, int]: ...
    def pseudonymise(self, text: str, language: str | None = None) -> str: ...
    def restore(self, text: str) -> str: ...
    def restorer(self) -> RestorerLike: ...


FindEntities = Callable[[str, str | None], Sequence[EntityLike]]
NewPseudonymiser = Callable[[], PseudonymiserLike]


# --------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Span:
    type: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Doc:
    id: str
    language: str
    text: str
    entities: tuple[Span, ...]


def load_corpus(folder: Path, languages: Iterable[str]) -> list[Doc]:
    """Every document of ``folder/LANG.jsonl``; raises on a malformed line or span."""
    docs: list[Doc] = []
    for language in languages:
        path = folder / f"{language}.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            raw = json.loads(line)
            spans = tuple(Span(e["type"], e["start"], e["end"], e["text"]) for e in raw["entities"])
            doc = Doc(raw["id"], raw["language"], raw["text"], spans)
            problems = span_problems(doc.text, spans)
            if doc.language != language:
                problems.append(f"language {doc.language!r} in {path.name}")
            if problems:
                raise ValueError(f"{path.name}:{number} ({doc.id}): {'; '.join(problems)}")
            docs.append(doc)
    ids = Counter(d.id for d in docs)
    if duplicates := [i for i, n in ids.items() if n > 1]:
        raise ValueError(f"duplicate document ids: {', '.join(duplicates)}")
    return docs


def span_problems(text: str, spans: Sequence[EntityLike]) -> list[str]:
    """Offsets that do not fit the text, unknown types, overlaps or spans out of order."""
    problems = []
    previous_end = 0
    for s in spans:
        if s.type not in TYPES:
            problems.append(f"unknown type {s.type!r}")
        if not 0 <= s.start < s.end <= len(text) or text[s.start : s.end] != s.text:
            problems.append(f"{s.type} [{s.start}:{s.end}] does not hold {s.text!r}")
        if s.start < previous_end:
            problems.append(f"{s.type} [{s.start}:{s.end}] overlaps or precedes the one before")
        previous_end = max(previous_end, s.end)
    return problems


def identifier_problems(docs: Sequence[Doc]) -> list[str]:
    """Gold identifiers whose check digits fail: the set must only hold valid ones."""
    problems = []
    for doc in docs:
        for s in doc.entities:
            if not valid_identifier(s.type, s.text):
                problems.append(f"{doc.id}: {s.type} {s.text!r} fails its check")
    return problems


def valid_identifier(kind: str, text: str) -> bool:
    compact = SEPARATORS.sub("", text)
    if kind == "iban":
        return bool(std_iban.is_valid(text))
    if kind == "vat":
        return bool(eu_vat.is_valid(compact) or gb_vat.is_valid(compact))
    if kind == "national_id":
        return bool(
            idnr.is_valid(compact)
            or bsn.is_valid(compact)
            or nir.is_valid(compact)
            or NINO.fullmatch(compact)
        )
    if kind == "credit_card":
        return compact.isdigit() and 13 <= len(compact) <= 19 and bool(luhn.is_valid(compact))
    return True


# --------------------------------------------------------------------------- scoring


@dataclass
class Counts:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    """Gold entities with a prediction of the same type and exactly the same span."""

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.exact += other.exact

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def exact_recall(self) -> float | None:
        return self.exact / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def matches(gold: Span, predicted: EntityLike) -> int:
    """The overlap in characters when the two match, else 0."""
    if gold.type != predicted.type:
        return 0
    overlap = min(gold.end, predicted.end) - max(gold.start, predicted.start)
    longer = max(gold.end - gold.start, predicted.end - predicted.start)
    return overlap if overlap > 0 and overlap >= MIN_OVERLAP * longer else 0


@dataclass
class Alignment:
    counts: dict[str, Counts]
    missed: list[Span]
    spurious: list[EntityLike]


def align(gold: Sequence[Span], predicted: Sequence[EntityLike]) -> Alignment:
    """One-to-one matching, largest overlaps first (then earliest); counts per type."""
    pairs = sorted(
        (-overlap, gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if (overlap := matches(g, p))
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for _, gi, pi in pairs:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
    counts = {t: Counts() for t in TYPES}
    exact = {(p.type, p.start, p.end) for p in predicted}
    for gi, g in enumerate(gold):
        c = counts[g.type]
        c.gold += 1
        c.matched += gi in used_gold
        c.exact += (g.type, g.start, g.end) in exact
    for p in predicted:
        if p.type in counts:
            counts[p.type].predicted += 1
    missed = [g for gi, g in enumerate(gold) if gi not in used_gold]
    spurious = [p for pi, p in enumerate(predicted) if pi not in used_pred]
    return Alignment(counts, missed, spurious)


def leaked(value: str, text: str) -> bool:
    """Whether ``value`` is still in ``text`` verbatim, not as part of a longer word."""
    before = r"(?<!\w)" if value[:1].isalnum() else ""
    after = r"(?!\w)" if value[-1:].isalnum() else ""
    return re.search(before + re.escape(value) + after, text) is not None


def chunks(text: str, rng: random.Random) -> list[str]:
    out, i = [], 0
    while i < len(text):
        n = rng.randint(*CHUNK_SIZES)
        out.append(text[i : i + n])
        i += n
    return out


# --------------------------------------------------------------------------- oracle


class OraclePseudonymiser:
    """Replaces the gold spans of known texts by numbered placeholders; for ``--oracle`` and
    the self-check, so that the round-trip, streaming and leak measures are tested too."""

    def __init__(self, gold: dict[str, tuple[Span, ...]]) -> None:
        self._gold = gold
        self._by_value: dict[tuple[str, str], str] = {}
        self._by_placeholder: dict[str, str] = {}
        self.counts: dict[str, int] = {}

    def pseudonymise(self, text: str, language: str | None = None) -> str:
        out, position = [], 0
        for s in self._gold.get(text, ()):
            key = (s.type, s.text)
            if key not in self._by_value:
                self.counts[s.type] = self.counts.get(s.type, 0) + 1
                placeholder = f"⟨{s.type.upper()}_{self.counts[s.type]}⟩"
                self._by_value[key] = placeholder
                self._by_placeholder[placeholder] = s.text
            out += [text[position : s.start], self._by_value[key]]
            position = s.end
        return "".join([*out, text[position:]])

    def restore(self, text: str) -> str:
        return re.sub("⟨[A-Z_]+_\\d+⟩", lambda m: self._by_placeholder.get(m[0], m[0]), text)

    def restorer(self) -> OracleRestorer:
        return OracleRestorer(self)


class OracleRestorer:
    def __init__(self, owner: OraclePseudonymiser) -> None:
        self._owner = owner
        self._pending = ""

    def feed(self, chunk: str) -> str:
        text = self._pending + chunk
        cut = text.rfind("⟨")
        if cut == -1 or "⟩" in text[cut:]:
            cut = len(text)
        self._pending = text[cut:]
        return self._owner.restore(text[:cut])

    def flush(self) -> str:
        text, self._pending = self._pending, ""
        return self._owner.restore(text)


# --------------------------------------------------------------------------- self-check


def self_check() -> None:
    """The scorer on hand-made cases, and the round trip with the oracle pseudonymiser."""
    g = [Span("person", 0, 10, "x" * 10), Span("iban", 20, 30, "y" * 10)]

    def scored(*pred: tuple[str, int, int]) -> tuple[int, int, int, int]:
        spans = [Span(t, a, b, "") for t, a, b in pred]
        a = align(g, spans)
        total = Counts()
        for c in a.counts.values():
            total.add(c)
        return total.gold, total.predicted, total.matched, total.exact

    cases = {
        "exact spans": (scored(("person", 0, 10), ("iban", 20, 30)), (2, 2, 2, 2)),
        "half the longer span": (scored(("person", 0, 5)), (2, 1, 1, 0)),
        "less than half": (scored(("person", 0, 4)), (2, 1, 0, 0)),
        "longer prediction, half": (scored(("iban", 15, 35)), (2, 1, 1, 0)),
        "wrong type": (scored(("company", 0, 10)), (2, 1, 0, 0)),
        "two predictions, one gold": (scored(("person", 0, 6), ("person", 4, 10)), (2, 2, 1, 0)),
        "no overlap": (scored(("person", 10, 20)), (2, 1, 0, 0)),
    }
    failed = [f"{name}: {got} != {want}" for name, (got, want) in cases.items() if got != want]
    text = "Anna Smith (anna@example.org) paid Anna Smith."
    spans = (
        Span("person", 0, 10, "Anna Smith"),
        Span("email", 12, 28, "anna@example.org"),
        Span("person", 35, 45, "Anna Smith"),
    )
    if span_problems(text, spans):
        failed.append(f"self-check spans: {span_problems(text, spans)}")
    oracle = OraclePseudonymiser({text: spans})
    masked = oracle.pseudonymise(text)
    streamed = stream_restore(oracle, masked, random.Random(SEED))
    if (
        oracle.restore(masked) != text
        or streamed != text
        or oracle.counts
        != {
            "person": 1,
            "email": 1,
        }
    ):
        failed.append(f"oracle round trip: {masked!r} -> {streamed!r}, counts {oracle.counts}")
    if any(leaked(s.text, masked) for s in spans) or not leaked("Anna", text):
        failed.append("leak test")
    if leaked("Ann", "Anna Smith") or not leaked("+49 30 123", "Tel. +49 30 123."):
        failed.append("leak boundaries")
    if failed:
        raise SystemExit("scorer self-check failed:\n" + "\n".join(failed))


def stream_restore(p: PseudonymiserLike, masked: str, rng: random.Random) -> str:
    restorer = p.restorer()
    return "".join(restorer.feed(c) for c in chunks(masked, rng)) + restorer.flush()


# --------------------------------------------------------------------------- runs


@dataclass
class LanguageRun:
    language: str
    docs: int = 0
    chars: int = 0
    counts: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in TYPES})
    restored: int = 0
    streamed: int = 0
    leaked: Counter[str] = field(default_factory=Counter)
    first_call_s: float = 0.0
    best_pass_s: float = float("inf")
    missed: list[tuple[Doc, Span]] = field(default_factory=list)
    spurious: list[tuple[Doc, EntityLike]] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    replaced: Counter[str] = field(default_factory=Counter)

    def total(self) -> Counts:
        total = Counts()
        for c in self.counts.values():
            total.add(c)
        return total


def run_language(
    docs: Sequence[Doc],
    language: str,
    find: FindEntities,
    new_pseudonymiser: NewPseudonymiser,
    pass_language: bool,
    repeat: int,
) -> LanguageRun:
    run = LanguageRun(language, len(docs), sum(len(d.text) for d in docs))
    hint = language if pass_language else None
    predictions: list[Sequence[EntityLike]] = []
    for i, doc in enumerate(docs):
        start = time.perf_counter()
        try:
            predicted = list(find(doc.text, hint))
        except Exception as exc:
            run.failures.append(f"{doc.id}: find_entities raised {exc!r}")
            predicted = []
        if i == 0:
            run.first_call_s = time.perf_counter() - start
        if problems := span_problems(doc.text, predicted):
            run.invalid += [f"{doc.id}: {p}" for p in problems]
        predicted = [p for p in predicted if p.type in TYPES]
        predictions.append(predicted)
        alignment = align(doc.entities, predicted)
        for t, c in alignment.counts.items():
            run.counts[t].add(c)
        run.missed += [(doc, s) for s in alignment.missed]
        run.spurious += [(doc, p) for p in alignment.spurious]
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            with contextlib.suppress(Exception):  # counted in the scored pass
                find(doc.text, hint)
        run.best_pass_s = min(run.best_pass_s, time.perf_counter() - start)
    for doc in docs:
        round_trip(run, doc, new_pseudonymiser, hint)
    return run


def round_trip(
    run: LanguageRun, doc: Doc, new_pseudonymiser: NewPseudonymiser, hint: str | None
) -> None:
    p = new_pseudonymiser()
    try:
        masked = p.pseudonymise(doc.text, hint)
    except Exception as exc:
        run.failures.append(f"{doc.id}: pseudonymise raised {exc!r}")
        run.leaked.update(s.type for s in doc.entities)
        return
    run.leaked.update(s.type for s in doc.entities if leaked(s.text, masked))
    run.replaced.update(p.counts)
    try:
        run.restored += p.restore(masked) == doc.text
    except Exception as exc:
        run.failures.append(f"{doc.id}: restore raised {exc!r}")
    rng = random.Random(f"{SEED}:{doc.id}")
    try:
        run.streamed += stream_restore(p, masked, rng) == doc.text
    except Exception as exc:
        run.failures.append(f"{doc.id}: restorer raised {exc!r}")


# --------------------------------------------------------------------------- report


def fmt(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "–"


def detection_table(runs: Sequence[LanguageRun]) -> list[str]:
    lines = [
        "| Language | Type | Gold | Predicted | Precision | Recall | F1 |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        rows = [(t, run.counts[t]) for t in TYPES] + [("all (micro)", run.total())]
        for name, c in rows:
            lines.append(
                f"| {run.language} | {name} | {c.gold} | {c.predicted} | {fmt(c.precision)} "
                f"| {fmt(c.recall)} | {fmt(c.f1)} |"
            )
    return lines


def type_table(runs: Sequence[LanguageRun]) -> list[str]:
    lines = [
        "| Type | Gold | Precision | Recall | F1 | Exact-span recall | Leak rate "
        "| Recall target | Met |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    overall = Counts()
    for t in TYPES:
        c = Counts()
        for run in runs:
            c.add(run.counts[t])
        overall.add(c)
        leaks = sum(run.leaked[t] for run in runs)
        target = TARGETS.get(t)
        met = "–"
        if target is not None and c.recall is not None:
            met = "yes" if c.recall >= target else "no"
        lines.append(
            f"| {t} | {c.gold} | {fmt(c.precision)} | {fmt(c.recall)} | {fmt(c.f1)} "
            f"| {fmt(c.exact_recall)} | {fmt(leaks / c.gold if c.gold else None)} "
            f"| {'–' if target is None else f'≥ {target:.2f}'} | {met} |"
        )
    leaks = sum(sum(run.leaked.values()) for run in runs)
    lines.append(
        f"| all (micro) | {overall.gold} | {fmt(overall.precision)} | {fmt(overall.recall)} "
        f"| {fmt(overall.f1)} | {fmt(overall.exact_recall)} "
        f"| {fmt(leaks / overall.gold if overall.gold else None)} | – | – |"
    )
    return lines


def round_trip_table(runs: Sequence[LanguageRun]) -> list[str]:
    lines = [
        "| Language | Documents | Characters | Restored | Streamed restored | Leak rate "
        "| find_entities chars/s | First call (ms) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for run in [*runs, merged(runs)]:
        gold = run.total().gold
        rate = run.chars / run.best_pass_s if run.best_pass_s > 0 else float("nan")
        first = f"{run.first_call_s * 1000:.1f}" if run.language != "all" else "–"
        lines.append(
            f"| {run.language} | {run.docs} | {run.chars:,} | {share(run.restored, run.docs)} "
            f"| {share(run.streamed, run.docs)} | {share(sum(run.leaked.values()), gold)} "
            f"| {rate:,.0f} | {first} |"
        )
    return lines


def merged(runs: Sequence[LanguageRun]) -> LanguageRun:
    out = LanguageRun("all", best_pass_s=0.0)
    for run in runs:
        out.docs += run.docs
        out.chars += run.chars
        out.restored += run.restored
        out.streamed += run.streamed
        out.leaked.update(run.leaked)
        out.replaced.update(run.replaced)
        out.best_pass_s += run.best_pass_s
        for t in TYPES:
            out.counts[t].add(run.counts[t])
        out.invalid += run.invalid
        out.failures += run.failures
    return out


def corpus_table(docs: Sequence[Doc], languages: Sequence[str]) -> list[str]:
    lines = [
        "| Language | Documents | Characters | " + " | ".join(TYPES) + " | All |",
        "|---|---|---|" + "---|" * (len(TYPES) + 1),
    ]
    for language in languages:
        ds = [d for d in docs if d.language == language]
        n = Counter(s.type for d in ds for s in d.entities)
        lines.append(
            f"| {language} | {len(ds)} | {sum(len(d.text) for d in ds):,} | "
            + " | ".join(str(n[t]) for t in TYPES)
            + f" | {sum(n.values())} |"
        )
    return lines


def context(doc: Doc, start: int, end: int, width: int = 30) -> str:
    left = doc.text[max(0, start - width) : start]
    right = doc.text[end : end + width]
    return f"…{left}[{doc.text[start:end]}]{right}…".replace("\n", "⏎")


def error_listing(runs: Sequence[LanguageRun], limit: int) -> list[str]:
    lines = []
    for run in runs:
        for t in TYPES:
            missed = [(d, s) for d, s in run.missed if s.type == t][:limit]
            spurious = [(d, p) for d, p in run.spurious if p.type == t][:limit]
            for doc, s in missed:
                lines.append(
                    f"{run.language} {t} MISSED   {doc.id}: {context(doc, s.start, s.end)}"
                )
            for doc, p in spurious:
                lines.append(
                    f"{run.language} {t} SPURIOUS {doc.id}: {context(doc, p.start, p.end)}"
                )
    return lines


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--corpus", type=Path, default=CORPUS, help=f"default {CORPUS}")
    p.add_argument("--languages", default=",".join(LANGUAGES), help="default de,nl,fr,en")
    p.add_argument("--oracle", action="store_true", help="score the gold entities (self-test)")
    p.add_argument("--check", action="store_true", help="corpus and scorer checks only")
    p.add_argument(
        "--no-language", action="store_true", help="call find_entities without the language"
    )
    p.add_argument("--repeat", type=int, default=3, help="timed passes for throughput (best)")
    p.add_argument("--limit", type=int, help="only the first N documents per language")
    p.add_argument("--errors", type=int, default=0, help="print N misses and N spurious per type")
    p.add_argument("--quick", action="store_true", help="10 documents per language, no append")
    p.add_argument("--no-append", action="store_true", help=f"do not append to {RESULTS.name}")
    args = p.parse_args(argv)
    if args.quick:
        args.limit, args.repeat, args.no_append = args.limit or 10, 1, True
    if args.repeat < 1:
        p.error("--repeat must be at least 1")
    args.languages = args.languages.split(",")
    if unknown := set(args.languages) - set(LANGUAGES):
        p.error(f"unknown language: {', '.join(sorted(unknown))}")
    return args


def predictor(
    args: argparse.Namespace, docs: Sequence[Doc]
) -> tuple[str, FindEntities, NewPseudonymiser, str]:
    """(name, find_entities, new pseudonymiser, import note) for the run."""
    if args.oracle:
        gold = {d.text: d.entities for d in docs}

        def find(text: str, language: str | None) -> Sequence[EntityLike]:
            return gold[text]

        return "oracle (gold entities as predictions)", find, lambda: OraclePseudonymiser(gold), ""
    start = time.perf_counter()
    try:
        from souverain.redact import Pseudonymiser, find_entities
    except ImportError as exc:
        raise SystemExit(
            f"Corpus and scorer checks passed; souverain.redact is not importable ({exc}), "
            "so nothing was measured. Use --oracle for the scorer's self-test."
        ) from exc
    note = f"import souverain.redact: {(time.perf_counter() - start) * 1000:.0f} ms."
    return "souverain.redact.find_entities", find_entities, Pseudonymiser, note


def shown_path(path: Path) -> str:
    """The path relative to the repository where it lies inside it."""
    path = path.resolve()
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    self_check()
    docs = load_corpus(args.corpus, args.languages)
    if problems := identifier_problems(docs):
        raise SystemExit("gold identifiers with failing checks:\n" + "\n".join(problems))
    if args.check:
        print(
            f"Corpus {args.corpus}: {len(docs)} documents, offsets and check digits valid; "
            "scorer self-check passed.\n"
        )
        print("\n".join(corpus_table(docs, args.languages)))
        return
    by_language = {lang: [d for d in docs if d.language == lang] for lang in args.languages}
    if args.limit:
        by_language = {lang: ds[: args.limit] for lang, ds in by_language.items()}
    name, find, new_pseudonymiser, import_note = predictor(args, docs)
    started, watch = time.perf_counter(), CpuWatch()
    runs = [
        run_language(ds, lang, find, new_pseudonymiser, not args.no_language, args.repeat)
        for lang, ds in by_language.items()
    ]
    total = merged(runs)
    measured = [d for ds in by_language.values() for d in ds]
    settings = (
        f"predictor {name}; language {'not passed' if args.no_language else 'passed'}; "
        f"corpus {shown_path(args.corpus)} "
        f"({len(measured)} documents, {total.total().gold} entities); match: same type and "
        f"overlap ≥ {MIN_OVERLAP:.0%} of the longer span; stream chunks {CHUNK_SIZES[0]}-"
        f"{CHUNK_SIZES[1]} characters, seed {SEED}; throughput best of {args.repeat}"
    )
    notes = [
        "Gold entities per language and type: see bench/data/pii/README.md for what a span is; "
        "the set also holds unlabelled look-alikes (invalid check digits, SIRET, invoice and "
        "order numbers, hashes, UUIDs, streets, products).",
        "Restored: restore(pseudonymise(text)) == text, one Pseudonymiser per document. Streamed: "
        "the pseudonymised text through restorer().feed() in random chunks, then flush().",
        "Leak rate: gold entity strings still found verbatim (as whole words) in the "
        "pseudonymised text.",
        f"Throughput: characters of the documents over the best of {args.repeat} timed passes "
        "of find_entities over them, after the scored pass; first call = the first document's.",
        "Pseudonymiser.counts summed over documents: "
        + (", ".join(f"{t} {n}" for t, n in sorted(total.replaced.items())) or "none")
        + ".",
    ]
    if import_note:
        notes.append(import_note)
    if total.invalid:
        notes.append(
            f"{len(total.invalid)} predicted spans broke the interface (offsets, order, type); "
            f"first: {'; '.join(total.invalid[:3])}."
        )
    if total.failures:
        notes.append(f"{len(total.failures)} calls raised; first: {'; '.join(total.failures[:3])}.")
    notes += [watch.summary(), f"Whole run: {time.perf_counter() - started:.1f} s."]
    body = [
        "Per language and type:",
        "",
        *detection_table(runs),
        "",
        "Per type, all languages:",
        "",
        *type_table(runs),
        "",
        "Pseudonymisation round trip and speed:",
        "",
        *round_trip_table(runs),
        "",
        *[f"- {n}" for n in notes],
    ]
    text = "\n".join([*header("redact_quality", settings), *body, ""])
    print(text)
    if args.errors:
        print("\n".join(["Errors (not appended):", *error_listing(runs, args.errors)]))
    if not args.no_append:
        append_results(text)


if __name__ == "__main__":
    main()
