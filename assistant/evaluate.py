"""`viit eval`: retrieval and answer quality on a question file, measured not guessed.

Three formats, told apart by their shape:

* register questions (``register-dev.jsonl``, ``register-questions.jsonl``): each has
  ``expect`` (acceptable citation keys: a register reference or a file's base name),
  ``answer_contains`` and maybe ``must_not_contain``; scored per retrieval method on the
  ranked citation keys, and end to end on the answer a public user gets (:func:`verdict`),
  by kind and language, with leaks and unanswerable questions counted apart;
* conversations (``eval/conversations.jsonl``: ``id``, ``turns`` of such questions):
  each turn asked with the conversation so far, scored the same way;
* a BEIR-style folder (``corpus.jsonl``, ``queries_*.jsonl``, ``qrels/test.tsv``): the
  corpus is indexed as documents in ``<index>-beir-<name>/index-<encoder>`` (incremental,
  with the embedding cache: a rerun embeds nothing) and queries are scored as the user
  typed them, with the conversation so far (ids ``<conversation><::><turn>``) and without
  it, and as rewritten. With ``answers.jsonl`` the answers are scored against the
  reference answers too (token F1, ROUGE-L), beside a first-two-sentences baseline.

Retrieval metrics per method (dense, lexical, hybrid) on distinct documents in rank order:
recall@1/5/10 (share of the relevant documents among the first k), MRR@10 and binary
nDCG@10; each row is a mean over its questions (``n``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from assistant.answer import Assistant
from assistant.followup import shape
from assistant.model import Conversation
from assistant.sentences import sentence_spans
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
    for p in reader.catalog.passages([h.chunk_id for h in hits]):
        seen.setdefault(key_of(p) if key_of else p.key, None)
    return list(seen)


# -- answers: the verdict on one question --------------------------------------------
def answer_record(answer) -> dict:
    """What the user saw: ``viit ask --json``'s object plus the notes."""
    return answer.to_dict() | {"notes": list(answer.notes)}


def _entry_keys(record: dict, k: int) -> list[set[str]]:
    """The first ``k`` cited entries (cards), each as the keys it may be expected by:
    its reference and the base names of its files."""
    entries: dict[str, set[str]] = {}
    for c in record.get("citations", []):
        key = c.get("ref") or c.get("name") or ""
        if key not in entries and len(entries) >= k:
            continue
        entries.setdefault(key, set()).update(x for x in (c.get("ref"), c.get("name")) if x)
    return list(entries.values())


def verdict(q: dict, record: dict, k: int = 3) -> dict:
    """Is ``record`` (see :func:`answer_record`) a right answer to question ``q``?

    An answerable question (``expect`` not empty) wants one expected key among the first
    ``k`` cited entries and one of ``answer_contains`` in the answer text or its quotes;
    an unanswerable one wants no citation at all. A ``must_not_contain`` string anywhere in
    what the user saw is a leak, and a leak is never a right answer.
    """
    expect = set(q.get("expect") or [])
    cits = record.get("citations", [])
    entries = _entry_keys(record, k)
    cited = any(expect & e for e in entries) if expect else not cits
    blob = " ".join([record.get("answer", "")] + [c.get("quote") or "" for c in cits]).casefold()
    wanted = q.get("answer_contains") or []
    text_ok = not wanted or any(w.casefold() in blob for w in wanted)
    seen = json.dumps(record, ensure_ascii=False).casefold() + " " + blob
    leaks = [s for s in q.get("must_not_contain") or [] if s.casefold() in seen]
    return {
        "ok": bool(cited and text_ok and not leaks),
        "cited": cited,
        "text": text_ok,
        "leaks": leaks,
        "keys": [sorted(e) for e in entries],
    }


def _tally(rows: list[dict], field: str) -> dict[str, list[int]]:
    """[right, asked] per value of ``field``, in order of first appearance."""
    out: dict[str, list[int]] = {}
    for r in rows:
        t = out.setdefault(str(r.get(field) or "-"), [0, 0])
        t[0] += r["ok"]
        t[1] += 1
    return out


def _detail(q: dict, record: dict, v: dict, **extra) -> dict:
    keep = ("id", "kind", "lang", "question", "expect", "answer_contains", "must_not_contain")
    return {x: q[x] for x in keep if x in q} | extra | {"verdict": v, "answer": record}


