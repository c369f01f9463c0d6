"""Which register entry a file belongs to: the five rules of README "How a register folder
maps to entries", in one place and free of the catalog, so they can be read and tested
as a table.

1. A file that carries register metadata *is* its entry's document.
2. A file named in an entry's file list (``Failid``) or attachment list (``Manused``) in
   the same folder belongs to that entry.
3. A folder holding the metadata files of exactly one entry ties every other file below it
   to that entry (the "one folder per entry" layout); the nearest such folder wins. The
   register folder itself is never such a folder.
4. A file whose name starts with a reference written with ``_`` for ``/``
   (``5-1_54-1 vastus.pdf``) belongs to that entry if the register has it.
5. Anything else stands alone and is cited by its file name ("no register reference").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath


@dataclass
class RegisterMap:
    """What the register's metadata files say: the input of the rules."""

    refs: set[str] = field(default_factory=set)
    folder_refs: dict[str, set[str]] = field(default_factory=dict)  # folder -> entries
    listed: dict[tuple[str, str], str] = field(default_factory=dict)  # (folder, name) -> ref

    def add(self, file_path: str, ref: str, listed_names: Iterable[str] = ()) -> None:
        """Record that ``file_path`` carries the metadata of ``ref`` and lists these files."""
        self.refs.add(ref)
        folder = str(PurePosixPath(file_path).parent)
        self.folder_refs.setdefault(folder, set()).add(ref)
        for name in listed_names:
            self.listed[(folder, name.strip().casefold())] = ref


def entry_for(path: str, own_ref: str | None, register: RegisterMap) -> str | None:
    """The reference of the entry ``path`` belongs to, or None (rule 5)."""
    if own_ref:  # rule 1
        return own_ref
    p = PurePosixPath(path)
    hit = register.listed.get((str(p.parent), p.name.casefold()))  # rule 2
    if hit is not None:
        return hit
    folder = p.parent  # rule 3
    while str(folder) not in (".", ""):
        refs = register.folder_refs.get(str(folder))
        if refs and len(refs) == 1:
            return next(iter(refs))
        if refs and len(refs) > 1:
            break  # a flat folder of many entries ties nothing by location
        folder = folder.parent
    head = p.name.split(" ")[0].split("__")[0]  # rule 4
    for cand in sorted({head.replace("_", "/"), head.replace("_", "/", 1)}):
        if cand in register.refs:
            return cand
    return None
