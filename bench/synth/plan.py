"""The plan: every entry's metadata, decided before any file is written.

Deciding the whole register up front lets a related-documents row point at any entry,
earlier or later, and keeps the plan independent of how the files are then written
(in which order, by how many processes). Documents come in cases, as in a real register:
a letter and its reply, a consultation and its opinions, a tender and its contract.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.synth.formats import add_years, cap, fill_slots, fmt_date, fmt_date_en
from bench.synth.parties import GOVERNMENT_OFFICE, ORGS, STAFF, Party, pick_party
from bench.synth.scheme import (
    EEL,
    IN,
    INCOMING,
    INTERNAL,
    KK,
    OUT,
    OWNER_CODE,
    P_CONSULT,
    SERIES,
    Series,
    Topic,
    is_personal_basis,
)
from bench.synth.templates import TITLES
from bench.synth.vocabulary import CHANNELS_IN, CHANNELS_OUT, EVENTS

DEFAULT_SYNC = dt.date(2025, 12, 5)
FIRST_DAY = dt.date(2019, 1, 2)
MAX_RELATED = 12


@dataclass
class Entry:
    """One register entry: its metadata and what its files should hold.

    Entries read back from an existing register (for ``add_filings``) fill only the
    metadata fields (``party`` is None for them); they are link targets, never rewritten.
    """

    ref: str
    series: str
    case_no: int
    seq: int
    registered: dt.date
    synced: dt.date
    doc_type: str
    title: str
    parties: str  # Adressaat as the public view shows it
    restricted: bool = False
    basis: str | None = None
    restriction_end: dt.date | None = None
    party: Party | None = None
    topic: int = 0
    lang: str = "et"
    responsible: str = ""
    channel: str = ""
    related: list[tuple[str, ...]] = field(default_factory=list)
    n_pdf: int = 0
    n_txt: int = 0
    file: str = ""  # Toimik
    role: str = ""  # what the document does in its case (see role_in_case)


@dataclass
class Case:
    """A case (asi): the documents filed on one matter, and whom they are exchanged with."""

    series: Series
    start: dt.date
    types: tuple[str, ...]
    party: Party
    topic: int
    responsible: str
    order: int  # creation order, a stable tie-breaker
    entries: list[Entry] = field(default_factory=list)
    responders: tuple[Party, ...] = ()  # the organisations consulted, one per opinion


def title_for(
    rng: random.Random,
    lang: str,
    doc_type: str,
    role: str,
    topic: Topic,
    party: Party,
    registered: dt.date,
    first_title: str | None,
) -> str:
    """A register title (also the letter's Teema) for a document of this type and role."""
    for key in ((lang, doc_type), (lang, role), ("et", doc_type), ("et", role)):
        if key in TITLES:
            break
    tpl = rng.choice(TITLES[key])
    if "{first}" in tpl and not first_title:
        tpl = TITLES[key][0]
    event = rng.choice(EVENTS)
    values = {
        "topic": topic.et,
        "Topic": cap(topic.et),
        "topic_g": topic.et_g,
        "Topic_g": cap(topic.et_g),
        "topic_en": topic.en,
        "abbr": party.abbr or party.name,
        "cp_g": party.gen,
        "event": event[0],
        "event_en": event[1],
        "date_en": fmt_date_en(registered - dt.timedelta(days=rng.randint(3, 40))),
        "n": str(rng.randint(1, 24)),
        "first": first_title or "",
    }
    return fill_slots(tpl, values)


def is_consultation(types: Sequence[str]) -> bool:
    """A draft or letter sent out that letters come back to: the bodies' opinions."""
    return types[0] in (OUT, EEL) and IN in types[1:]


def role_in_case(types: Sequence[str], pos: int) -> str:
    """What a document does in its case: a consultation and its opinions, a reply ..."""
    doc_type = types[pos]
    if is_consultation(types):
        return "consult" if pos == 0 else ("opinion" if doc_type == IN else "final")
    if doc_type in INCOMING:
        return "followup" if pos else "request"
    return "reply" if pos else "notice"


def restriction(
    rng: random.Random, series: Series, party: Party, registered: dt.date
) -> tuple[str, dt.date | None]:
    """Basis and end date; personal data stays restricted for decades, the rest 5 years."""
    basis = "AvTS § 35 lg 1 p 12" if party.private else rng.choice(series.bases)
    personal = is_personal_basis(basis)
    if personal:
        end = add_years(registered, 75) if rng.random() < 0.5 else None
    else:
        end = add_years(registered, 5) if rng.random() < 0.8 else None
    return basis, end


def _channel(rng: random.Random, doc_type: str, party: Party) -> str:
    """Saabumis/saatmisviis: mostly e-mail and DVK, as in the seed; own acts stay in-house."""
    if doc_type in INTERNAL:
        return "kohapeal"
    if rng.random() < 0.05:
        return party.name  # a scraping artefact seen in the seed: the sender in this field
    return rng.choice(CHANNELS_IN if doc_type in INCOMING else CHANNELS_OUT)


def make_cases(rng: random.Random, n_entries: int, first: dt.date, last: dt.date) -> list[Case]:
    """Cases (asjad) of documents until ``n_entries`` documents exist, sorted by start."""
    weights = [s.weight for s in SERIES]
    span = (last - first).days
    cases: list[Case] = []
    total = 0
    while total < n_entries:
        series = rng.choices(SERIES, weights)[0]
        types = rng.choice(series.patterns)
        if types == P_CONSULT:  # a consultation draws a varying number of opinions
            types = (OUT,) + (IN,) * rng.randint(1, 5)
        types = types[: n_entries - total]
        # More recent years hold more documents, as registers grow.
        start = first + dt.timedelta(days=int(span * math.sqrt(rng.random())))
        responders: tuple[Party, ...] = ()
        if is_consultation(types):
            # A consultation goes to several bodies; each sends its own opinion.
            responders = tuple(rng.sample(ORGS, min(len(ORGS), len(types) + rng.randint(0, 6))))
            party = responders[0]
        else:
            party = pick_party(rng, series)
        cases.append(
            Case(
                series,
                start,
                types,
                party,
                rng.randrange(len(series.topics)),
                rng.choice(STAFF[series.function]),
                len(cases),
                responders=responders,
            )
        )
        total += len(types)
    cases.sort(key=lambda c: (c.start, c.order))
    return cases


def case_entries(
    rng: random.Random,
    case: Case,
    case_no: int,
    first_seq: int,
    synced: dt.date,
    last: dt.date,
    first_title: str | None = None,
) -> list[Entry]:
    """The documents of one case, dated in filing order and numbered ``case_no-seq``.

    ``first_seq`` > 1 continues a case already in the register; ``first_title`` is then
    the title replies may quote.
    """
    series = case.series
    topic = series.topics[case.topic]
    day = case.start
    out: list[Entry] = []
    opinions = iter(case.responders)
    for i, doc_type in enumerate(case.types):
        if i:
            day = min(last, day + dt.timedelta(days=rng.randint(1, 35)))
        pos = first_seq - 1 + i
        role = role_in_case(case.types, i) if first_seq == 1 else role_in_case((IN, doc_type), 1)
        party = case.party
        parties = party.display
        if role == "consult":
            parties = ", ".join(p.name for p in case.responders)
        elif role == "opinion":
            party = next(opinions, case.party)
            parties = party.name
        elif role == "final":
            party = GOVERNMENT_OFFICE
            parties = party.name
        elif doc_type in INTERNAL:
            parties = "Siseministeeriumi teenistujad" if doc_type == KK else party.name
        lang = "en" if party.international and doc_type not in INTERNAL | {EEL} else "et"
        title = title_for(rng, lang, doc_type, role, topic, party, day, first_title)
        first_title = first_title or title
        out.append(
            Entry(
                ref=f"{series.code}/{case_no}-{pos + 1}",
                series=series.code,
                case_no=case_no,
                seq=pos + 1,
                registered=day,
                synced=synced,
                doc_type=doc_type,
                title=title,
                parties=parties,
                party=party,
                topic=case.topic,
                lang=lang,
                responsible=case.responsible,
                channel=_channel(rng, doc_type, party),
                file=f"{series.code}/{case.start.year}",
                role=role,
            )
        )
    return out


def _restrict(rng: random.Random, cases: Sequence[Case], count: int) -> None:
    """Restrict about ``count`` entries, whole cases at a time, private matters first."""
    if count <= 0:
        return

    def weight(c: Case) -> float:
        personal = any(is_personal_basis(b) for b in c.series.bases)
        return 6.0 if c.party.private else (2.0 if personal else 1.0)

    # Weighted order without replacement (Efraimidis-Spirakis keys).
    ordered = sorted(cases, key=lambda c: -(rng.random() ** (1.0 / weight(c))))
    left = count
    for case in ordered:
        for e in case.entries[:left]:
            e.restricted = True
            e.basis, e.restriction_end = restriction(rng, case.series, case.party, e.registered)
        left -= min(left, len(case.entries))
        if not left:
            break


def link_related(rng: random.Random, new: Sequence[Entry], pool: Sequence[Entry]) -> None:
    """Fill each new entry's related rows with other entries of ``pool``.

    Rows are what a register shows as documents on the same matter: the other documents
    of the case, a few neighbours in the same series, and now and then one from elsewhere.
    """
    by_case: dict[tuple[str, int], list[Entry]] = {}
    by_series: dict[str, list[Entry]] = {}
    for e in pool:
        by_case.setdefault((e.series, e.case_no), []).append(e)
        by_series.setdefault(e.series, []).append(e)
    position = {id(e): i for lst in by_series.values() for i, e in enumerate(lst)}
    for e in new:
        chosen: dict[str, Entry] = {}
        for other in by_case[(e.series, e.case_no)]:
            if other.ref != e.ref:
                chosen[other.ref] = other
        siblings = by_series[e.series]
        at = position[id(e)]
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            j = min(len(siblings) - 1, max(0, at + rng.randint(-25, 25)))
            chosen.setdefault(siblings[j].ref, siblings[j])
        if rng.random() < 0.3:
            other = pool[rng.randrange(len(pool))]
            chosen.setdefault(other.ref, other)
        chosen.pop(e.ref, None)
        rows = sorted(chosen.values(), key=lambda o: (o.registered, o.ref), reverse=True)
        e.related = [_related_row(e, o) for o in rows[:MAX_RELATED]]


def _related_row(e: Entry, other: Entry) -> tuple[str, ...]:
    ref = f"{other.ref} 🔒" if other.restricted else other.ref
    delta = max(0, (e.synced - other.registered).days)
    return (
        other.title,
        fmt_date(other.registered),
        str(delta),
        ref,
        other.doc_type,
        OWNER_CODE,
        other.parties,
    )


def assign_files(
    rng: random.Random, entries: Sequence[Entry], pdf_ratio: float, txt_ratio: float
) -> None:
    """Give exactly round(ratio * n) entries their attachments, so small runs keep ratios."""
    n = len(entries)
    for i in rng.sample(range(n), min(n, round(pdf_ratio * n))):
        entries[i].n_pdf = 2 if rng.random() < 0.12 else 1
    letters = [e for e in entries if e.doc_type not in INTERNAL]  # forwarded mail
    for e in rng.sample(letters, min(len(letters), round(txt_ratio * n))):
        e.n_txt = 1


def plan_register(
    entries: int,
    seed: int = 0,
    *,
    pdf_ratio: float = 0.3,
    restricted_ratio: float = 0.1,
    txt_ratio: float = 0.05,
    sync_date: dt.date = DEFAULT_SYNC,
) -> list[Entry]:
    """Decide every entry's metadata, related rows and attachments (no files written)."""
    rng = random.Random(f"plan:{seed}")
    last = sync_date - dt.timedelta(days=1)
    cases = make_cases(rng, entries, FIRST_DAY, last)
    next_case: dict[str, int] = {}
    out: list[Entry] = []
    for case in cases:
        no = next_case.get(case.series.code, 0) + 1
        next_case[case.series.code] = no
        case.entries = case_entries(rng, case, no, 1, sync_date, last)
        out.extend(case.entries)
    _restrict(rng, cases, round(restricted_ratio * len(out)))
    out.sort(key=lambda e: (e.series, e.case_no, e.seq))
    link_related(rng, out, out)
    assign_files(rng, out, pdf_ratio, txt_ratio)
    return out
