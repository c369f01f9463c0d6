"""DigiDoc containers (.ddoc: DigiDoc 1.0-1.3, the Estonian signature format before BDOC).

A DDOC is one XML file: a ``SignedDoc`` root with ``DataFile`` elements and
``Signature`` elements. A data file's content is Base64 (``ContentType=
"EMBEDDED_BASE64"``, the usual case) or inline text (``"EMBEDDED"``); ``DETACHED`` files
are not in the container at all. Each data file is read through the dispatcher by its
``Filename``, or by the extension its declared ``MimeType`` implies when the name has
none the readers know. The container itself has no text; the signatures carry none
for staff.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
from pathlib import PurePosixPath

from ingest.model import Document, ReadError
from ingest.readers import Unsupported, read_bytes, supported
from ingest.readers.asice import finish
from ingest.readers.xml import local, parse

# DigiDoc writers use MIME types the standard table does not list.
_MIME_EXT = {
    "application/msword": ".doc",
    "application/rtf": ".rtf",
    "text/rtf": ".rtf",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "application/vnd.etsi.asic-e+zip": ".asice",
    "application/vnd.etsi.asic-s+zip": ".asics",
    "application/x-ddoc": ".ddoc",
}


def read(data: bytes, name: str) -> Document:
    root = parse(data)
    if local(root.tag) != "SignedDoc":
        raise ReadError("not a DigiDoc container: no SignedDoc element")
    doc = Document(name=name, format="ddoc")
    files = [e for e in root if local(e.tag) == "DataFile"]
    problems: list[str] = []
    for number, element in enumerate(files, start=1):
        inner = _name(element, number)
        try:
            content = _content(element)
            doc.parts.append(read_bytes(content, inner))
        except (Unsupported, ReadError) as exc:
            problems.append(f"'{inner}': {exc}")
    return finish(doc, problems, empty=None if files else "DigiDoc container holds no data files")


def _name(element, number: int) -> str:
    """The data file's name, with an extension its MIME type implies if it has none known."""
    raw = (element.get("Filename") or "").replace("\\", "/")
    name = PurePosixPath(raw).name or f"andmefail-{number}"
    if supported(name) and PurePosixPath(name).suffix:
        return name
    mime = (element.get("MimeType") or "").split(";")[0].strip().lower()
    ext = _MIME_EXT.get(mime) or mimetypes.guess_extension(mime) or ""
    return name + ext if ext and not name.lower().endswith(ext) else name


def _content(element) -> bytes:
    kind = (element.get("ContentType") or "EMBEDDED_BASE64").upper()
    text = "".join(element.itertext())
    if kind == "DETACHED":
        raise ReadError("detached data file: its content is not in the container")
    if kind == "EMBEDDED":
        return text.encode("utf-8")
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ReadError(f"damaged Base64 content: {exc}") from exc
