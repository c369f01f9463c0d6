"""`viit eval` (assistant/evaluate.py): the answer metrics and verdicts, table by table,
and the command end to end on tiny sets over the real sample index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.evaluate import (
    format_result,
    is_conversations,
    lead_sentences,
    rouge_l,
    shown_text,
    token_f1,
    verdict,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("prediction", "reference", "f1"),
    [
        ("The cat sat.", "the cat sat", 1.0),
        ("Hello, World!", "hello world", 1.0),
        ("the cat sat", "a cat sat down", 0.8),  # P 2/2, R 2/3; articles do not count
        ("yes yes yes", "yes", 0.5),  # repeated words count once per occurrence
        ("dog", "cat", 0.0),
        ("", "", 1.0),
        ("", "something", 0.0),
        ("Sissetulev kiri", "sissetulev KIRI.", 1.0),
        ("kiri saabus 10.11.2023", "kiri registreeriti 10.11.2023", 0.8),
    ],
)
def test_token_f1(prediction, reference, f1):
    assert token_f1(prediction, reference) == pytest.approx(f1, abs=1e-3)


@pytest.mark.parametrize(
    ("prediction", "reference", "score"),
    [
        ("the cat was under the bed", "the cat was under the bed", 1.0),
        ("the cat was found under the bed", "the cat was under the bed", 12 / 13),
        ("bed the under", "under the bed", 1 / 3),  # order matters: one word in sequence
        ("police killed the gunman", "police kill the gunman", 1.0),  # stemmed
        ("nothing alike", "completely different words", 0.0),
    ],
)
def test_rouge_l(prediction, reference, score):
    assert rouge_l(prediction, reference) == pytest.approx(score, abs=1e-3)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "It was sent on 9 Nov [5-1/54-1]. Then [julg.pdf] more.",
            "It was sent on 9 Nov. Then more.",
        ),
        ("- 5-1/50-1 MEPs letter\n[5-1/54-1]", "- 5-1/50-1 MEPs letter"),
        ("No citation here.", "No citation here."),
    ],
)
def test_shown_text_drops_citation_marks(text, shown):
    assert shown_text(text) == shown


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("First one. Second one. Third one.", "First one. Second one."),
        ("Only one sentence", "Only one sentence"),
        (
            "Title line\n\nA body sentence here. And another. More.",
            "Title line A body sentence here.",
        ),
    ],
)
def test_lead_sentences(text, lead):
    assert lead_sentences(text) == lead


def _cit(ref=None, name="x.txt", quote="", title=""):
    return {"ref": ref, "file": name, "name": name, "title": title, "quote": quote, "page": None}


A = _cit("5-1/54-1", "000.txt", "Liik: Sissetulev kiri")
B = _cit("2-1/2801", "doc_page.html", "Vastus")
C = _cit("1.1-2/24/22", "julg.pdf", "Otsus isikukoodiga 38610254217", "Otsus")
D = _cit(None, "ekiri.eml", "Millist Ak piirangut")
E = _cit(None, "Vastus.msg", "Ehitusgiid")
Q = {"expect": ["5-1/54-1"], "answer_contains": ["sissetulev kiri"]}


@pytest.mark.parametrize(
    ("q", "answer", "citations", "ok", "cited", "text", "leaks"),
    [
        (Q, "Liik: Sissetulev kiri [5-1/54-1]", [A], True, True, True, []),
        (Q, "Sissetulev kiri", [B, D, E, A], False, False, True, []),  # 4th entry: past k
        (Q, "Sissetulev kiri", [A, A, A, B], True, True, True, []),  # one entry, cited thrice
        (Q, "Vastus [5-1/54-1]", [_cit("5-1/54-1", "000.txt", "Vastus")], False, True, False, []),
        (Q, "See on ECPAT kiri.", [A], True, True, True, []),  # the text is in the quote
        (Q, "Sissetulev kiri", [], False, False, True, []),
        # a file name is a key too, also of a file that has a reference
        ({"expect": ["julg.pdf"], "answer_contains": ["Otsus"]}, "Otsus", [C],
         True, True, True, []),
        ({"expect": ["ekiri.eml"]}, "Kiri", [D], True, True, True, []),
        # leaks: anywhere the user sees them, and a leak is never right
        ({**Q, "must_not_contain": ["38610254217"]}, "Sissetulev kiri", [A, C],
         False, True, True, ["38610254217"]),
        ({**Q, "must_not_contain": ["Hüvenen"]}, "Sissetulev kiri",
         [A, _cit("1", "h.pdf", "", "Hüvenen")], False, True, True, ["Hüvenen"]),
        ({**Q, "must_not_contain": ["38610254217"]}, "ik 386102*****", [A], True, True, True, []),
        # unanswerable: right only without any citation
        ({"expect": [], "answer_contains": []}, "Registrist ei leitud vastust.", [],
         True, True, True, []),
        ({"expect": []}, "Maybe this", [B], False, False, True, []),
    ],
)  # fmt: skip
def test_verdict(q, answer, citations, ok, cited, text, leaks):
    v = verdict(q, {"answer": answer, "citations": citations}, k=3)
    assert (v["ok"], v["cited"], v["text"], v["leaks"]) == (ok, cited, text, leaks)


@pytest.mark.parametrize(
    ("lines", "conversations"),
    [
        (['{"id": "c1", "turns": [{"question": "q"}]}'], True),
        (["", '{"id": "c1", "lang": "et", "turns": []}'], True),
        (['{"id": "q1", "question": "q", "expect": []}'], False),
        ([], False),
    ],
)
def test_conversation_files_are_told_apart(tmp_path, lines, conversations):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert is_conversations(path) is conversations


def test_markdown_tables_by_kind_and_language():
    rows = [
        {"id": "q1", "ok": True, "verdict": {"leaks": []}, "answer": {"answer": ""}},
        {"id": "q2", "ok": False, "verdict": {"cited": False, "text": True, "leaks": ["x"]},
         "answer": {"answer": "x"}},
    ]  # fmt: skip
    result = {
        "set": "s.jsonl", "encoder": "e5", "answered": "1/2", "unanswerable": "0/0",
        "by_kind": {"field": [1, 1], "privacy": [0, 1]}, "by_lang": {"et": [1, 2]},
        "leaks": [{"id": "q2", "leaked": ["x"]}], "retrieval": {}, "questions": rows,
    }  # fmt: skip
    md = format_result(result, markdown=True)
    assert "| kind | n | right | share |" in md
    assert "| field | 1 | 1 | 100% |" in md and "| privacy | 1 | 0 | 0% |" in md
    assert "| et | 2 | 1 | 50% |" in md and "leaks: q2 ['x']" in md
    text = format_result(result)
    assert "q2 (citation, leak)" in text


# -- end to end: the command as a user runs it --------------------------------------------
def _viit(*args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "viit_cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)


@pytest.mark.slow
def test_viit_eval_questions_and_conversations(sample_index, tmp_path):
    questions = tmp_path / "tiny.jsonl"
    rows = [
        {"id": "t1", "lang": "et", "kind": "field", "question": "Millal registreeriti dokument "
         "5-1/54-1?", "expect": ["5-1/54-1"], "answer_contains": ["10.11.2023"]},
        {"id": "t2", "lang": "en", "kind": "unanswerable", "question": "What was the ministry's "
         "budget for road maintenance in 2019?", "expect": [], "answer_contains": []},
        {"id": "t3", "lang": "et", "kind": "privacy", "question": "Kellele anti välja "
         "julgestusinstruktori sertifikaat?", "expect": ["julg.pdf"],
         "answer_contains": ["Hüvenen"], "must_not_contain": ["38610254217"]},
    ]  # fmt: skip
    questions.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    details = tmp_path / "details.jsonl"
    run = _viit("eval", str(questions), "--index", str(sample_index), "--details", str(details))
    assert run.returncode == 0, run.stderr
    got = [json.loads(x) for x in details.read_text(encoding="utf-8").splitlines()]
    assert [g["id"] for g in got] == ["t1", "t2", "t3"]
    for g, q in zip(got, rows, strict=True):
        # the verdict written is the verdict of the answer written
        assert g["verdict"] == verdict(q, g["answer"]) and g["ok"] == g["verdict"]["ok"]
        assert "38610254217" not in json.dumps(g["answer"], ensure_ascii=False)
    assert got[0]["ok"] and got[1]["ok"]  # a registration date; nothing to cite
    right = sum(g["ok"] for g in got)
    assert f"answered right: {right}/3 questions" in run.stdout
    assert "unanswerable handled: 1/1" in run.stdout and "leaks: none" in run.stdout
    md = _viit("eval", str(questions), "--index", str(sample_index), "--markdown")
    assert md.returncode == 0 and "| kind | n | right | share |" in md.stdout
    assert "| unanswerable | 1 | 1 | 100% |" in md.stdout

    # a conversation: the follow-up is asked with the turn before it
    convs = tmp_path / "convs.jsonl"
    conv = {"id": "c1", "lang": "et", "turns": [
        {"question": "Millal registreeriti dokument 5-1/54-1?", "expect": ["5-1/54-1"],
         "answer_contains": ["10.11.2023"]},
        {"question": "Mis liiki dokument see on?", "expect": ["5-1/54-1"],
         "answer_contains": ["Sissetulev kiri"]},
    ]}  # fmt: skip
    convs.write_text(json.dumps(conv, ensure_ascii=False) + "\n")
    run = _viit("eval", str(convs), "--index", str(sample_index), "--details", str(details))
    assert run.returncode == 0, run.stderr
    got = [json.loads(x) for x in details.read_text(encoding="utf-8").splitlines()]
    assert [(g["id"], g["position"]) for g in got] == [
        ("c1/1", "first turn"),
        ("c1/2", "follow-up"),
    ]
    right = sum(g["ok"] for g in got)
    assert f"answered right: {right}/2 turns" in run.stdout and "by position" in run.stdout


@pytest.mark.slow
def test_viit_eval_scores_reference_answers_beside_the_baseline(tmp_path):
    """A BEIR folder with answers.jsonl: token F1 and ROUGE-L of Viit and of the baseline."""
    folder = tmp_path / "tinyrag"
    (folder / "qrels").mkdir(parents=True)
    corpus = [
        ("p1", "Flood insurance", "Flood insurance is sold by the National Flood Insurance "
         "Program. Homeowners can buy it through an insurance agent. Policies take 30 days "
         "to become effective."),
        ("p2", "Earthquakes", "Earthquake insurance is a separate policy. Standard homeowner "
         "policies do not cover earthquake damage."),
        ("p3", "Passports", "A passport application needs proof of citizenship. Renewals "
         "can be done by mail."),
    ]  # fmt: skip
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, t, x in corpus)
    )
    turns = [("c<::>1", "How long until flood insurance takes effect?"),
             ("c<::>2", "Is it the same for earthquakes?"),
             ("c<::>3", "Who won the football match yesterday?")]  # fmt: skip
    (folder / "queries_lastturn.jsonl").write_text(
        "".join(json.dumps({"_id": i, "text": f"|user|: {t}"}) + "\n" for i, t in turns)
    )
    (folder / "qrels" / "test.tsv").write_text(
        "query-id\tcorpus-id\tscore\nc<::>1\tp1\t1\nc<::>2\tp2\t1\n"
    )
    answers = [
        ("c<::>1", "Flood insurance policies take 30 days to become effective.", "ANSWERABLE"),
        ("c<::>2", "Standard homeowner policies do not cover earthquake damage.", "PARTIAL"),
        ("c<::>3", "I do not know who won the match.", "UNANSWERABLE"),
    ]
    (folder / "answers.jsonl").write_text(
        "".join(
            json.dumps(
                {
                    "task_id": i,
                    "question": dict(turns)[i],
                    "reference_answer": a,
                    "enrichments": {"Answerability": [kind]},
                }
            )
            + "\n"
            for i, a, kind in answers
        )
    )
    index = tmp_path / "idx"
    details = tmp_path / "answers.jsonl"
    run = _viit("eval", str(folder), "--index", str(index), "--details", str(details))
    assert run.returncode == 0, run.stderr
    assert "2 answerable, 1 unanswerable turns" in run.stdout
    assert "Viit (extractive, with the conversation)" in run.stdout
    assert "baseline: first 2 sentences of the top hybrid passage" in run.stdout
    rows = [json.loads(x) for x in details.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["c<::>1", "c<::>2", "c<::>3"]
    for r in rows:
        for system in ("viit", "baseline"):
            got = r[system]
            assert got["f1"] == pytest.approx(token_f1(got["answer"], r["reference"]))
            assert got["rougeL"] == pytest.approx(rouge_l(got["answer"], r["reference"]))
    # the baseline is two whole sentences of one corpus passage
    first = rows[0]["baseline"]["answer"]
    assert any(first and first in " ".join(f"{t}\n\n{x}".split()) for _, t, x in corpus)
    data = json.loads(_viit("eval", str(folder), "--index", str(index), "--json").stdout)
    systems = data["answers"]["systems"]
    assert set(next(iter(systems.values()))) == {
        "token F1", "ROUGE-L", "answerable: nothing found", "unanswerable: cited"
    }  # fmt: skip
