"""Changes to a written register, for the incremental-rebuild benches.

Two kinds of change a real register sees between syncs: new filings (new folders,
nothing old touched) and metadata edits (a restriction lifted, a case handed to another
official) that leave the letter and the attachments byte-identical. Each is seeded, so a
bench measures the same change on every run.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path

from bench.synth.export import read_entry
from bench.synth.metadata import (
    is_restricted,
    lift_restriction,
    parse_row,
    split_metadata,
    table_lines,
)
from bench.synth.parties import STAFF, party_from_display, private_person
from bench.synth.plan import (
    Case,
    Entry,
    assign_files,
    case_entries,
    link_related,
    make_cases,
    restriction,
)
from bench.synth.register import entry_files, write_entries
from bench.synth.scheme import IN, OUT, SERIES, SERIES_BY_CODE, TN, TNV

# What the next document of a case is, by the type of the case's latest one.
NEXT_IN_CASE = {IN: OUT, TN: TNV, OUT: IN, TNV: IN}


def add_filings(
    out: Path,
    count: int,
    seed: int,
    *,
    pdf_ratio: float = 0.3,
    restricted_ratio: float = 0.1,
    txt_ratio: float = 0.05,
    workers: int | None = None,
) -> list[Path]:
    """Add ``count`` new entries, filed after a week's new sync, and return their folders.

    Existing files are not touched. About half of the new documents continue recent
    cases (a reply to a letter, a follow-up to a reply), the rest open new cases; their
    related rows point at old and new entries alike. The same register and seed always
    give the same new entries.
    """
    out = Path(out)
    existing = [read_entry(p) for p in entry_files(out)]
    if not existing:
        raise FileNotFoundError(f"no register entries under {out}")
    rng = random.Random(f"add:{seed}:{len(existing)}")
    new_sync = max(e.synced for e in existing) + dt.timedelta(days=7)
    first_day = new_sync - dt.timedelta(days=6)
    cases: dict[tuple[str, int], list[Entry]] = {}
    for e in sorted(existing, key=lambda e: (e.series, e.case_no, e.seq)):
        cases.setdefault((e.series, e.case_no), []).append(e)
    last_case: dict[str, int] = {}
    for series_code, case_no in cases:
        last_case[series_code] = max(last_case.get(series_code, 0), case_no)
    open_cases = sorted(
        (k for k, docs in cases.items() if docs[-1].doc_type in NEXT_IN_CASE),
        key=lambda k: (cases[k][-1].registered, k),
    )[-max(50, count) :]
    new: list[Entry] = []
    while len(new) < count:
        day = first_day + dt.timedelta(days=rng.randint(0, 6))
        if open_cases and rng.random() < 0.5:  # the next document of a recent case
            key = rng.choice(open_cases)
            docs = cases[key]
            series = SERIES_BY_CODE.get(key[0]) or rng.choice(SERIES)
            day = max(day, docs[-1].registered)  # a case's documents stay in date order
            case = Case(
                series,
                day,
                (NEXT_IN_CASE[docs[-1].doc_type],),
                party_from_display(rng, docs[-1].parties, series),
                rng.randrange(len(series.topics)),
                docs[-1].responsible or rng.choice(STAFF[series.function]),
                0,
            )
            made = case_entries(
                rng, case, key[1], docs[-1].seq + 1, new_sync, new_sync, first_title=docs[0].title
            )
            for m in made:
                m.file = docs[0].file or m.file
            if made[-1].doc_type not in NEXT_IN_CASE:
                open_cases.remove(key)
        else:  # a new case
            case = make_cases(rng, min(3, count - len(new)), day, new_sync)[0]
            case.start = day
            no = last_case.get(case.series.code, 0) + 1
            last_case[case.series.code] = no
            key = (case.series.code, no)
            made = case_entries(rng, case, no, 1, new_sync, new_sync)
            cases[key] = []
        made = made[: count - len(new)]
        cases[key] += made
        new += made
    for e in rng.sample(new, round(restricted_ratio * len(new))):
        e.restricted = True
        e.basis, e.restriction_end = restriction(
            rng, SERIES_BY_CODE[e.series], e.party or private_person(rng), e.registered
        )
    pool = sorted(existing + new, key=lambda e: (e.series, e.case_no, e.seq))
    link_related(rng, new, pool)
    assign_files(rng, new, pdf_ratio, txt_ratio)
    return write_entries(out, new, seed, workers)


def touch_metadata(out: Path, count: int, seed: int, *, lift_ratio: float = 0.5) -> list[Path]:
    """Change only the metadata table of ``count`` entries; return the changed files.

    About ``lift_ratio`` of them are restricted entries whose restriction is lifted to
    Avalik (as far as there are any); the others get a new Vastutaja. Letter, related
    table and attachments stay byte-identical, so a rebuild need not re-embed them.
    """
    out = Path(out)
    files = entry_files(out)
    rng = random.Random(f"touch:{seed}")
    restricted, public = [], []
    for path in files:
        meta, _ = split_metadata(path.read_text(encoding="utf-8"))
        (restricted if is_restricted([parse_row(ln) for ln in meta]) else public).append(path)
    count = min(count, len(files))
    n_lift = min(len(restricted), round(count * lift_ratio), count)
    n_lift = max(n_lift, count - len(public))
    lifts = rng.sample(restricted, n_lift)
    others = rng.sample(public, count - n_lift)
    for path in lifts:
        _rewrite_metadata(path, lift_restriction)
    for path in others:
        _rewrite_metadata(path, lambda rows: _reassign(rng, rows))
    return sorted(lifts + others)


def _rewrite_metadata(path: Path, change: Callable[[list[tuple[str, str]]], None]) -> None:
    """Re-serialise the table only; the rest of the file is written back as it was read."""
    text = path.read_text(encoding="utf-8")
    meta, rest = split_metadata(text)
    rows = [parse_row(ln) for ln in meta]
    change(rows)
    path.write_text("\n".join(table_lines(rows)) + "\n" + rest, encoding="utf-8")


def _reassign(rng: random.Random, rows: list[tuple[str, str]]) -> None:
    """Hand the entry to another official of the same function."""
    fields = dict(rows)
    function = fields.get("Funktsioon", "")
    staff = STAFF.get(function) or [p for lst in STAFF.values() for p in lst]
    current = fields.get("Vastutaja", "")
    choice = rng.choice([s for s in staff if s != current] or staff)
    for i, (k, _) in enumerate(rows):
        if k == "Vastutaja":
            rows[i] = (k, choice)
