"""What leaving more terms out of FTS5's lexical run would buy, and cost (bench/README.md).

The lexical run reads postings (``index/postings.py``) and searches every term; FTS5
serves it only for an index built before postings existed, and there a large index
leaves out terms found in more than ``MAX_DF_SHARE`` of the chunks (``index/search.py``).
This script measures other cuts of that FTS5 run side by side, the record of why postings
were built (every reader here is held to FTS5):

* speed: the FTS5 query alone (document frequencies looked up beforehand) at p50/p95 on
  the million-chunk index that ``bench_latency.py`` caches, for each way of choosing the
  terms;
* quality: the same rules at a scale where relevance is known: the mtrag-govt index of
  ``viit eval ../shared/eval/mtrag-govt`` (e5), last turns with their history, hybrid
  R@5, with the size floor removed so that the share applies to its 5,000 chunks.

Ways of choosing the terms: ``drop`` searches only terms at or below the cut; ``common``
is Elasticsearch's common-terms form, ``(rare) AND (rare OR common)``: common terms score
but do not select; ``budget`` keeps the rarest terms until their counts sum to 20,000.

    python bench/bench_lexical_cut.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import index.search as search  # noqa: E402
from assistant import evaluate  # noqa: E402
from assistant.followup import shape  # noqa: E402
from index.search import IndexReader  # noqa: E402
from index.text import detect_lang, fts_terms  # noqa: E402

MILLION = ROOT / ".cache/bench/latency/n1000000/index"
MTRAG = ROOT.parent / "shared/eval/mtrag-govt"
MTRAG_INDEX = ROOT / ".cache/eval/viit-index-beir-mtrag-govt/index-multilingual-e5-small"
SHARED_QUESTIONS = ROOT.parent / "shared/eval/register-dev.jsonl"
BUDGET = 20_000


def choose(terms: list[str], df: dict[str, int], cut: float, form: str) -> str:
    """The FTS5 query for ``terms`` under one way of leaving terms out."""
    if form == "budget":
        kept, total = [], 0
        for t in sorted(terms, key=df.__getitem__):
            if "/" in t or not kept or total + df[t] <= BUDGET:
                kept.append(t)
                total += df[t]
        return " OR ".join(kept)
    rare = [t for t in terms if df[t] <= cut or "/" in t] or [min(terms, key=df.__getitem__)]
    common = [t for t in terms if t not in rare]
    if form == "common" and common:
        return f"({' OR '.join(rare)}) AND ({' OR '.join(rare + common)})"
    return " OR ".join(rare)


def pct(values: list[float]) -> str:
    v = sorted(values)
    return f"{v[len(v) // 2]:.1f} / {v[int(len(v) * 0.95)]:.1f}"


def speed(options: list[tuple[str, float]]) -> None:
    reader = IndexReader(MILLION)
    reader.meta.pop("postings", None)  # FTS5's run, as the module says
    reader._restricted_ids(dt.date.today())
    n = reader.chunk_count()
    qs = [json.loads(x)["question"] for x in SHARED_QUESTIONS.read_text().splitlines() if x]
    qs += [
        json.loads(x)["text"].replace("|user|:", "").strip()
        for x in (MTRAG / "queries_rewrite.jsonl").read_text().splitlines()
        if x
    ]
    all_terms = [t for t in (fts_terms(q, detect_lang(q)) for q in qs) if t]
    df = {t: reader._df(t) for terms in all_terms for t in terms}
    sql = (
        "SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ? "
        "AND rowid NOT IN (SELECT id FROM temp.restricted_now) ORDER BY s LIMIT 50"
    )
    print(f"FTS5 query at {n:,} chunks, ms p50 / p95 ({len(all_terms)} questions)")
    for form, share in options:
        took = []
        for terms in all_terms:
            query = choose(terms, df, share * n, form)
            t0 = time.perf_counter()
            reader.con.execute(sql, [query]).fetchall()
            took.append((time.perf_counter() - t0) * 1000)
        label = f"{BUDGET:,} counts" if form == "budget" else f"{share:.0%}"
        print(f"  {form:<7} {label:>13}  {pct(took)}")


def quality(options: list[tuple[str, float]]) -> None:
    reader = IndexReader(MTRAG_INDEX)
    reader.meta.pop("postings", None)
    qrels = evaluate.read_qrels(MTRAG)
    queries = evaluate._conversations(evaluate._read_jsonl(MTRAG / "queries_lastturn.jsonl"))
    form_now = {"form": "drop"}

    def lexical(self, query, k, where, args):
        terms = fts_terms(query, detect_lang(query))
        if not terms:
            return []
        df = {t: self._df(t) for t in terms}
        cut = search.MAX_DF_SHARE * self.chunk_count()
        sql = (
            "SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ?"
            f"{where} ORDER BY s LIMIT ?"
        )
        fts = choose(terms, df, cut, form_now["form"])
        return [(r[0], -r[1]) for r in self.con.execute(sql, [fts, *args, k])]

    print(f"mtrag-govt last turn with history, hybrid R@5 ({reader.chunk_count():,} chunks)")
    for form, share in [("all terms", 1.0), *options]:
        if form != "all terms":
            search.MAX_DF_FLOOR, search.MAX_DF_SHARE = 0, share
            search.IndexReader._lexical = lexical
            form_now["form"] = form
        scores = []
        for qid, text, history in queries:
            if qid in qrels:
                keys = evaluate._keys(
                    reader, text, "hybrid", lambda p: p.file_name, shape(text, history).context
                )
                scores.append(evaluate._metrics(keys, qrels[qid])["recall@5"])
        print(f"  {form:<9} {share:>5.0%}  {sum(scores) / len(scores):.3f}")


if __name__ == "__main__":
    opts = [("drop", 0.02), ("drop", 0.01), ("common", 0.01), ("budget", 0.0)]
    speed(opts)
    quality([o for o in opts if o[0] != "budget"])
