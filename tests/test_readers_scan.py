"""The register walk (index/scan.py) without a model: odd names, links, unreadable places."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from index.scan import catalog_name, scan


def _write(folder: Path, raw_name: bytes, text: bytes = b"x\n") -> None:
    with open(os.fsencode(folder) + b"/" + raw_name, "wb") as fh:
        fh.write(text)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Päev.txt".encode(), "Päev.txt"),  # valid UTF-8 stays as it is
        ("Päev.txt".encode("latin-1"), "Päev.txt"),  # Latin-1 from an old share
        ("Šoti õiend.pdf".encode("cp1257"), "Šoti õiend.pdf"),  # Estonian Windows (1257)
        ("Šoti õiend.pdf".encode("cp1252"), "Šoti õiend.pdf"),  # Western Windows (1252)
        (b"a\x81b.txt", "a\\x81b.txt"),  # a byte Windows-1252 leaves undefined
        ("mõlemad-ä.txt".encode() + b"\xe4.txt", "mõlemad-ä.txtä.txt"),  # mixed
    ],
)
def test_catalog_name_is_valid_and_readable(raw: bytes, shown: str) -> None:
    name = catalog_name(os.fsdecode(raw))
    assert name == shown
    name.encode("utf-8")  # always storable


def test_walk_keeps_every_file_under_a_distinct_name(tmp_path: Path) -> None:
    _write(tmp_path, "Päev.txt".encode("latin-1"), b"latin-1\n")
    _write(tmp_path, "Päev.txt".encode(), b"utf-8\n")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "Õiend.txt".encode("latin-1"))
    walk = scan(tmp_path)
    assert sorted(walk.files) == ["P\\xe4ev.txt", "Päev.txt", "sub/Õiend.txt"]
    assert Path(walk.files["P\\xe4ev.txt"].fs).read_bytes() == b"latin-1\n"
    assert Path(walk.files["Päev.txt"].fs).read_bytes() == b"utf-8\n"
    assert [path for path, _ in walk.renamed] == ["P\\xe4ev.txt", "sub/Õiend.txt"]
    assert walk.problems == []


def test_links_and_unreadable_places_are_named(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "kiri.txt").write_text("x")
    (tmp_path / "a" / "üles").symlink_to("..")
    (tmp_path / "mujale").symlink_to(tmp_path / "a")
    (tmp_path / "katki.pdf").symlink_to(tmp_path / "puudub.pdf")
    (tmp_path / "ring").symlink_to(tmp_path / "ring")
    (tmp_path / "lukus").mkdir()
    (tmp_path / "lukus" / "salajane.txt").write_text("x")
    (tmp_path / "loetamatu.txt").write_text("x")
    real_scandir, real_open = os.scandir, open

    def scandir(path):
        if str(path).endswith("lukus"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    def open_(path, *args, **kwargs):
        if str(path).endswith("loetamatu.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr("builtins.open", open_)
    walk = scan(tmp_path)
    assert sorted(walk.files) == ["a/kiri.txt"]
    assert dict(walk.problems) == {
        "a/üles/": "symbolic link loop (to a folder above it): not followed",
        "mujale/": "symbolic link to a folder: not followed (link the files, or index the target)",
        "katki.pdf": "broken symbolic link: its target does not exist",
        "ring": "symbolic link loop: not followed",
        "lukus": "folder not readable: Permission denied",
        "loetamatu.txt": "cannot open file: Permission denied",
    }
