"""One reader module per file format, behind one dispatcher.

Every reader exposes ``read(data: bytes, name: str) -> Document`` and raises
:class:`~ingest.model.ReadError` with a one-line reason for input it cannot use. Readers
take bytes, not paths, so that containers (ASiC-E, e-mail) can hand their inner files
to the same dispatcher.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ingest.model import Document, ReadError

# extension -> reader module (under ingest.readers)
READERS: dict[str, str] = {
    ".pdf": "pdf",
    ".eml": "eml",
    ".msg": "msg",
    ".asice": "asice",
    ".bdoc": "asice",
    ".sce": "asice",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".json": "json_entry",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
}

# Signature and manifest files carry no text for staff; containers skip them.
IGNORED_NAMES = {"mimetype"}
IGNORED_SUFFIXES = {".xml", ".p7s", ".ddoc-signature"}

MAX_BYTES = 200 * 1024 * 1024


def supported(name: str) -> bool:
    return Path(name).suffix.lower() in READERS


def read_bytes(data: bytes, name: str) -> Document:
    """Read one file's bytes into a :class:`Document`; raises :class:`ReadError`."""
    suffix = Path(name).suffix.lower()
    module_name = READERS.get(suffix)
    if module_name is None:
        raise ReadError(f"unsupported file type '{suffix or name}'")
    if not data:
        raise ReadError("empty file")
    if len(data) > MAX_BYTES:
        raise ReadError(f"file larger than {MAX_BYTES // (1024 * 1024)} MiB")
    module = importlib.import_module(f"ingest.readers.{module_name}")
    try:
        doc = module.read(data, name)
    except ReadError:
        raise
    except Exception as exc:  # a reader bug or a library's error on hostile input
        raise ReadError(f"could not read {suffix} file: {type(exc).__name__}: {exc}") from exc
    if not doc.text.strip() and doc.entry is None and not any(p.text.strip() for p in doc.parts):
        raise ReadError("no text found")
    return doc


def read_path(path: Path) -> Document:
    """Read a file from disk; the document is named by the file's base name."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from exc
    return read_bytes(data, path.name)
