"""`viit eval`: retrieval and answer quality on a question file, measured not guessed.

Two formats:

* register questions (``register-dev.jsonl``): each has ``expect`` (acceptable citation
  keys) and ``answer_contains``; scored per retrieval method on the ranked citation keys,
  and end to end on the answer (expected citation among the first ``k`` and expected text
  in the answer or its quotes; an unanswerable question must cite nothing);
* a BEIR-style folder (``corpus.jsonl``, ``queries_*.jsonl``, ``qrels/test.tsv``): the
  corpus is indexed as documents in ``<index>-beir-<name>`` and queries are scored as the
  user typed them (with the conversation so far) and as rewritten.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from assistant.answer import Assistant
from assistant.followup import shape_query
from index.search import IndexReader

METHODS = ("dense", "lexical", "hybrid")
CUTS = (1, 5, 10)


def _metrics(ranked: list[str], relevant: set[str]) -> dict[str, float]:
    out = {f"recall@{k}": len(set(ranked[:k]) & relevant) / len(relevant) for k in CUTS}
    rr = next((1 / (i + 1) for i, key in enumerate(ranked[:10]) if key in relevant), 0.0)
    dcg = sum(1 / math.log2(i + 2) for i, key in enumerate(ranked[:10]) if key in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
    out["mrr@10"], out["ndcg@10"] = rr, dcg / ideal if ideal else 0.0
    return out


def _mean(rows: list[dict[str, float]]) -> dict[str, float]:
    if not rows:
        return {}
    return {k: round(sum(r[k] for r in rows) / len(rows), 3) for k in rows[0]}


def _keys(reader: IndexReader, query: str, method: str, key_of=None) -> list[str]:
    hits = reader.search(query, k=30, method=method)
    seen: dict[str, None] = {}
    for p in reader.passages([h.chunk_id for h in hits]):
        seen.setdefault(key_of(p) if key_of else p.key, None)
    return list(seen)


def eval_register(path: Path, index_dir: Path, k: int = 3) -> dict:
    reader = IndexReader(index_dir)
    assistant = Assistant(reader)
    per: dict[str, list] = defaultdict(list)
    answers, details = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        expect = set(q.get("expect") or [])
        if expect:
            for method in METHODS:
                m = _metrics(_keys(reader, q["question"], method), expect)
                per[method].append(m)
                per[f"{method}/{q.get('lang')}"].append(m)
                per[f"{method}/{q.get('kind')}"].append(m)
        answer = assistant.ask(q["question"])
        keys = [c.key for c in answer.citations][:k]
        blob = (answer.text + " " + " ".join(c.quote for c in answer.citations)).casefold()
        cited = any(key in expect for key in keys) if expect else not answer.citations
        wanted = q.get("answer_contains") or []
        text_ok = not wanted or any(w.casefold() in blob for w in wanted)
        ok = cited and text_ok
        answers.append(ok)
        details.append({"id": q.get("id"), "ok": ok, "cited": keys, "answer": answer.text[:200]})
    return {
        "set": path.name,
        "encoder": reader.meta.get("encoder"),
        "answered": f"{sum(answers)}/{len(answers)}",
        "retrieval": {name: _mean(rows) for name, rows in sorted(per.items())},
        "questions": details,
    }


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _beir_register(folder: Path, target: Path) -> Path:
    """Write the corpus as one text file per passage (title + text), named by its id."""
    target.mkdir(parents=True, exist_ok=True)
    for doc in _read_jsonl(folder / "corpus.jsonl"):
        name = doc["_id"].replace("/", "_") + ".txt"
        text = (doc.get("title", "") + "\n\n" + doc.get("text", "")).strip() + "\n"
        out = target / name
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
    return target


def eval_beir(folder: Path, index_dir: Path, progress=None) -> dict:
    from index.build import build_index

    base = Path(f"{index_dir}-beir-{folder.name}")
    register = _beir_register(folder, base / "corpus")
    build_index(register, base / "index", progress=progress)
    reader = IndexReader(base / "index")
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "qrels" / "test.tsv").read_text().splitlines()[1:]:
        qid, doc, score = line.split("\t")
        if int(score) > 0:
            qrels[qid].add(doc.replace("/", "_") + ".txt")

    def key_of(p):
        return p.file_name

    result: dict[str, dict] = {"set": folder.name, "encoder": reader.meta.get("encoder")}
    for qfile in sorted(folder.glob("queries_*.jsonl")):
        queries = _read_jsonl(qfile)
        history: dict[str, list[str]] = defaultdict(list)
        rows: dict[str, list] = defaultdict(list)
        for q in sorted(
            queries, key=lambda x: (x["_id"].split("<::>")[0], int(x["_id"].split("<::>")[1]))
        ):
            conv = q["_id"].split("<::>")[0]
            text = q["text"].replace("|user|:", "").strip().strip('"')
            query = shape_query(text, history[conv]) if "lastturn" in qfile.name else text
            history[conv].append(text)
            if q["_id"] not in qrels:
                continue
            for method in METHODS:
                rows[method].append(_metrics(_keys(reader, query, method, key_of), qrels[q["_id"]]))
        result[qfile.stem] = {m: _mean(r) for m, r in rows.items()} | {"n": len(rows["hybrid"])}
    return result


def run_eval(questions: Path, index_dir: Path, k: int = 3) -> dict:
    questions = Path(questions)
    if questions.is_dir():
        return eval_beir(questions, index_dir)
    return eval_register(questions, index_dir, k=k)


def format_result(result: dict) -> str:
    lines = [f"{result['set']} — encoder {result.get('encoder')}"]
    if "answered" in result:
        lines.append(f"answered: {result['answered']}")
        for q in result["questions"]:
            mark = "ok " if q["ok"] else "MISS"
            lines.append(f"  {mark} {q['id']}: {q['cited']} {q['answer'][:90]!r}")
        tables = {"": result["retrieval"]}
    else:
        tables = {k: v for k, v in result.items() if isinstance(v, dict)}
    for title, table in tables.items():
        if title:
            lines.append(f"\n{title} (n={table.get('n')})")
        lines.append(f"{'method':<22} R@1   R@5   R@10  MRR@10 nDCG@10")
        for name, m in table.items():
            if not isinstance(m, dict) or not m:
                continue
            lines.append(
                f"{name:<22} {m['recall@1']:.3f} {m['recall@5']:.3f} {m['recall@10']:.3f} "
                f"{m['mrr@10']:.3f}  {m['ndcg@10']:.3f}"
            )
    return "\n".join(lines)
