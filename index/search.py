"""Read side of the index: hybrid search with access control and filters inside the search.

A public user's search never ranks restricted text: the restricted chunk ids are excluded
in FAISS (an ID selector) and in the lexical run (zeroed in the BM25 scores of the
postings, or a SQL condition on FTS5) before the top-k cut, so restricted passages cannot
crowd out or leak into results. Filters work the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import vectors
from index.access import sql_in_force
from index.encoder import LEGACY_PRECISION, Encoder, load_encoder, resolve_model_path
from index.postings import Postings, Term
from index.records import CatalogLookup
from index.store import (
    CATALOG,
    VECTORS,
    IndexDir,
    IndexIncompatible,
    connect,
    read_meta,
    vocab_table,
)
from index.text import detect_lang, find_refs, fts_terms

log = logging.getLogger(__name__)
RRF_K = 60
_ENCODER_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="viit-encode")
# A chunk in another language than the question cannot be matched by the lexical run, so
# missing from it says nothing. With a multilingual encoder such a chunk's lexical vote
# counts its dense rank XLANG_SHARE and its own lexical rank the rest (names and numbers
# do cross languages). Measured on register-dev (README): 0.5 left an Estonian question
# about an English letter 4th, 1.0 let an English letter outrank the Estonian entry that
# both runs agreed on.
XLANG_SHARE = 0.75
# When FTS5 serves the lexical run (an index built before postings, or postings that miss
# chunks), a large index leaves out terms found in more than MAX_DF_SHARE of the chunks ("more",
# "use", "one" at a million chunks): their BM25 weight is small, but FTS5 must score every
# chunk holding them, 0.6 s at p95 on a million chunks (bench/README.md). Below
# MAX_DF_FLOOR chunks nothing is left out. The postings search every term at every size.
MAX_DF_SHARE = 0.02
MAX_DF_FLOOR = 20_000


@dataclass
class Filters:
    """Search filters, applied inside the search (never after a top-k cut)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    doc_type: str | None = None
    function: str | None = None
    series: str | None = None
    file: str | None = None  # Toimik
    correspondent: str | None = None
    access: str | None = None  # "public" | "restricted"
    refs: tuple[str, ...] = ()  # only these entries' documents (a question naming them)
    files: tuple[str, ...] = ()  # only these files (paths in the register folder)

    def active(self) -> bool:
        return any(v not in (None, "", ()) for v in vars(self).values())


@dataclass(frozen=True)
class QueryContext:
    """What a conversation adds to a question's search (see assistant/followup.py).

    The question is searched as typed and again with the context: lexically as
    ``lexical`` (the question's words plus words carried from earlier turns), densely with
    the question's vector moved towards the earlier turns, ``v(q) + mix * v(history)``.
    The context runs enter the fusion with ``weight`` (1.0: as much say as the question).
    ``refs``: register references the question leans on ("who signed it?") and the
    search treats as named.
    """

    lexical: str = ""
    history: str = ""
    refs: tuple[str, ...] = ()
    weight: float = 1.0
    mix: float = 0.5

    def vector(self, encoder: Encoder, qvec: np.ndarray) -> np.ndarray:
        vec = qvec + self.mix * encoder.encode_query(self.history)
        return (vec / max(float(np.linalg.norm(vec)), 1e-9)).astype("float32")


@dataclass(frozen=True)
class _Scope:
    """What one search may rank: as SQL for FTS5, as ids for FAISS and the postings."""

    where: str
    args: list
    deny: vectors.IdSet | None
    allow: np.ndarray | None


@dataclass
class Hit:
    chunk_id: int
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    dense: float | None = None


# Driven from the entries (CROSS JOIN fixes the order): scanning every document instead took
# 4x longer at 250,000 chunks (bench/README.md, "Query latency").
_RESTRICTED_CHUNKS = """
    SELECT c.id FROM entries e CROSS JOIN documents d ON d.ref = e.ref
    CROSS JOIN chunks c ON c.doc_id = d.id
    WHERE d.synthetic = 0 AND """ + sql_in_force("e")


