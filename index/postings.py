"""BM25 over postings kept in the catalog: the lexical run without FTS5's per-row cost.

FTS5 scores a query by calling ``bm25()`` once for every chunk holding any query term; at
a million chunks a common term makes that 100 ms and more (bench/README.md, "Query
latency"). Here each term's postings are two arrays, chunk ids and term counts, stored as
blobs in the catalog beside FTS5; a query reads the blobs of its terms and scores them
with numpy. The scores equal FTS5's ``bm25()`` (tests/test_postings.py), so the two are
interchangeable; FTS5 serves only indexes whose postings are missing. Postings hold no
positions, so a phrase term is matched on its tokens together (see ``Term``).

Postings live in segments, as in Lucene: a build appends one segment holding the chunks
it added, so a rebuild costs in proportion to the change. Removed chunks stay in their
old segment until it is merged; a posting counts only while its chunk is in the catalog
and its segment is the newest one holding that chunk (SQLite may reuse the id of a
removed chunk). Segments of about the same size are merged MERGE_FACTOR at a time, and a
segment with more than half its chunks gone is rewritten, so a long run of rebuilds keeps
a few segments and little dead weight.

Tokens are FTS5's own: the ``tokens`` column is split on spaces, and any piece that is not
plain ASCII is handed to an in-memory FTS5 table with the same tokenizer, so postings and
FTS5 agree on every token and on every chunk's length.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from index.store import FTS_TOKENIZE

# FTS5's bm25() constants
K1 = 1.2
B = 0.75
MERGE_FACTOR = 8
DEAD_SHARE = 0.5
_ID = np.dtype("<i4")
_TF = np.dtype("<u2")
_LEN = np.dtype("<i4")
_PLAIN_TEXT = re.compile(r"[a-z0-9\-/.% ]*")  # what FTS5 splits on spaces alone
_BATCH = 20_000


# -- tokens ----------------------------------------------------------------------------
class _Fts5Tokenizer:
    """FTS5's tokenizer, reached through a one-row in-memory table (SQL has no call)."""

    def __init__(self) -> None:
        self._con = sqlite3.connect(":memory:", check_same_thread=False)
        self._con.execute(f'CREATE VIRTUAL TABLE t USING fts5(x, tokenize="{FTS_TOKENIZE}")')
        self._con.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
        self._lock = threading.Lock()

    def __call__(self, text: str) -> tuple[str, ...]:
        with self._lock:
            self._con.execute("INSERT INTO t(rowid, x) VALUES (1, ?)", (text,))
            rows = self._con.execute("SELECT term FROM v ORDER BY offset").fetchall()
            self._con.execute("DELETE FROM t")
        return tuple(r[0] for r in rows)


_TOKENIZER: _Fts5Tokenizer | None = None


@lru_cache(maxsize=200_000)
def _fts5_split(piece: str) -> tuple[str, ...]:
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = _Fts5Tokenizer()
    return _TOKENIZER(piece)


def fts5_tokens(text: str) -> list[str]:
    """The tokens FTS5 indexes for ``text`` (a ``tokens`` column value), in order."""
    if _PLAIN_TEXT.fullmatch(text):
        return text.split()
    out: list[str] = []
    for piece in text.split():
        if _PLAIN_TEXT.fullmatch(piece):
            out.append(piece)
        else:
            out.extend(_fts5_split(piece))
    return out


# -- writing -----------------------------------------------------------------------------
def _write_segment(
    con: sqlite3.Connection,
    seg: int,
    chunks: tuple[np.ndarray, np.ndarray],
    postings: tuple[list[str], np.ndarray, np.ndarray, np.ndarray],
) -> None:
    """Write a segment: ``chunks`` (ids, lengths), ``postings`` (terms, term no, id, tf)."""
    ids, lens = chunks
    order = np.argsort(ids, kind="stable")
    names, term_no, p_ids, p_tfs = postings
    con.execute(
        "INSERT INTO postings_segments(seg, ids, lens, postings) VALUES (?, ?, ?, ?)",
        (seg, ids[order].astype(_ID).tobytes(), lens[order].astype(_LEN).tobytes(), len(p_ids)),
    )
    by = np.lexsort((p_ids, term_no))
    term_no = term_no[by]
    b_ids = p_ids[by].astype(_ID).tobytes()
    b_tfs = np.minimum(p_tfs[by], 65535).astype(_TF).tobytes()
    starts = np.flatnonzero(np.r_[True, term_no[1:] != term_no[:-1]]) if len(by) else by
    ends = np.r_[starts[1:], len(by)]
    con.executemany(
        "INSERT INTO postings(term, seg, ids, tfs) VALUES (?, ?, ?, ?)",
        (
            (names[term_no[a]], seg, b_ids[4 * a : 4 * e], b_tfs[2 * a : 2 * e])
            for a, e in zip(starts.tolist(), ends.tolist(), strict=True)
        ),
    )


