"""Postings (index/postings.py) against FTS5 itself, on real catalogs built by Viit.

The lexical run reads postings instead of asking FTS5 to score; the two must rank alike
and score alike (FTS5's bm25()), through every kind of change a rebuild makes: chunks
added, removed, replaced under a reused id, segments merged and rewritten.
"""

from __future__ import annotations

import shutil
import sqlite3

import numpy as np
import pytest
from conftest import SAMPLE
from typer.testing import CliRunner

import viit_cli
from index import postings
from index.build import build_index
from index.postings import Postings, Term, fts5_tokens
from index.search import IndexReader
from index.store import CATALOG, SCHEMA, IndexDir, connect, read_meta
from index.text import detect_lang, find_refs, fts_terms

QUERIES = [
    "Kes on ECPATi kirja vastutaja ministeeriumis?",
    "Millal registreeriti dokument 5-1/54-1?",
    "What did the coalition of child rights organisations urge EU leaders to do?",
    "How many AI-generated abuse images were found?",
    "lastekaitse seaduse muutmise eelnõu kooskõlastamine",
    "Euroopa Liidu laste seksuaalse väärkohtlemise määrus",
    "Sotsiaalministeerium vastus pöördumisele",
    "online safety children internet 2023",
]


def fts_ranking(con: sqlite3.Connection, query: str) -> list[tuple[int, float]]:
    """Every chunk FTS5 matches for the query's terms, with its bm25() as a positive score."""
    terms = fts_terms(query, detect_lang(query))
    rows = con.execute(
        "SELECT rowid, -bm25(chunks_fts) FROM chunks_fts WHERE chunks_fts MATCH ?",
        [" OR ".join(terms)],
    )
    return [(int(i), float(s)) for i, s in rows]


def postings_ranking(p: Postings, query: str, **kw) -> list[tuple[int, float]]:
    terms = [Term.parse(t) for t in fts_terms(query, detect_lang(query))]
    assert None not in terms and all(len(t.tokens) == 1 for t in terms)
    return p.search(terms, 10**6, **kw)


def assert_same(mine: list[tuple[int, float]], fts: list[tuple[int, float]]) -> int:
    """Same chunks, same scores; returns how many (a comparison of nothing proves nothing)."""
    assert len(mine) == len(fts)
    want = dict(fts)
    assert {i for i, _ in mine} == set(want)
    for cid, score in mine:
        assert score == pytest.approx(want[cid], rel=1e-9, abs=1e-12)
    scores = [s for _, s in mine]
    assert scores == sorted(scores, reverse=True)
    return len(mine)


def assert_top(hits, fts: list[tuple[int, float]], k: int) -> None:
    """``hits`` are FTS5's best ``k`` (ties in any order)."""
    want = dict(fts)
    best = sorted(want.values(), reverse=True)[:k]
    assert [want[h.chunk_id] for h in hits] == pytest.approx(best, rel=1e-9)


@pytest.fixture
def catalog(sample_index, tmp_path) -> sqlite3.Connection:
    """A writable copy of the sample index's catalog."""
    src = IndexDir(sample_index).require_current() / CATALOG
    shutil.copy(src, tmp_path / CATALOG)
    con = sqlite3.connect(tmp_path / CATALOG)
    yield con
    con.close()


def test_built_index_has_postings_that_score_as_fts5(reader):
    assert reader.meta.get("postings") == "1"
    p = reader.postings
    assert p.n == reader.chunk_count()
    for q in QUERIES:
        assert assert_same(postings_ranking(p, q), fts_ranking(reader.con, q))


def test_reader_lexical_run_equals_fts5_top_k(reader):
    for q in QUERIES:
        if find_refs(q):
            continue  # a named reference adds its own run to the ranking
        hits = reader.search(q, k=10, method="lexical", cleared=True)
        assert_top(hits, fts_ranking(reader.con, q), 10)


def test_tokens_are_fts5s_own():
    con = sqlite3.connect(":memory:")
    con.executescript(SCHEMA)
    texts = [
        "don't you'r 4:00 nasa’ 5-1/54-1 5.1-2/3233-1 12,5% o'brien",
        "søren straße ærø łódź москва Ελλάδα naïve ﬁle",
        "plain ascii words only 2023",
        "",
    ]
    vocab = "CREATE VIRTUAL TABLE temp.inst USING fts5vocab(main, chunks_fts, 'instance')"
    con.execute(vocab)
    for i, text in enumerate(texts, 1):
        con.execute("INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)", (i, text))
        rows = con.execute("SELECT term FROM temp.inst WHERE doc = ? ORDER BY offset", (i,))
        assert fts5_tokens(text) == [r[0] for r in rows], text


