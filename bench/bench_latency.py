"""Query latency at 10k, 100k and 1M chunks: encode + search + passage fetch.

What is real and what is synthetic
----------------------------------
* Real: the questions (``../shared/eval/register-dev.jsonl`` and the standalone turns of
  ``../shared/eval/mtrag-govt/queries_rewrite.jsonl``), encoded one at a time by the
  index's own encoder (multilingual e5-small); the *base* collection: the 2,021 mtrag-govt
  passages plus the bundled sample register, indexed by Viit's own build (real chunking,
  real e5 passage vectors, real catalog) once and cached under ``--cache``.
* Synthetic: everything beyond the base. Vectors are drawn from a Gaussian mixture fitted
  on the real chunk vectors (k-means clusters, each with its own empirical covariance,
  plus isotropic noise calibrated so that synthetic vectors lie as far from the real ones
  as held-out real vectors do), then normalised. Their catalog rows are copies of real
  documents and chunks under new ids, so that the passage fetch reads real-sized text.
  Each synthetic document belongs to its own synthetic entry; every tenth entry is
  restricted, so a public user's search excludes about 10% of the chunks by ID selector,
  as in a real register.

The query path timed is the product's own, as a public user: ``IndexReader.search``
(restricted ids excluded inside the search) and ``reader.catalog.passages`` for the top 10;
``method="dense"`` (FAISS alone) and the default ``method="hybrid"`` (FTS5 + FAISS, fused),
both on the same encoded question. The FTS5 rows of the copies are the real chunks'
tokens, so term statistics are the base's. Recall@10 compares the size-chosen index with
exact flat search under the same selector. ``--sweep`` times FAISS alone, flat against
IVF, at sizes around the flat/IVF threshold.

Usage::

    python bench/bench_latency.py [--sizes 10000 100000 1000000] [--repeat 3]
        [--compare hnsw] [--out bench/latency.json]

Each size is prepared once (cached) and measured in a fresh process, so the RSS reported
is that of a process serving that index (encoder included).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from index import postings, vectors  # noqa: E402
from index.store import CATALOG, COMMON_DF, SCHEMA, VECTORS, refresh_common_terms  # noqa: E402

SHARED = ROOT.parent / "shared"
MTRAG = SHARED / "eval" / "mtrag-govt"
DEFAULT_CACHE = ROOT / ".cache" / "bench" / "latency"
# `viit eval ../shared/eval/mtrag-govt` embeds the same passages; its cache is reused
EVAL_CACHE = (
    ROOT / ".cache/eval/viit-index-beir-mtrag-govt/index-multilingual-e5-small/cache"
    "/embeddings.sqlite"
)
K = 10
GMM_CLUSTERS = 64
RESTRICTED_EVERY = 10  # one synthetic entry in ten is restricted
FILTER_EVERY = 20  # one synthetic entry in twenty has the doc type the filter asks for


# ------------------------------------------------------------------ the real base
def real_register(target: Path, limit: int | None = None) -> Path:
    """mtrag-govt passages as one text file each (as `viit eval` writes them) + samples."""
    folder = target / "mtrag"
    folder.mkdir(parents=True, exist_ok=True)
    lines = (MTRAG / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines[:limit]:
        doc = json.loads(line)
        title, text = doc.get("title", "").strip(), doc.get("text", "").strip()
        text = (text if text.startswith(title) else f"{title}\n\n{text}").strip() + "\n"
        out = folder / (doc["_id"].replace("/", "_") + ".txt")
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
    if not (target / "sample").exists():
        shutil.copytree(ROOT / "sample_register", target / "sample")
    return target


def real_base(cache: Path, seed_cache: Path | None, limit: int | None = None) -> Path:
    """Index the real base with Viit's build (once; later runs find nothing changed)."""
    from index.build import build_index
    from index.store import IndexDir

    index_dir = cache / "real-index"
    ours = IndexDir(index_dir).cache_path
    if seed_cache and seed_cache.exists():
        ours.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(ours, timeout=60)) as con:
            con.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")
            con.execute("ATTACH ? AS seed", (f"file:{seed_cache}?mode=ro",))
            with con:
                con.execute("INSERT OR IGNORE INTO vec SELECT key, v FROM seed.vec")
    last = [0.0]

    def progress(phase: str, done: int, total: int) -> None:
        if time.time() - last[0] > 20:
            last[0] = time.time()
            print(f"  real base: {phase} {done}/{total}", file=sys.stderr, flush=True)

    report = build_index(real_register(cache / "register", limit), index_dir, progress=progress)
    if report.failed:
        print(f"  real base: {len(report.failed)} files failed", file=sys.stderr)
    return IndexDir(index_dir).require_current()


