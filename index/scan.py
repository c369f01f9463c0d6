"""Walk a register folder: every regular file with its content hash and catalog name.

The catalog (SQLite, JSON, the console) needs valid Unicode, but a file system holds
bytes: a Latin-1 name from an old Windows share is not valid UTF-8, and Python hands it
over with lone surrogates that no encoder accepts. Such a file is still indexed: it is
opened by its real name (kept in :attr:`Scanned.fs`) and catalogued under a readable
name, its undecodable bytes read in the Windows code page that wrote them
(:func:`catalog_name`). Two files that would share a catalog name are kept apart by the
second one spelling its odd bytes as ``\\xNN``.

What cannot be looked at (an unreadable folder or file, a symbolic-link loop, a broken
link, a linked folder) is returned as a problem with its reason, so that every build
names it instead of dropping it without a word.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest.readers.text import legacy_codepage


@dataclass
class Scanned:
    sha: str
    size: int
    fs: str = ""  # the path on disk, as the file system names it


@dataclass
class ScanResult:
    files: dict[str, Scanned] = field(default_factory=dict)  # catalog name -> file
    problems: list[tuple[str, str]] = field(default_factory=list)  # (catalog name, reason)
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (catalog name, why)


_ODD_BYTES = re.compile("[\udc80-\udcff]+")  # undecodable bytes, as surrogateescape shows them


def catalog_name(name: str) -> str:
    """A file system name as valid Unicode: itself when it is, else a readable spelling.

    The undecodable bytes are read in the code page an old Windows machine wrote them in:
    the Estonian one (1257) or the Western one (1252), whichever reads as Estonian (they
    agree on õ, ä, ö, ü and differ on š, ž); a byte neither defines is written ``\\xNN``.
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        pass
    text = os.fsencode(name).decode("utf-8", errors="surrogateescape")

    def raw(run: str) -> bytes:
        return bytes(ord(c) - 0xDC00 for c in run)

    odd = b"".join(raw(m.group()) for m in _ODD_BYTES.finditer(text))
    codepage = legacy_codepage(odd)
    return _ODD_BYTES.sub(lambda m: raw(m.group()).decode(codepage, "backslashreplace"), text)


def _escaped_name(name: str) -> str:
    return os.fsencode(name).decode("utf-8", errors="backslashreplace")


def hash_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return _hash_open(fh)[0]


def _hash_open(fh) -> tuple[str, int]:
    """(hash, size) of an open file, both from the bytes actually read."""
    h = hashlib.blake2b(digest_size=20)
    size = 0
    while block := fh.read(1 << 20):
        h.update(block)
        size += len(block)
    return h.hexdigest(), size


def _link_problem(path: str, folder: str) -> str:
    """Why a symbolic link is not followed."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: not followed"
        return "broken symbolic link: its target does not exist"
    target, here = os.path.realpath(path), os.path.realpath(folder)
    if here == target or here.startswith(target.rstrip(os.sep) + os.sep):
        return "symbolic link loop (to a folder above it): not followed"
    return "symbolic link to a folder: not followed (link the files, or index the target)"


def scan(source: Path, exclude: Path | None = None) -> ScanResult:
    """Every regular file below ``source`` (hidden files and the index itself skipped).

    Paths in walk order: a folder's files by name, then its subfolders by name.
    Symlinked folders are not entered (a loop could never end); symlinked files are read.
    One ``scandir`` per folder and one ``open`` per file: no per-path ``stat``/``resolve``
    (a no-change rebuild of a large register is mostly this walk, bench/README.md).
    """
    result = ScanResult()
    found = result.files
    skip: tuple[int, int] | None = None
    if exclude is not None:
        with contextlib.suppress(OSError):
            st = os.stat(exclude)
            skip = (st.st_dev, st.st_ino)
    stack: list[tuple[str, str]] = [(os.fspath(source), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                items = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            where = prefix.rstrip("/") or "."
            result.problems.append((where, f"folder not readable: {exc.strerror or exc}"))
            continue
        # a valid name keeps its spelling; an odd name that would take it is escaped
        plain = {prefix + i.name for i in items if catalog_name(i.name) == i.name}
        subdirs: list[tuple[str, str]] = []
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            shown = prefix + catalog_name(name)
            try:
                is_dir = item.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if item.is_symlink():
                    result.problems.append((shown + "/", _link_problem(item.path, folder)))
                    continue
                if skip is not None and item.inode() == skip[1]:
                    st = item.stat()
                    if (st.st_dev, st.st_ino) == skip:
                        continue  # the index folder inside the register
                subdirs.append((item.path, shown + "/"))
                continue
            if name.startswith("~$"):
                continue  # an office program's lock file
            try:
                is_file = item.is_file()
            except OSError:
                is_file = False
            if not is_file:
                if item.is_symlink():
                    result.problems.append((shown, _link_problem(item.path, folder)))
                continue  # sockets, pipes, devices
            try:
                with open(item.path, "rb") as fh:
                    sha, size = _hash_open(fh)
            except OSError as exc:
                result.problems.append((shown, f"cannot open file: {exc.strerror or exc}"))
                continue
            if shown != prefix + name:
                if shown in found or shown in plain:
                    shown = prefix + _escaped_name(name)
                result.renamed.append(
                    (shown, "file name is not valid UTF-8: indexed under this spelling")
                )
            if shown in found:
                result.problems.append((shown, "two files share this name: the second skipped"))
                continue
            found[shown] = Scanned(sha=sha, size=size, fs=item.path)
        stack.extend(reversed(subdirs))
    return result
