"""Lists and counts over the catalog, against the real sample register.

Each listed set of items is compared with a SQL query written here over the same catalog:
the list must hold exactly what the catalog says, no more and no less.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assistant.lists import (
    MAX_LISTED,
    find_items,
    is_list_question,
    list_answer,
    parse,
    word_matches,
)
from assistant.privacy import PUBLIC, User

TODAY = dt.date(2026, 12, 2)
CLEARED = User("staff", cleared=True)
IN_FORCE = "(e.restricted = 1 AND (e.access_end IS NULL OR e.access_end >= '2026-12-02'))"
# files without an entry, with the letter date (or a date in the name) they are listed by
FILES = """
SELECT DISTINCT replace(d.file_path, rtrim(d.file_path, replace(d.file_path, '/', '')), '')
FROM documents d WHERE d.synthetic = 0
  AND (d.ref IS NULL OR d.ref NOT IN (SELECT ref FROM entries)) AND ({where})
"""


def _sql(reader, sql: str, args=()) -> set[str]:
    return {r[0] for r in reader.con.execute(sql, args)}


def _entries(reader, where: str, args=()) -> set[str]:
    return _sql(reader, f"SELECT e.ref FROM entries e WHERE {where}", args)


def _tabled(reader, where: str) -> set[str]:
    """Documents known only from a related-documents table (of an entry not restricted)."""
    return _sql(
        reader,
        "SELECT r.rel_ref FROM related r JOIN entries o ON o.ref = r.ref "
        "WHERE r.rel_ref NOT IN (SELECT ref FROM entries) "
        "AND NOT (o.restricted = 1 AND (o.access_end IS NULL OR o.access_end >= '2026-12-02')) "
        f"AND ({where})",
    )


def _keys(reader, question: str, user=PUBLIC) -> set[str]:
    found = find_items(reader, question, user, TODAY)
    assert found is not None, question
    return {i.key for i in found[1]}


# -- quick: what is a list question, and its dimensions ------------------------------------


@pytest.mark.parametrize(
    ("question", "is_list"),
    [
        ("milliseid kirju on ECPAT meile saatnud", True),
        ("Which entries in the register are restricted to internal use?", True),
        ("mitu kirja tuli 2024. aastal", True),
        ("what came in last week", True),
        ("show outgoing letters in series 2-1", True),
        ("which entries are restricted and until when", True),
        ("How many documents were registered in March 2024?", True),
        ("kirjad toimikus 5-1/2023", True),
        ("What did ECPAT ask the ministry for?", False),
        ("Mis liiki dokument on 5-1/54-1?", False),
        ("Kes on dokumendi 5-1/54-1 vastutaja?", False),
        ("Is the ECPAT helpline open 24/7?", False),
        ("Millest räägib kiri 5-1/54-1?", False),
        ("I need the name of the person who signed the decision", False),
    ],
)
def test_is_list_question(question, is_list):
    assert is_list_question(question) is is_list


@pytest.mark.parametrize(
    ("question", "dims"),
    [
        ("milliseid kirju on ECPAT meile saatnud", {"names": [["ecpat"]]}),
        ("show outgoing letters in series 2-1", {"series": "2-1", "type_words": ("outgoing",)}),
        ("näita väljaminevaid kirju", {"type_words": ("väljaminevaid",)}),
        ("kirjad toimikus 5-1/2023", {"file": "5-1/2023"}),
        ("Which entries are in function 5?", {"function": "5"}),
        ("which entries are restricted and until when", {"access": "restricted"}),
        ("Which entries are public?", {"access": "public"}),
        ("Milliseid avalikke dokumente on?", {"access": "public"}),
        (
            "Which documents linked to 5-1/54-1 involve the Government Office (Riigikantselei)?",
            {"relation": "5-1/54-1", "names": [["government", "office"], ["riigikantselei"]]},
        ),
        ("mitu kirja tuli 2024. aastal", {"count": True}),
        ("How many contracts were signed last year?", {"count": True, "types": ("leping",)}),
    ],
)
def test_parse_dimensions(question, dims):
    query = parse(question, TODAY)
    assert query is not None
    for name, value in dims.items():
        assert getattr(query, name) == value, name


def test_parse_period_is_taken_out_of_the_names():
    query = parse("Milliseid kirju saatis ECPAT 2024. aasta märtsis?", TODAY)
    assert (query.period.start, query.period.end) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert query.names == [["ecpat"]]


def test_follow_up_subject_for_a_relation_question():
    query = parse("Which documents are linked to it?", TODAY, ref="5-1/54-1")
    assert query.relation == "5-1/54-1"
    assert find_items(None, "Which documents are linked to it?", PUBLIC, TODAY) is None


@pytest.mark.parametrize(
    ("q", "v", "same"),
    [
        ("ecpati", "ecpat", True),
        ("liidu", "liit", True),
        ("riigikantseleile", "riigikantselei", True),
        ("arvamused", "arvamus", True),
        ("ministeeriumist", "ministeerium", True),
        ("ecpat", "ecp", False),
        ("lastekaitse", "lasnamae", False),
        ("liidu", "liiga", False),
    ],
)
def test_word_forms(q, v, same):
    assert word_matches(q, v) is same


# -- each dimension against the catalog -------------------------------------------------


def test_by_correspondent(reader):
    expected = _entries(
        reader, "e.addressee LIKE '%ECPAT%' OR e.sender LIKE '%ECPAT%' OR e.channel LIKE '%ECPAT%'"
    ) | _sql(reader, FILES.format(where="d.letter LIKE '%ecpat%'"))
    assert expected == {"5-1/54-1", "001_57d17f6c24bc326f.txt"}
    assert _keys(reader, "milliseid kirju on ECPAT meile saatnud") == expected
    assert _keys(reader, "What has ECPATi sent us?") == expected


def test_by_period_entries_and_files(reader):
    entries = _entries(reader, "e.registered BETWEEN '2024-01-01' AND '2024-12-31'")
    letters = _sql(reader, FILES.format(where="json_extract(d.letter, '$.sent') LIKE '2024%'"))
    # files without a letter: the date in the file name, else in the heading
    named = _sql(reader, FILES.format(where="d.letter IS NULL AND d.file_path LIKE '%.2024 %'"))
    heading = _sql(
        reader,
        FILES.format(
            where="d.letter IS NULL AND d.part = '' AND substr(d.text, 1, 40) LIKE '%.2024%'"
        ),
    )
    expected = entries | letters | named | heading | _tabled(reader, "r.date LIKE '2024-%'")
    assert {"2-1/2801", "julg.pdf", "Vastus.msg", "ekiri.eml"} <= expected
    assert _keys(reader, "millised dokumendid on 2024. aastast") == expected
    assert _keys(reader, "Which documents are from 2024?") == expected


def test_by_month(reader):
    entries = _entries(reader, "e.registered LIKE '2024-03-%'")
    letters = _sql(reader, FILES.format(where="json_extract(d.letter, '$.sent') LIKE '2024-03%'"))
    named = _sql(reader, FILES.format(where="d.letter IS NULL AND d.file_path LIKE '%.03.2024 %'"))
    expected = entries | letters | named | _tabled(reader, "r.date LIKE '2024-03-%'")
    assert _keys(reader, "2024. aasta märtsis registreeritud kirjad") == expected
    assert _keys(reader, "which letters came in in March 2024") == expected


def test_by_type(reader):
    out = "LIKE 'Väljaminev%' OR {c} LIKE 'Väljasaadetud%'"
    outgoing = (
        _entries(reader, "e.doc_type " + out.format(c="e.doc_type"))
        | _tabled(reader, "r.doc_type " + out.format(c="r.doc_type"))
        # a file without an entry whose name says so
        | _sql(reader, FILES.format(where="d.file_path LIKE '%Väljaminev%'"))
    )
    assert len(outgoing) >= 2
    assert _keys(reader, "show outgoing letters", CLEARED) == outgoing
    assert _keys(reader, "näita väljaminevaid kirju", CLEARED) == outgoing
    inc = "LIKE 'Sissetulev%' OR {c} LIKE 'Saabunud%'"
    incoming = _entries(reader, "e.doc_type " + inc.format(c="e.doc_type")) | _tabled(
        reader, "r.doc_type " + inc.format(c="r.doc_type")
    )
    assert _keys(reader, "milliseid sissetulevaid kirju on registris?") == incoming
    # a kind of document by its Liik or, where the Liik says only "kiri", its title
    decisions = (
        _entries(reader, "e.doc_type LIKE '%otsus%' OR e.title LIKE '%otsus%'")
        | _tabled(reader, "r.doc_type LIKE '%otsus%' OR r.title LIKE '%otsus%'")
        | _sql(reader, FILES.format(where="d.part = '' AND d.title LIKE '%otsus%'"))
    )
    assert {"7-5/1401-2", "julg.pdf"} <= decisions
    assert _keys(reader, "milliseid otsuseid on registris", CLEARED) == decisions


def test_by_series_file_function(reader):
    assert _keys(reader, "show letters in series 2-1") == _entries(
        reader, "e.series = '2-1' OR e.series LIKE '2-1 %'"
    )
    assert _keys(reader, "kirjad toimikus 5-1/2023") == _entries(reader, "e.file = '5-1/2023'")
    assert _keys(reader, "Which entries are in function 5?") == _entries(
        reader, "e.function LIKE '5 %'"
    )


def test_by_access(reader):
    # entries restricted today, and rows marked 🔒 in related-document tables
    restricted = _entries(reader, IN_FORCE) | _tabled(reader, "r.restricted = 1")
    assert restricted == {"7-5/1401-2", "3-1.1/8419", "2-2/1068-1", "2-2/1068-2"}
    for user in (PUBLIC, CLEARED):
        q = "Which entries in the register are restricted to internal use?"
        assert _keys(reader, q, user) == restricted
        assert _keys(reader, "millised dokumendid on juurdepääsupiiranguga?", user) == restricted
    public = _entries(reader, f"NOT {IN_FORCE}")
    listed = _keys(reader, "Which entries are public?")
    # files without an entry are public too
    assert listed & set(_entries(reader, "1")) == public
    assert not listed & restricted


def test_combination(reader):
    expected = _entries(
        reader,
        "(e.doc_type LIKE 'Väljaminev%' OR e.doc_type LIKE 'Väljasaadetud%') "
        "AND (e.series = '2-1' OR e.series LIKE '2-1 %') AND e.registered LIKE '2024-%'",
    )
    assert expected == {"2-1/2801"}
    assert _keys(reader, "show outgoing letters in series 2-1 from 2024") == expected
    for year in ("2023", "2025"):
        expected = _entries(
            reader, f"e.doc_type LIKE 'Sissetulev%' AND e.registered LIKE '{year}-%'"
        ) | _tabled(reader, f"r.doc_type LIKE 'Sissetulev%' AND r.date LIKE '{year}-%'")
        assert _keys(reader, f"How many incoming letters were registered in {year}?") == expected


def test_by_sender_and_recipient(reader):
    # an incoming letter's counterpart sent it, an outgoing one's received it (the Liik
    # tells which); a file's letter says it in its headers
    inc, out = "LIKE 'Sissetulev%'", "LIKE 'Väljaminev%'"
    sent_us = _tabled(reader, f"r.doc_type {inc} AND r.parties LIKE '%Riigikantselei%'")
    assert _keys(reader, "What has Riigikantselei sent us?") == sent_us
    to_them = _sql(
        reader,
        FILES.format(where="json_extract(d.letter, '$.recipients') LIKE '%riigikantselei%'"),
    )
    went = _tabled(reader, f"r.doc_type {out} AND r.parties LIKE '%Riigikantselei%'") | to_them
    assert _keys(reader, "Which letters went to Riigikantselei?") == went
    assert _keys(reader, "What did we send to Advokaadibüroo LEVIN?") == _entries(
        reader, f"e.doc_type {out} AND e.addressee LIKE '%LEVIN%'"
    )


def test_by_relation(reader):
    def related(where: str) -> set[str]:
        return _sql(reader, f"SELECT rel_ref FROM related WHERE ref = '5-1/54-1' AND ({where})")

    found = find_items(
        reader,
        "Which documents linked to 5-1/54-1 involve the Government Office (Riigikantselei)?",
        PUBLIC,
        TODAY,
    )
    assert {i.ref for i in found[1]} == related("parties LIKE '%Riigikantselei%'")
    found = find_items(
        reader, "Millised Lastekaitse Liidu arvamused on 5-1/54-1 seotud dokumentide hulgas?",
        PUBLIC, TODAY,
    )  # fmt: skip
    refs = [i.ref for i in found[1]]
    assert set(refs) == related("parties LIKE '%Lastekaitse Liit%' AND title LIKE '%arvamus%'")
    # the Liit's own opinions first, the letter asking it (among many) for one after
    assert set(refs[:2]) == related("title LIKE '%Lastekaitse Lii%'")
    found = find_items(reader, "Which documents are linked to 5-1/54-1?", PUBLIC, TODAY)
    assert {i.ref for i in found[1]} == related("1")


# -- the answer: text, counts, paging, citations, access ------------------------------------


def _lines(answer) -> list[str]:
    return [ln for ln in answer.text.splitlines() if ln.startswith("- ")]


def test_count_answer_says_the_count_and_period(reader):
    answer = list_answer(reader, "mitu kirja tuli 2024. aastal", None, PUBLIC, TODAY)
    n = len(_keys(reader, "millised dokumendid on 2024. aastast"))
    assert answer.lang == "et"
    assert answer.text.startswith(f"{n} dokumenti")
    assert "periood 2024" in answer.text
    answer = list_answer(reader, "How many documents came in last week?", None, PUBLIC, TODAY)
    assert not answer.found and "23-29 November 2026" in answer.text


@pytest.mark.parametrize("user", [PUBLIC, CLEARED])
@pytest.mark.parametrize(
    "question",
    [
        "millised dokumendid on 2024. aastast",
        "which entries are restricted and until when",
        "Which documents are linked to 5-1/54-1?",
        "Which documents are on the same matter as 7-5/1401-2?",
    ],
)
def test_each_line_ends_in_its_key_and_is_cited(reader, assistant, question, user):
    answer = list_answer(reader, question, None, user, TODAY)
    keys = [re.search(r"\[([^\]]+)\]$", ln).group(1) for ln in _lines(answer)]
    assert keys and set(keys) == {c.key for c in answer.citations}
    for c in answer.citations:
        assert reader.catalog.document(c.doc_id).text[c.start : c.end] == c.quote
        assert assistant.verify(c, user, TODAY)  # the answerer's own check keeps them


def test_no_isikukood_in_lists(reader):
    answer = list_answer(reader, "millised dokumendid on 2024. aastast", None, PUBLIC, TODAY)
    # julg.pdf holds an isikukood: neither its title nor its quote carries it
    assert "38610254217" not in answer.text
    assert all("38610254217" not in c.quote for c in answer.citations)


def test_long_list_is_paged_with_a_count(reader):
    answer = list_answer(reader, "Which documents are linked to 5-1/54-1?", None, PUBLIC, TODAY)
    n = len(_sql(reader, "SELECT pos FROM related WHERE ref = '5-1/54-1'"))
    assert n > MAX_LISTED
    assert answer.text.startswith(f"{n} documents") and f"The first {MAX_LISTED}" in answer.text
    assert len(_lines(answer)) == MAX_LISTED
    assert f"{n - MAX_LISTED} more" in answer.text.splitlines()[-1]


def test_restricted_entries_public_and_cleared(reader):
    q = "which entries are restricted and until when"
    public = list_answer(reader, q, None, PUBLIC, TODAY)
    cleared = list_answer(reader, q, None, CLEARED, TODAY)
    line = next(ln for ln in _lines(public) if ln.startswith("- 7-5/1401-2"))
    # reference, lock, the public registration record: title, type, access level and basis
    assert line.startswith("- 7-5/1401-2 🔒 Sotsiaalhoolekandelise abi otsus")
    assert "AvTS § 35 lg 1 p 12" in line and "until 30.05.2100" in line
    assert "Regina Truman" not in public.text  # the sender is not in the public record
    assert "Regina Truman" in cleared.text and "🔒" in cleared.text
    # a public user's citation is the synthetic registration record, never the entry's text
    for c in public.citations:
        if reader.catalog.is_restricted(c.ref, TODAY):
            assert reader.catalog.document(c.doc_id).synthetic
    entries = {"7-5/1401-2", "3-1.1/8419"}
    assert entries <= {c.ref for c in cleared.citations}
    assert all(c.restricted for c in cleared.citations if c.ref in entries)
    assert entries <= set(public.restricted_refs)
    # a 🔒 row of a related-documents table: reference, lock, date and type, no title
    assert "- 2-2/1068-1 🔒 (04.12.2025, Sissetulev kiri)" in public.text
    assert "Selgitustaotlus" not in public.text and "Selgitustaotlus" in cleared.text


def test_restricted_entry_not_found_by_its_hidden_fields(reader):
    # the sender of a restricted entry is not public: a public list cannot be narrowed by it
    assert (
        list_answer(reader, "milliseid dokumente saatis Regina Truman", None, PUBLIC, TODAY) is None
    )
    cleared = find_items(reader, "milliseid dokumente saatis Regina Truman", CLEARED, TODAY)
    assert {i.key for i in cleared[1]} == _entries(reader, "e.sender LIKE '%Regina Truman%'")


def test_restricted_related_rows_show_no_title_to_the_public(reader):
    q = "Which documents are linked to 5-1/54-1?"
    public = list_answer(reader, q, None, PUBLIC, TODAY)
    cleared = list_answer(reader, q, None, CLEARED, TODAY)
    hidden = _sql(reader, "SELECT title FROM related WHERE ref = '5-1/54-1' AND restricted = 1")
    assert hidden and not any(t in public.text for t in hidden)
    assert all(t in cleared.text for t in hidden)
    assert "- 2-2/1068-2 🔒 (" in public.text


@pytest.mark.parametrize(
    "question",
    [
        "What is the letter 5-1/54-1 about?",
        "Kes saatis kirja 5-1/54-1?",
        "Which documents mention the helpline?",
        "What did ECPAT ask the ministry for?",
        "Which letters did Nobody Inc send us?",
    ],
)
def test_not_a_catalog_question(reader, question):
    assert list_answer(reader, question, None, PUBLIC, TODAY) is None


def test_answer_language_follows_the_question(reader):
    et = list_answer(reader, "milliseid kirju on ECPAT meile saatnud", None, PUBLIC, TODAY)
    en = list_answer(reader, "Which letters has ECPAT sent us?", None, PUBLIC, TODAY)
    assert et.text.startswith("2 dokumenti") and en.text.startswith("2 documents")


PUBLIC_QUESTIONS = [
    "Which entries in the register are restricted to internal use?",
    "which entries are restricted and until when",
    "Which documents are on the same matter as 7-5/1401-2?",
    "Which documents are linked to 5-1/54-1?",
    "millised dokumendid on 2025. aastast",
    "milliseid otsuseid on registris",
    "show outgoing letters",
    "Which entries are public?",
]


@pytest.mark.parametrize("question", PUBLIC_QUESTIONS)
def test_nothing_restricted_reaches_the_public(reader, question):
    answer = list_answer(reader, question, None, PUBLIC, TODAY)
    assert answer is not None
    hidden = reader.con.execute(f"SELECT * FROM entries e WHERE {IN_FORCE}").fetchall()
    for c in answer.citations:
        if c.ref and reader.catalog.is_restricted(c.ref, TODAY):
            assert reader.catalog.document(c.doc_id).synthetic, c.quote
    for r in hidden:
        # who the letter is to or from is not in the public registration record
        for value in (r["sender"], r["addressee"], r["channel"], r["responsible"]):
            if value:
                assert value not in answer.text


@pytest.mark.parametrize(
    ("question", "listed"),
    [
        # a described document, not a correspondent: the text search finds it
        ("Which register entries are related to the Internet Society open letter?", False),
        ("Näita kõiki dokumente, mis on seotud ECPATiga", True),  # a correspondent
        ("What documents are attached to 5-1/54-1?", False),  # attachments, not relations
    ],
)
def test_related_to_a_name_or_a_description(reader, question, listed):
    assert (list_answer(reader, question, None, PUBLIC, TODAY) is not None) is listed


def test_next_page_of_the_last_list(reader):
    from assistant.model import Conversation

    conv = Conversation()
    first = list_answer(reader, "Which documents are linked to 5-1/54-1?", None, PUBLIC, TODAY)
    conv.add(first)
    n = len(_sql(reader, "SELECT pos FROM related WHERE ref = '5-1/54-1'"))
    page = list_answer(reader, "next", None, PUBLIC, TODAY, conversation=conv)
    assert f"Items {MAX_LISTED + 1}-{n}:" in page.text
    assert len(_lines(page)) == n - MAX_LISTED
    assert not set(_lines(page)) & set(_lines(first))
    conv.add(page)
    done = list_answer(reader, "näita järgmised", None, PUBLIC, TODAY, conversation=conv)
    assert not done.found and f"{n}" in done.text
    # "next" with no list before it is no list question
    assert list_answer(reader, "next", None, PUBLIC, TODAY, conversation=Conversation()) is None


def test_a_follow_up_narrows_the_last_list(reader):
    from assistant.model import Conversation

    conv = Conversation()
    for q in (
        "Which documents are linked to 5-1/54-1?",
        "which of them came from Lastekaitse Liit?",
        "and which of these are from June 2022?",
    ):
        answer = list_answer(reader, q, None, PUBLIC, TODAY, conversation=conv)
        conv.add(answer)
    refs = {ln.split()[1] for ln in _lines(answer)}
    assert refs == _sql(
        reader,
        "SELECT rel_ref FROM related WHERE ref = '5-1/54-1' AND doc_type LIKE 'Sissetulev%' "
        "AND parties LIKE '%Lastekaitse Liit%' AND date LIKE '2022-06-%'",
    )
    conv = Conversation()
    conv.add(list_answer(reader, "milliseid kirju on ECPAT meile saatnud", None, PUBLIC, TODAY))
    answer = list_answer(
        reader, "ja millised neist on 2024. aastast?", None, PUBLIC, TODAY, conversation=conv
    )
    assert {c.key for c in answer.citations} == {"001_57d17f6c24bc326f.txt"}
    assert "periood 2024" in answer.text


def test_a_hidden_title_does_not_filter(reader):
    # 2-2/1068-2 🔒 is titled "Vastus pöördumisele": a public user asking for replies among
    # 5-1/54-1's related documents must not learn that from the list
    q = "Which replies are linked to 5-1/54-1?"
    public = {i.ref for i in find_items(reader, q, PUBLIC, TODAY)[1]}
    cleared = {i.ref for i in find_items(reader, q, CLEARED, TODAY)[1]}
    assert "2-2/1068-2" not in public and "2-2/1068-2" in cleared


def test_a_liik_the_catalog_holds_is_a_type(tmp_path):
    # a register with Liik values the type table does not know: found by the catalog's own
    # values (an in-memory catalog of the real schema; no model needed)
    import sqlite3
    from types import SimpleNamespace

    from index.store import SCHEMA

    con = sqlite3.connect(":memory:")
    con.row_factory = sqlite3.Row
    con.executescript(SCHEMA)
    rows = [
        ("1-1/1", "Koostöömemorandum", "2024-02-01", "Memorandum"),
        ("1-1/2", "Vastus", "2024-03-01", "Väljaminev kiri"),
        ("1-1/3", "Kohtumise memo", "2024-04-01", "Memorandum"),
    ]
    for ref, title, registered, liik in rows:
        con.execute(
            "INSERT INTO entries(ref, title, registered, doc_type, data) VALUES (?, ?, ?, ?, '{}')",
            (ref, title, registered, liik),
        )
    reader = SimpleNamespace(con=con, entry_row=lambda ref: None)
    query, items = find_items(reader, "milliseid memorandumeid on 2024. aastal?", PUBLIC, TODAY)
    assert {i.key for i in items} == {
        r[0] for r in con.execute("SELECT ref FROM entries WHERE doc_type = 'Memorandum'")
    }
    assert query.type_words == ("memorandumeid",)


def test_e_mails_and_what_the_public_may_not_filter_by(reader):
    # an e-mail: a file with mail headers, or an entry that came by e-mail or whose letter
    # has them; how a restricted entry came is not public, so it is no public e-mail
    files = _sql(reader, FILES.format(where="json_extract(d.letter, '$.sender') IS NOT NULL"))
    mailed = (
        "e.channel LIKE '%e-post%' OR EXISTS (SELECT 1 FROM documents d WHERE d.ref = e.ref "
        "AND json_extract(d.letter, '$.sender') IS NOT NULL)"
    )
    cleared = files | _entries(reader, mailed)
    public = files | _entries(reader, f"({mailed}) AND NOT {IN_FORCE}")
    assert "3-1.1/8419" in cleared - public
    assert _keys(reader, "Which emails are in the register?", CLEARED) == cleared
    assert _keys(reader, "milliseid e-kirju on registris", PUBLIC) == public


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("paasteamet", "Päästeamet"),
        ("liidu", "MTÜ Lastekaitse Liit"),
        ("ecpati", "ECPAT International"),
        ("riigikantseleile", "Riigikantselei"),
        ("kaitsevaelt", "Kaitsevägi"),
    ],
)
def test_sql_preselection_keeps_every_form(word, value):
    # the SQL pre-selection may only narrow: every form word_matches accepts passes it
    import sqlite3

    from assistant.lists import Query, names_condition, words

    assert any(word_matches(word, v) for v in words(value))
    cond, args = names_condition(Query(names=[[word]]), "v")
    con = sqlite3.connect(":memory:")
    assert con.execute(f"SELECT 1 FROM (SELECT ? AS v) WHERE {cond}", [value, *args]).fetchone()


@pytest.mark.parametrize(
    ("question", "entries", "tabled"),
    [
        ("Mitu dokumenti on Päästeametiga seotud?", "0", "r.parties LIKE '%Päästeamet%'"),
        ("Which documents have Häirekeskus as a party?", "0", "r.parties LIKE '%Häirekeskus%'"),
        ("Millised dokumendid kuuluvad sarja 3-1.1?", "e.series LIKE '3-1.1 %'", "0"),
        ("Mis dokumendid on toimikus 5.1-2/2025?", "e.file = '5.1-2/2025'", "0"),
        (
            "Milliseid väljaminevaid kirju registreeriti 2025. aastal?",
            "e.doc_type LIKE 'Välja%' AND e.registered LIKE '2025-%'",
            "r.doc_type LIKE 'Välja%' AND r.date LIKE '2025-%'",
        ),
    ],
)
def test_other_wordings(reader, question, entries, tabled):
    expected = _entries(reader, entries) | _tabled(reader, tabled)
    assert expected
    assert _keys(reader, question, CLEARED) == expected