def test_a_phrase_term_matches_chunks_holding_all_its_tokens(reader):
    """FTS5 splits ``don't`` into a phrase; postings score its tokens together."""
    assert Term.parse('"don\'t"') == Term(("don", "t"))
    assert Term.parse('"ministeer"*') == Term(("ministeer",), prefix=True)
    assert Term.parse('"\'"') is None
    con = reader.con
    for term in ['"can’t"', '"18:03"']:  # both in the sample register
        parsed = Term.parse(term)
        assert len(parsed.tokens) == 2
        phrase = {r[0] for r in con.execute("SELECT rowid FROM chunks_fts(?)", (term,))}
        both = " AND ".join(f'"{t}"' for t in parsed.tokens)
        together = {r[0] for r in con.execute("SELECT rowid FROM chunks_fts(?)", (both,))}
        mine = {i for i, _ in reader.postings.search([parsed], 10**6)}
        assert phrase and mine == together >= phrase
    # a question with a phrase term is still one postings search, all its terms scored
    q = "ECPAT's letter, don't forget"
    terms = [Term.parse(t) for t in fts_terms(q, detect_lang(q))]
    assert any(len(t.tokens) > 1 for t in terms)
    hits = reader.search(q, k=5, method="lexical", cleared=True)
    assert hits
    assert [h.chunk_id for h in hits] == [i for i, _ in reader.postings.search(terms, 5)]


def test_removed_replaced_and_added_chunks(catalog):
    """Deletes leave dead postings, a reused id is owned by its newest segment."""
    con = catalog
    ids = [r[0] for r in con.execute("SELECT id FROM chunks ORDER BY id")]
    gone, reused = ids[1:-3:5], ids[-3:]
    with con:
        for cid in gone + reused:
            con.execute("DELETE FROM chunks_fts WHERE rowid = ?", (cid,))
            con.execute("DELETE FROM chunks WHERE id = ?", (cid,))
        new = [*reused, ids[-1] + 1, ids[-1] + 2]
        for cid in new:  # what SQLite does after the highest rows were deleted
            con.execute(
                "INSERT INTO chunks(id, doc_id, start, end, kind, embed_key) "
                "VALUES (?, 1, 0, 1, 'body', 'k')",
                (cid,),
            )
            con.execute(
                "INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)",
                (cid, f"ministeeriumi vastus koalitsioonile {cid} ecpat ecpat"),
            )
        seg = postings.add_chunks(con, new)
    assert seg == 2
    p = Postings(con)
    assert p.n == len(ids) - len(gone) + 2
    compared = [assert_same(postings_ranking(p, q), fts_ranking(con, q)) for q in QUERIES]
    assert sum(n > 0 for n in compared) >= len(QUERIES) - 2
    assert assert_same(
        postings_ranking(p, "ecpat koalitsioon"), fts_ranking(con, "ecpat koalitsioon")
    )
    assert not {i for i, _ in postings_ranking(p, "ecpat")} & set(gone)