def _next_seg(con: sqlite3.Connection) -> int:
    return con.execute("SELECT coalesce(max(seg), 0) + 1 FROM postings_segments").fetchone()[0]


def add_chunks(con: sqlite3.Connection, chunk_ids: list[int]) -> int:
    """Append a segment with the postings of ``chunk_ids`` (read back from FTS5's rows).

    Runs in the caller's transaction, so the segment is committed with the chunks.
    Returns the segment number, 0 when there was nothing to add.
    """
    if not chunk_ids:
        return 0
    vocab: dict[str, int] = defaultdict(lambda: len(vocab))  # term -> its number
    ids, lens = array("q"), array("q")
    if max(chunk_ids) >= 2**31 or min(chunk_ids) < 0:
        raise ValueError("chunk ids beyond 32 bits cannot be kept in postings")
    # one row per (term, chunk): 32-bit columns halve a full build's peak memory
    t_col, c_col, f_col = array("i"), array("i"), array("i")
    for i in range(0, len(chunk_ids), _BATCH):
        part = chunk_ids[i : i + _BATCH]
        marks = ",".join("?" * len(part))
        rows = con.execute(f"SELECT rowid, tokens FROM chunks_fts WHERE rowid IN ({marks})", part)
        for cid, text in rows:
            toks = fts5_tokens(text)
            ids.append(cid)
            lens.append(len(toks))
            counts = Counter(toks)
            t_col.extend(map(vocab.__getitem__, counts))
            f_col.extend(counts.values())
            c_col.extend([cid] * len(counts))
    seg = _next_seg(con)
    _write_segment(
        con,
        seg,
        (np.frombuffer(ids, np.int64), np.frombuffer(lens, np.int64)),
        (list(vocab), np.frombuffer(t_col, np.int32), np.frombuffer(c_col, np.int32),
         np.frombuffer(f_col, np.int32)),
    )  # fmt: skip
    return seg


def rebuild(con: sqlite3.Connection) -> int:
    """Drop every segment and write one holding every chunk: for catalogs without postings."""
    con.execute("DELETE FROM postings")
    con.execute("DELETE FROM postings_segments")
    ids = [r[0] for r in con.execute("SELECT rowid FROM chunks_fts ORDER BY rowid")]
    return add_chunks(con, ids)


def _owners(con: sqlite3.Connection) -> tuple[np.ndarray, dict[int, tuple[np.ndarray, bytes]]]:
    """Per chunk id: the segment whose posting counts (-1: none), and each segment's rows."""
    alive = np.fromiter((r[0] for r in con.execute("SELECT id FROM chunks")), dtype=np.int64)
    rows = con.execute("SELECT seg, ids, lens FROM postings_segments ORDER BY seg")
    segs = {seg: (np.frombuffer(ids, dtype=_ID), lens) for seg, ids, lens in rows}
    tops = [int(a[-1]) for a, _ in segs.values() if len(a)]  # ids are ascending
    top = max([int(alive.max()) if len(alive) else 0, *tops])
    owner = np.full(top + 1, -1, dtype=np.int32)
    for seg, (ids, _) in segs.items():  # ascending: a newer segment overrides
        owner[ids] = seg
    keep = np.full(top + 1, False)
    keep[alive] = True
    owner[~keep] = -1
    return owner, segs


