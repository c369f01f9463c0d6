"""FAISS vectors keyed by chunk id (the catalog's primary key), surviving deletions.

The kind of index follows the number of vectors (``choose_kind``; figures in
bench/README.md, "Query latency"):

* ``flat``: exact inner product (``IndexIDMap2(IndexFlatIP)``) below ``FLAT_MAX``. Exact
  search over that many vectors costs a few milliseconds, less than encoding the query.
* ``ivf``: ``IndexIVFFlat`` (inner product, ids stored in the inverted lists) from
  ``FLAT_MAX`` on, with about sqrt(n) lists. Vectors stay uncompressed (1M x 384 floats
  is 1.5 GB), so nothing is lost to quantisation, vectors can be read back exactly, and
  ``remove_ids``/``add_with_ids`` work in place: an incremental build carries the served
  index over, changes it and only retrains when the size has moved far from what the
  lists were trained for (``fit``).
* ``hnsw``: ``IndexHNSWFlat`` in an ``IndexIDMap2`` is supported (``build(kind="hnsw")``)
  and measured by the benchmark, but not chosen by size: it cannot remove vectors, so
  every incremental build would rebuild the graph (minutes at 1M on two cores), and an
  ID selector that lets few vectors through strands the graph walk.

A search never ranks a vector outside ``allow`` or inside ``deny``: the ids are checked by
a FAISS ``IDSelector`` *inside* the search, before the top-k cut, for every kind. When the
filter lets only a fraction f of the vectors through, IVF probes 1/f times more lists (at
most all of them, which is then an exact search of the allowed vectors), so a filtered
search sees about as many candidates as an unfiltered one; HNSW widens ``efSearch`` the
same way and searches the allowed vectors exactly below ``HNSW_EXACT_BELOW``.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path

import faiss
import numpy as np

faiss.omp_set_num_threads(2)

# Below this many vectors the exact flat index is used (bench/README.md, "Query latency").
FLAT_MAX = 50_000
# An IVF index that shrinks below this goes back to flat (hysteresis against flapping).
FLAT_BACK = 40_000
IVF_PROBE_FRACTION = 1 / 32  # share of the lists probed by an unfiltered IVF search
IVF_MIN_PROBE = 16
IVF_TRAIN_PER_LIST = 64  # k-means training points per list (FAISS warns below 39)
IVF_TRAIN_ITER = 10
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 64
HNSW_EXACT_BELOW = 0.02  # filters keeping a smaller share of vectors: exact search


def choose_kind(n: int) -> str:
    """The index kind for ``n`` vectors: ``flat`` below ``FLAT_MAX``, else ``ivf``."""
    return "flat" if n < FLAT_MAX else "ivf"


def ivf_lists(n: int) -> int:
    """Number of IVF lists for ``n`` vectors: the power of two nearest sqrt(n)."""
    return max(64, 2 ** round(math.log2(max(1.0, math.sqrt(n)))))


def new_index(dim: int) -> faiss.Index:
    """An empty exact index: inner product on normalised vectors (cosine), our int64 ids."""
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def build(
    ids: np.ndarray | list[int], vecs: np.ndarray, kind: str | None = None, dim: int | None = None
) -> faiss.Index:
    """An index of kind ``kind`` (default: ``choose_kind(len(ids))``) holding ``vecs``."""
    vecs = np.ascontiguousarray(vecs, dtype="float32")
    ids = np.ascontiguousarray(ids, dtype="int64")
    dim = int(vecs.shape[1]) if vecs.ndim == 2 and vecs.shape[1] else int(dim or 0)
    n = len(ids)
    kind = kind or choose_kind(n)
    if kind == "flat":
        index = new_index(dim)
    elif kind == "hnsw":
        inner = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        inner.hnsw.efSearch = HNSW_EF_SEARCH
        index = faiss.IndexIDMap2(inner)
    elif kind == "ivf":
        nlist = ivf_lists(n)
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dim), dim, nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.niter = IVF_TRAIN_ITER
        index.cp.max_points_per_centroid = IVF_TRAIN_PER_LIST
        index.cp.seed = 1234
        if n < nlist:
            raise ValueError(f"an IVF index of {nlist} lists needs at least {nlist} vectors")
        index.train(vecs)  # FAISS samples max_points_per_centroid * nlist of them
        index.nprobe = max(IVF_MIN_PROBE, round(nlist * IVF_PROBE_FRACTION))
    else:
        raise ValueError(f"unknown index kind {kind!r}")
    add(index, ids, vecs)
    return index


def kind_of(index: faiss.Index) -> str:
    inner = faiss.downcast_index(index.index) if isinstance(index, faiss.IndexIDMap) else index
    inner = faiss.downcast_index(inner)
    if isinstance(inner, faiss.IndexHNSW):
        return "hnsw"
    if isinstance(inner, faiss.IndexIVF):
        return "ivf"
    if isinstance(inner, faiss.IndexFlat):
        return "flat"
    raise ValueError(f"unsupported FAISS index {type(inner).__name__}")


def describe(index: faiss.Index) -> str:
    """Kind and parameters, e.g. ``ivf nlist=1024 nprobe=32``; stored in the version's meta."""
    kind = kind_of(index)
    if kind == "ivf":
        ivf = faiss.extract_index_ivf(index)
        return f"ivf nlist={ivf.nlist} nprobe={ivf.nprobe}"
    if kind == "hnsw":
        h = faiss.downcast_index(index.index).hnsw
        return f"hnsw M={(h.nb_neighbors(1))} efSearch={h.efSearch}"
    return "flat"


