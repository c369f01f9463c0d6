"""Measure full builds, incremental rebuilds and the bare encoder on one synthetic register.

One run, one process, one machine, so the ratios compare like with like:

1. ``full``: a full build into a fresh index folder with an empty embedding cache;
2. ``bare encode``: the encoder alone on exactly the passages the full build embedded
   (read back from the built catalog, each text checked against the catalog's embedding
   key), in the build's batches (``index.build.EMBED_BATCH`` texts per
   ``encode_passages`` call);
3. ``1% change``: a rebuild after adding 1% new filings (``bench.synth.add_filings``: new
   entries with their own letters and attachments);
4. ``no change``: a rebuild with nothing changed (repeated, median reported), in-process
   and as a ``viit index`` command (a fresh Python process: interpreter start and imports
   included).

Model load time is *excluded* from every timed figure: the encoder is loaded once before
the full build (``load_encoder`` keeps it per process, so ``build_index`` finds it
loaded) and the load is reported on its own. A ``viit index`` run that embeds anything
pays the load on top; the table shows the 1% ratio with one load added to both sides too.

Usage::

    python bench/bench_rebuild.py --entries 100 --encoder e5-small --out bench-out/e5
    python bench/bench_rebuild.py --entries 300 --encoder minilm --out bench-out/minilm
    # reuse the register and index left by an earlier run in --work (or --out/work):
    python bench/bench_rebuild.py --entries 10000 --encoder tiny --out bench-out/tiny10k
    python bench/bench_rebuild.py --no-change-only --encoder tiny --out bench-out/tiny10k

``--encoder`` is ``e5-small``, ``minilm``, a local sentence-transformers folder, or
``tiny``: a stand-in with MiniLM's tokenizer and token limit (so the chunks, catalog and
files are exactly those of a MiniLM build) but a one-layer, 32-dimension network with
random weights. It embeds hundreds of passages a second, which makes the non-encoder
cost of builds measurable at sizes a real model cannot embed in time on this machine.
Its vectors mean nothing; never serve an index built with it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

TARGETS = {
    "no_change_seconds_at_10k": 5.0,  # nothing changed on 10,000 entries: under 5 s
    "change_1pct_ratio": 0.03,  # a 1% change costs under 3% of a full build
    "encode_share": 0.85,  # a full build spends at least 85% of its time in the encoder
}
TINY = "tiny"


# --------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark of this process (Linux ≥ 4.0), if allowed."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _peak_rss_mb() -> float:
    """Peak resident memory since the last reset (VmHWM), else since the process began."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def measure(name: str, fn: Callable[[], Any]) -> tuple[Any, dict]:
    """Run ``fn`` once: wall and CPU seconds, peak RSS during it, machine load around it."""
    reset = _reset_peak_rss()
    load0 = os.getloadavg()[0]
    c0, t0 = _cpu(), time.perf_counter()
    result = fn()
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    row = {
        "phase": name,
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "peak_rss_scope": "phase" if reset else "process",
        "load1_before": round(load0, 2),
        "load1_after": round(os.getloadavg()[0], 2),
    }
    print(f"  {name}: {wall:.2f} s wall, {cpu:.2f} s CPU, load {load0:.1f}", flush=True)
    return result, row


# --------------------------------------------------------------------------------------
# The stand-in encoder
# --------------------------------------------------------------------------------------


def make_tiny_encoder(folder: Path) -> Path:
    """A random one-layer model with MiniLM's tokenizer and limits (see the module doc)."""
    if (folder / "modules.json").exists():
        return folder
    import torch
    from transformers import BertConfig, BertModel

    from index.encoder import resolve_model_path

    _, minilm = resolve_model_path("minilm")
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for name in (
        "modules.json", "sentence_bert_config.json", "config_sentence_transformers.json",
        "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json", "vocab.txt",
    ):  # fmt: skip
        if (minilm / name).exists():
            shutil.copy(minilm / name, tmp / name)
    config = json.loads((minilm / "config.json").read_text())
    dim = 32
    config.update(hidden_size=dim, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64)
    torch.manual_seed(0)
    with contextlib.redirect_stderr(io.StringIO()):  # a "writing shards" progress bar
        BertModel(BertConfig(**config)).save_pretrained(tmp)
    (tmp / "1_Pooling").mkdir()
    pooling = json.loads((minilm / "1_Pooling" / "config.json").read_text())
    pooling["word_embedding_dimension"] = dim
    (tmp / "1_Pooling" / "config.json").write_text(json.dumps(pooling, indent=2))
    (tmp / "2_Normalize").mkdir()
    (tmp / "README.md").write_text(
        "Benchmark stand-in: MiniLM tokenizer, random 1-layer 32-d network. Not a model.\n"
    )
    tmp.rename(folder)
    return folder


