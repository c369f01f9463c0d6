"""FAISS vectors keyed by chunk id (the catalog's primary key), surviving deletions."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

faiss.omp_set_num_threads(2)


def new_index(dim: int) -> faiss.Index:
    """Inner product on normalised vectors (cosine), with our own int64 ids."""
    return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))


def load(path: Path) -> faiss.Index:
    return faiss.read_index(str(path))


def save(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def add(index: faiss.Index, ids: list[int], vecs: np.ndarray) -> None:
    if ids:
        index.add_with_ids(np.ascontiguousarray(vecs, dtype="float32"), np.asarray(ids, "int64"))


def remove(index: faiss.Index, ids: list[int]) -> int:
    if not ids:
        return 0
    return int(index.remove_ids(np.asarray(ids, dtype="int64")))


def search(
    index: faiss.Index,
    query: np.ndarray,
    k: int,
    allow: np.ndarray | None = None,
    deny: np.ndarray | None = None,
) -> list[tuple[int, float]]:
    """Top-k (id, score); ``allow``/``deny`` restrict the ids *inside* the search."""
    if index.ntotal == 0 or k <= 0:
        return []
    sel = None
    if allow is not None:
        if len(allow) == 0:
            return []
        sel = faiss.IDSelectorBatch(np.asarray(allow, dtype="int64"))
    if deny is not None and len(deny):
        not_sel = faiss.IDSelectorNot(faiss.IDSelectorBatch(np.asarray(deny, dtype="int64")))
        sel = not_sel if sel is None else faiss.IDSelectorAnd(sel, not_sel)
        sel._keep = not_sel  # keep the wrapped selector alive while FAISS uses it
    params = faiss.SearchParameters(sel=sel) if sel is not None else None
    q = np.ascontiguousarray(query.reshape(1, -1), dtype="float32")
    scores, ids = index.search(q, min(k, index.ntotal), params=params)
    return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
