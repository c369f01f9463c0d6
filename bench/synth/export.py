"""The export file of an entry (``entry.txt``, the seed-000 format), written and read back.

It imitates what scraping a register's public view gives: the metadata table, the
e-mailed letter flattened into long lines, the related-documents table, and every
e-mail address obfuscated, so that the readers meet here what they meet in the seed.
Reading back recovers just enough of an entry to link to it and continue its case.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path

from bench.synth.formats import (
    EMAIL_RE,
    fill_slots,
    fmt_date,
    fmt_datetime,
    parse_date,
    wrap,
)
from bench.synth.letters import letter_parts, office_time, sender_and_recipient
from bench.synth.metadata import (
    is_restricted,
    metadata_rows,
    parse_row,
    split_metadata,
    table_lines,
)
from bench.synth.plan import Entry
from bench.synth.scheme import INCOMING
from bench.synth.sentences import Writer
from bench.synth.templates import BANNER, RESTRICTED_NOTE

RELATED_HEAD = (
    "| Nimi | K.p. | Δ | Viit | Tüüp | Org | Osapooled |",
    "|---|---|---|---|---|---|---|",
)


def render_entry(entry: Entry, rng: random.Random, attachments: Sequence[str]) -> str:
    """The export file of an entry in the seed-000 format."""
    w = Writer(rng, entry)
    lines = table_lines(metadata_rows(entry))
    sender, recipient = sender_and_recipient(w)
    sent = office_time(rng, entry.registered - dt.timedelta(days=rng.choice((0, 0, 1))))
    lines.append(f"Saatja: {sender} Saadetud: {fmt_datetime(sent)}")
    head = f"Adressaat: {recipient} Teema: {entry.title}"
    if attachments:  # wrapped like the seed, with Manused run on after the last line
        head_lines = wrap(head, 120)
        head_lines[-1] += f" Manused: {'; '.join(attachments)}"
        lines += head_lines
    else:
        lines.append(head)
    if entry.doc_type in INCOMING and entry.channel == "e-post":
        lines += BANNER
    elif entry.restricted and rng.random() < 0.6:  # an own document carries its AK stamp
        end = fmt_date(entry.restriction_end) if entry.restriction_end else ""
        values = {"date": fmt_date(entry.registered), "end": end, "basis": entry.basis or ""}
        lines += [fill_slots(ln, values) for ln in RESTRICTED_NOTE if end or "{end}" not in ln]
    greeting, paragraphs, closer, sign = letter_parts(w)
    # The public view flattens the letter: no blank lines, paragraphs run together and
    # break at arbitrary widths (see seed 000).
    flow: list[str] = []
    for i, para in enumerate(paragraphs):
        if i == 0 and greeting:
            para = f"{greeting} {para}" if rng.random() < 0.4 else f"{greeting}\n{para}"
        if flow and rng.random() < 0.3 and "\n" not in para:
            flow[-1] += " " + para
        else:
            flow.append(para)
    width = rng.randint(140, 520)
    for block in flow:
        for part in block.split("\n"):
            lines += wrap(part, width) if len(part) > width else [part]
    lines.append(closer)
    if entry.lang == "en":
        lines += [sign[0], "-- " + " ".join(sign[1:])]
    else:
        lines += sign
    lines += RELATED_HEAD
    lines += ["| " + " | ".join(row) + " |" for row in entry.related]
    # The public view obfuscates every e-mail address (Cloudflare), as in the seed.
    return EMAIL_RE.sub("[email protected]", "\n".join(lines))


def _parse_title(rest: str) -> str:
    """The letter's Teema; with attachments the header is wrapped and ends in Manused."""
    lines = rest.split("\n")[1:5]  # after "Saatja: ..." come the Adressaat/Teema lines
    if any(" Manused: " in ln for ln in lines):
        head = " ".join(lines[: next(i for i, ln in enumerate(lines) if " Manused: " in ln) + 1])
        head = head.rsplit(" Manused: ", 1)[0]
    else:
        head = lines[0] if lines else ""
    return head.split(" Teema: ", 1)[1] if " Teema: " in head else ""


def read_entry(path: Path) -> Entry:
    """The metadata of a written entry: enough to link to it and to continue its case."""
    meta, rest = split_metadata(path.read_text(encoding="utf-8"))
    rows = [parse_row(ln) for ln in meta]
    fields = dict(rows)
    ref = fields["Viit"]
    series, _, rest_ref = ref.partition("/")
    case, _, seq = rest_ref.partition("-")
    return Entry(
        ref=ref,
        series=series,
        case_no=int(case),
        seq=int(seq),
        registered=parse_date(fields["Registreeritud"]),
        synced=parse_date(fields["Sünkroonitud"]),
        doc_type=fields.get("Liik", ""),
        title=_parse_title(rest),
        parties=fields.get("Adressaat", ""),
        restricted=is_restricted(rows),
        responsible=fields.get("Vastutaja", ""),
        file=fields.get("Toimik", ""),
    )
