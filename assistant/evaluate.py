"""`viit eval`: retrieval and answer quality on a question file, measured not guessed.

Two formats:

* register questions (``register-dev.jsonl``): each has ``expect`` (acceptable citation
  keys) and ``answer_contains``; scored per retrieval method on the ranked citation keys,
  and end to end on the answer (expected citation among the first ``k`` and expected text
  in the answer or its quotes; an unanswerable question must cite nothing);
* a BEIR-style folder (``corpus.jsonl``, ``queries_*.jsonl``, ``qrels/test.tsv``): the
  corpus is indexed as documents in ``<index>-beir-<name>/index-<encoder>`` (incremental,
  with the embedding cache: a rerun embeds nothing) and queries are scored as the user
  typed them, with the conversation so far (ids ``<conversation><::><turn>``) and without
  it, and as rewritten.

Metrics per method (dense, lexical, hybrid) on distinct documents in rank order:
recall@1/5/10 (share of the relevant documents among the first k), MRR@10 and binary
nDCG@10; each row is a mean over its questions (``n``).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from assistant.answer import Assistant
from assistant.followup import shape
from index.search import IndexReader, QueryContext

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
    return {k: round(sum(r[k] for r in rows) / len(rows), 3) for k in rows[0]} | {"n": len(rows)}


def _keys(
    reader: IndexReader, query: str, method: str, key_of=None, context: QueryContext | None = None
) -> list[str]:
    """Distinct citation keys (or ``key_of`` each passage) in rank order."""
    hits = reader.search(query, k=30, method=method, context=context)
    seen: dict[str, None] = {}
    for p in reader.passages([h.chunk_id for h in hits]):
        seen.setdefault(key_of(p) if key_of else p.key, None)
    return list(seen)


def eval_register(path: Path, index_dir: Path, k: int = 3, encoder: str | None = None) -> dict:
    reader = IndexReader(index_dir, encoder=encoder)
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
                per[f"{method}/lang={q.get('lang')}"].append(m)
                per[f"{method}/kind={q.get('kind')}"].append(m)
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
        "retrieval": {name: _mean(per[name]) for name in sorted(per, key=_row_order)},
        "questions": details,
    }


def _row_order(name: str) -> tuple[str, int]:
    """Overall rows first, then each language and kind, methods in METHODS order."""
    method, _, group = name.partition("/")
    return group, METHODS.index(method) if method in METHODS else len(METHODS)


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _beir_register(folder: Path, target: Path) -> Path:
    """Write the corpus as one text file per passage (title + text), named by its id."""
    target.mkdir(parents=True, exist_ok=True)
    for doc in _read_jsonl(folder / "corpus.jsonl"):
        name = doc["_id"].replace("/", "_") + ".txt"
        title, text = doc.get("title", "").strip(), doc.get("text", "").strip()
        text = (text if text.startswith(title) else f"{title}\n\n{text}").strip() + "\n"
        out = target / name
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
    return target


def _turn(qid: str) -> tuple[str, int]:
    """(conversation, turn) of a query id ``<conversation><::><turn>``; else its own."""
    conv, sep, turn = qid.rpartition("<::>")
    return (conv, int(turn)) if sep and turn.isdigit() else (qid, 0)


def _conversations(queries: list[dict]) -> list[tuple[str, str, list[str]]]:
    """(id, text, earlier user turns of its conversation) in conversation order."""
    history: dict[str, list[str]] = defaultdict(list)
    out = []
    for q in sorted(queries, key=lambda x: _turn(x["_id"])):
        conv = _turn(q["_id"])[0]
        text = q["text"].replace("|user|:", "").strip().strip('"').strip()
        out.append((q["_id"], text, list(history[conv])))
        history[conv].append(text)
    return out


def beir_index(
    folder: Path, index_dir: Path, encoder: str | None = None, progress=None
) -> IndexReader:
    """The folder's corpus indexed in ``<index_dir>-beir-<name>/index-<encoder>``.

    The build is incremental and uses the embedding cache: a rerun embeds nothing.
    """
    from index.build import build_index
    from index.encoder import DEFAULT_ENCODER, resolve_model_path

    encoder = encoder or DEFAULT_ENCODER
    base = Path(f"{index_dir}-beir-{Path(folder).resolve().name}")
    register = _beir_register(folder, base / "corpus")
    target = base / f"index-{resolve_model_path(encoder)[0]}"
    build_index(register, target, encoder=encoder, progress=progress)
    return IndexReader(target, encoder=encoder)


def read_qrels(folder: Path) -> dict[str, set[str]]:
    """Relevant documents of each query, named as ``_beir_register`` writes them."""
    qrels: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        qid, doc, score = line.split("\t")[:3]
        if int(score) > 0:
            qrels[qid].add(doc.replace("/", "_") + ".txt")
    return qrels


def eval_beir(folder: Path, index_dir: Path, encoder: str | None = None, progress=None) -> dict:
    """Retrieval on a BEIR-style folder, per query file and method.

    Queries of a conversation (ids ``<conversation><::><turn>``) are searched with the
    earlier turns of the same file as history (``assistant.followup.shape``), except in
    the ``(no history)`` table and in files of rewritten (standalone) queries.
    """
    folder = Path(folder)
    reader = beir_index(folder, index_dir, encoder, progress)
    qrels = read_qrels(folder)

    def key_of(p):
        return p.file_name

    result: dict[str, dict] = {"set": folder.name, "encoder": reader.meta.get("encoder")}
    for qfile in sorted(folder.glob("queries*.jsonl")):
        queries = _conversations(_read_jsonl(qfile))
        conversational = "rewrite" not in qfile.stem and any(h for _, _, h in queries)
        runs = [(qfile.stem, conversational)]
        if conversational:
            runs.append((f"{qfile.stem} (no history)", False))
        for title, with_history in runs:
            rows: dict[str, list] = defaultdict(list)
            for qid, text, history in queries:
                if qid not in qrels:
                    continue
                context = shape(text, history).context if with_history else None
                for method in METHODS:
                    m = _metrics(_keys(reader, text, method, key_of, context), qrels[qid])
                    rows[method].append(m)
                    if with_history and method == "hybrid":
                        rows["hybrid/turn 2+" if history else "hybrid/turn 1"].append(m)
            result[title] = {m: _mean(r) for m, r in rows.items()}
    return result


def run_eval(
    questions: Path, index_dir: Path, k: int = 3, encoder: str | None = None, progress=None
) -> dict:
    questions = Path(questions)
    if questions.is_dir():
        return eval_beir(questions, index_dir, encoder=encoder, progress=progress)
    return eval_register(questions, index_dir, k=k, encoder=encoder)


def format_result(result: dict, markdown: bool = False) -> str:
    """The result as text tables (or Markdown tables)."""
    lines = [f"{result['set']} — encoder {result.get('encoder')}"]
    if "answered" in result:
        lines.append(f"answered: {result['answered']}")
        for q in result["questions"]:
            mark = "ok " if q["ok"] else "MISS"
            lines.append(f"  {mark} {q['id']}: {q['cited']} {q['answer'][:90]!r}")
        tables = {"": result["retrieval"]}
    else:
        tables = {k: v for k, v in result.items() if isinstance(v, dict)}
    cols = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
    for title, table in tables.items():
        if title:
            lines.append(f"\n{title}")
        if markdown:
            lines += ["", "| method | n | R@1 | R@5 | R@10 | MRR@10 | nDCG@10 |", "|---" * 7 + "|"]
        else:
            lines.append(f"{'method':<26} {'n':>3}  R@1   R@5   R@10  MRR@10 nDCG@10")
        for name, m in table.items():
            if not isinstance(m, dict) or not m:
                continue
            if markdown:
                values = " | ".join(f"{m[c]:.3f}" for c in cols)
                lines.append(f"| {name} | {m.get('n', '')} | {values} |")
            else:
                values = " ".join(f"{m[c]:.3f}" for c in cols)
                lines.append(f"{name:<26} {m.get('n', ''):>3}  {values}")
    return "\n".join(lines)
