"""Structure checks of the synthetic register written by ``bench.synth``.

The benchmarks trust this generator to write what the readers expect, so these tests pin
the layout and the export format with plain regular expressions (independent of Viit's
own readers, which the generated data is meant to exercise).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from bench import synth

N = 20
SEED = 7
RATIOS = {"pdf_ratio": 0.3, "restricted_ratio": 0.1, "txt_ratio": 0.15}
FIELDS = [
    "Dokumendiregister",
    "Viit",
    "Registreeritud",
    "Sünkroonitud",
    "Liik",
    "Funktsioon",
    "Sari",
    "Toimik",
    "Juurdepääsupiirang",
    "Juurdepääsupiirang",
    "Adressaat",
    "Saabumis/saatmisviis",
    "Vastutaja",
    "Originaal",
]
ROW_RE = re.compile(r"^\| (?P<key>[^|]+?) \| (?:(?P<value>[^|]*?) )?\|$")
REF_RE = re.compile(r"^\d-\d/\d+-\d+$")
DATE_RE = re.compile(r"^\d\d\.\d\d\.\d{4}$")
BASIS_RE = re.compile(r"^AvTS § 35 lg \d p \d+(, kuni \d\d\.\d\d\.\d{4})?$")
RELATED_HEAD = "| Nimi | K.p. | Δ | Viit | Tüüp | Org | Osapooled |"


def _date(s: str) -> dt.date:
    return dt.datetime.strptime(s, "%d.%m.%Y").date()


def parse(path: Path) -> dict:
    """Split an export into metadata rows, the letter's header lines and related rows."""
    lines = path.read_text(encoding="utf-8").split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("| "):
        n += 1
    meta = []
    for line in lines[:n]:
        m = ROW_RE.match(line)
        assert m, f"bad metadata row in {path}: {line!r}"
        meta.append((m["key"], m["value"] or ""))
    head = lines.index(RELATED_HEAD)
    assert lines[head + 1] == "|---|---|---|---|---|---|---|"
    related = [[c.strip() for c in ln.strip("|").split(" | ")] for ln in lines[head + 2 :]]
    manused: list[str] = []
    for line in lines[n + 1 : n + 5]:  # the header block after "Saatja: ..."
        if " Manused: " in line:
            manused = line.split(" Manused: ", 1)[1].split("; ")
            break
    fields: dict[str, str] = {}
    for key, value in meta:
        fields.setdefault(key, value)  # Juurdepääsupiirang: the level, not the basis row
    return {
        "meta": meta,
        "fields": fields,
        "letter": lines[n:head],
        "related": related,
        "manused": manused,
    }


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "register"
    folders = synth.make_register(out, N, SEED, **RATIOS)
    assert len(folders) == N
    return out


@pytest.fixture(scope="module")
def entries(register) -> dict[str, tuple[Path, dict]]:
    """ref -> (entry.txt, parsed export)."""
    out = {}
    for path in sorted(register.glob("*/*/entry.txt")):
        parsed = parse(path)
        out[parsed["fields"]["Viit"]] = (path, parsed)
    return out


def test_one_folder_per_entry_with_one_export(register, entries):
    assert len(entries) == N
    assert all(p.is_dir() for p in register.iterdir())  # only series folders at the top
    folders = [f for s in register.iterdir() for f in s.iterdir()]
    assert len(folders) == N and all(f.is_dir() for f in folders)
    for folder in folders:
        assert len(list(folder.glob("*.txt"))) >= 1
        assert (folder / "entry.txt").is_file()
    for ref, (path, _) in entries.items():
        assert REF_RE.match(ref), ref
        series = ref.split("/")[0]
        assert path.parent == register / series / ref.replace("/", "_")


def test_metadata_table_has_the_seed_fields(entries):
    levels = []
    for ref, (_, parsed) in entries.items():
        keys = [k for k, _ in parsed["meta"]]
        assert keys == FIELDS, ref
        f = parsed["fields"]
        assert DATE_RE.match(f["Registreeritud"]) and DATE_RE.match(f["Sünkroonitud"])
        assert _date(f["Registreeritud"]) <= _date(f["Sünkroonitud"])
        assert f["Sari"].startswith(ref.split("/")[0] + " ")
        assert f["Toimik"].startswith(ref.split("/")[0] + "/")
        level, basis = [v for k, v in parsed["meta"] if k == "Juurdepääsupiirang"]
        levels.append(level)
        if level == "Avalik":
            assert basis == ""
        else:
            assert level == "AK" and BASIS_RE.match(basis), basis
    assert levels.count("AK") == round(RATIOS["restricted_ratio"] * N)
    assert "Avalik" in levels


def test_letter_headers_and_body(entries):
    for ref, (_, parsed) in entries.items():
        letter = parsed["letter"]
        assert re.match(r"^Saatja: .+ Saadetud: \d\d\.\d\d\.\d{4} \d\d:\d\d$", letter[0]), ref
        assert letter[1].startswith("Adressaat: ") and " Teema: " in letter[1], ref
        body = " ".join(letter[2:])
        assert len(body.split()) >= 50, ref
        assert "@" not in body.replace("[email protected]", ""), "addresses are obfuscated"


def test_files_named_in_manused_exist_and_nothing_else(entries):
    with_files = 0
    for ref, (path, parsed) in entries.items():
        others = sorted(p.name for p in path.parent.iterdir() if p.name != "entry.txt")
        assert sorted(parsed["manused"]) == others, ref
        with_files += bool(others)
    assert with_files >= round(RATIOS["pdf_ratio"] * N)


