"""Warm answer latency on the sample register, and where the time goes.

Every question of ``register-questions.jsonl`` is asked through
``Assistant(IndexReader(idx)).ask(q)`` as a public user, ``--rounds`` times after one warm-up
round (model loaded, version opened, restricted ids and postings read). Per question the
wall time is split by timers wrapped around the reader and the encoder of this process:

* ``search``: ``IndexReader.search`` calls (lexical + dense runs, fusion; the question's
  own encoding happens inside, on the search's encoder thread, and is reported apart as
  ``query encode in search``);
* ``encode``: encoder calls outside a search (candidate sentences and passages, anchors,
  a second encoding of the question);
* ``vectors``: ``IndexReader.chunk_vectors`` (stored vectors read back instead of encoding);
* ``fetch``: ``reader.catalog.passages`` (catalog rows of the candidates);
* ``rest``: everything else in ``ask`` (sentence splitting, scoring, citations, checks).

Usage::

    python bench/bench_answer.py --index /tmp/idx-sample            # builds it if missing
    python bench/bench_answer.py --index /tmp/idx-sample --profile 25  # cProfile top 25 too
    VIIT_PRECISION=fp32 python bench/bench_answer.py --index /tmp/idx-sample-fp32

The machine is shared: the load average before and after is printed with the figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

QUESTIONS = ROOT.parent / "shared" / "eval" / "register-questions.jsonl"
PARTS = ("search", "query encode in search", "encode", "vectors", "fetch", "rest")


class Timers:
    """Seconds per part for the question being asked; nested calls count once.

    ``busy`` is shared by all threads on purpose: the search encodes the question on its
    own encoder thread, and that call must count as part of the search."""

    def __init__(self):
        self.spent: dict[str, float] = defaultdict(float)
        self.busy: str | None = None

    def wrap(self, obj, name: str, part: str) -> None:
        inner = getattr(obj, name)
        timers = self

        def timed(*args, **kwargs):
            busy = timers.busy
            if busy is not None:  # inside another timed call: the outer one counts it
                if busy == "search" and part == "encode":
                    t0 = time.perf_counter()
                    try:
                        return inner(*args, **kwargs)
                    finally:
                        timers.spent["query encode in search"] += time.perf_counter() - t0
                return inner(*args, **kwargs)
            timers.busy = part
            t0 = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                timers.spent[part] += time.perf_counter() - t0
                timers.busy = None

        setattr(obj, name, timed)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def ensure_index(index: Path) -> None:
    from index.build import build_index
    from index.store import IndexDir

    if IndexDir(index).current() is None:
        print(f"building the sample register index into {index} ...", flush=True)
        build_index(ROOT / "sample_register", index)


def run(index: Path, questions: Path, rounds: int, profile: int) -> dict:
    from assistant.answer import Assistant
    from index.search import IndexReader

    ensure_index(index)
    qs = [json.loads(line)["question"] for line in questions.read_text().splitlines() if line]
    reader = IndexReader(index)
    assistant = Assistant(reader)
    enc = reader.encoder
    for q in qs:  # warm-up: model, version, restricted ids, postings, anchors
        assistant.ask(q)

    timers = Timers()
    # the search's encoder thread calls encode_query on the encoder object: wrap it there
    timers.wrap(enc, "encode_query", "encode")
    timers.wrap(enc, "encode_passages", "encode")
    timers.wrap(reader, "search", "search")
    if hasattr(reader, "chunk_vectors"):
        timers.wrap(reader, "chunk_vectors", "vectors")
    timers.wrap(reader.catalog, "passages", "fetch")  # one version: no rebuild runs here

    load0 = os.getloadavg()[0]
    totals: list[float] = []
    parts: dict[str, list[float]] = {p: [] for p in PARTS}
    answered = 0
    prof = cProfile.Profile() if profile else None
    for _ in range(rounds):
        for q in qs:
            timers.spent.clear()
            if prof:
                prof.enable()
            t0 = time.perf_counter()
            ans = assistant.ask(q)
            wall = time.perf_counter() - t0
            if prof:
                prof.disable()
            totals.append(wall)
            answered += bool(ans.citations)
            spent = dict(timers.spent)
            outer = ("search", "encode", "vectors", "fetch")  # the query encode is in search
            spent["rest"] = wall - sum(spent.get(p, 0.0) for p in outer)
            for p in PARTS:
                parts[p].append(spent.get(p, 0.0))
    total_s = sum(totals)
    result = {
        "index": str(index),
        "precision": reader.precision,
        "encoder": reader.meta.get("encoder"),
        "questions": len(qs),
        "rounds": rounds,
        "asks": len(totals),
        "answered_share": round(answered / len(totals), 3),
        "p50_ms": round(1000 * statistics.median(totals), 1),
        "p95_ms": round(1000 * percentile(totals, 0.95), 1),
        "max_ms": round(1000 * max(totals), 1),
        "mean_ms": round(1000 * statistics.fmean(totals), 1),
        "share_of_time": {p: round(sum(v) / total_s, 3) for p, v in parts.items()},
        "p95_ms_by_part": {p: round(1000 * percentile(v, 0.95), 1) for p, v in parts.items()},
        "load1_before": round(load0, 2),
        "load1_after": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(profile)
        result["profile"] = buf.getvalue()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, required=True, help="index of the sample register")
    ap.add_argument("--questions", type=Path, default=QUESTIONS)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--profile", type=int, default=0, help="print the cProfile top N")
    ap.add_argument("--out", type=Path, default=None, help="write the result as JSON here")
    args = ap.parse_args(argv)
    result = run(args.index, args.questions, args.rounds, args.profile)
    profile = result.pop("profile", None)
    print(json.dumps(result, indent=2))
    if profile:
        print(profile)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
