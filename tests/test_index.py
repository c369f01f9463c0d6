"""The index on the real sample register and on small registers built in tmp."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from index.build import build_index
from index.encoder import load_encoder
from index.search import IndexReader
from index.store import CATALOG, BuildLock, IndexDir, IndexIncompatible, IndexLocked, IndexProblem
from index.text import detect_lang

SEED = Path(__file__).resolve().parents[1] / "sample_register" / "000_f2f91bb77c0c7eec.txt"


def test_sample_register_entries(reader):
    status = reader.status()
    assert status["encoder"] == "multilingual-e5-small"
    assert status["failed"] == 0
    assert status["lexical"] == "postings, 1 segment"
    for ref in ("5-1/54-1", "2-1/2801", "5.1-2/3233-1", "7-5/1401-2"):
        assert reader.catalog.entry(ref) is not None, ref
    assert reader.catalog.is_restricted("7-5/1401-2")
    assert not reader.catalog.is_restricted("5-1/54-1")
    # the related table became catalog links, restricted rows flagged
    rows = {r.ref: r for r in reader.catalog.thread("5-1/54-1")}
    assert rows["2-2/1068-2"].restricted
    assert not rows["5-1/50-1"].restricted


def test_catalog_and_vectors_agree(reader):
    ids = {r[0] for r in reader.con.execute("SELECT id FROM chunks")}
    assert len(ids) == reader.index.ntotal
    faiss_ids = {int(reader.index.id_map.at(i)) for i in range(reader.index.ntotal)}
    assert ids == faiss_ids


def test_chunks_fit_the_model_and_point_at_real_text(reader):
    enc = load_encoder()
    rows = reader.con.execute(
        "SELECT c.start, c.end, c.page, d.text, d.format, d.title, d.name FROM chunks c "
        "JOIN documents d ON d.id = c.doc_id"
    ).fetchall()
    texts = []
    for r in rows:
        piece = r["text"][r["start"] : r["end"]]
        assert piece.strip() and piece == piece.strip()
        texts.append(piece)
        if r["format"] == "pdf":
            assert r["page"] >= 1
    # nothing is silently truncated: every passage with its heading fits the model
    assert max(enc.count_tokens(texts)) <= enc.max_tokens


def _register(tmp_path: Path) -> Path:
    reg = tmp_path / "register"
    (reg / "5-1_54-1").mkdir(parents=True)
    shutil.copy(SEED, reg / "5-1_54-1" / "entry.txt")
    (reg / "5-1_54-1" / "märkus.txt").write_text(
        "Ministeeriumi siseteade: vastus ECPATile koostatakse detsembris.\n", encoding="utf-8"
    )
    (reg / "loose.md").write_text("# Memo\n\nThe archive moves to Tartu in spring.\n")
    return reg


def test_incremental_rebuilds(tmp_path):
    reg, idx = _register(tmp_path), tmp_path / "index"
    first = build_index(reg, idx)
    assert sorted(first.added) == ["5-1_54-1/entry.txt", "5-1_54-1/märkus.txt", "loose.md"]
    r = IndexReader(idx)
    # the folder ties the note to its entry (one folder per entry)
    assert {d.file_path for d in r.catalog.documents_of("5-1/54-1")} >= {"5-1_54-1/märkus.txt"}

    # nothing changed: no new version, nothing read or embedded
    same = build_index(reg, idx)
    assert not same.changed and same.version == first.version and same.unchanged == 3

    # a new filing: only it is parsed and embedded
    (reg / "new.txt").write_text("Uus kiri: Tallinna linn palub kooskõlastust.\n", encoding="utf-8")
    added = build_index(reg, idx)
    assert added.added == ["new.txt"] and added.unchanged == 3
    assert 0 < added.chunks_embedded <= 2

    # an edit replaces the old text: the stale passage is gone from answers
    (reg / "loose.md").write_text("# Memo\n\nThe archive moves to Pärnu in autumn.\n")
    edited = build_index(reg, idx)
    assert edited.updated == ["loose.md"]
    r.refresh()
    text = " ".join(
        p.text for p in r.catalog.passages([h.chunk_id for h in r.search("archive moves", k=5)])
    )
    assert "Pärnu" in text and "Tartu" not in text

    # a rename with the same content embeds nothing
    (reg / "loose.md").rename(reg / "memo.md")
    moved = build_index(reg, idx)
    assert moved.moved == [("loose.md", "memo.md")] and moved.chunks_embedded == 0
    r.refresh()
    assert r.catalog.documents_by_file("memo.md") and not r.catalog.documents_by_file("loose.md")

    # a deletion removes vectors and catalog rows
    (reg / "new.txt").unlink()
    removed = build_index(reg, idx)
    assert removed.removed == ["new.txt"]
    r.refresh()
    assert not r.catalog.documents_by_file("new.txt")
    assert r.con.execute("SELECT count(*) FROM chunks").fetchone()[0] == r.index.ntotal

    # restricting the entry, then lifting it: catalog only, no passage re-embedded
    entry = reg / "5-1_54-1" / "entry.txt"
    original = entry.read_text(encoding="utf-8")
    restricted = original.replace(
        "| Juurdepääsupiirang | Avalik |\n| Juurdepääsupiirang | |",
        "| Juurdepääsupiirang | AK |\n| Juurdepääsupiirang | AvTS § 35 lg 1 p 12 |",
    )
    assert restricted != original
    entry.write_text(restricted, encoding="utf-8")
    build_index(reg, idx)
    r.refresh()
    assert r.catalog.is_restricted("5-1/54-1")
    entry.write_text(original, encoding="utf-8")
    lifted = build_index(reg, idx)
    assert lifted.updated == ["5-1_54-1/entry.txt"] and lifted.chunks_embedded == 0
    r.refresh()
    assert not r.catalog.is_restricted("5-1/54-1")
    # old versions are collected: the served one and the one before stay
    assert len(list(IndexDir(idx).versions.iterdir())) <= 2


def test_dry_run_changes_nothing(tmp_path):
    reg, idx = _register(tmp_path), tmp_path / "index"
    plan = build_index(reg, idx, dry_run=True)
    assert plan.dry_run and len(plan.added) == 3
    assert IndexDir(idx).current() is None


def test_bad_files_are_reported_and_the_rest_indexed(tmp_path, shared):
    reg = tmp_path / "register"
    reg.mkdir()
    shutil.copy(shared / "samples/pdf/zen_of_python_corrupted.pdf", reg)
    shutil.copy(shared / "samples/pdf/libreoffice-writer-password.pdf", reg)
    shutil.copy(shared / "samples/pdf/imagemagick-images.pdf", reg)
    (reg / "empty.txt").write_bytes(b"")
    (reg / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (reg / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    (reg / "good.txt").write_text("Hea kiri: kõik on korras.\n", encoding="utf-8")
    report = build_index(reg, tmp_path / "index")
    failed = dict(report.failed)
    assert "encrypted" in failed["libreoffice-writer-password.pdf"]
    assert "image-only" in failed["imagemagick-images.pdf"]
    assert "empty" in failed["empty.txt"]
    assert "binary" in failed["binary.txt"] or "encoding" in failed["binary.txt"]
    assert "image" in failed["picture.png"]  # read by OCR, and this one is no image
    assert "good.txt" in report.added
    r = IndexReader(tmp_path / "index")
    assert r.catalog.documents_by_file("good.txt")


def test_second_build_is_refused_while_one_runs(tmp_path):
    reg, idx = _register(tmp_path), tmp_path / "index"
    with BuildLock(idx), pytest.raises(IndexLocked, match="already running"):
        build_index(reg, idx)


def test_unwritable_index_folder_is_a_clear_error(tmp_path):
    reg = _register(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(IndexProblem, match="not writable"):
        build_index(reg, blocker / "index")


def test_other_encoder_is_refused(sample_index, tmp_path):
    other = tmp_path / "another-model"
    shutil.copytree(load_encoder().path, other)
    with pytest.raises(IndexIncompatible, match="rebuild"):
        IndexReader(sample_index, encoder=str(other))


def test_failed_build_leaves_served_version(tmp_path, monkeypatch):
    reg, idx = _register(tmp_path), tmp_path / "index"
    first = build_index(reg, idx)
    (reg / "more.txt").write_text("Lisakiri.\n")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("index.vectors.save", boom)
    with pytest.raises(OSError):
        build_index(reg, idx)
    assert IndexDir(idx).current_name() == first.version
    with sqlite3.connect(IndexDir(idx).current() / CATALOG) as con:
        assert con.execute("SELECT count(*) FROM files").fetchone()[0] == 3
    assert [p.name for p in IndexDir(idx).versions.iterdir()] == [first.version]


def test_large_index_leaves_out_terms_in_most_chunks(reader, monkeypatch):
    """At scale the lexical run drops near-stop-words; small registers search every term."""
    question = "Mida palus koalitsioon dokumendis 5-1/54-1 ja mis on lapse õigused?"
    everything = reader.lexical_terms(question)
    assert '"5-1/54-1"' in everything and len(everything) >= 4
    n = reader.chunk_count()
    assert n == reader.con.execute("SELECT count(*) FROM chunks").fetchone()[0]
    dfs = {t: reader._df(t) for t in everything}
    assert all(
        df
        == reader.con.execute(
            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [t]
        ).fetchone()[0]
        for t, df in dfs.items()
        if not t.endswith("*")
    )  # exact terms: the vocabulary's count is the chunk count

    # pretend the register is large: a term in more than the share of chunks is left out
    share = sorted(dfs.values())[len(dfs) // 2] / n  # the median term's share
    monkeypatch.setattr("index.search.MAX_DF_FLOOR", 0)
    monkeypatch.setattr("index.search.MAX_DF_SHARE", share)
    kept = reader.lexical_terms(question)
    assert '"5-1/54-1"' in kept  # references are always searched
    assert set(kept) == {t for t in everything if dfs[t] <= share * n or "/" in t}
    assert set(kept) < set(everything)
    assert reader.search(question, k=3, method="lexical")  # still finds something

    # only common terms: the rarest one is kept
    monkeypatch.setattr("index.search.MAX_DF_SHARE", 0.0)
    words = "koalitsioon õigused"
    terms = reader.lexical_terms(words)
    monkeypatch.setattr("index.search.MAX_DF_SHARE", 1.0)
    both = reader.lexical_terms(words)
    assert len(both) == 2 and terms == [min(both, key=reader._df)]


def _distinct_keys(reader, question, method, **kw):
    hits = reader.search(question, k=30, method=method, **kw)
    return list(dict.fromkeys(p.key for p in reader.catalog.passages([h.chunk_id for h in hits])))


def test_letter_in_another_language_is_not_held_back_by_the_lexical_run(reader, monkeypatch):
    """An Estonian question about the English ECPAT letter (register-dev d05): the lexical
    run cannot match English text, and its silence must not sink the letter below the
    Estonian entries that merely share "2024" and "juuli"."""
    question = (
        "Mida palus laste õiguste organisatsioonide koalitsioon peaministrilt 2024. aasta juulis?"
    )
    letter = "001_57d17f6c24bc326f.txt"
    assert reader.encoder.multilingual
    dense = _distinct_keys(reader, question, "dense")
    hybrid = _distinct_keys(reader, question, "hybrid")
    assert letter in dense[:2]
    assert hybrid.index(letter) <= dense.index(letter)
    monkeypatch.setattr("index.search.XLANG_SHARE", 0.0)  # plain reciprocal rank fusion
    assert _distinct_keys(reader, question, "hybrid").index(letter) > hybrid.index(letter)


def test_same_language_ranking_is_left_alone(reader, monkeypatch):
    """With the question and the letters in one language the imputation changes nothing."""
    for question in (
        "Miks ei kooskõlastanud Justiitsministeerium Tervisekassa loetelu eelnõu?",
        "How many AI-generated images did the Internet Watch Foundation find?",
    ):
        hits = reader.search(question, k=20)
        langs = reader._chunk_langs({h.chunk_id for h in hits})
        same = [h.chunk_id for h in hits if langs[h.chunk_id] == detect_lang(question)]
        monkeypatch.setattr("index.search.XLANG_SHARE", 0.0)
        plain = [h.chunk_id for h in reader.search(question, k=20)]
        monkeypatch.undo()
        assert same == [c for c in plain if c in set(same)]  # same-language order unchanged


def test_encoder_languages_come_from_the_model_card(tmp_path):
    from index.e5_convert import MODEL_CARD
    from index.encoder import model_languages, resolve_model_path

    assert model_languages(resolve_model_path("minilm")[1]) == ("en",)
    assert "multilingual" in model_languages(resolve_model_path("e5-small")[1])
    cards = {
        "---\nlanguage: en\n---\n": ("en",),
        "---\nlicense: mit\nlanguage: [et, 'en']\n---\n": ("et", "en"),
        MODEL_CARD: ("multilingual", "et", "en"),
        "---\nlicense: mit\n---\n": None,
        "no front matter\nlanguage: en\n": None,
    }
    for text, want in cards.items():
        (tmp_path / "README.md").write_text(text, encoding="utf-8")
        assert model_languages(tmp_path) == want
    (tmp_path / "README.md").unlink()
    assert model_languages(tmp_path) is None  # no card: no claim, fusion as usual


@pytest.mark.slow
def test_english_only_encoder_has_no_say_on_an_estonian_question(tmp_path):
    """MiniLM reads English only: for an Estonian question hybrid is the lexical ranking
    (register-dev d02: MiniLM's vector put the entry 9th and dragged hybrid to 5th)."""
    reg = tmp_path / "register"
    shutil.copytree(SEED.parent, reg)
    build_index(reg, tmp_path / "index", encoder="minilm")
    r = IndexReader(tmp_path / "index")
    assert r.encoder.languages == ("en",) and not r.encoder.reads("et")
    question = "Kes on ECPATi kirja vastutaja ministeeriumis?"
    hybrid = [h.chunk_id for h in r.search(question, k=10)]
    assert hybrid == [h.chunk_id for h in r.search(question, k=10, method="lexical")]
    assert _distinct_keys(r, question, "hybrid")[0] == "5-1/54-1"
    english = "Who is responsible for the ECPAT letter in the ministry?"
    assert r.encoder.reads("en")
    ranks = r.search(english, k=10)
    assert any("dense" in h.ranks for h in ranks)  # an English question still fuses both


def test_common_term_counts_match_the_fts_index(sample_index, tmp_path):
    """The build's common-term table holds exactly the FTS5 counts, and the search's
    document frequencies read from it agree with FTS5 itself."""
    from index.store import refresh_common_terms

    copy = tmp_path / "index"
    shutil.copytree(sample_index, copy)
    reader = IndexReader(copy)
    assert reader.meta.get("common_df")  # written by the build
    catalog = reader.dir.require_current() / CATALOG
    reader.close()
    with sqlite3.connect(catalog) as con:  # a low threshold so that the sample has some
        n = refresh_common_terms(con, min_df=3)
        vocab = dict(con.execute("SELECT term, doc FROM temp.vocab WHERE doc >= 3"))
        table = dict(con.execute("SELECT term, df FROM common_terms"))
    assert n == len(table) > 20 and table == vocab
    reader = IndexReader(copy)
    rare = [t for t, df in con_terms(catalog) if df < 3][:20]
    for term in [*list(table)[:20], *rare]:
        fts = reader.con.execute(
            "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?", [f'"{term}"']
        ).fetchone()[0]
        assert reader._df(f'"{term}"') == fts, term
    word = max(table, key=len)
    assert reader._df(f'"{word[:-1]}"*') >= table[word]  # a prefix: at least its common words


def con_terms(catalog):
    with sqlite3.connect(catalog) as con:
        con.execute("CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, chunks_fts, 'row')")
        return con.execute("SELECT term, doc FROM temp.v").fetchall()


def test_hybrid_encodes_the_question_while_the_lexical_run_goes(reader, monkeypatch):
    """A served hybrid query encodes on the encoder thread, and ranks exactly as with a
    vector encoded beforehand."""
    question = "Millist juurdepääsupiirangut küsiti nõukogu koosoleku protokollide jaoks?"
    vector = reader.encoder.encode_query(question)
    expected = [(h.chunk_id, h.ranks) for h in reader.search(question, query_vector=vector)]
    threads = []
    encode = reader.encoder.encode_query

    def spy(text):
        threads.append(threading.current_thread().name)
        return encode(text)

    monkeypatch.setattr(reader.encoder, "encode_query", spy)
    served = [(h.chunk_id, h.ranks) for h in reader.search(question)]
    assert served == expected
    assert threads and threads[0].startswith("viit-encode")
