"""What a question asks for, read from the one field table: table-driven, no model.

Wordings are varied on purpose (Estonian with and without diacritics, case endings,
English), so that a kind of question is tested, not one phrasing.
"""

from __future__ import annotations

import pytest

from assistant.answer import answer_type
from assistant.intent import ACCESS, read_intent
from ingest.fields import DATE_FIELDS, ENTRY_LABELS, FIELD, FIELDS

FIELD_QUESTIONS = [
    ("Mis liiki dokument on 5-1/54-1?", ["doc_type"]),
    ("mis liiki dokument see on", ["doc_type"]),
    ("Is 2-1/2801 incoming or outgoing?", ["doc_type"]),
    ("What kind of letter is it?", ["doc_type"]),
    ("kas 5-1/54-1 on avalik dokument", [ACCESS]),
    ("Kas dokument on avalik?", [ACCESS]),
    ("Mis on dokumendi juurdepaasupiirang?", [ACCESS]),
    ("Until when is 7-5/1401-2 restricted and on what basis?", [ACCESS]),
    ("is it confidential", [ACCESS]),
    ("kes saatis 5-1/54-1", ["sender"]),
    ("Kellelt see kiri tuli?", ["sender"]),
    ("Who wrote the reply?", ["sender"]),
    ("kes kusis meilt protokollide kohta", ["sender"]),
    ("Kes on 5-1/54-1 adressaat?", ["addressee"]),
    ("To whom was the letter addressed?", ["addressee"]),
    ("kellele kiri saadeti", ["addressee"]),
    ("5.1-2/3233-1 registreerimise kpv?", ["registered"]),
    ("millal registreeriti vastus", ["registered"]),
    ("When was it registered?", ["registered"]),
    ("title of 5.1-2/3233-1?", ["title"]),
    ("mis on dokumendi pealkiri", ["title"]),
    ("5.1-2/3233-1 funktsioon", ["function"]),
    ("which function is it filed under?", ["function"]),
    ("Mis sarjas see on?", ["series"]),
    ("Which series is it in?", ["series"]),
    ("mis toimikus on 5-1/54-1", ["file"]),
    ("In which case file is it?", ["file"]),
    ("kes vastutab poordumise eest", ["responsible"]),
    ("Who is the responsible official?", ["responsible"]),
    ("kes seda menetleb", ["responsible"]),
    ("What's the response deadline?", ["deadline"]),
    ("mis on lahendamise tähtaeg", ["deadline"]),
    ("kuidas 5.1-2/3233-1 saabus", ["channel"]),
    ("How was the letter sent?", ["channel"]),
    ("mis viisil see edastati", ["channel"]),
    ("What is the sender's own reference?", ["sender_ref"]),
    ("mis on saatja viit", ["sender_ref"]),
    ("kes allkirjastas RMK dokumendi", ["signed_by"]),
    ("Who signed it?", ["signed_by"]),
    ("Kes otsusele alla kirjutas?", ["signed_by"]),  # the separable verb "alla kirjutama"
    ("kes kirjutas kirjale alla", ["signed_by"]),
    ("Kes on allakirjutanu?", ["signed_by"]),
    ("Who sent it and who signed it?", ["sender", "signed_by"]),
    ("Millal saadeti vastus välja?", ["sent"]),
    ("When was the reply sent out?", ["sent"]),
    ("Kes on lepingu osapooled?", ["parties"]),
    ("What kind of document is 7-5/1401-2 and how was it sent?", ["doc_type", "channel"]),
    ("Mis sarjas ja toimikus on vastus?", ["series", "file"]),
    ("Mis alusel on kiri AK ja kui kaua piirang kehtib?", [ACCESS]),
]


@pytest.mark.parametrize(("question", "fields"), FIELD_QUESTIONS)
def test_field_questions(question, fields):
    assert read_intent(question).fields == fields


@pytest.mark.parametrize(
    "question",
    [
        "Mitu tööpäeva ette peab julgestusinstruktor koolitusest teavitama?",
        "By how much did online solicitation of children rise?",
        "What did ECPAT ask the ministry for?",
        "keda tsiteeritakse kirjas",
        "How many images were reported last year?",
    ],
)
def test_content_questions_ask_no_field(question):
    intent = read_intent(question)
    assert not intent.fields and not intent.related


