"""The ``| field | value |`` metadata table at the top of an export, written and read back.

The incremental-rebuild benches edit this table in place and must leave the rest of the
file byte-identical, so writing, splitting and parsing the table live together here.
"""

from __future__ import annotations

from collections.abc import Sequence

from bench.synth.formats import fmt_date
from bench.synth.plan import Entry
from bench.synth.scheme import OWNER, SERIES_BY_CODE

ACCESS = "Juurdepääsupiirang"
PUBLIC = "Avalik"


def metadata_rows(e: Entry) -> list[tuple[str, str]]:
    """The fields in the seed's order; access takes two rows, the level and its basis."""
    series = SERIES_BY_CODE.get(e.series)
    if e.restricted:
        basis = e.basis or ""
        if e.restriction_end:
            basis += f", kuni {fmt_date(e.restriction_end)}"
        access = [(ACCESS, "AK"), (ACCESS, basis)]
    else:
        access = [(ACCESS, PUBLIC), (ACCESS, "")]
    return [
        ("Dokumendiregister", OWNER),
        ("Viit", e.ref),
        ("Registreeritud", fmt_date(e.registered)),
        ("Sünkroonitud", fmt_date(e.synced)),
        ("Liik", e.doc_type),
        ("Funktsioon", series.function if series else ""),
        ("Sari", f"{e.series} {series.name}" if series else e.series),
        ("Toimik", e.file),
        *access,
        ("Adressaat", e.parties),
        ("Saabumis/saatmisviis", e.channel),
        ("Vastutaja", e.responsible),
        ("Originaal", "Ava uues aknas"),
    ]


def table_lines(rows: Sequence[tuple[str, str]]) -> list[str]:
    """An empty value is written ``| field | |``, as the public view does."""
    return [f"| {k} | {v} |" if v else f"| {k} | |" for k, v in rows]


def split_metadata(text: str) -> tuple[list[str], str]:
    """The leading ``| field | value |`` lines and the rest of an export, unchanged."""
    lines = text.split("\n")
    n = 0
    while n < len(lines) and lines[n].startswith("| "):
        n += 1
    return lines[:n], "\n".join(lines[n:])


def parse_row(line: str) -> tuple[str, str]:
    parts = [p.strip() for p in line.strip().strip("|").split("|")]
    return parts[0], (parts[1] if len(parts) > 1 else "")


def is_restricted(rows: Sequence[tuple[str, str]]) -> bool:
    """The first access row holds the level; any level but Avalik restricts."""
    access = [v for k, v in rows if k == ACCESS]
    return bool(access) and access[0] not in (PUBLIC, "")


def lift_restriction(rows: list[tuple[str, str]]) -> None:
    """Make an entry public: the level row Avalik, the basis row empty."""
    at = [i for i, (k, _) in enumerate(rows) if k == ACCESS]
    for n, i in enumerate(at):
        rows[i] = (ACCESS, PUBLIC if n == 0 else "")