def base_version(cache: Path) -> Path:
    from index.store import IndexDir

    return IndexDir(cache / "real-index").require_current()


def questions() -> list[str]:
    out = [
        json.loads(line)["question"]
        for line in (SHARED / "eval" / "register-dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    for line in (MTRAG / "queries_rewrite.jsonl").read_text().splitlines():
        text = json.loads(line)["text"].replace("|user|:", "").strip().strip('"')
        out.append(text)
    return out


# ------------------------------------------------------------ synthetic extension
def fit_mixture(vecs: np.ndarray, k: int = GMM_CLUSTERS, seed: int = 0):
    """k-means clusters of the real vectors, each kept with its residuals (covariance)."""
    import faiss

    km = faiss.Kmeans(vecs.shape[1], k, niter=25, seed=seed, spherical=True)
    km.train(vecs)
    _, assign = km.index.search(vecs, 1)
    comps = []
    for c in range(k):
        members = vecs[assign[:, 0] == c]
        if len(members) < 2:
            continue
        mean = members.mean(axis=0)
        comps.append((len(members), mean, members - mean))
    return comps


def sample_mixture(comps, n: int, seed: int, noise: float = 0.0) -> np.ndarray:
    """``n`` vectors: cluster mean + Gaussian with the cluster's covariance + ``noise``.

    The empirical covariance of a cluster of m vectors has rank below m, so its samples
    lie closer to the real vectors than unseen real vectors do; the isotropic ``noise``
    (norm about ``noise``) fills the other directions and is calibrated by ``calibrate``.
    """
    rng = np.random.default_rng(seed)
    weights = np.array([c[0] for c in comps], dtype="float64")
    which = rng.choice(len(comps), size=n, p=weights / weights.sum())
    dim = comps[0][1].shape[0]
    out = np.empty((n, dim), dtype="float32")
    for ci, (m, mean, resid) in enumerate(comps):
        rows = np.flatnonzero(which == ci)
        if len(rows) == 0:
            continue
        w = rng.standard_normal((len(rows), m)).astype("float32") / np.sqrt(m)
        iso = rng.standard_normal((len(rows), dim)).astype("float32") * (noise / np.sqrt(dim))
        out[rows] = mean + w @ resid + iso
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def _nn_cosine(x: np.ndarray, base: np.ndarray) -> float:
    return float(np.mean(np.max(x @ base.T, axis=1)))


def calibrate(vecs: np.ndarray) -> dict:
    """The noise at which synthetic vectors lie as far from the real ones as unseen real ones.

    Holds out a fifth of the real vectors, fits the mixture on the rest and compares mean
    nearest-neighbour cosines (held-out real vs synthetic) over a grid of noise levels.
    """
    rng = np.random.default_rng(1)
    hold = rng.choice(len(vecs), size=len(vecs) // 5, replace=False)
    mask = np.ones(len(vecs), bool)
    mask[hold] = False
    rest = vecs[mask]
    comps = fit_mixture(rest)
    target = _nn_cosine(vecs[hold], rest)
    grid = [round(x, 2) for x in np.arange(0.0, 0.61, 0.05)]
    got = {x: _nn_cosine(sample_mixture(comps, len(hold), seed=2, noise=x), rest) for x in grid}
    noise = min(grid, key=lambda x: abs(got[x] - target))
    synth = sample_mixture(comps, len(hold), seed=3, noise=noise)
    return {
        "noise": float(noise),
        "held_out_real_nn_cosine": round(target, 3),
        "synthetic_nn_cosine": round(_nn_cosine(synth, rest), 3),
        "synthetic_nn_cosine_without_noise": round(got[0.0], 3),
        "held_out_real_mean_cosine": round(float(np.mean(vecs[hold] @ rest[:1000].T)), 3),
        "synthetic_mean_cosine": round(float(np.mean(synth @ rest[:1000].T)), 3),
    }


def real_vectors(base: Path) -> tuple[np.ndarray, np.ndarray]:
    return vectors.all_vectors(vectors.load(base / VECTORS))


def collection(base: Path, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, int]:
    """(ids, vectors, replica chunk-id offset) of an ``n``-chunk collection."""
    ids0, vecs0 = real_vectors(base)
    off = _offset(int(ids0.max()))
    reps, rest = divmod(n, len(ids0))
    ids = [ids0 + r * off for r in range(reps)] + [ids0[:rest] + reps * off]
    ids_all = np.concatenate(ids)[:n]
    if n <= len(ids0):
        return ids_all, vecs0[:n], off
    noise = calibrate(vecs0)["noise"]
    synth = sample_mixture(fit_mixture(vecs0), n - len(ids0), seed, noise)
    return ids_all, np.concatenate([vecs0, synth]), off


def _offset(max_id: int) -> int:
    return 10 ** len(str(max_id))


def write_catalog(base: Path, path: Path, n: int, off: int, doc_off: int) -> None:
    """The base catalog plus copies of its documents and chunks up to ``n`` chunks."""
    path.unlink(missing_ok=True)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    con.execute("ATTACH ? AS r", (f"file:{base / CATALOG}?mode=ro",))
    chunk_ids = [x[0] for x in con.execute("SELECT id FROM r.chunks ORDER BY id")]
    if n < len(chunk_ids):
        raise SystemExit(f"sizes below the real base ({len(chunk_ids)} chunks) are not supported")
    cols_d = "file_path, part, name, format, title, ref, own_ref, synthetic, text, sections"
    with con:
        # not the keys of tables written below (prepare), which the copy leaves empty
        con.execute(
            "INSERT INTO meta SELECT * FROM r.meta WHERE key NOT IN ('common_df', 'postings')"
        )
        con.execute("INSERT INTO entries SELECT * FROM r.entries")
        con.execute(f"INSERT INTO documents(id, {cols_d}, letter, entry) SELECT * FROM r.documents")
        con.execute("INSERT INTO chunks SELECT * FROM r.chunks")
        con.execute("INSERT INTO chunks_fts(rowid, tokens) SELECT rowid, tokens FROM r.chunks_fts")
        reps, rest = divmod(n, len(chunk_ids))
        for r in range(1, reps + 1):
            cut = chunk_ids[-1] if r < reps else (chunk_ids[rest - 1] if rest else None)
            if cut is None:
                break
            con.execute(
                f"INSERT INTO documents(id, {cols_d}) SELECT id + :do, 'synthetic/' || :r || "
                "'/' || file_path, part, name, format, title, 'S-' || (id + :do), NULL, 0, "
                "text, sections FROM r.documents WHERE id IN "
                "(SELECT doc_id FROM r.chunks WHERE id <= :cut)",
                {"do": r * doc_off, "r": r, "cut": cut},
            )
            con.execute(
                "INSERT INTO chunks SELECT id + :co, doc_id + :do, start, end, page, kind, "
                "embed_key FROM r.chunks WHERE id <= :cut",
                {"co": r * off, "do": r * doc_off, "cut": cut},
            )
            con.execute(
                "INSERT INTO chunks_fts(rowid, tokens) SELECT rowid + :co, tokens "
                "FROM r.chunks_fts WHERE rowid <= :cut",
                {"co": r * off, "cut": cut},
            )
        con.execute(
            "INSERT INTO entries(ref, doc_id, title, doc_type, restricted, data) "
            "SELECT ref, id, title, CASE WHEN id % :f = 7 THEN 'Leping' ELSE 'Kiri' END, "
            "id % :r = 3, '{}' FROM documents WHERE ref LIKE 'S-%'",
            {"f": FILTER_EVERY, "r": RESTRICTED_EVERY},
        )
    con.execute("DETACH r")
    con.execute("ANALYZE")
    con.close()


def prepare(args) -> None:
    """Write the ``n``-chunk index folder and the comparison indexes (cached)."""
    n, cache = args.prepare, Path(args.cache)
    base = base_version(cache)
    folder = cache / f"n{n}"
    version = folder / "index" / "versions" / "v1"
    info_path = folder / "prepared.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else {}
    want = set(args.kinds.split(",")) if args.kinds else set()
    if info.get("base") != base.name:
        shutil.rmtree(folder, ignore_errors=True)
        info = {"base": base.name}
    ids, vecs, off = collection(base, n)
    if not (version / CATALOG).exists():
        version.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(base / CATALOG)) as con:
            doc_off = _offset(con.execute("SELECT max(id) FROM documents").fetchone()[0])
        t = time.perf_counter()
        write_catalog(base, version / (CATALOG + ".tmp"), n, off, doc_off)
        (version / (CATALOG + ".tmp")).rename(version / CATALOG)
        info["catalog_seconds"] = round(time.perf_counter() - t, 1)
        info["real_chunks"] = int(min(n, len(real_vectors(base)[0])))
    info.setdefault("builds", {})
    chosen = vectors.choose_kind(n)
    for kind in sorted({chosen, "flat"} | want):
        target = version / VECTORS if kind == chosen else folder / f"alt-{kind}.faiss"
        if target.exists():
            continue
        print(f"  n={n}: building {kind} index", file=sys.stderr, flush=True)
        t = time.perf_counter()
        index = vectors.build(ids, vecs, kind)
        info["builds"][kind] = {
            "seconds": round(time.perf_counter() - t, 1),
            "describe": vectors.describe(index),
        }
        vectors.save(index, target)
        del index
    with contextlib.closing(sqlite3.connect(version / CATALOG)) as con, con:
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('vector_index', ?)",
            (info["builds"].get(chosen, {}).get("describe", chosen),),
        )
        # the common-term counts and the postings a Viit build writes (catalogs cached
        # before them get them here, timed)
        if con.execute("SELECT 1 FROM meta WHERE key = 'common_df'").fetchone() is None:
            con.executescript(SCHEMA)
            t = time.perf_counter()
            refresh_common_terms(con)
            info["common_terms_seconds"] = round(time.perf_counter() - t, 1)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('common_df', ?)", (str(COMMON_DF),))
        if con.execute("SELECT 1 FROM meta WHERE key = 'postings'").fetchone() is None:
            print(f"  n={n}: writing postings", file=sys.stderr, flush=True)
            con.executescript(SCHEMA)
            t = time.perf_counter()
            postings.rebuild(con)
            info["postings_seconds"] = round(time.perf_counter() - t, 1)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('postings', '1')")
    (folder / "index" / "CURRENT").write_text("v1\n")
    info_path.write_text(json.dumps(info, indent=1))


# ------------------------------------------------------------------- measurement
def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _pct(xs: list[float]) -> dict[str, float]:
    a = np.asarray(xs) * 1000
    return {
        "p50": round(float(np.percentile(a, 50)), 2),
        "p95": round(float(np.percentile(a, 95)), 2),
    }


def measure(args) -> None:
    import faiss

    from index.search import Filters, IndexReader

    n, cache = args.measure, Path(args.cache)
    folder = cache / f"n{n}"
    info = json.loads((folder / "prepared.json").read_text())
    load0 = os.getloadavg()[0]
    t = time.perf_counter()
    reader = IndexReader(folder / "index")
    load_seconds = time.perf_counter() - t
    enc = reader.encoder
    t = time.perf_counter()
    reader.postings  # noqa: B018  (loaded once per version, on the first lexical run)
    postings_load = time.perf_counter() - t
    qs = questions()
    today = dt.date(2026, 11, 23)
    for q in qs[:5]:  # warm-up: first calls pay for lazy initialisation
        for method in ("dense", "hybrid"):
            hits = reader.search(q, K, method=method, today=today)
            reader.catalog.passages([h.chunk_id for h in hits], today=today)
    rss_serving = _rss_mb()
    names = (
        "encode", "search", "fetch", "total", "search_hybrid", "total_hybrid_sequential",
        "total_hybrid", "lexical", "lexical_fts5",
    )  # fmt: skip
    parts: dict[str, list[float]] = {k: [] for k in names}
    deny_once, faiss_only, filtered = [], [], []
    qvecs = []
    for rep in range(args.repeat):
        for q in qs:
            # first, as the app runs it: the question encoded while the lexical run goes
            # (index/search.py); first so that no other step warmed the question's pages
            t0 = time.perf_counter()
            hits = reader.search(q, K, method="hybrid", today=today)
            reader.catalog.passages([h.chunk_id for h in hits], today=today)
            served = time.perf_counter() - t0
            t0 = time.perf_counter()
            v = enc.encode_query(q)
            t1 = time.perf_counter()
            hits = reader.search(q, K, method="dense", today=today, query_vector=v)
            t2 = time.perf_counter()
            reader.catalog.passages([h.chunk_id for h in hits], today=today)
            t3 = time.perf_counter()
            hits = reader.search(q, K, method="hybrid", today=today, query_vector=v)
            t4 = time.perf_counter()
            reader.catalog.passages([h.chunk_id for h in hits], today=today)
            t5 = time.perf_counter()
            reader.search(q, K, method="lexical", today=today)
            t6 = time.perf_counter()
            # the same lexical run by FTS5, as an index without postings is served
            reader.meta.pop("postings")
            t7 = time.perf_counter()
            reader.search(q, K, method="lexical", today=today)
            t8 = time.perf_counter()
            reader.meta["postings"] = "1"
            times = (
                t1 - t0, t2 - t1, t3 - t2, t3 - t0, t4 - t3, (t1 - t0) + (t5 - t3),
                served, t6 - t5, t8 - t7,
            )  # fmt: skip
            for key, took in zip(names, times, strict=True):
                parts[key].append(took)
            if rep == 0:
                qvecs.append(v)
    # the restricted ids: worked out once per version and day (SQL, temp table, selector)
    for _ in range(3):
        reader._restricted = None
        t0 = time.perf_counter()
        reader._restricted_ids(today).negated  # noqa: B018
        deny_once.append(time.perf_counter() - t0)
    deny_set = reader._restricted_ids(today)
    deny = deny_set.ids
    for v in qvecs:  # FAISS alone, with the cached selector
        t0 = time.perf_counter()
        vectors.search(reader.index, v, 50, deny=deny_set)
        faiss_only.append(time.perf_counter() - t0)
    flt = Filters(doc_type="Leping")
    for q, v in zip(qs, qvecs, strict=True):
        t0 = time.perf_counter()
        reader.search(q, K, method="dense", filters=flt, today=today, query_vector=v)
        filtered.append(time.perf_counter() - t0)
    where, where_args = reader._filter_sql(flt, today)
    allow = np.array(
        [r[0] for r in reader.con.execute(f"SELECT rowid FROM chunks WHERE 1{where}", where_args)],
        "int64",
    )
    chosen = reader.index
    rss_after = _rss_mb()
    result = {
        "chunks": n,
        "real_chunks": info.get("real_chunks"),
        "synthetic_chunks": n - int(info.get("real_chunks") or 0),
        "index": vectors.describe(chosen),
        "build_seconds": info["builds"].get(vectors.kind_of(chosen), {}).get("seconds"),
        "index_mb": round((folder / "index/versions/v1" / VECTORS).stat().st_size / 2**20, 1),
        "load_seconds": round(load_seconds, 2),
        "postings_load_seconds": round(postings_load, 2),
        "rss_mb": round(rss_serving, 1),
        "rss_after_queries_mb": round(rss_after, 1),
        "queries": len(qs),
        "timings": len(parts["total"]),
        "denied_chunks": len(deny),
        "filter_allowed_chunks": len(allow),
        "ms": {k: _pct(v) for k, v in parts.items()}
        | {
            "restricted_ids_once_per_day": _pct(deny_once),
            "faiss_with_selector": _pct(faiss_only),
            "search_with_filter": _pct(filtered),
        },
        "loadavg_start": round(load0, 2),
        "loadavg_end": round(os.getloadavg()[0], 2),
    }
    # recall@10 against exact search with the same selector, and the other kinds' speed
    alts = {}
    for path in sorted(folder.glob("alt-*.faiss")):
        alts[path.stem[4:]] = vectors.load(path)
    exact = chosen if vectors.kind_of(chosen) == "flat" else alts["flat"]
    allow_set = vectors.IdSet(allow)
    truth = [[i for i, _ in vectors.search(exact, v, K, deny=deny_set)] for v in qvecs]
    truth_f = [
        [i for i, _ in vectors.search(exact, v, K, allow=allow_set, deny=deny_set)] for v in qvecs
    ]
    denied = set(deny.tolist())
    result["kinds"] = {}
    for kind, index in [(vectors.kind_of(chosen), chosen), *alts.items()]:
        if kind in result["kinds"]:
            continue
        times, rec, rec_f, leaks = [], [], [], 0
        for v, want, want_f in zip(qvecs, truth, truth_f, strict=True):
            t0 = time.perf_counter()
            got = [i for i, _ in vectors.search(index, v, K, deny=deny_set)]
            times.append(time.perf_counter() - t0)
            got_f = [i for i, _ in vectors.search(index, v, K, allow=allow_set, deny=deny_set)]
            leaks += len(denied.intersection(got + got_f))
            rec.append(len(set(got) & set(want)) / max(1, len(want)))
            rec_f.append(len(set(got_f) & set(want_f)) / max(1, len(want_f)))
        result["kinds"][kind] = {
            "describe": vectors.describe(index),
            "build_seconds": info["builds"].get(kind, {}).get("seconds"),
            "faiss_ms": _pct(times),
            "recall_at_10": round(float(np.mean(rec)), 4),
            "recall_at_10_filtered": round(float(np.mean(rec_f)), 4),
            "restricted_returned": leaks,
        }
    if vectors.kind_of(chosen) == "ivf":  # recall and time against the number of lists probed
        ivf = faiss.extract_index_ivf(chosen)
        default, result["nprobe"] = ivf.nprobe, {}
        for probe in sorted({max(1, default // 2), default, default * 2, default * 4}):
            ivf.nprobe = probe
            times, rec = [], []
            for v, want in zip(qvecs, truth, strict=True):
                t0 = time.perf_counter()
                got = [i for i, _ in vectors.search(chosen, v, K, deny=deny_set)]
                times.append(time.perf_counter() - t0)
                rec.append(len(set(got) & set(want)) / max(1, len(want)))
            result["nprobe"][probe] = {
                "faiss_ms": _pct(times),
                "recall_at_10": round(float(np.mean(rec)), 4),
            }
        ivf.nprobe = default
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    Path(args.result).write_text(json.dumps(result, indent=1))


def sweep(cache: Path, sizes: list[int]) -> list[dict]:
    """FAISS alone, flat against IVF, at sizes around the threshold (public-user selector)."""
    from index.search import IndexReader

    enc = IndexReader(cache / "real-index").encoder
    qvecs = [enc.encode_query(q) for q in questions()]
    ids_all, vecs_all, _ = collection(base_version(cache), max(sizes))
    rows = []
    for n in sizes:
        ids, vecs = ids_all[:n], vecs_all[:n]
        deny = vectors.IdSet(ids[3::RESTRICTED_EVERY])
        row: dict = {"chunks": n}
        truth = None
        for kind in ("flat", "ivf"):
            t = time.perf_counter()
            index = vectors.build(ids, vecs, kind)
            built = time.perf_counter() - t
            times, got = [], []
            for v in qvecs:
                t0 = time.perf_counter()
                got.append({i for i, _ in vectors.search(index, v, K, deny=deny)})
                times.append(time.perf_counter() - t0)
            truth = truth or got
            row[kind] = {
                "describe": vectors.describe(index),
                "build_seconds": round(built, 1),
                "faiss_ms": _pct(times),
                "recall_at_10": round(
                    float(np.mean([len(a & b) / K for a, b in zip(got, truth, strict=True)])), 4
                ),
            }
            del index
        rows.append(row)
        print(f"sweep n={n}: {row}", file=sys.stderr, flush=True)
    return rows


def realism(cache: Path) -> dict:
    """How the synthetic vectors compare with the real ones (nearest-neighbour cosines)."""
    return calibrate(real_vectors(base_version(cache))[1])


# ------------------------------------------------------------------------- driver
def _run(cmd: list[str]) -> None:
    subprocess.run([sys.executable, __file__, *cmd], check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeat", type=int, default=3, help="rounds over the questions")
    ap.add_argument("--compare", default="", help="extra index kinds to measure, e.g. hnsw,ivf")
    ap.add_argument(
        "--sweep",
        type=int,
        nargs="*",
        default=[20_000, 50_000, 100_000, 200_000],
        help="sizes at which flat and IVF are compared (FAISS alone); none to skip",
    )
    ap.add_argument("--cache", default=str(DEFAULT_CACHE))
    ap.add_argument("--seed-cache", default=str(EVAL_CACHE), help="embedding cache to reuse")
    ap.add_argument("--mtrag-limit", type=int, help="index only the first N passages")
    ap.add_argument("--out", default=str(ROOT / "bench" / "latency.json"))
    ap.add_argument("--prepare", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--kinds", default="", help=argparse.SUPPRESS)
    ap.add_argument("--result", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.prepare:
        return prepare(args)
    if args.measure:
        return measure(args)

    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    print("real base: indexing mtrag-govt passages + sample register", file=sys.stderr)
    real_base(cache, Path(args.seed_cache) if args.seed_cache else None, args.mtrag_limit)
    rows = []
    for n in args.sizes:
        _run(["--prepare", str(n), "--cache", str(cache), "--kinds", args.compare])
        out = cache / f"result-{n}.json"
        _run(["--measure", str(n), "--cache", str(cache), "--repeat", str(args.repeat),
              "--result", str(out)])  # fmt: skip
        rows.append(json.loads(out.read_text()))
        _print_row(rows[-1])
    report = {
        "date": dt.date.today().isoformat(),
        "machine": {"cpus": os.cpu_count(), "faiss_threads": 2},
        "synthetic": (
            "beyond the real base (mtrag-govt passages + sample register, real e5 vectors), "
            "vectors are sampled from a Gaussian mixture fitted on the real vectors and "
            "catalog rows copy real documents/chunks; questions and their encoding are real"
        ),
        "realism": realism(cache),
        "sizes": rows,
        "sweep": sweep(cache, args.sweep) if args.sweep else [],
    }
    Path(args.out).write_text(json.dumps(report, indent=1))
    print(_table(rows))
    for row in report["sweep"]:
        print(
            f"sweep {row['chunks']:,}: "
            + "; ".join(
                f"{k} {row[k]['faiss_ms']['p50']}/{row[k]['faiss_ms']['p95']} ms "
                f"recall {row[k]['recall_at_10']} build {row[k]['build_seconds']} s"
                for k in ("flat", "ivf")
            )
        )
    print(f"\nsynthetic vs real vectors: {report['realism']}")
    print(f"written {args.out}")


def _print_row(r: dict) -> None:
    print(f"n={r['chunks']}: {r['index']} total p95 {r['ms']['total']['p95']} ms", flush=True)


def _table(rows: list[dict]) -> str:
    head = (
        "| chunks (real+synthetic) | index | encode | dense search | fetch | total dense "
        "| hybrid search | lexical (postings) | lexical (FTS5) | total hybrid (sequential) "
        "| total hybrid (served) | recall@10 (filtered) | RSS MB | build s |"
    )
    out = ["ms as p50/p95", head, "|" + "---|" * 14]
    for r in rows:
        ms = r["ms"]
        kind = r["kinds"][r["index"].split()[0]]

        def pp(key: str) -> str:
            return f"{ms[key]['p50']}/{ms[key]['p95']}"  # noqa: B023

        out.append(
            f"| {r['chunks']:,} ({r['real_chunks']:,}+{r['synthetic_chunks']:,}) | {r['index']} "
            f"| {pp('encode')} | {pp('search')} | {pp('fetch')} | {pp('total')} "
            f"| {pp('search_hybrid')} | {pp('lexical')} | {pp('lexical_fts5')} "
            f"| {pp('total_hybrid_sequential')} "
            f"| {pp('total_hybrid')} "
            f"| {kind['recall_at_10']} ({kind['recall_at_10_filtered']}) "
            f"| {r['rss_mb']} | {r['build_seconds']} |"
        )
    out.append("")
    out.append("| chunks | kind | build s | FAISS ms p50/p95 | recall@10 | filtered |")
    out.append("|" + "---|" * 6)
    for r in rows:
        for x in r["kinds"].values():
            out.append(
                f"| {r['chunks']:,} | {x['describe']} | {x['build_seconds']} "
                f"| {x['faiss_ms']['p50']}/{x['faiss_ms']['p95']} | {x['recall_at_10']} "
                f"| {x['recall_at_10_filtered']} |"
            )
    return "\n".join(out)


if __name__ == "__main__":
    main()