def eval_register(path: Path, index_dir: Path, k: int = 3, encoder: str | None = None) -> dict:
    """Register questions: retrieval per method, and each answer as a user gets it."""
    reader = IndexReader(index_dir, encoder=encoder)
    assistant = Assistant(reader)
    per: dict[str, list] = defaultdict(list)
    rows = []
    for q in _read_jsonl(path):
        expect = set(q.get("expect") or [])
        if expect:
            for method in METHODS:
                m = _metrics(_keys(reader, q["question"], method), expect)
                per[method].append(m)
                per[f"{method}/lang={q.get('lang')}"].append(m)
                per[f"{method}/kind={q.get('kind')}"].append(m)
        record = answer_record(assistant.ask(q["question"]))
        v = verdict(q, record, k)
        rows.append(_detail(q, record, v) | {"ok": v["ok"]})
    unanswerable = [r for r in rows if not r.get("expect")]
    return {
        "set": path.name,
        "encoder": reader.meta.get("encoder"),
        "answered": f"{sum(r['ok'] for r in rows)}/{len(rows)}",
        "by_kind": _tally(rows, "kind"),
        "by_lang": _tally(rows, "lang"),
        "leaks": [
            {"id": r.get("id"), "leaked": r["verdict"]["leaks"]}
            for r in rows
            if r["verdict"]["leaks"]
        ],
        "unanswerable": f"{sum(r['ok'] for r in unanswerable)}/{len(unanswerable)}",
        "retrieval": {name: _mean(per[name]) for name in sorted(per, key=_row_order)},
        "questions": rows,
    }


# -- conversations ---------------------------------------------------------------------
def is_conversations(path: Path) -> bool:
    """A JSONL of conversations (``id`` and ``turns``) rather than of single questions."""
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            return "turns" in json.loads(line)
    return False