def maintain(con: sqlite3.Connection) -> list[int]:
    """Merge segments so that a long run of small rebuilds stays a few segments.

    Segments are grouped by the decimal order of their live chunk count; MERGE_FACTOR
    segments in one group are merged into one (each posting is rewritten about once per
    tenfold growth), and a segment more than DEAD_SHARE dead is rewritten alone. Returns
    the segments written.
    """
    written = []
    while True:
        owner, segs = _owners(con)
        live = {seg: int(np.count_nonzero(owner[ids] == seg)) for seg, (ids, _) in segs.items()}
        dead = [s for s, (ids, _) in segs.items() if live[s] < (1 - DEAD_SHARE) * len(ids)]
        groups: dict[int, list[int]] = defaultdict(list)
        for s, n in live.items():
            groups[int(math.log10(max(n, 1)))].append(s)
        full = [g for g in groups.values() if len(g) >= MERGE_FACTOR]
        merge = full[0] if full else dead[:1]
        if not merge:
            return written
        written.append(_merge(con, sorted(merge), owner, segs))


def _merge(con, merge: list[int], owner: np.ndarray, segs) -> int:
    """Rewrite segments ``merge`` as one new segment of their live postings only."""
    new = _next_seg(con)
    ids_all, lens_all = [], []
    for s in merge:
        ids, lens = segs[s]
        ok = owner[ids] == s
        ids_all.append(ids[ok])
        lens_all.append(np.frombuffer(lens, dtype=_LEN)[ok])
    ids = np.concatenate(ids_all) if ids_all else np.zeros(0, _ID)
    lens = np.concatenate(lens_all) if lens_all else np.zeros(0, _LEN)
    order = np.argsort(ids, kind="stable")
    marks = ",".join("?" * len(merge))
    terms = [
        r[0]
        for r in con.execute(
            f"SELECT DISTINCT term FROM postings WHERE seg IN ({marks}) ORDER BY term", merge
        )
    ]
    count = 0
    # a few hundred terms at a time, each read finished before its writes: SQLite leaves a
    # scan of a table undefined while the same connection writes to it
    for i in range(0, len(terms), 500):
        part = terms[i : i + 500]
        rows = con.execute(
            f"SELECT term, seg, ids, tfs FROM postings WHERE term IN ({','.join('?' * len(part))}) "
            f"AND seg IN ({marks}) ORDER BY term",
            [*part, *merge],
        ).fetchall()
        grouped: dict[str, list[tuple[np.ndarray, np.ndarray]]] = defaultdict(list)
        for term, seg, b_ids, b_tfs in rows:
            p_ids = np.frombuffer(b_ids, dtype=_ID)
            ok = owner[p_ids] == seg
            grouped[term].append((p_ids[ok], np.frombuffer(b_tfs, dtype=_TF)[ok]))
        out = []
        for term, parts in grouped.items():
            t_ids = np.concatenate([x[0] for x in parts])
            if not len(t_ids):
                continue
            t_tfs = np.concatenate([x[1] for x in parts])
            o = np.argsort(t_ids, kind="stable")
            out.append((term, new, t_ids[o].astype(_ID).tobytes(), t_tfs[o].astype(_TF).tobytes()))
            count += len(t_ids)
        con.executemany("INSERT INTO postings(term, seg, ids, tfs) VALUES (?,?,?,?)", out)
    con.execute(f"DELETE FROM postings WHERE seg IN ({marks})", merge)
    con.execute(f"DELETE FROM postings_segments WHERE seg IN ({marks})", merge)
    if len(ids):  # a segment whose chunks are all gone just disappears
        con.execute(
            "INSERT INTO postings_segments(seg, ids, lens, postings) VALUES (?, ?, ?, ?)",
            (new, ids[order].astype(_ID).tobytes(), lens[order].astype(_LEN).tobytes(), count),
        )
    return new