class IndexReader:
    """The served version of an index, reopened when a build switches versions."""

    def __init__(self, index_dir: Path, encoder: str | None = None):
        self.dir = IndexDir(Path(index_dir))
        self._want_encoder = encoder
        self._lock = threading.RLock()
        self._version: str | None = None
        self.con: sqlite3.Connection | None = None
        self.index = None
        self.meta: dict[str, str] = {}
        self._encoder: Encoder | None = None
        self._restricted: tuple[tuple[str | None, dt.date], vectors.IdSet] | None = None
        self._chunks: tuple[str | None, int] | None = None
        self._postings: tuple[str | None, Postings | None] | None = None
        self._langs: dict[int, str] = {}
        self.catalog: CatalogLookup | None = None
        self.refresh()

    # -- lifecycle -------------------------------------------------------------------
    def refresh(self) -> bool:
        """Switch to the newest complete version if a build finished; True if switched."""
        with self._lock:
            path = self.dir.require_current()
            if path.name == self._version:
                return False
            con = connect(path / CATALOG, readonly=True)
            meta = read_meta(con)
            if self._want_encoder:
                name, _ = resolve_model_path(self._want_encoder)
                if name != meta.get("encoder"):
                    con.close()
                    raise IndexIncompatible(
                        f"the index was built with encoder {meta.get('encoder')}, not {name}: "
                        "rebuild it with `viit index PATH --full` to change encoders"
                    )
            index = vectors.load(path / VECTORS)
            if self.con is not None:
                self.con.close()
            self.con, self.index, self.meta, self._version = con, index, meta, path.name
            self.catalog = CatalogLookup(con)
            self._langs = {}
            return True

    @property
    def version(self) -> str | None:
        return self._version

    @property
    def precision(self) -> str:
        """The precision the served version was built with (fp32 before precisions)."""
        return self.meta.get("precision", LEGACY_PRECISION)

    @property
    def encoder(self) -> Encoder:
        """The model that built this version, at the precision that built it: a question is
        encoded by the same model as the passages it is compared with, whatever
        ``VIIT_PRECISION`` says now (a GPU serves an int8 index on the CPU)."""
        stale = self._encoder is not None and (
            self._encoder.name != self.meta.get("encoder")
            or self._encoder.precision != self.precision
        )
        if self._encoder is None or stale:
            spec = self.meta.get("encoder_path") or self.meta.get("encoder", "minilm")
            if not Path(spec).exists():
                spec = {"all-MiniLM-L6-v2": "minilm"}.get(self.meta.get("encoder", ""), "e5-small")
            device = "cpu" if self.precision == "int8" else None
            enc = load_encoder(spec, self.precision, device)
            if enc.dim != int(self.meta.get("dim", enc.dim)):
                raise IndexIncompatible("encoder dimension differs from the index: rebuild it")
            self._encoder = enc
        return self._encoder

    def close(self) -> None:
        if self.con is not None:
            self.con.close()
            self.con = None

    # -- search ----------------------------------------------------------------------
    def search(
        self,
        query: str,
        k: int = 10,
        cleared: bool = False,
        filters: Filters | None = None,
        method: str = "hybrid",
        today: dt.date | None = None,
        query_vector: np.ndarray | None = None,
        context: QueryContext | None = None,
    ) -> list[Hit]:
        """Ranked chunk ids for ``query``; restricted text only for ``cleared`` users.

        ``context`` (a conversation so far) adds a second lexical and dense run.
        """
        with self._lock:
            today = today or dt.date.today()
            deny_sql, deny_args, deny = ("", [], None)
            if not cleared:
                deny = self._restricted_ids(today)  # also fills temp.restricted_now
                deny_sql = " AND rowid NOT IN (SELECT id FROM temp.restricted_now)"
            allow_sql, allow_args = (
                self._filter_sql(filters, today) if filters and filters.active() else ("", [])
            )
            allow = self._allowed_ids(allow_sql, allow_args)
            scope = _Scope(deny_sql + allow_sql, deny_args + allow_args, deny, allow)
            depth = max(50, k * 5)
            lists: dict[str, list[tuple[int, float]]] = {}
            lang = detect_lang(query)
            if method == "hybrid" and not self.encoder.reads(lang):
                # the model card names the languages the encoder reads, and this is not
                # one: its vector of the question is noise (MiniLM on Estonian, README)
                method = "lexical"
            encoding = None
            if method in ("hybrid", "dense") and query_vector is None:
                # encoded on another thread while SQLite runs the lexical search (both
                # release the GIL): a hybrid query waits for the slower of the two, not
                # their sum (bench/README.md, "Query latency")
                encoding = _ENCODER_THREAD.submit(self.encoder.encode_query, query)
            try:
                if method in ("hybrid", "lexical"):
                    lists["lexical"] = self._lexical(query, depth, scope)
            finally:
                if encoding is not None:
                    query_vector = encoding.result()
            if method in ("hybrid", "dense"):
                lists["dense"] = self._dense(query, depth, scope, query_vector)
            if context is not None and context.lexical and method in ("hybrid", "lexical"):
                lists["lexical+context"] = self._lexical(context.lexical, depth, scope)
            if context is not None and context.history and method in ("hybrid", "dense"):
                cvec = context.vector(self.encoder, query_vector)
                lists["dense+context"] = self._dense(query, depth, scope, cvec)
            named = dict.fromkeys([*find_refs(query), *(context.refs if context else ())])
            refs = [r for r in named if self.catalog.entry(r) is not None]
            if refs:
                lists["ref"] = self._ref_chunks(refs, scope.where, scope.args)
            other = set()
            if method == "hybrid" and self.encoder.multilingual:
                runs = (lists.get("dense", []), lists.get("dense+context", []))
                dense_ids = {c for run in runs for c, _ in run}
                other = {c for c, x in self._chunk_langs(dense_ids).items() if x != lang}
            return _fuse(lists, k, context.weight if context is not None else 1.0, other)

    def _chunk_langs(self, ids: set[int]) -> dict[int, str]:
        """Language of each chunk's text, detected once per version and chunk."""
        need = [i for i in ids if i not in self._langs]
        if need:
            if len(self._langs) > 200_000:
                self._langs.clear()
            marks = ",".join("?" * len(need))
            rows = self.con.execute(
                "SELECT c.id, substr(d.text, c.start + 1, c.end - c.start) FROM chunks c "
                f"JOIN documents d ON d.id = c.doc_id WHERE c.id IN ({marks})",
                need,
            )
            self._langs.update((cid, detect_lang(text)) for cid, text in rows)
        return {i: self._langs[i] for i in ids if i in self._langs}

    def _lexical(self, query: str, k: int, scope: _Scope) -> list[tuple[int, float]]:
        """BM25 over the postings (index/postings.py), or FTS5 where there are none.

        FTS5 serves an index built before postings existed, until its next build writes
        them; both score alike (a phrase term aside, see ``Term``).
        """
        if self.meta.get("postings") and (post := self.postings) is not None:
            parsed = (Term.parse(t) for t in fts_terms(query, detect_lang(query)))
            terms = [t for t in parsed if t is not None]
            deny = scope.deny.ids if scope.deny is not None else None
            return post.search(terms, k, deny=deny, allow=scope.allow) if terms else []
        terms = self.lexical_terms(query)
        if not terms:
            return []
        where, args = scope.where, scope.args
        sql = (
            "SELECT rowid, bm25(chunks_fts) AS s FROM chunks_fts WHERE chunks_fts MATCH ?"
            f"{where} ORDER BY s LIMIT ?"
        )
        try:
            rows = self.con.execute(sql, [" OR ".join(terms), *args, k]).fetchall()
        except sqlite3.OperationalError:
            return []
        return [(r[0], -r[1]) for r in rows]

    def lexical_terms(self, query: str) -> list[str]:
        """The FTS5 terms FTS5's lexical run searches (see MAX_DF_SHARE)."""
        terms = fts_terms(query, detect_lang(query))
        n = self.chunk_count()
        cut = max(MAX_DF_SHARE * n, MAX_DF_FLOOR)
        if n <= cut or len(terms) < 2:
            return terms
        dfs = {t: self._df(t) for t in terms}
        kept = [t for t in terms if dfs[t] <= cut or "/" in t]  # references always searched
        return kept or [min(terms, key=dfs.__getitem__)]

    def chunk_count(self) -> int:
        with self._lock:
            if self._chunks is None or self._chunks[0] != self._version:
                n = self.con.execute("SELECT count(*) FROM chunks").fetchone()[0]
                self._chunks = (self._version, n)
            return self._chunks[1]

    def _df(self, term: str) -> int:
        """Chunks holding an FTS5 term (a prefix term: the sum over its words).

        A common term is read from ``common_terms`` (written by the build); any other is
        counted from the FTS5 vocabulary, whose cost grows with the count, here below
        ``common_df``. For a prefix with common words only those are summed: a lower
        bound, short by words each rarer than ``common_df``.
        """
        word = term.strip("*").strip('"')
        if term.endswith("*"):
            sql, args = "term >= ? AND term < ?", (word, word + "\uffff")
        else:
            sql, args = "term = ?", (word,)
        if self.meta.get("common_df"):
            row = self.con.execute(f"SELECT sum(df) FROM common_terms WHERE {sql}", args)
            common = row.fetchone()[0]
            if common:
                return int(common)
        vocab = vocab_table(self.con)
        row = self.con.execute(f"SELECT coalesce(sum(doc), 0) FROM {vocab} WHERE {sql}", args)
        return int(row.fetchone()[0])

    @property
    def postings(self) -> Postings | None:
        """This version's postings, loaded on the first lexical search after a switch.

        None when they do not hold exactly the catalog's chunks (a catalog copied or
        changed by other means than a build): FTS5 then serves, rather than a lexical
        run that silently misses chunks.
        """
        if self._postings is None or self._postings[0] != self._version:
            post: Postings | None = Postings(self.con)
            if post.n != self.chunk_count():
                log.warning(
                    "postings hold %d chunks, the catalog %d: lexical search uses FTS5",
                    post.n,
                    self.chunk_count(),
                )
                post = None
            self._postings = (self._version, post)
        return self._postings[1]

    def _allowed_ids(self, allow_sql: str, allow_args: list) -> np.ndarray | None:
        """Chunks the filters let through (None: no filter), for FAISS and the postings."""
        if not allow_sql:
            return None
        rows = self.con.execute(f"SELECT rowid FROM chunks WHERE 1{allow_sql}", allow_args)
        return np.fromiter((r[0] for r in rows), dtype="int64")

    def _dense(self, query: str, k: int, scope: _Scope, qvec) -> list[tuple[int, float]]:
        if self.index.ntotal == 0:
            return []
        vec = qvec if qvec is not None else self.encoder.encode_query(query)
        return vectors.search(self.index, vec, k, allow=scope.allow, deny=scope.deny)

    def _restricted_ids(self, today: dt.date) -> vectors.IdSet:
        """Chunks restricted on ``today``, worked out once per version and day.

        Kept as a FAISS selector (dense search) and as ``temp.restricted_now`` on this
        connection (SQL conditions): at 1M chunks the query behind them takes far longer
        than a whole search (bench/README.md, "Query latency").
        """
        key = (self._version, today)
        if self._restricted is None or self._restricted[0] != key:
            ids = [r[0] for r in self.con.execute(_RESTRICTED_CHUNKS, [today.isoformat()])]
            self.con.execute(
                "CREATE TEMP TABLE IF NOT EXISTS restricted_now (id INTEGER PRIMARY KEY)"
            )
            self.con.execute("DELETE FROM temp.restricted_now")
            self.con.executemany("INSERT INTO temp.restricted_now VALUES (?)", ((i,) for i in ids))
            self.con.commit()
            self._restricted = (key, vectors.IdSet(ids))
        return self._restricted[1]

    def _ref_chunks(self, refs: list[str], where: str, args: list) -> list[tuple[int, float]]:
        marks = ",".join("?" * len(refs))
        sql = (
            "SELECT c.id AS rowid FROM chunks c JOIN documents d ON d.id = c.doc_id "
            f"WHERE d.ref IN ({marks}){where} "
            "ORDER BY d.own_ref IS NULL, c.kind != 'metadata', c.id LIMIT 20"
        )
        return [(r[0], 1.0) for r in self.con.execute(sql, [*refs, *args])]

    def _filter_sql(self, f: Filters, today: dt.date) -> tuple[str, list]:
        conds, args = [], []
        e_conds: list[str] = []

        def like(col: str, value: str | None) -> None:
            if value:
                e_conds.append(f"{col} LIKE ?")
                args.append(f"%{value}%")

        if f.date_from:
            e_conds.append("e.registered >= ?")
            args.append(f.date_from.isoformat())
        if f.date_to:
            e_conds.append("e.registered <= ?")
            args.append(f.date_to.isoformat())
        like("e.doc_type", f.doc_type)
        like("e.function", f.function)
        like("e.series", f.series)
        like("e.file", f.file)
        if f.correspondent:
            e_conds.append("(e.addressee LIKE ? OR e.sender LIKE ? OR e.channel LIKE ?)")
            args += [f"%{f.correspondent}%"] * 3
        if f.access == "public":
            e_conds.append(f"NOT {sql_in_force('e')}")
            args.append(today.isoformat())
        elif f.access == "restricted":
            e_conds.append(sql_in_force("e"))
            args.append(today.isoformat())
        for col, values in (("d.ref", f.refs), ("d.file_path", f.files)):
            if values:
                conds.append(
                    "rowid IN (SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id "
                    f"WHERE {col} IN ({','.join('?' * len(values))}))"
                )
                args += list(values)
        if e_conds:
            join = "LEFT JOIN" if f.access == "public" and len(e_conds) == 1 else "JOIN"
            conds.append(
                "rowid IN (SELECT c.id FROM chunks c JOIN documents d ON d.id = c.doc_id "
                f"{join} entries e ON e.ref = d.ref WHERE "
                + " AND ".join(c if join == "JOIN" else f"(e.ref IS NULL OR {c})" for c in e_conds)
                + ")"
            )
        return "".join(f" AND {c}" for c in conds), args

    def term_weights(self, terms: list[str], lang: str) -> dict[str, tuple[float, int]]:
        """(IDF, document frequency) of query terms, prefix-aware, for sentence scoring."""
        from index.text import _prefix

        with self._lock:
            n = max(1, self.chunk_count())
            out = {}
            for t in terms:
                pre = None if t[0].isdigit() or "/" in t else _prefix(t, lang)
                df = self._df(f'"{pre}"*' if pre else f'"{t}"')
                out[t] = (math.log(1 + n / (1 + min(df, n))), int(df))
            return out

    def chunk_vectors(self, chunk_ids: list[int]) -> np.ndarray:
        """The vectors the build stored for ``chunk_ids``: one normalised float32 row each, in
        the order given, from the served FAISS index (``vectors.reconstruct``).

        Made by the same model that encodes this index's queries, so an answer can score
        candidate passages against the question without encoding them again. An id not in
        this version raises ``KeyError``.
        """
        with self._lock:
            return vectors.reconstruct(self.index, chunk_ids)

    def status(self) -> dict[str, object]:
        one = lambda sql: self.con.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "version": self._version,
            "documents": one("SELECT count(DISTINCT file_path) FROM documents WHERE synthetic = 0"),
            "entries": one("SELECT count(*) FROM entries"),
            "chunks": one("SELECT count(*) FROM chunks"),
            "failed": one("SELECT count(*) FROM files WHERE status = 'failed'"),
            "encoder": self.meta.get("encoder"),
            "precision": self.precision,
            "lexical": self._lexical_status(),
            "built_at": self.meta.get("built_at"),
            "source": self.meta.get("source"),
        }

    def _lexical_status(self) -> str:
        if not self.meta.get("postings"):
            return "FTS5 (an index from before postings: `viit index` writes them)"
        if self.postings is None:
            return "FTS5 (the postings miss chunks: rebuild with `viit index --full`)"
        segs = self.con.execute("SELECT count(*) FROM postings_segments").fetchone()[0]
        return f"postings, {segs} segment{'s' if segs != 1 else ''}"


