"""Register vocabulary in one place: references, dates, the access rule, letter zones and
sentences. Table-driven, no model: each runs in milliseconds."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.sentences import sentence_spans
from index.access import entry_restricted, in_force, related_restricted, sql_in_force
from index.text import find_refs
from ingest import zones
from ingest.fields import case_of, format_date, states_as_own

D = dt.date


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("Mis liiki dokument on 5-1/54-1?", ["5-1/54-1"]),
        ("5.1-2/3233-1 funktsioon", ["5.1-2/3233-1"]),
        ("vastus 2-1/2801 ja 3-1.1/8419", ["2-1/2801", "3-1.1/8419"]),
        ("otsus nr 1.1-2/24/22", ["1.1-2/24/22"]),
        ("Is the ECPAT helpline open 24/7?", []),
        ("pool ehk 1/2 summast", []),
        ("10.11.2023 ja 2023-11-10", []),
        ("helista +372 5858 5116", []),
        ("5-1/54-12a", []),
    ],
)
def test_references(text, refs):
    assert find_refs(text) == refs


@pytest.mark.parametrize(
    ("value", "with_time", "shown"),
    [
        (D(2023, 11, 10), False, "10.11.2023"),
        ("2023-11-10", False, "10.11.2023"),
        ("2023-11-09T18:03:00", True, "09.11.2023 18:03"),
        ("2023-11-09T18:03:00", False, "09.11.2023"),
        (dt.datetime(2024, 3, 20, 8, 19), True, "20.03.2024 08:19"),
        ("20.03.2024 08:19", False, "20.03.2024 08:19"),  # a register's own text is kept
        (None, False, ""),
        ("", False, ""),
    ],
)
def test_one_date_format(value, with_time, shown):
    assert format_date(value, with_time=with_time) == shown


@pytest.mark.parametrize(
    ("restricted", "end", "today", "in_force_"),
    [
        (False, None, D(2026, 1, 1), False),
        (True, None, D(2026, 1, 1), True),
        (True, "2030-12-18", D(2030, 12, 18), True),  # the end date itself still restricts
        (True, "2030-12-18", D(2030, 12, 19), False),  # from the day after it is public
        (True, D(2024, 1, 1), D(2026, 1, 1), False),
    ],
)
def test_access_rule(restricted, end, today, in_force_):
    assert in_force(restricted, end, today) is in_force_
    assert entry_restricted({"restricted": int(restricted), "access_end": end}, today) is (
        in_force_
    )


@pytest.mark.parametrize(
    ("marked", "flag", "end", "expect"),
    [
        (True, None, None, True),  # only the export's lock mark is known
        (False, None, None, False),
        (True, 1, "2020-01-01", False),  # the register's own entry has lapsed: it decides
        (False, 1, None, True),
    ],
)
def test_related_rows_follow_the_entry(marked, flag, end, expect):
    assert related_restricted(marked, flag, end, D(2026, 1, 1)) is expect


def test_access_rule_in_sql_agrees():
    import sqlite3

    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE entries (ref TEXT, restricted INTEGER, access_end TEXT)")
    rows = [("a", 0, None), ("b", 1, None), ("c", 1, "2026-01-01"), ("d", 1, "2025-12-31")]
    con.executemany("INSERT INTO entries VALUES (?,?,?)", rows)
    today = D(2026, 1, 1)
    sql = f"SELECT ref FROM entries e WHERE {sql_in_force('e')} ORDER BY ref"
    got = [r[0] for r in con.execute(sql, [today.isoformat()])]
    assert got == [r[0] for r in rows if in_force(bool(r[1]), r[2], today)] == ["b", "c"]


LETTER = """Saatja: Kristel Kivikas <kristel.kivikas@cr14.ee>
Saadetud: 27.08.2024 16:02
Adressaat: AKI info
Teema: NK protokollid

Tähelepanu! Tegemist on välisvõrgust saabunud kirjaga.

Tere

Millist piirangut te soovitaksite kasutada nõukogu koosoleku protokollides? Meil on neid
kogunenud juba mitu aastat ja soovime need avalikustada.

Tervitades

Kristel Kivikas

Teabehaldur | Information Manager

+372 5858 5116

From: Mari Maasikas <mari@example.ee>
Sent: Monday, August 26, 2024 9:00 AM
To: Kristel Kivikas
Subject: protokollid

Kas protokollid on valmis? Palun saada need mulle nädala lõpuks.
"""


@pytest.mark.parametrize(
    ("snippet", "kind"),
    [
        ("Saadetud: 27.08.2024 16:02", zones.HEADER),
        ("Tähelepanu! Tegemist on välisvõrgust", zones.NOTICE),
        ("Millist piirangut te soovitaksite", zones.MESSAGE),
        ("Teabehaldur | Information Manager", zones.SIGNATURE),
        ("+372 5858 5116", zones.SIGNATURE),
        ("Sent: Monday, August 26, 2024", zones.HEADER),  # the quoted message's own header
        ("Kas protokollid on valmis?", zones.QUOTED),
    ],
)
def test_zones_of_a_letter(snippet, kind):
    marked = zones.mark(LETTER)
    start = LETTER.index(snippet)
    assert zones.kind_at(marked, start, start + len(snippet)) == kind


def test_a_bare_forward_carries_its_message():
    text = (
        "Saatja: MKM info\nSaadetud: 21.03.2024 12:06\nTeema: FW: palun registreerida\n\n"
        "From: Krista Erg\nSent: Thursday, March 21, 2024 11:59 AM\nTo: Mari Puuram\n"
        "Subject: RE: juhend\n\nEhitusgiidi arendamine liikus Kliimaministeeriumisse ja on "
        "tegevusprogrammis.\n\nLugupidamisega\n\nKrista Erg\n"
    )
    marked = zones.mark(text)
    body = text.index("Ehitusgiidi")
    assert zones.kind_at(marked, body, body + 30) == zones.MESSAGE
    assert zones.quoted_letters(text, 1) == [text.index("From: Krista")]


DECISION_END = """Otsust on võimalik vaidlustada 30 päeva jooksul.
(allkirjastatud digitaalselt)
Üllar Salumäe
direktor
lennundusteenistus
"""

LETTER_END = """Palume seletuskirja muuta.

