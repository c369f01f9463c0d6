"""What postings (index/postings.py) cost a build, and how close they score to FTS5.

Runs on the catalogs ``bench_latency.py`` caches (run that first):

* on a copy of the 100,000-chunk catalog: postings written for every chunk (seconds,
  growth of this process's peak RSS), then for the newest 2,000 chunks as a 1% rebuild
  adds them, with the merge check; the catalog copy a rebuild makes (SQLite backup) and the
  postings' share of the catalog's bytes;
* on the million-chunk catalog: the top ten BM25 scores of the first questions by postings
  and by FTS5 (every term), their largest relative difference; and FTS5's exact phrase
  query for ``don't``, which postings replace by its tokens together.

    python bench/bench_postings.py --out bench/results/postings.json
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index import postings  # noqa: E402
from index.text import detect_lang, fts_terms  # noqa: E402

CACHE = ROOT / ".cache/bench/latency"
QUESTIONS = ROOT.parent / "shared/eval/register-dev.jsonl"


def _catalog(n: int) -> Path:
    path = CACHE / f"n{n}/index/versions/v1/catalog.sqlite"
    if not path.exists():
        raise SystemExit(f"{path} missing: run bench/bench_latency.py first")
    return path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_costs(tmp: Path) -> dict:
    copy = tmp / "catalog.sqlite"
    shutil.copy(_catalog(100_000), copy)
    con = sqlite3.connect(copy)
    chunks = con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    before = _peak_mb()
    t = time.perf_counter()
    postings.rebuild(con)
    con.commit()
    full = time.perf_counter() - t
    peak = _peak_mb() - before
    newest = [r[0] for r in con.execute("SELECT id FROM chunks ORDER BY id DESC LIMIT 2000")]
    t = time.perf_counter()
    postings.add_chunks(con, newest)
    postings.maintain(con)
    added = time.perf_counter() - t
    con.rollback()
    blob = con.execute("SELECT sum(length(ids)) + sum(length(tfs)) FROM postings").fetchone()[0]
    t = time.perf_counter()
    with sqlite3.connect(tmp / "backup.sqlite") as dst:
        con.backup(dst)
    backup = time.perf_counter() - t
    con.close()
    return {
        "chunks": chunks,
        "all_chunks_seconds": round(full, 2),
        "all_chunks_peak_rss_growth_mb": round(peak, 1),
        "added_2000_chunks_with_merge_check_seconds": round(added, 3),
        "catalog_mb": round(copy.stat().st_size / 2**20, 1),
        "postings_mb": round(blob / 2**20, 1),
        "catalog_backup_seconds": round(backup, 2),
    }


def agreement(questions: int) -> dict:
    con = sqlite3.connect(f"file:{_catalog(1_000_000)}?mode=ro", uri=True)
    post = postings.Postings(con)
    qs = [json.loads(x)["question"] for x in QUESTIONS.read_text().splitlines() if x]
    worst = 0.0
    for q in qs[:questions]:
        terms = fts_terms(q, detect_lang(q))
        fts = con.execute(
            "SELECT -bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ? "
            "ORDER BY s DESC LIMIT 10",
            [" OR ".join(terms)],
        ).fetchall()
        mine = post.search([postings.Term.parse(t) for t in terms], 10)
        for (a,), (_, b) in zip(fts, mine, strict=True):
            worst = max(worst, abs(a - b) / abs(a))
    t = time.perf_counter()
    hits = con.execute("SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ?", ['"don\'t"'])
    n = len(hits.fetchall())
    phrase = time.perf_counter() - t
    return {
        "chunks": post.n,
        "questions": questions,
        "top10_max_relative_difference": worst,
        "fts5_phrase_dont_seconds": round(phrase, 3),
        "fts5_phrase_dont_chunks": n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", type=int, default=4)
    ap.add_argument("--out", default=str(ROOT / "bench/results/postings.json"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=CACHE) as tmp:
        result = {"build_100k": build_costs(Path(tmp))}
    result["agreement_1m"] = agreement(args.questions)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
