"""Catalog look-ups return typed records (index/records.py): a small catalog written
through the build's own schema and entry writer, no model."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from index.catalog import to_json, write_entries
from index.records import CatalogLookup, DocumentInfo, Section
from index.store import SCHEMA, connect
from ingest.model import Entry, Letter, Related, Restriction

TODAY = dt.date(2026, 12, 3)


def _entry(ref: str, level="Avalik", end=None, **kw) -> Entry:
    return Entry(ref=ref, access=Restriction(level=level, end=end), **kw)


ENTRIES = [
    _entry(
        "5-1/54-1",
        title="Kiri arhiivist",
        registered=dt.date(2025, 3, 1),
        doc_type="Väljaminev kiri",
        file="5-1 Kirjavahetus",
        addressee="Rahvusarhiiv",
        related=[
            Related(title="Vastus", ref="5-1/54-2"),
            Related(title="Salajane", ref="7-5/1", restricted=True),
            Related(title="Tundmatu", ref="9-9/9", restricted=True),
        ],
        extra={"Täitmise märge": "täidetud"},
    ),
    _entry("5-1/54-2", title="Vastus", registered=dt.date(2025, 3, 9)),
    _entry("7-5/1", level="AK", end=dt.date(2030, 1, 1), title="Lepingu kavand"),
    _entry("7-5/2", level="AK", end=dt.date(2026, 1, 1), title="Lõppenud piirang"),
    _entry("7-5/3", level="AK", title="Tähtajatu piirang"),
]

DOCUMENTS = [
    # file_path, part, name, format, title, ref, own_ref, synthetic, text, sections, letter
    ("5-1_54-1/kiri.pdf", "", "kiri.pdf", "pdf", "Kiri", "5-1/54-1", None, 0,
     "Esimene lehekülg.\nTeine lehekülg.", [[0, 17, "body", 1], [18, 33, "body", 2]], None),
    ("register.csv", "", "register.csv", "csv", None, "5-1/54-1", "5-1/54-1", 0,
     "Viit: 5-1/54-1", [[0, 14, "record", None]], None),
    ("", "", "7-5/1", "record", None, "7-5/1", None, 1,
     "7-5/1 Lepingu kavand (AK)", [[0, 25, "record", None]], None),
    ("kirjad/teade.eml", "", "teade.eml", "eml", "Teade", None, None, 0,
     "Tere!", [[0, 5, "ocr", 1]],
     to_json(Letter(sender="a@b.ee", sent=dt.datetime(2025, 5, 2, 10, 30), subject="Teade"))),
    ("muu/teade.eml", "", "teade.eml", "eml", "Teine", None, None, 0, "Hei", [], None),
]  # fmt: skip


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> CatalogLookup:
    con = connect(tmp_path_factory.mktemp("records") / "catalog.sqlite")
    con.executescript(SCHEMA)
    ids = []
    for *cols, sections, letter in DOCUMENTS:
        cur = con.execute(
            "INSERT INTO documents(file_path, part, name, format, title, ref, own_ref, "
            "synthetic, text, sections, letter) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (*cols, json.dumps(sections), letter),
        )
        ids.append(cur.lastrowid)
    write_entries(con, {e.ref: (ids[0], e) for e in ENTRIES})
    con.execute("INSERT INTO files VALUES ('katki.pdf', 'x', 1, 'failed', 'not a PDF', 'pdf', '')")
    con.commit()
    return CatalogLookup(con)


@pytest.mark.parametrize(
    "ref, restricted",
    [
        ("5-1/54-1", False),  # public
        ("7-5/1", True),  # in force until 2030
        ("7-5/2", False),  # lapsed on 2026-01-01: public again without a rebuild
        ("7-5/3", True),  # no end date
        ("0-0/0", False),  # not in the register
        (None, False),
    ],
)
def test_restricted_now(catalog, ref, restricted):
    assert catalog.is_restricted(ref, TODAY) is restricted


def test_an_entry_record_names_its_flag_apart_from_the_rule(catalog):
    lapsed = catalog.entry("7-5/2")
    assert lapsed.marked_restricted and not lapsed.restricted_on(TODAY)
    assert lapsed.restricted_on(dt.date(2025, 12, 31))
    assert lapsed.access_level == "AK" and lapsed.access_end == "2026-01-01"


@pytest.mark.parametrize(
    "key, value",
    [
        ("title", "Kiri arhiivist"),
        ("registered", "2025-03-01"),
        ("file", "5-1 Kirjavahetus"),  # the case file (Toimik), not a path
        ("addressee", "Rahvusarhiiv"),
        ("sender", None),
        ("no_such_field", None),
        ("data", None),  # not a register field
    ],
)
def test_entry_column_by_field_key(catalog, key, value):
    assert catalog.entry("5-1/54-1").column(key) == value


def test_entry_keeps_the_whole_entry_and_its_extra_fields(catalog):
    record = catalog.entry("5-1/54-1")
    assert record.entry.title == "Kiri arhiivist"
    assert [r.ref for r in record.entry.related] == ["5-1/54-2", "7-5/1", "9-9/9"]
    assert record.extra == {"Täitmise märge": "täidetud"}
    assert catalog.entry("0-0/0") is None and catalog.entry(None) is None


@pytest.mark.parametrize(
    "ref, in_register, restricted",
    [
        ("5-1/54-2", True, False),  # public entry
        ("7-5/1", True, True),  # the entry decides: in force
        ("9-9/9", False, True),  # no entry: the 🔒 mark decides
    ],
)
def test_thread_rows_compute_restricted_now(catalog, ref, in_register, restricted):
    row = next(r for r in catalog.thread("5-1/54-1", TODAY) if r.ref == ref)
    assert (row.in_register, row.restricted) == (in_register, restricted)


def test_thread_goes_both_ways(catalog):
    back = catalog.thread("5-1/54-2", TODAY)
    assert [(r.ref, r.relation) for r in back] == [("5-1/54-1", "viitab sellele")]


def test_documents_of_an_entry_put_its_own_record_first(catalog):
    docs = catalog.documents_of("5-1/54-1")
    assert [d.file_path for d in docs] == ["register.csv", "5-1_54-1/kiri.pdf"]
    assert all(isinstance(d, DocumentInfo) for d in docs)
    assert docs[1].length == len("Esimene lehekülg.\nTeine lehekülg.")


@pytest.mark.parametrize(
    "name, paths",
    [
        ("teade.eml", ["kirjad/teade.eml", "muu/teade.eml"]),  # a base name: both folders
        ("muu/teade.eml", ["muu/teade.eml"]),  # a relative path: that one
        ("7-5/1", []),  # a registration record is no file
        ("puudub.txt", []),
    ],
)
def test_documents_by_file(catalog, name, paths):
    assert [d.file_path for d in catalog.documents_by_file(name)] == paths


@pytest.mark.parametrize(
    "offset, section",
    [
        (0, Section(0, 17, "body", 1)),
        (17, Section(0, 17, "body", 1)),  # a quote may end at the section's end
        (20, Section(18, 33, "body", 2)),
        (40, None),
    ],
)
def test_section_at(catalog, offset, section):
    doc = catalog.document(catalog.documents_by_file("kiri.pdf")[0].id)
    assert doc.section_at(offset) == section


def test_document_letter_headers(catalog):
    doc = catalog.document(catalog.documents_by_file("kirjad/teade.eml")[0].id)
    assert doc.letter.sender == "a@b.ee" and doc.letter.sent.hour == 10
    assert catalog.letter(doc.id).subject == "Teade"
    assert catalog.document(10_000) is None


def test_known_refs_and_file_paths(catalog):
    assert {"5-1/54-1", "7-5/3", "9-9/9"} <= catalog.known_refs()
    assert "" not in catalog.file_paths() and "register.csv" in catalog.file_paths()


def test_failures(catalog):
    (problem,) = catalog.failures()
    assert (problem.path, problem.status, problem.reason) == ("katki.pdf", "failed", "not a PDF")