def encoder_spec(name: str, out: Path) -> str:
    if name == TINY:
        import torch

        # a network this small is all per-operation overhead, and two intra-op threads on
        # a busy 2-core machine wait on each other; one thread is several times faster
        torch.set_num_threads(1)
        # its random weights are no model to quantise: it runs (and is recorded) in fp32
        os.environ["VIIT_PRECISION"] = "fp32"
        return str(make_tiny_encoder(out / "tiny-encoder"))
    return name


# --------------------------------------------------------------------------------------
# Bare encode on the full build's passages
# --------------------------------------------------------------------------------------


def embedded_texts(catalog: Path, enc) -> list[str]:
    """The distinct passages a full build embedded, in the build's order.

    A passage is embedded as ``heading + "\\n" + span`` (``Chunk.embed_text``); the
    heading is the document's title or name fitted to the chunker's heading budget, none
    for public registration records. Every rebuilt text must hash to the embedding key
    the catalog stored for its chunk, so these are provably the texts the build encoded.
    """
    from index.build import _counter, _settings_for
    from index.cache import embed_key
    from ingest.chunking import _fit_context

    settings = _settings_for(enc.name, enc.max_tokens)
    count = _counter(enc)
    con = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT c.embed_key, c.start, c.end, d.id, d.text, d.title, d.name, d.synthetic "
        "FROM chunks c JOIN documents d ON d.id = c.doc_id ORDER BY c.id"
    )
    contexts: dict[int, str] = {}
    texts: dict[str, str] = {}
    bad = 0
    for key, start, end, doc_id, text, title, name, synthetic in rows:
        if key in texts:
            continue
        if doc_id not in contexts:
            raw = "" if synthetic else (title or name)
            contexts[doc_id] = _fit_context(raw, count, settings)
        ctx, span = contexts[doc_id], text[start:end]
        passage = f"{ctx}\n{span}" if ctx else span
        if embed_key(enc.cache_id, passage) != key:
            bad += 1
        texts[key] = passage
    con.close()
    if bad:
        raise SystemExit(f"{bad} passages could not be rebuilt from the catalog exactly")
    return list(texts.values())


def bare_encode(enc, texts: list[str], batch: int) -> int:
    for i in range(0, len(texts), batch):
        enc.encode_passages(texts[i : i + batch])
    return len(texts)


# --------------------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------------------


def _progress(every: float = 60.0):
    """A build progress callback that prints at most once a minute (long runs)."""
    last = [time.monotonic()]

    def report(phase: str, done: int, total: int) -> None:
        if time.monotonic() - last[0] >= every:
            last[0] = time.monotonic()
            print(f"    ... {phase} {done}/{total}", file=sys.stderr, flush=True)

    return report


def _build(register: Path, index: Path, spec: str):
    from index.build import build_index

    return build_index(register, index, encoder=spec, progress=_progress())


def _report_fields(report) -> dict:
    return {
        "build_seconds": round(report.seconds, 3),
        "encode_seconds": round(report.encode_seconds, 3),
        "files_added": len(report.added),
        "files_updated": len(report.updated),
        "files_unchanged": report.unchanged,
        "files_failed": len(report.failed),
        "chunks_added": report.chunks_added,
        "chunks_embedded": report.chunks_embedded,
        "chunks_reused": report.chunks_reused,
        "chunks_deduplicated": report.chunks_deduplicated,
        "deduplicated_share": (
            round(report.chunks_deduplicated / report.chunks_added, 4)
            if report.chunks_added
            else 0.0
        ),
        "precision": report.precision,
        "encoder_passages_per_s": (
            round(report.chunks_embedded / report.encode_seconds, 2)
            if report.encode_seconds
            else None
        ),
        "version": report.version,
    }


def _cli_no_change(register: Path, index: Path, spec: str) -> dict:
    """``viit index`` with nothing changed, as staff would run it: a fresh process."""
    cmd = [sys.executable, str(ROOT / "viit_cli.py"), "index", str(register)]
    cmd += ["--index", str(index), "--encoder", spec]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"viit index failed:\n{proc.stdout}\n{proc.stderr}")
    return {"phase": "no change (viit index, new process)", "wall_s": round(wall, 3)}


def _register_stats(register: Path) -> dict:
    files = size = 0
    for p in register.rglob("*"):
        if p.is_file():
            files += 1
            size += p.stat().st_size
    return {"files": files, "mb": round(size / 1e6, 1)}


