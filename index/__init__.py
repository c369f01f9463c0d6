"""Store and search chunks: SQLite catalog, FAISS vectors, lexical FTS5 (no assistant imports)."""
