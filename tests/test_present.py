"""Citation labels, citation lines, cards and build summaries, in both languages."""

from __future__ import annotations

import pytest

from assistant.export import answer_markdown
from assistant.model import Answer, Citation, cards
from assistant.present import (
    build_rows,
    build_summary,
    card_text,
    citation_label,
    citation_text,
    progress_text,
)
from index.build import BuildReport


def cit(ref, file="kiri.pdf", page=None, quote="Tsitaat.", **kw) -> Citation:
    base = dict(title="CSAR: 80+ Child Rights Orgs", date="10.11.2023", doc_type="Sissetulev kiri")
    return Citation(ref, file, quote=quote, page=page, doc_id=1, start=0, end=5, **{**base, **kw})


@pytest.mark.parametrize(
    ("c", "lang", "label"),
    [
        (cit("5-1/54-1"), "et", "5-1/54-1"),
        (cit(None, "kaust/Vastus.msg"), "et", "Vastus.msg (viiteta)"),
        (cit(None, "kaust/Vastus.msg"), "en", "Vastus.msg (no register reference)"),
    ],
)
def test_citation_label(c, lang, label):
    assert citation_label(c, lang) == label


@pytest.mark.parametrize(
    ("c", "lang", "page", "text"),
    [
        (cit("5-1/54-1"), "et", None,
         "5-1/54-1, 10.11.2023, Sissetulev kiri: CSAR: 80+ Child Rights Orgs"),
        (cit("5-1/54-1"), "en", 2,
         "5-1/54-1, 10.11.2023, Sissetulev kiri: CSAR: 80+ Child Rights Orgs, p. 2"),
        (cit(None, "Vastus.msg", title="FW: palun registreerida", date="", doc_type=""), "et",
         None, "Vastus.msg (viiteta), FW: palun registreerida"),
        (cit("1-2/3", title="", doc_type="Leping"), "et", 4, "1-2/3, 10.11.2023, Leping, lk 4"),
    ],
)  # fmt: skip
def test_citation_text_is_whole(c, lang, page, text):
    assert citation_text(c, lang, page=page) == text


def test_one_card_per_entry_with_every_passage():
    found = [
        cit("5-1/54-1", page=1, quote="Esimene."),
        cit(None, "a/Vastus.msg", title="FW", quote="Teine."),
        cit("5-1/54-1", page=2, quote="Kolmas."),
    ]
    got = cards(found)
    assert [c.key for c in got] == ["5-1/54-1", "Vastus.msg"]
    assert [c.quote for c in got[0].citations] == ["Esimene.", "Kolmas."]
    # passages on different pages: the card's line names no page; one page: it does
    assert card_text(got[0], "et").endswith("Child Rights Orgs")
    assert card_text(cards([found[0]])[0], "et").endswith(", lk 1")
    assert card_text(got[1], "en").startswith("Vastus.msg (no register reference)")

    md = answer_markdown(Answer("Küsimus?", "Vastus [5-1/54-1].", "et", citations=found))
    assert md.count("5-1/54-1, 10.11.2023") == 1  # one line per entry, its quotes under it
    assert "   > Esimene.\n   > (lk 1)\n   > Kolmas.\n   > (lk 2)" in md
    assert "2. **Vastus.msg (viiteta), 10.11.2023, Sissetulev kiri: FW**" in md


REPORT = BuildReport(
    added=["a.txt", "b.pdf"], removed=["c.txt"], unchanged=7, failed=[("b.pdf", "corrupted")],
    failing=[("b.pdf", "corrupted")],
    skipped=[("b.pdf", "corrupted"), ("x.exe", "unsupported")],
    unsupported=[("x.exe", "unsupported")],
    full_reason="the encoder changed from x to y", chunks_embedded=12, chunks_reused=3,
    seconds=3.25,
)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("en", "Full rebuild: the encoder changed from x to y.\n"
               "2 added, 0 updated, 1 removed, 0 moved, 7 unchanged, 1 failed; "
               "12 passages embedded in 3.2 s.\n- b.pdf: corrupted"),
        ("et", "Täielik ümberehitus: the encoder changed from x to y.\n"
               "2 lisatud, 0 muudetud, 1 eemaldatud, 0 teisaldatud, 7 muutmata, "
               "1 ebaõnnestunud; 12 lõiku vektoriseeritud 3.2 s jooksul.\n- b.pdf: corrupted"),
    ],
)  # fmt: skip
def test_build_summary(lang, summary):
    assert build_summary(REPORT, lang) == summary
    assert build_summary(BuildReport(unchanged=3), lang) in (
        "Index is up to date: nothing changed.",
        "Indeks on ajakohane: midagi ei muutunud.",
    )


@pytest.mark.parametrize(
    ("dry_run", "rows"),
    [
        (True, [("added", 2), ("updated", 0), ("removed", 1), ("moved/renamed", 0),
                ("unchanged", 7), ("failed", 1), ("skipped", 1)]),
        (False, [("added", 2), ("updated", 0), ("removed", 1), ("moved/renamed", 0),
                 ("unchanged", 7), ("failed", 1), ("skipped", 1), ("chunks embedded", 12),
                 ("chunks reused", 3), ("chunks deduplicated", 0), ("seconds", "3.2")]),
    ],
)  # fmt: skip
def test_build_rows(dry_run, rows):
    assert build_rows(REPORT, "en", dry_run=dry_run) == rows


@pytest.mark.parametrize(
    ("progress", "lang", "text"),
    [
        (("embed", 3, 12), "en", "embedding passages: 3/12"),
        (("scan", 0, 0), "en", "looking for changed files…"),
        (("parse", 1, 4), "et", "loen faile: 1/4"),
        (("mystery", 0, 0), "et", "mystery…"),
    ],
)
def test_progress_text(progress, lang, text):
    assert progress_text(*progress, lang) == text
