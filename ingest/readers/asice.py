"""Signature containers (ASiC-E: .asice, .bdoc, .sce, Latvian .edoc; ASiC-S: .asics, .scs).

Every file outside ``META-INF/`` is a signed document, whatever its extension (an
``.xml`` data file too), and is read through the dispatcher into ``doc.parts``; an ASiC-S
holds one, often an older container (a DDOC kept valid by a timestamp), which is read in
turn. ``META-INF/`` holds the signatures, timestamps and manifest: no text for staff.
The container has no text of its own: its sections stay empty and its title comes from
the main document inside.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from ingest.model import Document, ReadError
from ingest.readers import IGNORED_NAMES, Unsupported, read_bytes

# Hostile ZIPs expand far beyond their size; stop before memory does.
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
_UTF8_FLAG = 0x800


def read(data: bytes, name: str) -> Document:
    """Read the documents of a signature container into parts."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"corrupted container: {exc}") from exc
    with archive:
        members = _documents(archive)
        doc = Document(name=name, format=_format(archive, name))
        problems = _read_members(archive, members, doc)
    return finish(doc, problems, empty="container holds no documents" if not members else None)


def finish(doc: Document, problems: list[str], empty: str | None) -> Document:
    """A container read: refused with ``empty`` if it held nothing, or with the reasons if
    nothing in it could be read; else titled by its first document, the rest noted."""
    if not doc.parts:
        if empty:
            raise ReadError(empty)
        raise ReadError(f"no readable documents in container: {'; '.join(problems)}")
    doc.warnings.extend(f"not read: {p}" for p in problems)
    doc.title = PurePosixPath(doc.parts[0].name).stem or doc.parts[0].title
    return doc


def _read_members(
    archive: zipfile.ZipFile, members: list[tuple[zipfile.ZipInfo, str]], doc: Document
) -> list[str]:
    """Read each data file into doc.parts; returns why the others were not read.

    A bad member costs only itself; exceeding the size budget fails the container.
    """
    problems: list[str] = []
    budget = MAX_TOTAL_BYTES
    for info, inner_name in members:
        if info.file_size > budget:
            raise ReadError(_too_big())
        try:
            content = _extract(archive, info, budget)
        except _DamagedMember as exc:
            problems.append(f"'{inner_name}': {exc}")
            continue
        budget -= len(content)
        try:
            doc.parts.append(read_bytes(content, inner_name))
        except Unsupported as exc:
            problems.append(f"'{inner_name}': {exc}")
        except ReadError as exc:
            problems.append(f"'{inner_name}': {exc}")
    return problems


def _documents(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """Data files in container order, with repaired names; signatures and manifest left out."""
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ReadError(f"container has more than {MAX_MEMBERS} files (zip bomb?)")
    out = []
    for info in infos:
        inner = repair_name(info)
        path = PurePosixPath(inner)
        if info.is_dir() or inner in IGNORED_NAMES or path.parts[0].upper() == "META-INF":
            continue
        out.append((info, path.name))
    return out


def _format(archive: zipfile.ZipFile, name: str) -> str:
    """'asics' for a simple container (by its mimetype file or name), else 'asice'."""
    try:
        mimetype = archive.read("mimetype")[:100]
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, zlib.error):
        mimetype = b""
    if b"asic-s" in mimetype or PurePosixPath(name).suffix.lower() in {".asics", ".scs"}:
        return "asics"
    return "asice"


def _too_big() -> str:
    return f"container expands beyond {MAX_TOTAL_BYTES // (1024 * 1024)} MiB (zip bomb?)"


def repair_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its creator meant it.

    Without the UTF-8 flag (bit 11) Python decodes names as cp437, but Estonian signing
    software writes UTF-8 regardless: "mÃ¤Ã¤ruse" is really "määruse". Re-encode and
    accept the UTF-8 reading when it is valid; a true cp437 name stays as it was.
    """
    name = info.filename
    if info.flag_bits & _UTF8_FLAG or name.isascii():
        return name
    try:
        return name.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name


class _DamagedMember(Exception):
    """One member cannot be extracted; the others may still be read."""


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """A member's bytes, never more than the budget even if the header lies about size."""
    try:
        with archive.open(info) as stream:
            content = stream.read(budget + 1)
    except RuntimeError as exc:  # zipfile's way of saying "password required"
        raise _DamagedMember("encrypted (password required)") from exc
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, zlib.error) as exc:
        raise _DamagedMember(f"corrupted: {exc}") from exc
    if len(content) > budget:
        raise ReadError(_too_big())
    return content