def test_merges_keep_rankings_and_drop_dead_postings(catalog, monkeypatch):
    con = catalog
    monkeypatch.setattr(postings, "MERGE_FACTOR", 3)
    ids = [r[0] for r in con.execute("SELECT id FROM chunks ORDER BY id")]
    sql = "SELECT rowid, tokens FROM chunks_fts WHERE rowid IN (?,?,?,?)"
    rows = dict(con.execute(sql, ids[:4]).fetchall())
    with con:  # four rebuilds, each rewriting one chunk: four one-chunk segments
        for cid in ids[:4]:
            con.execute("DELETE FROM chunks_fts WHERE rowid = ?", (cid,))
            con.execute(
                "INSERT INTO chunks_fts(rowid, tokens) VALUES (?, ?)", (cid, rows[cid] + " uus")
            )
            postings.add_chunks(con, [cid])
        assert con.execute("SELECT count(*) FROM postings_segments").fetchone()[0] == 5
        written = postings.maintain(con)
    segs = con.execute("SELECT seg, postings FROM postings_segments ORDER BY seg").fetchall()
    assert written and len(segs) < 5
    p = Postings(con)
    for q in [*QUERIES, "uus"]:
        assert assert_same(postings_ranking(p, q), fts_ranking(con, q))
    # a segment with most of its chunks gone is rewritten without them
    with con:
        doomed = ids[len(ids) // 10 :]
        con.executemany("DELETE FROM chunks WHERE id = ?", [(i,) for i in doomed])
        con.executemany("DELETE FROM chunks_fts WHERE rowid = ?", [(i,) for i in doomed])
        before = con.execute("SELECT sum(postings) FROM postings_segments").fetchone()[0]
        postings.maintain(con)
    after = con.execute("SELECT sum(postings) FROM postings_segments").fetchone()[0]
    live = con.execute("SELECT count(*) FROM postings").fetchone()[0]
    assert after < before / 3 and live > 0
    p = Postings(con)
    assert p.n == len(ids) - len(doomed)
    compared = [assert_same(postings_ranking(p, q), fts_ranking(con, q)) for q in QUERIES]
    assert any(compared)


def test_restricted_and_filtered_chunks_never_score(reader):
    q = QUERIES[0]
    everything = postings_ranking(reader.postings, q)
    deny = np.array([i for i, _ in everything[::2]])
    allow = np.array([i for i, _ in everything[:10]])
    got = postings_ranking(reader.postings, q, deny=deny, allow=allow)
    assert got and {i for i, _ in got} == set(allow.tolist()) - set(deny.tolist())


def test_postings_that_miss_chunks_leave_the_lexical_run_to_fts5(sample_index, tmp_path):
    """A catalog changed by other means than a build: FTS5 serves, nothing is missed."""
    idx = tmp_path / "index"
    shutil.copytree(sample_index, idx, ignore=shutil.ignore_patterns("cache"))
    with sqlite3.connect(IndexDir(idx).require_current() / CATALOG) as con:
        con.execute(
            "DELETE FROM postings_segments WHERE seg = (SELECT max(seg) FROM postings_segments)"
        )
    r = IndexReader(idx)
    assert r.meta.get("postings") == "1" and r.postings is None
    assert r.status()["lexical"].startswith("FTS5 (the postings miss chunks")
    hits = r.search(QUERIES[0], k=5, method="lexical", cleared=True)
    assert hits
    assert_top(hits, fts_ranking(r.con, QUERIES[0]), 5)
    r.close()


@pytest.mark.slow
def test_rebuilds_keep_postings_equal_to_fts5_and_upgrade_old_indexes(tmp_path):
    """Real builds: add, edit, remove files; an index without postings gets them."""
    reg = tmp_path / "register"
    shutil.copytree(SAMPLE, reg)
    idx = tmp_path / "index"
    build_index(reg, idx)
    files = sorted(p for p in reg.iterdir() if p.suffix == ".txt")
    files[0].unlink()
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\nLisa: uus lõik.\n", "utf-8")
    (reg / "teade.txt").write_text("Teade: koalitsioon kohtub ministeeriumis.\n", "utf-8")
    report = build_index(reg, idx)
    assert report.removed and report.updated and report.added
    r = IndexReader(idx)
    assert r.postings.n == r.chunk_count()
    for q in [*QUERIES, "koalitsioon kohtub ministeeriumis"]:
        assert assert_same(postings_ranking(r.postings, q), fts_ranking(r.con, q))
    r.close()

    # an index from before postings: served by FTS5, given postings by the next build
    cat = IndexDir(idx).require_current() / CATALOG
    with sqlite3.connect(cat) as con:
        con.execute("DROP TABLE postings")
        con.execute("DROP TABLE postings_segments")
        con.execute("DELETE FROM meta WHERE key = 'postings'")
    old = IndexReader(idx)
    assert old.status()["lexical"].startswith("FTS5 (an index from before postings")
    hits = old.search(QUERIES[0], k=5, method="lexical", cleared=True)
    assert_top(hits, fts_ranking(old.con, QUERIES[0]), 5)
    before = IndexDir(idx).current_name()
    result = CliRunner().invoke(viit_cli.app, ["index", str(reg), "--index", str(idx)])
    assert result.exit_code == 0, result.output
    assert "Index upgraded: lexical postings written" in " ".join(result.output.split())
    assert IndexDir(idx).current_name() != before
    with connect(IndexDir(idx).require_current() / CATALOG, readonly=True) as con:
        assert read_meta(con).get("postings") == "1"
        assert Postings(con).n == con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    old.refresh()
    assert old.meta.get("postings") == "1"
    assert old.status()["lexical"] == "postings, 1 segment"
    again = old.search(QUERIES[0], k=5, method="lexical", cleared=True)
    assert_top(again, fts_ranking(old.con, QUERIES[0]), 5)