def all_vectors(index: faiss.Index) -> tuple[np.ndarray, np.ndarray]:
    """Every (id, vector) of the index, exactly as added, sorted by id."""
    n, d = index.ntotal, index.d
    if n == 0:
        return np.zeros(0, "int64"), np.zeros((0, d), "float32")
    kind = kind_of(index)
    if kind == "ivf":
        ivf = faiss.extract_index_ivf(index)
        lists = ivf.invlists
        id_parts, vec_parts = [], []
        for li in range(lists.nlist):
            size = lists.list_size(li)
            if not size:
                continue
            id_parts.append(faiss.rev_swig_ptr(lists.get_ids(li), size).copy())
            codes = faiss.rev_swig_ptr(lists.get_codes(li), size * lists.code_size).copy()
            vec_parts.append(codes.view("float32").reshape(size, d))
        ids, vecs = np.concatenate(id_parts), np.concatenate(vec_parts)
    else:
        ids = faiss.vector_to_array(index.id_map).astype("int64")
        vecs = faiss.downcast_index(index.index).reconstruct_n(0, n)
    order = np.argsort(ids, kind="stable")
    return ids[order], np.ascontiguousarray(vecs[order])


def reconstruct(index: faiss.Index, ids: list[int] | np.ndarray) -> np.ndarray:
    """The stored vectors of ``ids``, one row each in the order given (float32, normalised
    as the build added them).

    The answer reuses these instead of encoding candidate passages again. Flat and HNSW
    indexes sit in an ``IndexIDMap2``, whose reverse map finds an id at once. An IVF index
    gets a hash-table direct map on this in-memory copy the first time (one pass over the
    list ids, kept until the index object is dropped; never written to disk, so a build's
    ``remove``/``add`` are untouched). An id the index does not hold raises ``KeyError``.
    """
    ids = np.asarray(ids, dtype="int64").reshape(-1)
    out = np.empty((len(ids), index.d), dtype="float32")
    if not len(ids):
        return out
    if kind_of(index) == "ivf":
        ivf = faiss.extract_index_ivf(index)
        if ivf.direct_map.type != faiss.DirectMap.Hashtable:
            ivf.set_direct_map_type(faiss.DirectMap.Hashtable)
        target = ivf
    else:
        target = index
    for row, cid in enumerate(ids.tolist()):
        try:
            target.reconstruct(cid, out[row])
        except RuntimeError as exc:  # FAISS: "key not found" / "id not found"
            raise KeyError(cid) from exc
    return out


def fit(index: faiss.Index) -> faiss.Index:
    """``index`` itself if its kind still suits its size, else the same vectors rebuilt.

    An IVF index is kept while its list count is within a factor of two of
    ``ivf_lists(n)``, so incremental builds reuse the trained lists; it goes back to flat
    only below ``FLAT_BACK``.
    """
    n, kind = index.ntotal, kind_of(index)
    if kind == "ivf":
        nlist = faiss.extract_index_ivf(index).nlist
        if n < FLAT_BACK:
            want = "flat"
        elif ivf_lists(n) / 2 <= nlist <= ivf_lists(n) * 2:
            return index
        else:
            want = "ivf"
    else:
        want = choose_kind(n)
        if want == kind:
            return index
    ids, vecs = all_vectors(index)
    return build(ids, vecs, want, dim=index.d)


