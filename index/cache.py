"""Vectors remembered by (model, passage text), outside any index version.

A build that is killed mid-embedding loses no finished work: every batch is committed
here before the next starts, and the next build takes the vectors back instead of
encoding again. The same cache makes a moved or renamed file, and any unchanged
passage of an edited file, free to re-index.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np


def embed_key(model: str, text: str) -> str:
    return hashlib.blake2b(f"{model}\0{text}".encode(), digest_size=16).hexdigest()


class EmbeddingCache:
    def __init__(self, path: Path, dim: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.dim = dim
        self.con = sqlite3.connect(path, timeout=30)
        self.con.execute("PRAGMA journal_mode=WAL")
        # WAL with synchronous=NORMAL: a committed batch survives a killed build (the
        # crash tests), only a power cut may lose the last few, which are re-encoded.
        # FULL would fsync after every batch of EMBED_BATCH vectors.
        self.con.execute("PRAGMA synchronous=NORMAL")
        self.con.execute("CREATE TABLE IF NOT EXISTS vec (key TEXT PRIMARY KEY, v BLOB NOT NULL)")

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            part = keys[i : i + 500]
            q = f"SELECT key, v FROM vec WHERE key IN ({','.join('?' * len(part))})"
            for key, blob in self.con.execute(q, part):
                vec = np.frombuffer(blob, dtype="float32")
                if vec.shape[0] == self.dim:
                    found[key] = vec
        return found

    def put_many(self, items: list[tuple[str, np.ndarray]]) -> None:
        with self.con:
            self.con.executemany(
                "INSERT OR REPLACE INTO vec(key, v) VALUES (?, ?)",
                [(k, np.asarray(v, dtype="float32").tobytes()) for k, v in items],
            )

    def close(self) -> None:
        self.con.close()
