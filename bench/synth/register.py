"""Writing a register: one folder per entry, its export and the attachments it names.

Layout, Viit's documented convention: ``OUT/<series>/<ref with "/" replaced by "_">/``
holding ``entry.txt`` and the files its ``Manused:`` header lists, and only those.
Every file of an entry is drawn from RNGs seeded by the entry's reference, so the output
depends only on the seed and the plan, not on the order or the number of processes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import random
from collections.abc import Sequence
from multiprocessing import Pool
from pathlib import Path

from bench.synth.export import render_entry
from bench.synth.formats import fmt_date
from bench.synth.letters import office_time, render_letter_txt
from bench.synth.pdf import render_pdf
from bench.synth.plan import DEFAULT_SYNC, Entry, plan_register
from bench.synth.scheme import IN
from bench.synth.sentences import Writer
from bench.synth.templates import PDF_NAMES_EN, PDF_NAMES_ET

ENTRY_FILE = "entry.txt"
# Below this many entries a worker pool costs more than it saves.
MIN_ENTRIES_FOR_POOL = 200


def ref_dir(ref: str) -> str:
    """Folder name of an entry: its reference with '/' replaced by '_' (Viit's convention)."""
    return ref.replace("/", "_")


def entry_files(out: Path) -> list[Path]:
    """Every entry.txt of a register, in a stable order."""
    return sorted(out.glob(f"*/*/{ENTRY_FILE}"))


def _attachment_names(rng: random.Random, e: Entry) -> list[tuple[str, str, str]]:
    """(kind, file name, label) of each attachment; names are unique within the entry."""
    names: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    pool = PDF_NAMES_EN if e.lang == "en" else PDF_NAMES_ET
    for _ in range(e.n_pdf):
        label = base = rng.choice(pool)
        if rng.random() < 0.3:  # register-style name: reference, date and kind
            base = f"{ref_dir(e.ref)} {fmt_date(e.registered)} {base}"
        name = f"{base}.pdf"
        while name in seen:
            name = f"{base} ({len(seen) + 1}).pdf"
        seen.add(name)
        names.append(("pdf", name, label))
    for _ in range(e.n_txt):
        day = e.registered - dt.timedelta(days=rng.randint(10, 300))
        label = (
            f"Forwarded letter {day.isoformat()}"
            if e.lang == "en"
            else f"Edastatud kiri {fmt_date(day)}"
        )
        names.append(("txt", f"{label}.txt", label))
    return names


def write_entry(job: tuple[Path, Entry, int]) -> Path:
    """Write one entry's folder; the per-entry RNG makes it independent of the others."""
    out, e, seed = job
    rng = random.Random(f"entry:{seed}:{e.ref}")
    folder = out / e.series / ref_dir(e.ref)
    folder.mkdir(parents=True, exist_ok=False)
    attachments = _attachment_names(rng, e)
    text = render_entry(
        e, random.Random(f"text:{seed}:{e.ref}"), [name for _, name, _ in attachments]
    )
    (folder / ENTRY_FILE).write_text(text, encoding="utf-8")
    for kind, name, label in attachments:
        rng = random.Random(f"{kind}:{seed}:{e.ref}:{name}")
        if kind == "pdf":
            w = Writer(rng, e)
            pages = w.rng.choices((2, 3, 4), (45, 45, 10))[0]
            (folder / name).write_bytes(render_pdf(w, label, pages))
        else:  # the counterparty's earlier letter, so written in its voice
            w = Writer(rng, dataclasses.replace(e, doc_type=IN, role="request"))
            sent = office_time(rng, e.registered - dt.timedelta(days=rng.randint(10, 300)))
            (folder / name).write_text(render_letter_txt(w, sent), encoding="utf-8")
    return folder


def write_entries(
    out: Path, entries: Sequence[Entry], seed: int, workers: int | None
) -> list[Path]:
    """Write entries' folders, in a worker pool when there are enough to pay for one."""
    jobs = [(out, e, seed) for e in entries]
    if workers is None:
        workers = min(4, os.cpu_count() or 1)
    if workers <= 1 or len(jobs) < MIN_ENTRIES_FOR_POOL:
        return [write_entry(j) for j in jobs]
    with Pool(workers) as pool:
        return list(pool.imap(write_entry, jobs, chunksize=32))


def make_register(
    out: Path,
    entries: int,
    seed: int = 0,
    *,
    pdf_ratio: float = 0.3,
    restricted_ratio: float = 0.1,
    txt_ratio: float = 0.05,
    workers: int | None = None,
    sync_date: dt.date = DEFAULT_SYNC,
) -> list[Path]:
    """Write a register of ``entries`` entries into ``out`` and return the entry folders.

    ``out`` must be missing or empty: mixing two registers would break the references.
    The same arguments always give byte-identical files, whatever ``workers`` is.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise FileExistsError(f"{out} is not empty")
    out.mkdir(parents=True, exist_ok=True)
    plan = plan_register(
        entries,
        seed,
        pdf_ratio=pdf_ratio,
        restricted_ratio=restricted_ratio,
        txt_ratio=txt_ratio,
        sync_date=sync_date,
    )
    return write_entries(out, plan, seed, workers)