@pytest.mark.parametrize(
    ("question", "summary"),
    [
        ("millest räägib 5-1/54-1", True),
        ("millest raagib kiri", True),
        ("What is the letter 5-1/54-1 about?", True),
        ("what's Vastus.msg about?", True),
        ("Mis on julg.pdf sisu lühidalt?", True),
        ("Summarise the Justice Ministry letter of 20.03.2024", True),
        ("Who signed it?", False),
        ("mis on dokumendi pealkiri", False),
    ],
)
def test_summary_questions(question, summary):
    assert read_intent(question).summary is summary


@pytest.mark.parametrize(
    ("question", "related"),
    [
        ("Which documents are on the same matter as 7-5/1401-2?", True),
        ("mis on vastuse 2-1/2801 alusdokument", True),
        ("Millised dokumendid on 5-1/54-1-ga seotud?", True),
        ("Which documents linked to 5-1/54-1 involve the Government Office?", True),
        ("kes vastutab selle eest", False),
        ("Who sent 5-1/54-1?", False),
    ],
)
def test_related_questions(question, related):
    assert read_intent(question).related is related


@pytest.mark.parametrize(
    ("question", "sentence", "fits"),
    [
        ("Millal koosolek toimub?", "Koosolek toimub 12.03.2024 kell 10.", True),
        ("When is the meeting?", "The meeting is about budgets.", False),
        ("How long is the appeal period?", "It can be appealed within 30 days.", True),
        (
            "Kui kaua kestab vaidlustamise tähtaeg?",
            "Otsust saab vaidlustada 30 päeva jooksul.",
            True,
        ),
        ("How long is the appeal period?", "It is issued to the holder on request.", False),
        ("Kui kaua sertifikaat kehtib?", "Sertifikaat kehtib kuni 13.02.2029.", True),
        ("Mitu kirja saadeti?", "Saadeti kolm kirja.", True),
        ("How many letters were sent?", "Letters were sent to the ministry.", False),
        ("palju maksab paigaldamine", "Paigaldamine maksab 1200 eurot.", True),
        ("palju maksab paigaldamine", "Eelnõu § 41 lõige 2 punkt 5 lõpetab rahastamise.", False),
        ("How much does the service cost?", "The fee is €45 per hour.", True),
    ],
)
def test_answer_types(question, sentence, fits):
    kind = answer_type(question)
    assert kind is not None and kind.required
    assert bool(kind.answers.search(sentence)) is fits


@pytest.mark.parametrize(
    ("question", "sentence", "fits"),
    [
        # a position on a draft: the approval letter's verdict, not its opening
        (
            "Mida arvas Justiitsministeerium eelnõust?",
            "Justiitsministeerium ei kooskõlasta eelnõu § 41 lõiget 2.",
            True,
        ),
        (
            "Mida arvas Justiitsministeerium eelnõust?",
            "Sotsiaalministeerium saatis eelnõu kooskõlastamiseks.",
            False,
        ),
        ("Mis on ministeeriumi seisukoht?", "Toetame eelnõu muudatustega.", True),
        ("Kas amet kooskõlastas plaani?", "Amet kooskõlastab plaani tingimusel, et ...", True),
        ("What did the ministry think of the draft?", "We do not support the draft.", True),
        ("What is the board's position on the plan?", "The plan was sent on Monday.", False),
    ],
)
def test_a_position_is_asked_and_stated(question, sentence, fits):
    kind = answer_type(question)
    assert kind is not None and not kind.required  # it helps, it does not exclude
    assert bool(kind.answers.search(sentence)) is fits


def test_no_answer_type_for_open_questions():
    assert answer_type("What did ECPAT ask the ministry for?") is None
    why = answer_type("Miks eelnõu ei kooskõlastatud?")
    assert why is not None and not why.required


def test_field_table_is_one_consistent_table():
    keys = [f.key for f in FIELDS]
    assert len(keys) == len(set(keys))
    for label, key in ENTRY_LABELS.items():
        assert label == label.casefold() and key in FIELD
    assert {"registered", "deadline", "access.end"} <= DATE_FIELDS
    for f in FIELDS:
        assert f.et and f.en  # every field is shown in both languages


def test_the_question_asked_first_decides_the_type():
    kind = answer_type("By how much did reporting drop in 2021 when no law allowed it?")
    assert kind is not None and kind.answers.search("a drop of 58%")
    assert not kind.answers.search("a drop of many")


@pytest.mark.parametrize(
    ("question", "price"),
    [("Kui palju maksab paigaldamine?", True), ("How much does the licence cost?", True),
     ("Kui palju kirju saadeti?", False)],
)  # fmt: skip
def test_a_price_is_more_than_a_count(question, price):
    kind = answer_type(question)
    assert bool(kind.answers.search("45 eurot")) and (
        bool(kind.answers.search("3 kirja")) is not price
    )