def _no_change(register: Path, index: Path, spec: str, repeat: int, result: dict) -> None:
    walls, rows = [], []
    for i in range(repeat):
        report, row = measure(f"no change #{i + 1}", lambda: _build(register, index, spec))
        if report.changed:
            raise SystemExit(f"the no-change rebuild found changes: {report}")
        row.update(_report_fields(report))
        rows.append(row)
        walls.append(row["wall_s"])
    result["phases"] += rows
    result["no_change_seconds"] = round(statistics.median(walls), 3)
    result["no_change_seconds_min"] = round(min(walls), 3)
    cli = _cli_no_change(register, index, spec)
    print(f"  {cli['phase']}: {cli['wall_s']:.2f} s wall", flush=True)
    result["phases"].append(cli)
    result["no_change_cli_seconds"] = cli["wall_s"]


def run(args: argparse.Namespace) -> dict:
    from index.build import EMBED_BATCH
    from index.encoder import load_encoder
    from index.store import CATALOG, IndexDir

    out = args.out.resolve()
    work = (args.work or out / "work").resolve()
    register, index = work / "register", work / "index"
    out.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "date": dt.date.today().isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load1_at_start": round(os.getloadavg()[0], 2),
        },
        "encoder": args.encoder,
        "entries": args.entries,
        "seed": args.seed,
        "embed_batch": EMBED_BATCH,
        "model_load": "excluded from every timed phase (loaded once before, reported apart)",
        "phases": [],
    }
    spec = encoder_spec(args.encoder, out)
    print(f"encoder {args.encoder} ({spec}); work folder {work}", flush=True)

    if args.no_change_only:
        if IndexDir(index).current() is None or not register.is_dir():
            raise SystemExit(f"--no-change-only needs a register and index in {work}")
        stats = _register_stats(register)
        result.update(register_files=stats["files"], register_mb=stats["mb"])
        with sqlite3.connect(IndexDir(index).current() / CATALOG) as con:
            result["entries"] = con.execute("SELECT count(*) FROM entries").fetchone()[0]
            result["chunks"] = con.execute("SELECT count(*) FROM chunks").fetchone()[0]
        _no_change(register, index, spec, args.repeat, result)
        return result

    if args.entries is None:
        raise SystemExit("give --entries N (or --no-change-only)")
    from bench import synth

    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    _, row = measure(
        "generate register",
        lambda: synth.make_register(register, args.entries, args.seed, workers=args.workers),
    )
    result["phases"].append(row)
    stats = _register_stats(register)
    result.update(register_files=stats["files"], register_mb=stats["mb"])

    # the model is loaded once, outside every timed phase
    enc, row = measure("model load", lambda: load_encoder(spec))
    result["phases"].append(row)
    result["model_load_seconds"] = row["wall_s"]

    # 1. full build: fresh index folder, so an empty embedding cache too
    full, row = measure("full build", lambda: _build(register, index, spec))
    row.update(_report_fields(full))
    result["phases"].append(row)
    result["full_seconds"] = row["wall_s"]
    result["chunks"] = full.chunks_added
    if full.failed:
        print(f"  warning: {len(full.failed)} files failed, e.g. {full.failed[0]}")

    # 2. the bare encoder on the same passages, same batches
    if not args.no_bare:
        texts = embedded_texts(IndexDir(index).current() / CATALOG, enc)
        if len(texts) != full.chunks_embedded:
            raise SystemExit(
                f"read {len(texts)} passages, the build embedded {full.chunks_embedded}"
            )
        n, row = measure("bare encode", lambda: bare_encode(enc, texts, EMBED_BATCH))
        row["passages"] = n
        row["passages_per_s"] = round(n / row["wall_s"], 2) if row["wall_s"] else None
        result["phases"].append(row)
        result["bare_encode_seconds"] = row["wall_s"]

    # 3. 1% new filings (generated first, outside the timing)
    k = max(1, round(args.entries * 0.01))
    _, row = measure(f"generate {k} new filings", lambda: synth.add_filings(register, k, seed=1))
    result["phases"].append(row)
    change, row = measure("1% change", lambda: _build(register, index, spec))
    row.update(_report_fields(change))
    row["entries_added"] = k
    result["phases"].append(row)
    result["change_seconds"] = row["wall_s"]

    # 4. nothing changed
    _no_change(register, index, spec, args.repeat, result)

    load = result["model_load_seconds"]
    cpu = {r["phase"]: r.get("cpu_s") for r in result["phases"]}
    result["ratios"] = {
        "change_1pct_over_full": round(result["change_seconds"] / result["full_seconds"], 4),
        "change_1pct_over_full_cpu": round(cpu["1% change"] / cpu["full build"], 4),
        "change_1pct_over_full_with_model_load": round(
            (result["change_seconds"] + load) / (result["full_seconds"] + load), 4
        ),
        "encode_share_bare": (
            round(result["bare_encode_seconds"] / result["full_seconds"], 4)
            if "bare_encode_seconds" in result
            else None
        ),
        "encode_share_bare_cpu": (
            round(cpu["bare encode"] / cpu["full build"], 4) if "bare encode" in cpu else None
        ),
        "encode_share_inside_build": round(full.encode_seconds / result["full_seconds"], 4),
    }
    return result


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------