def test_pdfs_are_multipage_with_a_text_layer(register):
    pdfs = sorted(register.rglob("*.pdf"))
    assert len(pdfs) >= round(RATIOS["pdf_ratio"] * N)
    for pdf in pdfs:
        reader = PdfReader(pdf, strict=True)
        assert len(reader.pages) >= 2, pdf
        text = "\n".join(page.extract_text() for page in reader.pages)
        ref = pdf.parent.name.replace("_", "/")
        assert ref in text, pdf
        assert len(text.split()) > 300, pdf
        assert "?" not in text.replace("?)", ""), "every character is in the PDF encoding"


def test_txt_attachments_use_the_seed_001_letter_format(register):
    letters = [p for p in register.rglob("*.txt") if p.name != "entry.txt"]
    assert letters
    for path in letters:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("\n\nSaatja: ")
        for header in ("Saadetud:", "Adressaat:", "Koopia:", "Teema:", "Manused:"):
            assert f"\n\n{header} " in text, (path, header)
        assert "**" in text


def test_related_rows_point_at_other_generated_entries(entries):
    rows = 0
    for ref, (_, parsed) in entries.items():
        synced = _date(parsed["fields"]["Sünkroonitud"])
        for title, date, delta, viit, doc_type, org, parties in parsed["related"]:
            rows += 1
            target = viit.removesuffix(" 🔒")
            assert target != ref and target in entries, (ref, viit)
            t = entries[target][1]["fields"]
            assert (viit != target) == (t["Juurdepääsupiirang"] != "Avalik")
            assert date == t["Registreeritud"] and doc_type == t["Liik"]
            assert int(delta) == (synced - _date(date)).days
            assert org == synth.OWNER_CODE and title and parties
    assert rows >= N


def test_same_seed_gives_identical_files_other_seed_does_not(register, tmp_path):
    again = tmp_path / "again"
    synth.make_register(again, N, SEED, **RATIOS)
    assert snapshot(again) == snapshot(register)
    other = tmp_path / "other"
    synth.make_register(other, N, SEED + 1, **RATIOS)
    assert snapshot(other) != snapshot(register)


def test_worker_processes_do_not_change_the_output(register, tmp_path, monkeypatch):
    monkeypatch.setattr("bench.synth.register.MIN_ENTRIES_FOR_POOL", 0)
    pooled = tmp_path / "pooled"
    synth.make_register(pooled, N, SEED, workers=2, **RATIOS)
    assert snapshot(pooled) == snapshot(register)


def test_refuses_a_non_empty_output_folder(register):
    with pytest.raises(FileExistsError):
        synth.make_register(register, 1)


def test_add_filings_adds_new_folders_only(register, entries, tmp_path):
    work = tmp_path / "reg"
    shutil.copytree(register, work)
    before = snapshot(work)
    added = synth.add_filings(work, 5, seed=1)
    after = snapshot(work)
    assert len(added) == 5
    assert {k: after[k] for k in before} == before, "existing files are untouched"
    new_files = sorted(set(after) - set(before))
    new_dirs = {str(Path(k).parent) for k in new_files}
    assert {str(p.relative_to(work)) for p in added} == new_dirs
    assert not any(str(Path(k).parent) in new_dirs for k in before)
    old_sync = max(_date(p["fields"]["Sünkroonitud"]) for _, p in entries.values())
    new_refs = {}
    for folder in added:
        parsed = parse(folder / "entry.txt")
        new_refs[parsed["fields"]["Viit"]] = parsed
        assert _date(parsed["fields"]["Registreeritud"]) > old_sync
        others = sorted(p.name for p in folder.iterdir() if p.name != "entry.txt")
        assert sorted(parsed["manused"]) == others
    assert not set(new_refs) & set(entries)
    for ref, parsed in new_refs.items():
        for row in parsed["related"]:
            target = row[3].removesuffix(" 🔒")
            assert target != ref and (target in entries or target in new_refs)
    # Deterministic too: the same register and seed give the same new entries.
    work2 = tmp_path / "reg2"
    shutil.copytree(register, work2)
    synth.add_filings(work2, 5, seed=1)
    assert snapshot(work2) == after


def test_touch_metadata_changes_only_the_metadata_table(register, tmp_path):
    work = tmp_path / "reg"
    shutil.copytree(register, work)
    before = snapshot(work)
    touched = synth.touch_metadata(work, 5, seed=3)
    after = snapshot(work)
    assert len(touched) == 5 and set(after) == set(before)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {str(p.relative_to(work)) for p in touched}
    lifted = 0
    for key in changed:
        assert key.endswith("entry.txt")
        old, new = before[key].decode(), after[key].decode()
        old_meta, old_rest = synth.split_metadata(old)
        new_meta, new_rest = synth.split_metadata(new)
        assert old_rest == new_rest, "letter and related table are byte-identical"
        assert len(old_meta) == len(new_meta) and old_meta != new_meta
        if "| Juurdepääsupiirang | AK |" in old_meta:
            assert new_meta[8:10] == ["| Juurdepääsupiirang | Avalik |", "| Juurdepääsupiirang | |"]
            lifted += 1
        else:
            diff = [(a, b) for a, b in zip(old_meta, new_meta, strict=True) if a != b]
            assert len(diff) == 1 and diff[0][0].startswith("| Vastutaja | ")
    assert lifted == round(RATIOS["restricted_ratio"] * N)
