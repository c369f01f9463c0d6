"""Answers to the questions staff ask, in their words, over the real sample register.

Each failure the issue listed is pinned here, with new wordings of the same kinds, and
the batch and session modes of `viit ask` are run through the real CLI. The questions are
not the evaluation set's: they are the same kinds in other words.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.privacy import PUBLIC, User

ROOT = Path(__file__).resolve().parents[1]
CLEARED = User("mari", cleared=True)
SIGNED_ASICE = "8-22262 20.03.2024 Väljaminev kiri.asice"


def _keys(answer) -> set[str]:
    return {k for c in answer.citations for k in (c.ref, c.name) if k}


@pytest.mark.parametrize(
    ("question", "key", "expected"),
    [
        ("Mis on dokumendi 5-1/54-1 juurdepääsupiirang?", "5-1/54-1", "Avalik"),
        ("Kas dokument 5-1/54-1 on avalik?", "5-1/54-1", "Avalik"),
        ("Is 5.1-2/3233-1 a public document?", "5.1-2/3233-1", "Avalik"),
        ("Mis liiki dokument on 5-1/54-1?", "5-1/54-1", "Sissetulev kiri"),
        ("2-1/2801 - incoming or outgoing?", "2-1/2801", "Väljaminev kiri"),
        ("Kes saatis kirja 5-1/54-1?", "5-1/54-1", "Isaline Wittorski"),
        ("kellelt tuli 5.1-2/3233-1", "5.1-2/3233-1", "Justiits- ja Digiministeerium"),
        ("mis toimikusse kuulub 2-1/2801", "2-1/2801", "2-1/2024"),
        ("Who handles 5.1-2/3233-1?", "5.1-2/3233-1", "Anniki Lai"),
        ("5.1-2/3233-1 vastamise tähtaeg", "5.1-2/3233-1", "22.01.2026"),
        ("How did 2-1/2801 go out?", "2-1/2801", "e-post"),
        ("What is the sender's reference of 5.1-2/3233-1?", "5.1-2/3233-1", "8-2/10302"),
        ("What is the letter 5-1/54-1 about?", "5-1/54-1", "Step Back"),
        ("Millest räägib kiri 5-1/54-1?", "5-1/54-1", "Step Back"),
    ],
)
def test_a_named_entry_is_never_not_found(assistant, question, key, expected):
    answer = assistant.ask(question)
    assert answer.found, question
    assert key in _keys(answer), (question, answer.text)
    assert expected.casefold() in answer.text.casefold(), (question, answer.text)


def test_several_fields_get_one_answer(assistant):
    answer = assistant.ask("Mis sarjas ja mis toimikus on 2-1/2801 ning kes vastutab?")
    assert "2-1 Kirjavahetus" in answer.text and "2-1/2024" in answer.text
    assert "Marilin Reintamm" in answer.text
    assert {c.ref for c in answer.citations} == {"2-1/2801"}


def test_24_7_is_no_reference(assistant):
    answer = assistant.ask("Is the ECPAT helpline open 24/7?")
    assert "24/7" not in answer.text or "no document with reference" not in answer.text


def test_an_unknown_reference_is_said_so(assistant):
    answer = assistant.ask("Mis liiki dokument on 9-9/999-9?")
    assert not answer.citations and "9-9/999-9" in answer.text


def test_answers_quote_the_message_not_its_signature(assistant):
    answer = assistant.ask("What did the coalition ask EU governments to agree on in July 2024?")
    assert answer.citations
    for c in answer.citations:
        assert "www.ecpat.org" not in c.quote and "Regional Coordinator" not in c.quote


def test_a_signature_answers_who_someone_is(assistant):
    answer = assistant.ask("Mis ametit peab Krista Erg-Scacchetti ja kus ta töötab?")
    assert "Ligipääsetavuse nõunik" in answer.text


@pytest.mark.parametrize(
    ("question", "signer", "key"),
    [
        # a decision: no closing formula, the digital signature mark opens the block
        ("Kes otsusele julg.pdf alla kirjutas?", "Üllar Salumäe", "julg.pdf"),
        ("Who signed julg.pdf?", "Üllar Salumäe", "julg.pdf"),
        # a letter's number no entry has, stated in its own text ("Meie ... nr 8-2/2262")
        ("Kes kirjutas alla kirjale 8-2/2262?", "Kalle Laanet", SIGNED_ASICE),
        # an e-mail: the register has no signer field, its own signature says (not the
        # signature of the message it quotes)
        ("Who is the signer of Vastus.msg?", "Krista Erg-Scacchetti", "Vastus.msg"),
        ("Kes allkirjastas ekirja ekiri.eml?", "Kristel Kivikas", "ekiri.eml"),
    ],
)
def test_who_signed_a_named_document(assistant, question, signer, key):
    answer = assistant.ask(question)
    assert signer in answer.text and [c.name for c in answer.citations] == [key], answer.text
    assert all(assistant.verify(c, PUBLIC) for c in answer.citations)


def test_the_number_of_the_letter_answered_names_no_document(assistant):
    # the justice ministry's letter writes "Teie ... nr 1.2-2/22-1": the number of the
    # letter it answers, which the register does not hold
    answer = assistant.ask("Who signed 1.2-2/22-1?")
    assert not answer.found and "1.2-2/22-1" in answer.text and not answer.citations


def test_one_card_per_entry(assistant):
    answer = assistant.ask("What did the coalition of child rights organisations ask for?")
    keys = [card.key for card in answer.cards]
    assert len(keys) == len(set(keys)) and answer.cards


def test_a_restricted_entrys_registration_data_is_public_its_text_not(assistant):
    answer = assistant.ask("Who signed 3-1.1/8419 and to whom did it go?")
    assert "Margus Emberg" in answer.text and "Kaitsevägi" in answer.text
    docs = [assistant.catalog.document(c.doc_id) for c in answer.citations]
    assert docs and all(d.synthetic for d in docs)  # the public registration record
    content = assistant.ask("Mida RMK Kaitseväele kirjutas?")
    assert "Asutusesiseseks kasutamiseks" in content.text


def test_a_question_without_an_answer_cites_nothing(assistant):
    for q in (
        "When is the next meeting of the Estonian chess federation?",
        "Kui palju maksab hambaravi Tallinna vanglas?",
    ):
        answer = assistant.ask(q)
        assert not answer.citations, (q, answer.text)


def test_lists_and_follow_ups(assistant):
    from assistant.model import Conversation

    listed = assistant.ask("Which entries are restricted?")
    assert {"7-5/1401-2", "3-1.1/8419"} <= _keys(listed)
    conv = Conversation()
    first = assistant.ask("Mis on 2-1/2801 pealkiri?", conversation=conv)
    conv.add(first)
    again = assistant.ask("ja kes selle eest vastutab?", conversation=conv)
    assert "Marilin Reintamm" in again.text
    conv.add(again)
    fresh = assistant.ask("Kes on 5.1-2/3233-1 vastutaja?", conversation=conv)
    assert "Anniki Lai" in fresh.text


@pytest.mark.slow
def test_cli_batch_and_session(sample_index, tmp_path):
    questions = "Mis liiki dokument on 5-1/54-1?\n\nWho handles 5.1-2/3233-1?\n"
    run = subprocess.run(
        [sys.executable, str(ROOT / "viit_cli.py"), "ask", "--json", "--batch", "-",
         "--index", str(sample_index)],
        input=questions, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    lines = [json.loads(x) for x in run.stdout.splitlines()]
    assert len(lines) == 2
    assert all(set(x) == {"answer", "citations"} for x in lines)
    assert lines[0]["citations"][0]["ref"] == "5-1/54-1" and "Anniki Lai" in lines[1]["answer"]
    for cit in lines[0]["citations"]:
        assert set(cit) == {"ref", "file", "name", "title", "quote", "page"}
    session = tmp_path / "chat.json"
    for q in ("Mis on 2-1/2801 pealkiri?", "kes selle eest vastutab?"):
        run = subprocess.run(
            [sys.executable, str(ROOT / "viit_cli.py"), "ask", "--json", "--session",
             str(session), "--index", str(sample_index), q],
            capture_output=True, text=True, check=True, timeout=600,
        )  # fmt: skip
    assert "Marilin Reintamm" in json.loads(run.stdout)["answer"]
    assert len(json.loads(session.read_text(encoding="utf-8"))["turns"]) == 2


def test_a_lapsed_restriction_is_public_in_every_view(assistant):
    """3-1.1/8419 is restricted until 18.12.2030: on the day after, every view shows it
    as public, without a lock; on its last day, every view still restricts it."""
    import datetime as dt

    from assistant.entry_view import entry_view
    from assistant.export import answer_markdown

    question = "Mis on dokumendi 3-1.1/8419 täitmise märge ja struktuuriüksus?"
    for today, restricted in ((dt.date(2030, 12, 18), True), (dt.date(2030, 12, 19), False)):
        answer = assistant.ask(question, today=today)
        assert ("Edela regioon" in answer.text) is not restricted, (today, answer.text)
        assert all(c.restricted is False for c in answer.citations)
        view = entry_view(assistant.reader, "3-1.1/8419", PUBLIC, today)
        assert view.restricted is restricted and view.withheld is restricted
        assert ("🔒" in dict(view.access)["Juurdepääsupiirang"]) is restricted
        assert ("🔒" in answer_markdown(answer)) is False
        listed = assistant.ask("Which entries are restricted?", today=today)
        assert ("3-1.1/8419" in {c.ref for c in listed.citations}) is restricted


def test_the_letter_of_the_year_named_answers(assistant):
    # two coalition letters (2023 and 2024) hold percentages; the year picks the letter
    answer = assistant.ask(
        "What share of the abuse images did platforms detect themselves, per the 2023 letter?"
    )
    assert "99%" in answer.text and "5-1/54-1" in {c.ref for c in answer.citations}


def test_a_reply_is_a_reply_or_nothing(assistant):
    # no outgoing document shares 5-1/54-1's case number: no reply is registered
    none = assistant.ask("Mida vastas ministeerium kirjale 5-1/54-1?")
    assert not none.citations and "5-1/54-1" in none.text
    # an outgoing reply asked what it answered: its base document
    base = assistant.ask("What was 2-1/2801 a reply to?")
    assert "Teabenõue" in base.text