def eval_conversations(path: Path, index_dir: Path, k: int = 3, encoder: str | None = None) -> dict:
    """Each turn asked with the conversation so far, as the app and ``--session`` ask it.

    A turn is scored like a register question (:func:`verdict`); the answer shown is then
    added to the conversation, right or wrong, as it would be for a user.
    """
    reader = IndexReader(index_dir, encoder=encoder)
    assistant = Assistant(reader)
    rows, whole = [], []
    for conv in _read_jsonl(path):
        conversation = Conversation()
        results = []
        for n, turn in enumerate(conv["turns"], 1):
            q = {"lang": conv.get("lang")} | turn | {"id": f"{conv['id']}/{n}"}
            answer = assistant.ask(turn["question"], conversation=conversation)
            record = answer_record(answer)
            v = verdict(q, record, k)
            position = "first turn" if n == 1 else "follow-up"
            results.append(_detail(q, record, v, position=position) | {"ok": v["ok"]})
            conversation.add(answer)
        rows += results
        whole.append(all(r["ok"] for r in results))
    return {
        "set": path.name,
        "encoder": reader.meta.get("encoder"),
        "answered": f"{sum(r['ok'] for r in rows)}/{len(rows)}",
        "share": round(sum(r["ok"] for r in rows) / len(rows), 3) if rows else 0.0,
        "conversations": f"{sum(whole)}/{len(whole)} with every turn right",
        "by_position": _tally(rows, "position"),
        "by_lang": _tally(rows, "lang"),
        "by_kind": _tally(rows, "kind"),
        "leaks": [
            {"id": r["id"], "leaked": r["verdict"]["leaks"]} for r in rows if r["verdict"]["leaks"]
        ],
        "questions": rows,
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


def _user_text(text: str) -> str:
    return text.replace("|user|:", "").strip().strip('"').strip()


def _conversations(queries: list[dict]) -> list[tuple[str, str, list[str]]]:
    """(id, text, earlier user turns of its conversation) in conversation order."""
    history: dict[str, list[str]] = defaultdict(list)
    out = []
    for q in sorted(queries, key=lambda x: _turn(x["_id"])):
        conv = _turn(q["_id"])[0]
        text = _user_text(q["text"])
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


def eval_beir(
    folder: Path,
    index_dir: Path,
    encoder: str | None = None,
    progress=None,
    reader: IndexReader | None = None,
) -> dict:
    """Retrieval on a BEIR-style folder, per query file and method.

    Queries of a conversation (ids ``<conversation><::><turn>``) are searched with the
    earlier turns of the same file as history (``assistant.followup.shape``), except in
    the ``(no history)`` table and in files of rewritten (standalone) queries.
    """
    folder = Path(folder)
    reader = reader or beir_index(folder, index_dir, encoder, progress)
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


# -- reference answers: token F1 and ROUGE-L ---------------------------------------------
_ARTICLES = frozenset({"a", "an", "the"})
_CITATION = re.compile(r"\s*\[[^\[\]\n]{1,200}\]")
ANSWERABLE = ("ANSWERABLE", "PARTIAL")


def answer_tokens(text: str) -> list[str]:
    """Words, case-folded, without punctuation and English articles (SQuAD's rule)."""
    return [t for t in re.findall(r"[^\W_]+", text.casefold()) if t not in _ARTICLES]


def token_f1(prediction: str, reference: str) -> float:
    """Harmonic mean of word precision and recall, counting repeated words (SQuAD F1)."""
    pred, ref = answer_tokens(prediction), answer_tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


@lru_cache(maxsize=1)
def _rouge():
    try:
        from rouge_score import rouge_scorer
    except ImportError:
        raise ImportError(
            "ROUGE-L needs the rouge-score package: pip install -e '.[dev]'"
        ) from None
    return rouge_scorer.RougeScorer(["rougeL"], use_stemmer=True)


def rouge_l(prediction: str, reference: str) -> float:
    """ROUGE-L F-measure (longest common subsequence) by Google's ``rouge-score`` package,
    with its Porter stemmer and its tokenizer (ASCII letters and digits: English only)."""
    return _rouge().score(reference, prediction)["rougeL"].fmeasure


def shown_text(answer_text: str) -> str:
    """An answer's words without its citation marks."""
    return " ".join(_CITATION.sub("", answer_text).split())


def lead_sentences(text: str, n: int = 2) -> str:
    """The first ``n`` sentences of a passage: the baseline answer."""
    spans = sentence_spans(text) or [(0, len(text))]
    return " ".join(" ".join(text[s:e].split()) for s, e in spans[:n])


def eval_answers(folder: Path, reader: IndexReader) -> dict:
    """Viit's answers against the reference answers of ``answers.jsonl``, beside a baseline.

    Each conversation is asked turn by turn with the conversation so far (every turn, also
    those without a reference answer, as a user would ask them). The baseline answers with
    the first two sentences of the top passage of the same hybrid search (the same
    conversation context). F1 and ROUGE-L are means over the answerable turns (reference
    answerability ANSWERABLE or PARTIAL); unanswerable turns count as handled when the
    answer cites nothing.
    """
    folder = Path(folder)
    refs = {a["task_id"]: a for a in _read_jsonl(folder / "answers.jsonl")}
    turns = {
        q["_id"]: _user_text(q["text"]) for q in _read_jsonl(folder / "queries_lastturn.jsonl")
    }
    for qid, a in refs.items():
        turns.setdefault(qid, a["question"].strip())
    conversations: dict[str, list[str]] = defaultdict(list)
    for qid in sorted(turns, key=_turn):
        conversations[_turn(qid)[0]].append(qid)
    assistant = Assistant(reader)
    rows = []
    for ids in conversations.values():
        conversation = Conversation()
        for qid in ids:
            text = turns[qid]
            context = shape(text, conversation.questions()).context
            answer = assistant.ask(text, conversation=conversation)
            conversation.add(answer)
            if qid not in refs:
                continue
            hits = reader.search(text, k=1, method="hybrid", context=context)
            top = reader.catalog.passages([h.chunk_id for h in hits[:1]])
            baseline = lead_sentences(top[0].text) if top else ""
            reference = refs[qid]["reference_answer"]
            viit = shown_text(answer.text)
            rows.append({
                "id": qid,
                "question": text,
                "answerable": refs[qid]["enrichments"]["Answerability"][0] in ANSWERABLE,
                "reference": reference,
                "viit": {"answer": viit, "cited": bool(answer.citations),
                         "f1": token_f1(viit, reference), "rougeL": rouge_l(viit, reference)},
                "baseline": {"answer": baseline, "cited": bool(top),
                             "f1": token_f1(baseline, reference),
                             "rougeL": rouge_l(baseline, reference)},
            })  # fmt: skip
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]

    def summary(system: str) -> dict:
        def mean(values):
            values = list(values)
            return round(sum(values) / len(values), 3) if values else 0.0

        return {
            "token F1": mean(r[system]["f1"] for r in answerable),
            "ROUGE-L": mean(r[system]["rougeL"] for r in answerable),
            "answerable: nothing found": mean(not r[system]["cited"] for r in answerable),
            "unanswerable: cited": mean(r[system]["cited"] for r in unanswerable),
        }

    return {
        "turns": len(rows),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "systems": {
            "Viit (extractive, with the conversation)": summary("viit"),
            "baseline: first 2 sentences of the top hybrid passage": summary("baseline"),
        },
        "questions": rows,
    }