Lugupidamisega

(allkirjastatud digitaalselt)

Meie  20.03.2024   nr  8-2/2262

Kalle Laanet
justiitsminister
"""


@pytest.mark.parametrize(
    ("text", "first", "name"),
    [
        # a decision has no closing formula: the digital signature mark opens the block
        (DECISION_END, "(allkirjastatud", "Üllar Salumäe"),
        # a closing formula over the mark is one block, down to the name and title
        (LETTER_END, "Lugupidamisega", "Kalle Laanet"),
        ("Please act now.\n\n/digitally signed/\nJane Doe\nDirector\n", "/digitally", "Jane Doe"),
    ],
)
def test_a_signature_block_holds_the_signer(text, first, name):
    (block,) = zones.blocks(zones.mark(text), zones.SIGNATURE)
    assert text[block.start :].startswith(first)
    assert name in text[block.start : block.end]
    assert zones.kind_at(zones.mark(text), 0, 10) == zones.MESSAGE


def test_signatories_are_a_listing():
    items = "\n".join(f"{n}. Organisation number {n}" for n in range(1, 9))
    text = f"We call on you to act now.\nSigned by:\n{items}\n"
    marked = zones.mark(text)
    first = text.index("1. Organisation")
    assert zones.kind_at(marked, first, first + 20) == zones.LISTING
    assert zones.kind_at(marked, 0, 10) == zones.MESSAGE


@pytest.mark.parametrize(
    ("sentence", "heading"),
    [
        ("Can contaminated groundwater be cleaned up?", True),
        ("Skip to main content", True),
        ("Frequently Asked Questions", True),
        ("Groundwater can be cleaned up by pumping and treating it.", False),
        ("Otsust on võimalik vaidlustada 30 päeva jooksul.", False),
    ],
)
def test_headings(sentence, heading):
    assert zones.is_heading(sentence) is heading


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("It is most active.How many get sick?Nearly 44,000 do.",
         ["It is most active.", "How many get sick?", "Nearly 44,000 do."]),
        ("See U.S. data e.g. here. Next one.", ["See U.S. data e.g. here.", "Next one."]),
        ("A wrapped line that goes on and on and on and on and\ncontinues here. Done.",
         ["A wrapped line that goes on and on and on and on and\ncontinues here.", "Done."]),
        ("Title Of A Page\nThe first sentence of a page that is long enough to wrap lines.",
         ["Title Of A Page", "The first sentence of a page that is long enough to wrap lines."]),
    ],
)  # fmt: skip
def test_sentences(text, sentences):
    assert [text[a:b] for a, b in sentence_spans(text)] == sentences


@pytest.mark.parametrize(
    ("ref", "case"),
    [("5-1/54-1", "5-1/54"), ("5-1/54-2", "5-1/54"), ("2-1/2801", "2-1/2801"),
     ("3-1.1/8419", "3-1.1/8419"), ("1.1-2/24/22", "1.1-2/24/22")],
)  # fmt: skip
def test_case_of_a_reference(ref, case):
    assert case_of(ref) == case


REPLY_NUMBERS = (
    "Teie  01.03.2024    nr 1.2-2/22-1, SOM/24-\n0214/-1K\nMeie  20.03.2024   nr  8-2/2262\n"
)


@pytest.mark.parametrize(
    ("text", "ref", "own"),
    [
        (REPLY_NUMBERS, "8-2/2262", True),  # "Meie ... nr": ours
        (REPLY_NUMBERS, "1.2-2/22-1", False),  # "Teie ... nr": the letter answered
        ("Your ref: 4-2/77-1\nOur ref: 9-9/1-1\n", "4-2/77-1", False),
        ("Your ref: 4-2/77-1\nOur ref: 9-9/1-1\n", "9-9/1-1", True),
        ("Nr 5-1/54-1\nVastuseks teie kirjale", "5-1/54-1", True),
        ("Viide 5-1/54-10 on teine", "5-1/54-1", False),  # a longer number is not this one
        ("", "5-1/54-1", False),
    ],
)
def test_a_text_states_a_number_as_its_own(text, ref, own):
    assert states_as_own(text, ref) is own


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (DECISION_END, ["Üllar Salumäe", "direktor", "lennundusteenistus"]),
        (LETTER_END, ["Kalle Laanet", "justiitsminister"]),  # not the line of numbers
        (LETTER, ["Kristel Kivikas", "Teabehaldur | Information Manager"]),  # not the phone
    ],
)
def test_the_signer_lines_of_a_letters_own_signature(text, lines):
    block = zones.own_signature(zones.mark(text))
    assert zones.signer_lines(text[block.start : block.end]) == lines
