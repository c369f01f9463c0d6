"""Turn register files into documents and chunks (no index access here)."""