def run_eval(
    questions: Path, index_dir: Path, k: int = 3, encoder: str | None = None, progress=None
) -> dict:
    """Detects the set: a BEIR folder (with ``answers.jsonl``: answers scored too), a JSONL
    of conversations, or one of register questions."""
    questions = Path(questions)
    if questions.is_dir():
        reader = beir_index(questions, index_dir, encoder, progress)
        result = eval_beir(questions, index_dir, encoder=encoder, reader=reader)
        if (questions / "answers.jsonl").exists():
            result["answers"] = eval_answers(questions, reader)
        return result
    if is_conversations(questions):
        return eval_conversations(questions, index_dir, k=k, encoder=encoder)
    return eval_register(questions, index_dir, k=k, encoder=encoder)


def details(result: dict) -> list[dict]:
    """One row per question or turn: its answer and verdict (``viit eval --details``)."""
    if "questions" in result:
        return result["questions"]
    return result.get("answers", {}).get("questions", [])


def _table(title: str, head: list[str], rows: list[list], markdown: bool) -> list[str]:
    if markdown:
        out = ["", f"**{title}**", "", "| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
        return out + ["| " + " | ".join(str(x) for x in r) + " |" for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows, strict=True)]
    lines = ["", title]
    for r in [head, *rows]:
        lines.append("  ".join(str(x).ljust(w) for x, w in zip(r, widths, strict=True)).rstrip())
    return lines


def _share(t: list[int]) -> list:
    return [t[1], t[0], f"{t[0] / t[1]:.0%}" if t[1] else "-"]


def format_result(result: dict, markdown: bool = False) -> str:
    """The result as text tables (or Markdown tables)."""
    lines = [f"{result['set']} — encoder {result.get('encoder')}"]
    if "answered" in result:
        what = "turns" if "by_position" in result else "questions"
        lines.append(
            f"answered right: {result['answered']} {what} (an expected citation in the top "
            "entries, the expected text, no leak; unanswerable: no citation)"
        )
        if "conversations" in result:
            lines.append(f"conversations: {result['conversations']}")
        if "unanswerable" in result:
            lines.append(f"unanswerable handled: {result['unanswerable']}")
        leaks = result.get("leaks") or []
        lines.append(
            "leaks: " + (", ".join(f"{x['id']} {x['leaked']}" for x in leaks) if leaks else "none")
        )
        if markdown:  # one line each, not one paragraph
            lines[1:] = [f"- {x}" for x in lines[1:]]
        for group in ("by_position", "by_kind", "by_lang"):
            table = result.get(group)
            if table and not (group == "by_kind" and list(table) == ["-"]):
                name = group.removeprefix("by_").replace("lang", "language")
                rows = [[key, *_share(t)] for key, t in table.items()]
                lines += _table(f"by {name}", [name, "n", "right", "share"], rows, markdown)
        misses = [q for q in result["questions"] if not q["ok"]]
        if misses and not markdown:
            lines.append("\nmisses")
            for q in misses:
                v = q["verdict"]
                why = ", ".join(
                    x for x, bad in (("citation", not v["cited"]), ("text", not v["text"]),
                                     ("leak", v["leaks"])) if bad
                )  # fmt: skip
                lines.append(f"  {q['id']} ({why}): {q['answer']['answer'][:90]!r}")
        tables = {"retrieval": result.get("retrieval", {})}
    else:
        tables = {k: v for k, v in result.items() if isinstance(v, dict) and k != "answers"}
    cols = ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10")
    head = ["method", "n", "R@1", "R@5", "R@10", "MRR@10", "nDCG@10"]
    for title, table in tables.items():
        rows = [
            [name, m.get("n", ""), *(f"{m[c]:.3f}" for c in cols)]
            for name, m in table.items()
            if isinstance(m, dict) and m
        ]
        if rows:
            lines += _table(title, head, rows, markdown)
    answers = result.get("answers")
    if answers:
        cols = ("token F1", "ROUGE-L", "answerable: nothing found", "unanswerable: cited")
        rows = [[name, *(f"{m[c]:.3f}" for c in cols)] for name, m in answers["systems"].items()]
        title = (
            f"answers against the reference answers ({answers['answerable']} answerable, "
            f"{answers['unanswerable']} unanswerable turns; F1 and ROUGE-L on answerable)"
        )
        lines += _table(title, ["answers", *cols], rows, markdown)
    return "\n".join(lines)
