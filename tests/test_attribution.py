"""The file-to-entry rules (README "How a register folder maps to entries") as a table:
no model, no index, milliseconds."""

from __future__ import annotations

import pytest

from index.attribution import RegisterMap, entry_for

# (path, reference, files it lists) of the files that carry register metadata
REGISTER = [
    ("5-1_54-1/entry.txt", "5-1/54-1", ["vastus.pdf"]),
    ("flat/a.html", "7-7/1", ["Lisa 1.pdf"]),
    ("flat/b.html", "7-7/2", []),
    ("top.json", "9-1/3", ["kiri.docx"]),
    ("deep/one/entry.txt", "3-3/3", []),
    ("2-1_10.txt", "2-1/10", []),
]

CASES = [
    # rule 1: a file with metadata is its own entry's document, wherever it lies
    ("5-1_54-1/entry.txt", "5-1/54-1", "5-1/54-1"),
    ("flat/b.html", "7-7/2", "7-7/2"),
    # rule 2: listed in an entry's Failid/Manused in the same folder (case-insensitive)
    ("flat/lisa 1.PDF", None, "7-7/1"),
    ("kiri.docx", None, "9-1/3"),
    ("elsewhere/kiri.docx", None, None),  # same name in another folder: not listed there
    # rule 3: the one entry of a folder ties everything below it; the nearest folder wins
    ("5-1_54-1/lisa.pdf", None, "5-1/54-1"),
    ("5-1_54-1/scans/p1.png", None, "5-1/54-1"),
    ("deep/one/two/three/x.pdf", None, "3-3/3"),
    ("deep/other.pdf", None, None),  # above the entry's folder
    ("flat/unlisted.pdf", None, None),  # a folder of many entries ties nothing
    ("flat/sub/x.pdf", None, None),  # ... nor below it
    ("loose.pdf", None, None),  # the register folder itself is no entry's folder
    # rule 4: a name starting with a known reference, "_" for "/"
    ("5-1_54-1 vastus.pdf", None, "5-1/54-1"),
    ("uploads/2-1_10__lisa.pdf", None, "2-1/10"),
    ("uploads/8-8_8 tundmatu.pdf", None, None),  # a reference the register lacks
    # rule 5: anything else stands alone
    ("misc/notes.txt", None, None),
    # rule 2 before rule 3: a listed name wins over the folder's entry
    ("flat/Lisa 1.pdf", None, "7-7/1"),
]


@pytest.fixture(scope="module")
def register() -> RegisterMap:
    reg = RegisterMap()
    for path, ref, names in REGISTER:
        reg.add(path, ref, names)
    return reg


@pytest.mark.parametrize(("path", "own_ref", "expected"), CASES)
def test_entry_for(register: RegisterMap, path: str, own_ref: str | None, expected: str | None):
    assert entry_for(path, own_ref, register) == expected


def test_listed_names_are_trimmed_and_casefolded():
    reg = RegisterMap()
    reg.add("a/entry.txt", "1-1/1", ["  Otsus.PDF "])
    reg.add("a/other.txt", "1-1/2", [])
    assert entry_for("a/otsus.pdf", None, reg) == "1-1/1"
    assert entry_for("a/lisa.pdf", None, reg) is None  # two entries in a/: no folder rule