def load(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def load_for_update(path: Path) -> faiss.Index:
    """The index at ``path`` in a form that supports ``remove``/``add`` (HNSW becomes flat)."""
    index = load(path)
    if kind_of(index) == "hnsw":
        ids, vecs = all_vectors(index)
        index = build(ids, vecs, "flat", dim=index.d)
    return index


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def add(index: faiss.Index, ids: list[int] | np.ndarray, vecs: np.ndarray) -> None:
    if len(ids):
        index.add_with_ids(np.ascontiguousarray(vecs, dtype="float32"), np.asarray(ids, "int64"))


def remove(index: faiss.Index, ids: list[int] | np.ndarray) -> int:
    if not len(ids):
        return 0
    if kind_of(index) == "hnsw":
        raise ValueError("an HNSW index cannot remove vectors: open it with load_for_update")
    return int(index.remove_ids(np.asarray(ids, dtype="int64")))


class IdSet:
    """Ids to allow or deny, with their FAISS selectors built once and reused.

    Building a selector costs time proportional to the ids (tens of milliseconds for
    100,000 restricted chunks); a reader keeps one ``IdSet`` of restricted ids per
    version and day instead of rebuilding it for every query. Selectors are read-only
    during a search, so threads may share them.
    """

    def __init__(self, ids: np.ndarray | list[int]):
        self.ids = np.ascontiguousarray(ids, dtype="int64")
        self._batch: faiss.IDSelector | None = None
        self._not: faiss.IDSelector | None = None

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def selector(self) -> faiss.IDSelector:
        if self._batch is None:
            self._batch = faiss.IDSelectorBatch(self.ids)
        return self._batch

    @property
    def negated(self) -> faiss.IDSelector:
        if self._not is None:
            sel = faiss.IDSelectorNot(self.selector)
            sel._keep = self._batch  # the wrapped selector must outlive the wrapper
            self._not = sel
        return self._not


def search(
    index: faiss.Index,
    query: np.ndarray,
    k: int,
    allow: np.ndarray | IdSet | None = None,
    deny: np.ndarray | IdSet | None = None,
) -> list[tuple[int, float]]:
    """Top-k (id, score); ``allow``/``deny`` restrict the ids *inside* the search."""
    n = index.ntotal
    if n == 0 or k <= 0:
        return []
    sel = None
    keep = 1.0  # estimated share of the vectors the filter lets through
    if allow is not None:
        if len(allow) == 0:
            return []
        allow = allow if isinstance(allow, IdSet) else IdSet(allow)
        sel = allow.selector
        keep = min(1.0, len(allow) / n)
    if deny is not None and len(deny):
        deny = deny if isinstance(deny, IdSet) else IdSet(deny)
        not_sel = deny.negated
        if sel is None:
            sel = not_sel
        else:
            sel = faiss.IDSelectorAnd(sel, not_sel)
            sel._keep = (allow, deny)  # keep the wrapped selectors alive while FAISS uses them
        keep *= max(0.0, 1.0 - len(deny) / n)
    q = np.ascontiguousarray(query.reshape(1, -1), dtype="float32")
    kind = kind_of(index)
    if kind == "ivf":
        ivf = faiss.extract_index_ivf(index)
        nprobe = ivf.nprobe if keep >= 1.0 else ivf.nprobe / max(keep, 1e-9)
        params = faiss.SearchParametersIVF(sel=sel, nprobe=min(ivf.nlist, math.ceil(nprobe)))
    elif kind == "hnsw":
        if sel is not None and keep < HNSW_EXACT_BELOW:
            return _exact_hnsw(index, q, k, sel, allow)
        ef = faiss.downcast_index(index.index).hnsw.efSearch
        ef = max(ef, k) if keep >= 1.0 else min(max(ef, k) / max(keep, 1e-9), 4096)
        params = faiss.SearchParametersHNSW(sel=sel, efSearch=math.ceil(ef))
    else:
        params = faiss.SearchParameters(sel=sel) if sel is not None else None
    with one_thread():
        scores, ids = index.search(q, min(k, n), params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


@contextlib.contextmanager
def one_thread():
    """Run FAISS on one OpenMP thread in this thread (the setting is per thread).

    A single query gains nothing from a second thread (FAISS splits work by query), and
    while other processes keep the cores busy (a rebuild beside the app) each OpenMP
    barrier waits for a descheduled thread: on two busy cores a 3,000-vector flat search
    took 44 ms with two threads and 0.2 ms with one.
    """
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _exact_hnsw(index, q: np.ndarray, k: int, sel, allow) -> list[tuple[int, float]]:
    """Exact search of the few vectors a narrow filter allows, from the HNSW storage."""
    ids_all = faiss.vector_to_array(index.id_map)
    if allow is not None:
        order = np.argsort(ids_all, kind="stable")
        want = allow.ids
        pos = np.searchsorted(ids_all, want, sorter=order)
        ok = pos < len(ids_all)
        pos = order[pos[ok]]
        pos = pos[ids_all[pos] == want[ok]]
    else:
        pos = np.arange(len(ids_all))
    cand = ids_all[pos]
    mask = np.array([sel.is_member(int(i)) for i in cand], dtype=bool) if len(cand) else cand
    pos, cand = pos[mask], cand[mask]
    if len(cand) == 0:
        return []
    storage = faiss.downcast_index(faiss.downcast_index(index.index).storage)
    xb = faiss.rev_swig_ptr(storage.get_xb(), storage.ntotal * storage.d)
    scores = xb.reshape(storage.ntotal, storage.d)[pos] @ q[0]
    top = np.argsort(-scores, kind="stable")[:k]
    return [(int(cand[i]), float(scores[i])) for i in top]