def _fuse(
    lists: dict[str, list[tuple[int, float]]],
    k: int,
    context: float = 1.0,
    other_lang: set[int] | frozenset[int] = frozenset(),
) -> list[Hit]:
    """Reciprocal rank fusion; an explicitly named reference outranks everything.

    Lexical and dense runs count alike (each is the better one on some questions); runs
    with the conversation count ``context`` times a run of the question as typed. Chunks
    in ``other_lang`` (another language than the question) get a lexical vote imputed
    from their dense rank (XLANG_SHARE).
    """
    weights = {"ref": 4.0, "lexical": 1.0, "dense": 1.0}
    weights |= {"lexical+context": context, "dense+context": context}
    hits: dict[int, Hit] = {}
    for name, items in lists.items():
        for rank, (cid, score) in enumerate(items):
            hit = hits.setdefault(cid, Hit(cid, 0.0))
            hit.score += weights.get(name, 1.0) / (RRF_K + rank + 1)
            hit.ranks[name] = rank + 1
            if name == "dense":
                hit.dense = score
    for lexical, dense in (("lexical", "dense"), ("lexical+context", "dense+context")):
        if lexical not in lists or dense not in lists:
            continue
        for rank, (cid, _score) in enumerate(lists[dense]):
            hit = hits[cid]
            earned = hit.ranks.get(lexical)
            if cid not in other_lang or (earned is not None and earned <= rank + 1):
                continue
            vote = 1.0 / (RRF_K + earned) if earned else 0.0
            imputed = 1.0 / (RRF_K + rank + 1)
            hit.score += weights[lexical] * XLANG_SHARE * (imputed - vote)
    return sorted(hits.values(), key=lambda h: -h.score)[:k]
