"""int8 against fp32: passages per second on the same chunks, and how far the vectors move.

One process, the same passages, batches of each model interleaved (fp32 batch, int8
batch, fp32 batch, ...), so both see the same machine load: on a shared machine the
ratio of the two sums is the figure to trust, not either rate alone. The passages are the
chunks a build stored (``embed_text`` rebuilt from the catalog and checked against its
embedding key, as ``bench_rebuild.py`` does), in the build's batch size.

Usage::

    python bench/bench_int8.py --index /tmp/idx-sample [--encoder e5-small] [--limit 512]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def catalog_texts(index: Path, encoder: str, limit: int) -> list[str]:
    """Distinct chunk texts of a built index, as the build embedded them."""
    from bench.bench_rebuild import embedded_texts
    from index.encoder import LEGACY_PRECISION, load_encoder
    from index.store import CATALOG, IndexDir, connect, read_meta

    catalog = IndexDir(index).require_current() / CATALOG
    with connect(catalog, readonly=True) as con:
        precision = read_meta(con).get("precision", LEGACY_PRECISION)
    texts = embedded_texts(catalog, load_encoder(encoder, precision, "cpu"))
    return texts[:limit] if limit else texts


def run(texts: list[str], encoder: str, batch: int, threads: int | None) -> dict:
    from index.encoder import cpu_count, load_encoder

    threads = threads or cpu_count()
    models = {p: load_encoder(encoder, p, "cpu") for p in ("fp32", "int8")}
    for enc in models.values():  # warm-up: first-call allocations, sessions
        enc.encode_passages(texts[:batch], threads=threads)
    seconds = dict.fromkeys(models, 0.0)
    vecs: dict[str, list[np.ndarray]] = {p: [] for p in models}
    load0 = os.getloadavg()[0]
    for i in range(0, len(texts), batch):
        part = texts[i : i + batch]
        order = list(models) if (i // batch) % 2 == 0 else list(reversed(models))
        for p in order:
            t0 = time.perf_counter()
            vecs[p].append(models[p].encode_passages(part, threads=threads))
            seconds[p] += time.perf_counter() - t0
    a, b = np.vstack(vecs["fp32"]), np.vstack(vecs["int8"])
    cos = (a * b).sum(axis=1)
    top1 = float((np.argmax(b @ a.T, axis=1) == np.arange(len(a))).mean())
    rate = {p: len(texts) / s for p, s in seconds.items()}
    return {
        "encoder": models["fp32"].name,
        "passages": len(texts),
        "batch": batch,
        "threads": threads,
        "seconds": {p: round(s, 2) for p, s in seconds.items()},
        "passages_per_s": {p: round(r, 2) for p, r in rate.items()},
        "speedup_int8_over_fp32": round(rate["int8"] / rate["fp32"], 2),
        "cosine_mean": round(float(cos.mean()), 5),
        "cosine_min": round(float(cos.min()), 5),
        "cosine_p01": round(float(np.percentile(cos, 1)), 5),
        "self_nearest_share": top1,
        "load1_before": round(load0, 2),
        "load1_after": round(os.getloadavg()[0], 2),
        "cores": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--index", type=Path, required=True, help="a built index (its chunks)")
    ap.add_argument("--encoder", default="e5-small")
    ap.add_argument("--limit", type=int, default=512, help="passages (0: all)")
    ap.add_argument("--batch", type=int, default=None, help="default: the build's batch")
    ap.add_argument("--threads", type=int, default=None, help="default: every core")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    from index.build import EMBED_BATCH

    texts = catalog_texts(args.index, args.encoder, args.limit)
    result = run(texts, args.encoder, args.batch or EMBED_BATCH, args.threads)
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
