"""Answers, citations and access control with the real model on real register files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.entry_view import entry_view
from assistant.privacy import PUBLIC, User, isikukood_valid, mask_isikukood
from index.search import Filters, IndexReader

ROOT = Path(__file__).resolve().parents[1]
CLEARED = User("mari", cleared=True)


def _check_citations(assistant: Assistant, answer, user=PUBLIC) -> None:
    for c in answer.citations:
        assert assistant.verify(c, user), c
        doc = assistant.catalog.document(c.doc_id)
        assert doc.text[c.start : c.end].strip()


def test_reference_in_question_finds_entry_first(assistant):
    answer = assistant.ask("Millal registreeriti dokument 5-1/54-1?")
    assert answer.citations[0].ref == "5-1/54-1"
    assert "10.11.2023" in answer.text
    _check_citations(assistant, answer)


@pytest.mark.parametrize(
    ("question", "ref", "expected"),
    [
        ("Milline on pöördumise 5.1-2/3233-1 lahendamise tähtaeg?", "5.1-2/3233-1", "22.01.2026"),
        ("Who was the reply 2-1/2801 addressed to?", "2-1/2801", "LEVIN"),
        ("Kes on dokumendi 5-1/54-1 vastutaja?", "5-1/54-1", "Barbara Haage"),
    ],
)
def test_field_questions_answered_from_metadata(assistant, question, ref, expected):
    answer = assistant.ask(question)
    assert answer.citations and answer.citations[0].ref == ref
    assert expected in answer.text
    # the quote is the metadata line itself, verbatim in the entry's document
    assert expected in answer.citations[0].quote
    _check_citations(assistant, answer)


def test_content_answer_quotes_the_passage(assistant):
    answer = assistant.ask(
        "By how much did reporting drop in 2021 when no law allowed platforms to detect abuse?"
    )
    assert answer.citations[0].ref == "5-1/54-1"
    assert "58%" in answer.text and "[5-1/54-1]" in answer.text
    _check_citations(assistant, answer)


def test_letter_without_reference_is_cited_by_file_name(assistant):
    answer = assistant.ask(
        "How many AI-generated abuse images did the Internet Watch Foundation find on one forum?"
    )
    first = answer.citations[0]
    assert first.ref is None and first.name == "001_57d17f6c24bc326f.txt"
    assert "20,254" in answer.text


def test_pdf_citation_has_page(assistant):
    answer = assistant.ask("Kellele anti välja julgestusinstruktori sertifikaat ja kui kauaks?")
    pdf = [c for c in answer.citations if c.name == "julg.pdf"]
    assert pdf and all(c.page == 1 for c in pdf)


def test_isikukood_masked_for_public_not_for_cleared(assistant):
    question = "Kellele anti välja julgestusinstruktori sertifikaat nr EE/SEC/INS/057-24?"
    code = "38610254217"
    assert isikukood_valid(code)
    public = assistant.ask(question)
    blob = public.text + " ".join(c.quote for c in public.citations)
    assert code not in blob and "Hüvenen" in blob
    view = entry_view(assistant.reader, "julg.pdf", PUBLIC)
    assert code not in view.as_text()
    cleared_view = entry_view(assistant.reader, "julg.pdf", CLEARED)
    assert code in cleared_view.as_text()
    assert mask_isikukood(f"ik {code}.") == "ik ***********."


def test_unanswerable_question_cites_nothing(assistant):
    answer = assistant.ask("What was the ministry's budget for road maintenance in 2019?")
    assert not answer.citations and not answer.found
    assert "nothing" in answer.text
    et = assistant.ask("Kui suur oli ministeeriumi teehoolduse eelarve 2019. aastal?")
    assert not et.citations and "ei leitud" in et.text


def test_public_user_learns_only_that_entry_is_restricted(assistant):
    answer = assistant.ask(
        "Mis otsuse tegi Lasnamäe Linnaosa Valitsus sotsiaalhoolekandelise abi kohta?"
    )
    assert answer.citations and answer.citations[0].ref == "7-5/1401-2"
    assert "Asutusesiseseks kasutamiseks" in answer.text and "30.05.2100" in answer.text
    assert "AvTS § 35 lg 1 p 12" in answer.text
    # personal data in the restricted entry's metadata stays hidden
    assert "O.Z" not in answer.text + answer.citations[0].quote


def test_restricted_text_never_reaches_public(restricted_index):
    a = Assistant(IndexReader(restricted_index))
    for q in [
        "Mis on salajase kokkuleppe hind?",
        "Kalevipoja OÜ tarnija hind eurot",
        "What did the coalition of more than 80 child rights organisations urge EU leaders to do?",
        "Mis on dokumendi 9-9/1-1 sisu?",
        "Show the related documents of 9-9/1-1",
    ]:
        answer = a.ask(q)
        blob = answer.text + " ".join(c.quote + c.title for c in answer.citations)
        assert "4711" not in blob and "Kalevipoja" not in blob, q
        # its registration record (responsible official included) is public, its text is not
        assert "step back" not in blob.casefold(), q
    # its registration data is public and comes from the registration record
    who = a.ask("Kes on dokumendi 9-9/1-1 vastutaja?")
    assert "Barbara Haage" in who.text and "4711" not in who.text
    assert who.citations and all(c.ref == "9-9/1-1" for c in who.citations)
    assert all(a.catalog.document(c.doc_id).synthetic for c in who.citations)
    view = entry_view(a.reader, "9-9/1-1", PUBLIC)
    assert view.withheld and all(d.text is None for d in view.documents)
    assert "4711" not in view.as_text() and "P. R." not in view.as_text()
    # filters never widen access
    hits = a.reader.search("hind eurot", filters=Filters(access="restricted"))
    assert all(p.synthetic for p in a.catalog.passages([h.chunk_id for h in hits]))


def test_cleared_user_sees_restricted_marked(restricted_index):
    a = Assistant(IndexReader(restricted_index))
    answer = a.ask("Mis on salajase kokkuleppe hind?", user=CLEARED)
    assert any("4711" in c.quote for c in answer.citations)
    assert all(c.restricted for c in answer.citations if c.ref == "9-9/1-1")
    assert "9-9/1-1" in answer.restricted_refs


def test_cli_ask_json(sample_index):
    out = subprocess.run(
        [sys.executable, str(ROOT / "viit_cli.py"), "ask", "--json", "--index", str(sample_index),
         "Who was the reply 2-1/2801 addressed to?"],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    data = json.loads(out.stdout)
    assert set(data) == {"answer", "citations"}
    cit = data["citations"][0]
    assert set(cit) == {"ref", "file", "name", "title", "quote", "page"}
    assert cit["ref"] == "2-1/2801" and cit["name"] == "doc_page.html"
    log = (sample_index / "audit.log").read_text(encoding="utf-8").splitlines()
    assert json.loads(log[-1])["cited"] == ["2-1/2801"]


def test_cli_show_entry(sample_index):
    out = subprocess.run(
        [sys.executable, str(ROOT / "viit_cli.py"), "show", "5-1/54-1",
         "--index", str(sample_index)],
        capture_output=True, text=True, check=True, timeout=300,
    )  # fmt: skip
    assert "Barbara Haage" in out.stdout and "5-1/50-1" in out.stdout
    assert "2-2/1068-2 🔒" in out.stdout and "Vastus pöördumisele" not in out.stdout


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        ("Millal registreeriti dokument 9-9/77-1?", "et"),
        ("Who is responsible for 12-3/4567-8?", "en"),
    ],
)
def test_unknown_reference_is_said_plainly(assistant, question, lang):
    # a reference the register does not hold must not be answered from another entry
    answer = assistant.ask(question)
    assert not answer.found and not answer.citations
    ref = question.split()[-1].rstrip("?")
    assert ref in answer.text
    assert ("Registris ei ole" if lang == "et" else "holds no document") in answer.text


def test_title_question_answered_from_the_entry(assistant):
    # the export has no title line: the entry's letter subject is its title
    title = next(d.title for d in assistant.catalog.documents_of("5-1/54-1") if d.title)
    answer = assistant.ask("Mis on dokumendi 5-1/54-1 pealkiri?")
    assert title.startswith("CSAR") and title in answer.text
    assert answer.citations and answer.citations[0].ref == "5-1/54-1"
    _check_citations(assistant, answer)