def print_table(result: dict) -> None:
    print()
    print(
        f"Rebuild benchmark, {result['encoder']}, {result.get('entries')} entries, "
        f"{result.get('register_files')} files ({result.get('register_mb')} MB), "
        f"{result.get('chunks')} chunks; {result['machine']['cpus']} CPUs, {result['date']}"
    )
    head = f"{'phase':<38} {'wall s':>9} {'CPU s':>9} {'peak RSS MB':>12} {'load':>10}  notes"
    print(head)
    print("-" * len(head))
    for r in result["phases"]:
        notes = []
        if "chunks_embedded" in r:
            notes.append(
                f"embedded {r['chunks_embedded']}, reused {r['chunks_reused']}, "
                f"deduplicated {r.get('chunks_deduplicated', 0)}"
            )
            notes.append(f"encode inside build {r['encode_seconds']:.1f} s")
        if "passages_per_s" in r:
            notes.append(f"{r['passages']} passages, {r['passages_per_s']}/s")
        load = f"{r['load1_before']:.1f}-{r['load1_after']:.1f}" if "load1_before" in r else ""
        cpu = f"{r['cpu_s']:9.2f}" if "cpu_s" in r else " " * 9
        rss = f"{r['peak_rss_mb']:12.0f}" if "peak_rss_mb" in r else " " * 12
        print(f"{r['phase']:<38} {r['wall_s']:9.2f} {cpu} {rss} {load:>10}  {'; '.join(notes)}")
    print()
    ratios = result.get("ratios")
    if ratios:
        t = TARGETS
        r1, share = ratios["change_1pct_over_full"], ratios["encode_share_bare"]
        with_load = ratios["change_1pct_over_full_with_model_load"]
        if result["encoder"] == TINY:
            verdict = lambda good: "stand-in encoder: targets not applicable"  # noqa: E731
        else:
            verdict = lambda good: "met" if good else "MISSED"  # noqa: E731
        bare = "not measured (--no-bare)" if share is None else verdict(share >= t["encode_share"])
        lines = [
            ("1% change / full build", r1, f"< {t['change_1pct_ratio']:.0%}",
             verdict(r1 < t["change_1pct_ratio"])),
            ("  same, one model load each", with_load, "", ""),
            ("  same, in CPU seconds", ratios["change_1pct_over_full_cpu"], "", ""),
            ("bare encode / full build", share, f">= {t['encode_share']:.0%}",
             bare),
            ("  same, in CPU seconds", ratios["encode_share_bare_cpu"], "", ""),
            ("  encode time inside the build", ratios["encode_share_inside_build"], "", ""),
        ]  # fmt: skip
        for label, value, target, mark in lines:
            shown = f"{value:7.2%}" if value is not None else "    n/a"
            goal = f"  (target {target}: {mark})" if target else ""
            print(f"{label:<32} {shown}{goal}")
    nc = result.get("no_change_seconds")
    if nc is not None:
        print(
            f"no change: {nc:.2f} s in-process (median of "
            f"{sum(1 for r in result['phases'] if r['phase'].startswith('no change #'))}), "
            f"{result['no_change_cli_seconds']:.2f} s as `viit index` "
            f"(target at 10,000 entries < {TARGETS['no_change_seconds_at_10k']:.0f} s)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--entries", type=int, help="entries of the generated register")
    ap.add_argument(
        "--encoder", default="e5-small", help="e5-small, minilm, tiny (stand-in) or a folder"
    )
    ap.add_argument("--out", type=Path, required=True, help="folder for result.json")
    ap.add_argument("--work", type=Path, help="register + index folder (default OUT/work)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=None, help="generator processes")
    ap.add_argument("--repeat", type=int, default=3, help="no-change rebuilds to time")
    ap.add_argument(
        "--no-change-only",
        action="store_true",
        help="only time no-change rebuilds of the register and index already in the work folder",
    )
    ap.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare-encode phase")
    args = ap.parse_args(argv)
    result = run(args)
    result["machine"]["load1_at_end"] = round(os.getloadavg()[0], 2)
    name = "result-no-change.json" if args.no_change_only else "result.json"
    (args.out / name).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print_table(result)
    print(f"\nwrote {args.out / name}")
    if not args.keep and not args.no_change_only:
        shutil.rmtree((args.work or args.out / "work").resolve(), ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
