"""One reader module per file format, behind one dispatcher.

Every reader exposes ``read(data: bytes, name: str) -> Document`` and raises
:class:`~ingest.model.ReadError` with a one-line reason for input it cannot use. Readers
take bytes, not paths, so that containers (ASiC-E, DDOC, e-mail, TNEF) can hand their
inner files to the same dispatcher; :func:`read_bytes` counts how deep such nesting
goes and stops at :data:`MAX_DEPTH`.

The extension picks the reader, except where the content says otherwise: a ``.txt`` or
extension-less file that is a whole MIME message is read as e-mail, an Outlook
``winmail.dat`` is recognised by its TNEF signature, and a ``.doc`` that is really RTF
or DOCX (as Word saves them) goes to that reader.
"""

from __future__ import annotations

import contextvars
import importlib
from pathlib import Path, PurePath

from ingest.model import Document, ReadError

# extension -> reader module (under ingest.readers)
READERS: dict[str, str] = {
    ".pdf": "pdf",
    ".eml": "eml",
    ".msg": "msg",
    ".asice": "asice",
    ".sce": "asice",
    ".bdoc": "asice",
    ".edoc": "asice",  # Latvian eParaksts: ASiC-E by another name
    ".asics": "asice",
    ".scs": "asice",
    ".ddoc": "ddoc",
    ".docx": "docx",
    ".doc": "doc",
    ".rtf": "rtf",
    ".odt": "odf",
    ".ods": "odf",
    ".odp": "odf",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".xml": "xml",
    ".json": "json_entry",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".tif": "image",
    ".tiff": "image",
}

# Names whose extension says nothing: their content decides (see _sniff).
SNIFFED_SUFFIXES = {"", ".dat", ".txt", ".doc"}

# Bumped when a reader learns to read what it refused before: a rebuild then re-reads
# the files the index could not read (index/build.py).
READERS_VERSION = "2"

# Signature and manifest files carry no text for staff; containers and mail skip them.
IGNORED_NAMES = {"mimetype"}
IGNORED_SUFFIXES = {".p7s"}

MAX_BYTES = 200 * 1024 * 1024
MAX_DEPTH = 5  # a container in a container ... in a file

_TNEF_MAGIC = b"\x78\x9f\x3e\x22"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DEPTH: contextvars.ContextVar[int] = contextvars.ContextVar("read_depth", default=0)


class Unsupported(ReadError):
    """A file of a type no reader handles (listed as skipped, not as failed)."""


def supported(name: str) -> bool:
    """Whether a file of this name may be read (its content may still say no)."""
    suffix = PurePath(name).suffix.lower()
    return suffix in READERS or suffix in SNIFFED_SUFFIXES


def readers_signature() -> str:
    """What the readers can do now; a change makes a rebuild retry the refused files."""
    from ingest import ocr

    return f"readers {READERS_VERSION}; {ocr.describe()}"


def _module_for(data: bytes, name: str) -> str | None:
    suffix = PurePath(name).suffix.lower()
    head = data[:4096]
    if head.startswith(_TNEF_MAGIC):
        return "tnef"
    if suffix in {"", ".txt"}:
        from ingest.readers.eml import looks_like_message

        if looks_like_message(head):
            return "eml"
    if suffix == ".doc":
        if head.lstrip().startswith(b"{\\rtf"):
            return "rtf"
        if head.startswith(b"PK\x03\x04"):
            return "docx"
    if suffix == "" and b"%PDF-" in head[:1024]:
        return "pdf"
    if suffix == "":
        return "text"  # README, AUTHORS: text if it decodes as text (see read_bytes)
    return READERS.get(suffix)


def _valid_doc(doc: Document) -> Document:
    """Lone surrogates (undecodable bytes some libraries pass through) become U+FFFD:
    the catalog stores UTF-8, and a replacement keeps every text offset where it was."""
    for d in [doc, *doc.parts]:
        d.name = _valid(d.name)
        d.title = _valid(d.title) if d.title else d.title
        d.warnings = [_valid(w) for w in d.warnings]
        for s in d.sections:
            s.text = _valid(s.text)
    return doc


def _valid(text: str) -> str:
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


def read_bytes(data: bytes, name: str) -> Document:
    """Read one file's bytes into a :class:`Document`; raises :class:`ReadError`."""
    suffix = PurePath(name).suffix.lower()
    if not supported(name):
        raise Unsupported(_unsupported(suffix))
    if not data:
        if suffix == "":
            raise Unsupported(_unsupported(suffix))
        raise ReadError("empty file")
    module_name = _module_for(data, name)
    if module_name is None:
        raise Unsupported(_unsupported(suffix))
    if len(data) > MAX_BYTES:
        raise ReadError(f"file larger than {MAX_BYTES // (1024 * 1024)} MiB")
    depth = _DEPTH.get()
    if depth >= MAX_DEPTH:
        raise ReadError(f"nested more than {MAX_DEPTH} containers deep: not read")
    module = importlib.import_module(f"ingest.readers.{module_name}")
    token = _DEPTH.set(depth + 1)
    try:
        if suffix == "" and module_name == "text":
            module.decode_text(data[:65536])  # a large binary is refused by its head
        doc = module.read(data, name)
    except ReadError as exc:
        if suffix == "" and module_name == "text":
            raise Unsupported(f"no file extension, and not text ({exc})") from exc
        raise
    except Exception as exc:  # a reader bug or a library's error on hostile input
        raise ReadError(
            f"could not read {suffix or module_name} file: {type(exc).__name__}: {_short(exc)}"
        ) from exc
    finally:
        _DEPTH.reset(token)
    if not _has_text(doc):
        raise ReadError("no text found")
    return _valid_doc(doc)


def _has_text(doc: Document) -> bool:
    return bool(doc.text.strip()) or doc.entry is not None or any(map(_has_text, doc.parts))


def _unsupported(suffix: str) -> str:
    return f"unsupported file type '{suffix}'" if suffix else "no file extension, content unknown"


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200]


def read_path(path: Path, name: str | None = None) -> Document:
    """Read a file from disk; the document is named ``name`` or by the file's base name.

    A file of an extension no reader handles is refused without reading its bytes.
    """
    name = name if name is not None else path.name
    if not supported(name):
        raise Unsupported(_unsupported(PurePath(name).suffix.lower()))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot open file: {exc.strerror or exc}") from exc
    return read_bytes(data, name)
