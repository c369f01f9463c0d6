"""Turn a question into a cited answer (retrieval through index/, never FAISS directly)."""