# -- reading -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    """A query term: a whole token, or a prefix matching every token that starts with it.

    A term FTS5 would split into several tokens (``don't``, ``4:00``, ``o'brien``) is a
    phrase to FTS5; postings hold no positions, so here it matches chunks holding all its
    tokens, counted as often as its rarest token (a phrase query for ``don't`` alone took
    FTS5 0.28 s at a million chunks, bench/bench_postings.py). ``prefix`` applies to the
    last token, as in FTS5.
    """

    tokens: tuple[str, ...]
    prefix: bool = False

    @classmethod
    def parse(cls, fts_term: str) -> Term | None:
        """From an FTS5 term as :func:`index.text.fts_terms` writes it; None: no token."""
        prefix = fts_term.endswith("*")
        toks = fts5_tokens(fts_term.rstrip("*").strip('"'))
        return cls(tuple(toks), prefix) if toks else None


class Postings:
    """The postings of one catalog version, ready to score queries."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.owner, segs = _owners(con)
        self.lens = np.zeros(len(self.owner), dtype=np.float64)
        for seg, (ids, lens) in segs.items():
            ok = self.owner[ids] == seg
            self.lens[ids[ok]] = np.frombuffer(lens, dtype=_LEN)[ok]
        self.n = int(np.count_nonzero(self.owner >= 0))
        self.avgdl = float(self.lens.sum()) / self.n if self.n else 1.0

    def _read(self, term: Term) -> tuple[np.ndarray, np.ndarray]:
        """Live chunk ids holding ``term`` (unique) and the term's count in each."""
        last = len(term.tokens) - 1
        docs, tf = self._read_token(term.tokens[0], term.prefix and last == 0)
        for i, token in enumerate(term.tokens[1:], 1):
            more, more_tf = self._read_token(token, term.prefix and i == last)
            docs, a, b = np.intersect1d(docs, more, assume_unique=True, return_indices=True)
            tf = np.minimum(tf[a], more_tf[b])
        return docs, tf

    def _read_token(self, token: str, prefix: bool) -> tuple[np.ndarray, np.ndarray]:
        if prefix:
            sql = "SELECT seg, ids, tfs FROM postings WHERE term >= ? AND term < ?"
            args: tuple = (token, token + "\uffff")
        else:
            sql, args = "SELECT seg, ids, tfs FROM postings WHERE term = ?", (token,)
        parts = []
        for seg, b_ids, b_tfs in self.con.execute(sql, args):
            ids = np.frombuffer(b_ids, dtype=_ID)
            ok = self.owner[ids] == seg
            parts.append((ids[ok], np.frombuffer(b_tfs, dtype=_TF)[ok]))
        if not parts:
            return np.zeros(0, np.int64), np.zeros(0)
        if len(parts) == 1 or not prefix:  # one word: an id at most once per segment
            ids = np.concatenate([p[0] for p in parts]).astype(np.int64)
            return ids, np.concatenate([p[1] for p in parts]).astype(np.float64)
        ids = np.concatenate([p[0] for p in parts])
        tfs = np.concatenate([p[1] for p in parts]).astype(np.float64)
        if len(ids) * 16 > len(self.owner):
            sums = np.bincount(ids, weights=tfs, minlength=len(self.owner))
            docs = np.flatnonzero(sums)
            return docs, sums[docs]
        docs, inverse = np.unique(ids, return_inverse=True)
        return docs.astype(np.int64), np.bincount(inverse, weights=tfs)

    def search(
        self,
        terms: list[Term],
        k: int,
        deny: np.ndarray | None = None,
        allow: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` best chunks by BM25 (FTS5's formula), restricted ones never among them."""
        scores = np.zeros(len(self.owner), dtype=np.float64)
        for term in dict.fromkeys(terms):
            docs, tf = self._read(term)
            if not len(docs):
                continue
            df = len(docs)
            idf = math.log((self.n - df + 0.5) / (df + 0.5))
            idf = idf if idf > 0 else 1e-6
            norm = K1 * (1 - B + B * self.lens[docs] / self.avgdl)
            scores[docs] += idf * tf * (K1 + 1) / (tf + norm)
        if deny is not None and len(deny):
            scores[deny[deny < len(scores)]] = 0.0
        if allow is not None:
            keep = np.zeros(len(scores), dtype=bool)
            keep[allow[allow < len(scores)]] = True
            scores[~keep] = 0.0
        hits = np.flatnonzero(scores)
        if len(hits) > k:
            hits = hits[np.argpartition(-scores[hits], k - 1)[:k]]
        order = np.lexsort((hits, -scores[hits]))
        return [(int(hits[i]), float(scores[hits[i]])) for i in order]
