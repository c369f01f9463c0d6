"""Register vocabulary shared by every reader: dates, field labels, references, letter headers.

Estonian registers (ADR/Delta, Tallinn, RMK, exported views) show the same metadata under
different labels ("Viit", "Reg nr"; "Registreeritud", "Reg kpv"). Readers only collect
``(label, value)`` pairs in the order the register shows them; this module decides what a
label means, so a new register of a known kind needs no reader change, only a synonym.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.model import (
    SECTION_METADATA,
    SECTION_RELATED,
    Entry,
    Letter,
    Related,
    Restriction,
    Section,
    is_restricted_level,
)

# --------------------------------------------------------------------------- references

#: A register reference (Viit): a series code with at least one ``-``/``.`` part, then one
#: or more ``/number`` parts: ``5-1/54-1``, ``5.1-2/3233-1``, ``2-1/2801``, ``3-1.1/8419``.
#: Dates (no slash) and fractions such as ``24/7`` (no series separator) do not match.
REF_RE = re.compile(r"(?<![\w./-])\d+(?:[.-]\d+)+(?:/\d+(?:[.-]\d+)*)+(?![\w/]|[.-]\d)")


def case_of(ref: str) -> str:
    """A reference's case: what precedes its last document number (5-1/54-1 -> 5-1/54);
    the documents of one case (a letter and the reply sent to it) share it."""
    return re.sub(r"[-.]\d+$", "", ref)


# "Teie 01.03.2024 nr 1.2-2/22-1", "Your ref": the number of the letter being answered,
# written on the reply's own line of numbers beside "Meie ... nr" (ours)
_THEIR_NUMBER = re.compile(r"^\W*(?:teie|your(?: ref\w*)?)\b", re.I)


def states_as_own(text: str, ref: str) -> bool:
    """Whether ``text`` writes ``ref`` other than as the number of the letter it answers."""
    for m in REF_RE.finditer(text):
        line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
        if m.group() == ref and not _THEIR_NUMBER.match(line):
            return True
    return False


#: Hyphen, en dash, em dash: registers use all three between dates and as "no value".
DASHES = "-\u2013\u2014"

#: Marks an export puts after the reference of a restricted related entry.
LOCK_MARKS = ("\U0001f512", "\U0001f510")  # 🔒 🔐

# --------------------------------------------------------------------------- dates

_MONTHS = {
    # Estonian
    "jaanuar": 1, "veebruar": 2, "märts": 3, "aprill": 4, "mai": 5, "juuni": 6,
    "juuli": 7, "august": 8, "september": 9, "oktoober": 10, "november": 11, "detsember": 12,
    # English, full and abbreviated
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "october": 10, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
_TIME = (
    r"(?:,?\s+(?:kell\s+|at\s+)?(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?"
    r"(?:\s*(?P<ampm>[AaPp]\.?[Mm]\.?))?)?"
)
_DATE_PATTERNS = [
    # 10.11.2023, 1.7.2024 18:03
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.\s?(?P<y>\d{4})(?!\d)" + _TIME),
    # 2023-11-10, 2023-11-10T18:03:00
    re.compile(
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ](?P<H>\d{2}):(?P<M>\d{2})"
        r"(?::(?P<S>\d{2}))?)?(?!\d)"
    ),
    # 9. november 2023, 9 Nov 2023 18:03
    re.compile(
        rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<mon>{_MONTH_ALT})\.?,?\s+(?P<y>\d{{4}})(?!\d)" + _TIME,
        re.I,
    ),
    # November 9, 2023 6:03 PM
    re.compile(
        rf"\b(?P<mon>{_MONTH_ALT})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})(?!\d)" + _TIME, re.I
    ),
]


def parse_datetime(text: str | None) -> dt.datetime | None:
    """First date (with its time, if any) in ``text``; naive local time, midnight if no time.

    Registers write ``10.11.2023``, ``09.11.2023 18:03`` or ISO; e-mail headers copied
    into letters also use ``9. november 2023`` or ``Thursday, November 9, 2023 6:03 PM``.
    """
    if not text:
        return None
    best: tuple[int, dt.datetime] | None = None
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            value = _match_to_datetime(m)
            if value is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), value)
                break
    return best[1] if best else None


def parse_date(text: str | None) -> dt.date | None:
    """First date in ``text`` (see :func:`parse_datetime`)."""
    value = parse_datetime(text)
    return value.date() if value else None


DATE_FORMAT = "%d.%m.%Y"


def format_date(value: dt.date | str | None, with_time: bool = False) -> str:
    """A date as registers write it (``10.11.2023``; ``09.11.2023 18:03`` with its time).

    Takes a date, a datetime, or the ISO text the catalog stores; empty for none.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = (
                dt.datetime.fromisoformat(value)
                if "T" in value
                else dt.date.fromisoformat(value[:10])
            )
        except ValueError:  # a register's own form ("20.03.2024 08:19")
            parsed = parse_datetime(value)
            if parsed is None:
                return value
            value = parsed if with_time or parsed.hour or parsed.minute else parsed.date()
            with_time = True
    if with_time and isinstance(value, dt.datetime) and (value.hour or value.minute):
        return value.strftime(DATE_FORMAT + " %H:%M")
    return value.strftime(DATE_FORMAT)


def _match_to_datetime(m: re.Match[str]) -> dt.datetime | None:
    groups = m.groupdict()
    month = _MONTHS[groups["mon"].lower()] if groups.get("mon") else int(groups["m"])
    hour = int(groups["H"]) if groups.get("H") else 0
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    try:
        return dt.datetime(
            int(groups["y"]),
            month,
            int(groups["d"]),
            hour,
            int(groups["M"]) if groups.get("M") else 0,
            int(groups["S"]) if groups.get("S") else 0,
        )
    except ValueError:  # 31.02.2024, 25:00
        return None


# --------------------------------------------------------------------------- labels


@dataclass(frozen=True)
class Field:
    """One register field: how registers label it, how Viit names it, how people ask for it.

    ``labels`` are the registers' own labels (normalised: lower case, no colon) that mean
    this field. ``asks`` are regular expressions over a question folded to lower-case ASCII
    (``index.text.fold``), each matched at a word start, that ask for the field in Estonian
    or English; stems rather than words, so that every case ending matches ("vastuta"
    finds vastutaja, vastutab, vastutav). ``slot`` is where the value lives: an
    :class:`Entry` attribute, ``access.*`` for :class:`Restriction` parts, or ``extra``
    (kept in ``Entry.extra`` under the register's own label).
    """

    key: str
    et: str
    en: str
    labels: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    is_date: bool = False
    slot: str = ""  # "" = an Entry attribute named ``key``
    in_text: bool = True  # rendered into the embedded metadata text
    # a letter or document may state it itself (sender, date, title); the others only the
    # register knows (series, deadline, access ...)
    in_letters: bool = False
    # part of the public registration record: shown for a restricted entry too (its text
    # and files are not); free-text notes and the register's internal ids are not
    registration: bool = True

    @property
    def extra(self) -> bool:
        return self.slot == "extra"

    def label(self, lang: str) -> str:
        return self.et if lang == "et" else self.en


#: Every register field Viit knows, in the order an entry view shows them. Access lives
#: only in ``Entry.access`` (out of the embedded text, so lifting a restriction re-embeds
#: nothing); the sync date changes on every sync.
FIELDS: tuple[Field, ...] = (
    Field("ref", "Viit", "Reference",
          ("viit", "reg nr", "reg. nr", "reg nr.", "registreerimisnumber", "dokumendi viit",
           "dokumendi number", "reference", "reg no", "registration number"),
          (r"viit", r"reg(?:istreerimis)? ?(?:nr|number)", r"reference number",
           r"registration number", r"mis number", r"number(?:ga|it)?\b"), in_letters=True),

    Field("title", "Pealkiri", "Title",
          ("pealkiri", "dokumendi pealkiri", "title"),
          (r"pealkir", r"title", r"heading", r"mis nime", r"what is it called",
           r"what(?:'s| is) the name of"), in_letters=True),

    Field("registered", "Registreeritud", "Registration date",
          ("registreeritud", "registreerimise kpv", "registreerimise kuupäev",
           "registreerimiskuupäev", "reg kpv", "reg. kpv", "reg kuupäev", "dokumendi kuupäev",
           "registered", "registration date"),
          (r"registreer", r"registered", r"registration", r"reg\.? ?kpv",
           r"when was .{0,40}(?:filed|logged|recorded|entered)", r"mis kuupaev",
           r"(?:what|which) date", r"\bdated\b", r"date of (?:the|this|that)"),
          is_date=True, in_letters=True),

    Field("synced", "Sünkroonitud", "Synchronised", ("sünkroonitud", "synced"),
          (r"sunkroon", r"synchroni[sz]"), is_date=True, in_text=False, registration=False),

    Field("doc_type", "Liik", "Document type",
          ("liik", "dokumendi liik", "dokumendiliik", "document type"),
          (r"liik", r"mis tuup", r"dokumendi ?tuup", r"(?:document|letter) type",
           r"type of (?:document|letter|record)",
           r"what (?:kind|sort) of (?:a )?(?:document|letter|record)",
           r"incoming or outgoing", r"outgoing or incoming", r"sissetulev(?:\w*)? voi valjaminev",
           r"valjaminev(?:\w*)? voi sissetulev", r"is it (?:an )?(?:incoming|outgoing)")),
    Field("function", "Funktsioon", "Function", ("funktsioon",),
          (r"funktsioon", r"function")),
    Field("series", "Sari", "Series", ("sari", "dokumentide sari", "series"),
          (r"sari\b", r"sarja", r"sarjas", r"series", r"archival value", r"arhiivivaartus")),
    Field("file", "Toimik", "Case file", ("toimik",),
          (r"toimik", r"case file", r"dossier", r"which file (?:is|was)", r"what file (?:is|was)")),
    Field("access.level", "Juurdepääsupiirang", "Access restriction",
          ("juurdepääsupiirang", "juurdepääs", "juurdepääsu piirang", "juurdepääsutase",
           "access restriction", "access"),
          (r"juurdepaas", r"ligipaas", r"piirang", r"avalik", r"public", r"restrict",
           r"confidential", r"internal use", r"asutusesisese", r"\bak\b", r"salajane",
           r"classified", r"secret", r"who (?:can|may) (?:see|read|access)",
           r"(?:can|may) (?:i|the public|anyone) (?:see|read|access)"),
          slot="access.level", in_text=False),
    Field("access.basis", "Piirangu alus", "Restriction basis",
          ("juurdepääsupiirangu alus", "juurdepääsupiirang alus", "piirangu alus",
           "juurdepääsupiirangu põhjus", "restriction basis"),
          (r"mis alusel", r"on what (?:legal )?(?:basis|grounds)", r"legal basis",
           r"piirangu alus", r"why (?:is it|was it) restricted", r"miks .{0,30}piira"),
          slot="access.basis", in_text=False),
    Field("access.start", "Piirang alates", "Restricted from",
          ("juurdepääsupiirang alates", "juurdepääsupiirangu algus",
           "juurdepääsupiirangu alguse kpv", "piirang alates",
           "juurdepääsupiirangu kehtivuse algus"),
          (r"since when .{0,30}restrict", r"mis ajast .{0,30}piira"),
          is_date=True, slot="access.start", in_text=False),
    Field("access.end", "Piirang kuni", "Restricted until",
          ("juurdepääsupiirang kuni", "juurdepääsu lõpu kpv", "juurdepääsupiirangu lõpp",
           "juurdepääsupiirangu lõpu kpv", "piirang kuni", "piirang kehtib kuni",
           "juurdepääsupiirangu kehtivuse lõpp"),
          (r"until when", r"how long .{0,30}(?:restrict|confidential|closed|valid)",
           r"kui kaua .{0,30}(?:piira|kinni|salasta)",
           r"(?:piirang|restriction)\w* .{0,20}(?:kehti|valid|lopeb|ends?|expire)",
           r"mis ajani", r"kuni millal",
           r"when (?:does|will) .{0,30}(?:restriction|become public|be public|expire|end)"),
          is_date=True, slot="access.end", in_text=False),
    Field("addressee", "Adressaat", "Addressee",
          ("adressaat", "saaja", "adressaadid", "addressee", "recipient"),
          (r"adressaa", r"addressee", r"addressed to", r"kellele", r"recipient", r"saaja\b",
           r"to whom",
           r"who (?:was|is) (?:it|the letter|the reply|this) (?:sent|addressed|written) to",
           r"who received", r"sent to whom", r"kes sai",
           r"who\b.{0,60}\b(?:sent|addressed|written|delivered) to\b"), in_letters=True),

    Field("sender", "Saatja", "Sender",
          ("saatja", "koostaja", "sender", "autor", "author"),
          (r"saatja\b", r"kes saat", r"kellelt", r"kelle poolt", r"who sent", r"sender",
           r"from whom", r"who (?:wrote|authored|is it from|was it from)", r"kes kirjut",
           r"koostaja", r"kes koostas", r"\bauthor", r"who is the sender",
           r"kes (?:kusi|palu|poordu|taotle|uuri|pakku|kaebas)",
           r"who (?:asked|requested|enquired|inquired|applied|contacted|complained|proposed)"),
          in_letters=True),
    Field("channel", "Saabumis/saatmisviis", "Delivery channel",
          ("saabumis/saatmisviis", "saatmisviis", "saabumisviis", "saabumis- ja saatmisviis",
           "saatmise viis", "saabumise viis", "delivery method", "saatmisviis/saabumisviis"),
          (r"saatmisviis", r"saabumisviis", r"saatmise viis", r"saabumise viis",
           r"kuidas .{0,40}(?:saabus|saadeti|saadetud|tuli|edastati|jouds)",
           r"how (?:was|did|were|is) .{0,40}(?:sent|received|delivered|arrive|transmitted|come in|"
           r"go out|went out|dispatched|reach)",
           r"delivery", r"channel", r"by what means", r"method of (?:sending|delivery)",
           r"mis kanali", r"mis viisil")),
    Field("responsible", "Vastutaja", "Responsible official",
          ("vastutaja", "vastutav isik", "menetleja", "vastutav", "täitja"),
          (r"vastuta", r"responsib", r"in charge",
           r"who (?:handles|deals with|is handling|processes)",
           r"case officer", r"menetle", r"kes tegele", r"handling official", r"taitja")),
    Field("deadline", "Lahendamise tähtaeg", "Deadline",
          ("lahendamise tähtaeg", "tähtaeg", "vastamise tähtaeg", "täitmise tähtaeg"),
          (r"tahtae", r"deadline", r"due\b", r"due date", r"lahendamise",
           r"by when (?:must|should|does|do)", r"mis ajaks .{0,30}(?:vasta|lahend)",
           r"reply by", r"respond by"), is_date=True),
    Field("sender_ref", "Saatja/saaja viit", "Correspondent's reference",
          ("saatja/saaja viit", "saatja viit", "saaja viit", "saatja/saaja number",
           "saatja number", "your ref", "their reference"),
          (r"saatja (?:viit|number)", r"saaja viit", r"(?:their|sender'?s?|correspondent'?s?) "
           r"(?:own )?(?:reference|number)", r"nende viit", r"your ref")),
    Field("organisation", "Dokumendiregister", "Register",
          ("asutus", "dokumendiregister", "organisatsioon", "registri pidaja"),
          (r"dokumendiregist", r"registri pidaja",
           r"which (?:organisation|organization|institution|"
           r"authority)(?:'s)? register", r"kelle regist")),
    Field("sent", "Saadetud", "Sent",
          ("välja saatmise kuupäev", "väljasaatmise kuupäev", "saatmise kuupäev",
           "saatmise kpv", "välja saadetud", "saatmise aeg"),
          (r"millal .{0,40}saadet", r"saatmise (?:kuup|kpv|aeg)",
           r"when .{0,40}(?:sent|dispatched|mailed)",
           r"what time .{0,60}sent", r"sent out", r"mis kell"),
          is_date=True, slot="extra", in_letters=True),

    Field("received", "Saabunud", "Received",
          ("saabumise kuupäev", "saabumise kpv", "saabunud"),
          (r"millal .{0,40}saabu", r"saabumise (?:kuup|kpv)", r"when .{0,40}(?:received|arrive)"),
          is_date=True, slot="extra", in_letters=True),

    Field("signed_by", "Allkirjastaja", "Signed by",
          ("allkirjastaja", "allkirjastanud", "allkirjastajad", "signer", "signed by"),
          (r"allkirjast", r"alla ?kirjut", r"kirjut\w* .{0,30}\balla\b", r"signed", r"signator",
           r"signer", r"who sign", r"kelle allkiri"),
          slot="extra", in_letters=True),

    Field("parties", "Osapooled", "Parties",
          ("osapooled", "osapool", "lepingu pool", "lepingupool", "lepingu osapool",
           "lepingu pooled", "contract party", "parties"),
          (r"osapool", r"lepingu ?pool", r"parties", r"party to", r"counterpart"),
          slot="extra", in_letters=True),

    Field("note", "Märkused", "Notes", ("lisainfo", "lisainformatsioon", "märkused", "märkus"),
          (r"markus", r"lisainfo", r"\bnotes?\b", r"remarks?"), slot="extra",
          registration=False),

    Field("original", "Originaal", "Original", ("originaal",), (), slot="extra", in_text=False,
          registration=False),

    Field("id", "ID", "ID", ("id",), (), slot="extra", registration=False),

)  # fmt: skip

FIELD: dict[str, Field] = {f.key: f for f in FIELDS}

#: Normalised register label -> canonical field key.
ENTRY_LABELS: dict[str, str] = {label: f.key for f in FIELDS for label in f.labels}

#: Fields whose value is a date.
DATE_FIELDS = frozenset(f.key for f in FIELDS if f.is_date)

#: Fields left out of the rendered metadata text (see :data:`FIELDS`).
NOT_IN_TEXT = frozenset(f.key for f in FIELDS if not f.in_text)

#: Fields that have no typed slot in :class:`Entry`; their values go to ``Entry.extra``
#: under the register's own label.
EXTRA_FIELDS = frozenset(f.key for f in FIELDS if f.extra)

#: Column headers of related-document tables ("Seosed", an export's table) -> Related field.
RELATED_LABELS: dict[str, str] = {
    "nimi": "title", "pealkiri": "title", "dokumendi pealkiri": "title", "title": "title",
    "k.p.": "date", "kp": "date", "kpv": "date", "kuupäev": "date", "reg kpv": "date",
    "date": "date",
    "δ": "days_before_sync",
    "viit": "ref", "reg nr": "ref", "reference": "ref",
    "tüüp": "doc_type", "liik": "doc_type", "dokumendi liik": "doc_type", "type": "doc_type",
    "org": "org", "asutus": "org",
    "osapooled": "parties", "osapool": "parties", "parties": "parties",
    "seos": "relation", "seose liik": "relation", "relation": "relation",
}  # fmt: skip

# Values that are user-interface text, not data ("open in new window" links).
_UI_NOISE = frozenset({"ava uues aknas", "open in new window", *DASHES})


def normalize_label(label: str) -> str:
    """Lower-case label without the trailing colon and with single spaces (lookup key)."""
    return clean_value(label).rstrip(":*").strip().casefold()


def display_label(label: str) -> str:
    """The register's own label as shown to people ("Registreerimise kpv")."""
    return clean_value(label).rstrip(":*").strip()


def clean_value(value: str | None) -> str:
    """A value with whitespace (including no-break spaces and line wraps) collapsed."""
    return " ".join((value or "").split())


def canonical_field(label: str) -> str | None:
    """The canonical field for a register label, or None for a label we do not know."""
    return ENTRY_LABELS.get(normalize_label(label))


# --------------------------------------------------------------------------- restrictions

_RANGE_RE = re.compile(
    r"(?:(?i:piirangu\s+)?(?i:kehtivus|kehtib)\s*:?\s*)?"
    r"(\d{1,2}\.\d{1,2}\.\d{4})\s*[-\u2013\u2014]\s*(\d{1,2}\.\d{1,2}\.\d{4})"
)
_UNTIL_RE = re.compile(r"(?i:kuni|until)\s*:?\s*(\d{1,2}\.\d{1,2}\.\d{4})")
_SINCE_RE = re.compile(r"(?i:alates|from)\s*:?\s*(\d{1,2}\.\d{1,2}\.\d{4})")
# Where a level such as "AK" ends and its basis or validity begins: a law ("AvTS §"),
# "kuni"/"alates", or a bare date.
_NOTE_START_RE = re.compile(
    r"(?:\b[A-ZÕÄÖÜŠŽ][\wõäöüšž]*\s*)?§|(?i:\b(?:kuni|alates|kehtib|piirangu|alus)\b)"
    r"|\d{1,2}\.\d{1,2}\.\d{4}"
)


def parse_restriction_note(text: str) -> tuple[str | None, dt.date | None, dt.date | None]:
    """Split free text about a restriction into (basis, start, end).

    Registers write it as ``"AvTS § 35 lg 1 p 3 (...); piirangu kehtivus:
    18.12.2025-18.12.2030"`` or ``"AvTS § 35 lg 1 p 12 kuni 30.05.2100"``; whatever is
    left once the validity is removed is the basis.
    """
    text = clean_value(text)
    start = end = None
    if m := _RANGE_RE.search(text):
        start, end = parse_date(m.group(1)), parse_date(m.group(2))
        text = text[: m.start()] + text[m.end() :]
    if m := _UNTIL_RE.search(text):
        end = end or parse_date(m.group(1))
        text = text[: m.start()] + text[m.end() :]
    if m := _SINCE_RE.search(text):
        start = start or parse_date(m.group(1))
        text = text[: m.start()] + text[m.end() :]
    basis = clean_value(text).strip(f" ;,.:(){DASHES}") or None
    return basis, start, end


def _apply_access(access: Restriction, key: str, value: str, repeated: bool = False) -> None:
    """Fold one access-related field into ``access``.

    A ``repeated`` level row (an export's second, often empty, ``Juurdepääsupiirang`` row)
    holds the basis and validity, not a second level.
    """
    if key == "access.level" and repeated:
        if not is_restricted_level(value):  # a repeated "Avalik" says nothing new
            return
        key = "access.basis"
    if key == "access.level":
        m = _NOTE_START_RE.search(value)
        level = value[: m.start()].strip(f" ,;:({DASHES}") if m else value
        access.level = level or value
        if m and level:
            _apply_access(access, "access.basis", value[m.start() :])
    elif key == "access.basis":
        basis, start, end = parse_restriction_note(value)
        access.basis = access.basis or basis
        access.start = access.start or start
        access.end = access.end or end
    elif key == "access.start":
        access.start = parse_date(value) or access.start
    elif key == "access.end":
        access.end = parse_date(value) or access.end


# --------------------------------------------------------------------------- entries


def build_entry(
    pairs: Iterable[tuple[str, str]], warnings: list[str] | None = None
) -> Entry | None:
    """Build an :class:`Entry` from a register's ``(label, value)`` pairs, in page order.

    Returns None when there is no reference (Viit) with a digit in it: without one the
    input is not a register entry. Unknown labels, and dates that do not parse, are kept
    in ``Entry.extra`` under the register's label; the latter also add a warning.
    """
    warnings = warnings if warnings is not None else []
    values: dict[str, object] = {}
    extra: dict[str, str] = {}
    access = Restriction()
    seen_access: set[str] = set()
    for label, raw in pairs:
        value = clean_value(raw)
        key = canonical_field(label)
        if not value or value.casefold() in _UI_NOISE:
            continue
        if key is None or key in EXTRA_FIELDS:
            name = display_label(label)
            if name:
                extra[name] = f"{extra[name]}; {value}" if name in extra else value
        elif key.startswith("access."):
            _apply_access(access, key, value, repeated=key in seen_access)
            seen_access.add(key)
        elif key in DATE_FIELDS:
            date = parse_date(value)
            if date is None:
                warnings.append(f"'{display_label(label)}' is not a date: {value!r}")
                extra[display_label(label)] = value
            else:
                values.setdefault(key, date)
        elif key in values and values[key] != value:
            values[key] = f"{values[key]}; {value}"
        else:
            values[key] = value
    ref = values.pop("ref", None)
    if not isinstance(ref, str) or not re.search(r"\d", ref):
        return None
    for mark in LOCK_MARKS:
        ref = ref.replace(mark, "")
    return Entry(ref=ref.strip(), access=access, extra=extra, **values)  # type: ignore[arg-type]


def metadata_text(pairs: Iterable[tuple[str, str]]) -> str:
    """Render register metadata as ``Label: value`` lines with the register's own labels.

    Access restriction and sync lines are left out (see :data:`NOT_IN_TEXT`).
    """
    lines = []
    for label, raw in pairs:
        value = clean_value(raw)
        if not value or value.casefold() in _UI_NOISE or canonical_field(label) in NOT_IN_TEXT:
            continue
        lines.append(f"{display_label(label)}: {value}")
    return "\n".join(lines)


def metadata_section(pairs: Iterable[tuple[str, str]]) -> Section:
    return Section(text=metadata_text(pairs), kind=SECTION_METADATA)


# --------------------------------------------------------------------------- related


def build_related(cells: Iterable[tuple[str, str]], relation: str | None = None) -> Related | None:
    """One related-document row from ``(column header, cell)`` pairs; None if it is empty.

    A lock mark in any cell (🔒 after the reference in an export) marks the row restricted.
    ``relation`` is the default for tables with no relation column ("samas küsimuses").
    """
    row = Related(relation=relation)
    found = False
    for header, raw in cells:
        value = clean_value(raw)
        if any(mark in value for mark in LOCK_MARKS):
            row.restricted = True
            for mark in LOCK_MARKS:
                value = value.replace(mark, "")
            value = value.strip()
        key = RELATED_LABELS.get(normalize_label(header))
        if not value or key is None:
            continue
        found = True
        if key == "date":
            row.date = parse_date(value)
        elif key == "days_before_sync":
            m = re.search(r"-?\d+", value)
            row.days_before_sync = int(m.group()) if m else None
        else:
            setattr(row, key, value)
    return row if found else None


def related_sentence(row: Related) -> str:
    """One readable sentence for a related row (embedded text, not a table)."""
    head = "Seotud dokument" + (f" {row.ref}" if row.ref else "")
    about = ", ".join(p for p in (row.doc_type, format_date(row.date)) if p)
    if about:
        head += f" ({about})"
    parts = [f"{head}: {row.title}" if row.title else head]
    if row.parties:
        parts.append(f"Osapooled: {row.parties}")
    if row.relation:
        parts.append(f"Seos: {row.relation}")
    return ". ".join(p.rstrip(". ") for p in parts) + "."


def related_section(rows: Iterable[Related]) -> Section | None:
    """The related rows as sentences; restricted rows are left out (they stay in the entry)."""
    text = "\n".join(related_sentence(r) for r in rows if not r.restricted)
    return Section(text=text, kind=SECTION_RELATED) if text else None


# --------------------------------------------------------------------------- letters

_HEADER_LABELS: dict[str, str] = {
    "Saatja": "sender", "From": "sender", "Kellelt": "sender",
    "Saadetud": "sent", "Sent": "sent", "Date": "sent", "Kuupäev": "sent",
    "Adressaat": "recipients", "Saaja": "recipients", "Kellele": "recipients", "To": "recipients",
    "Koopia": "cc", "Cc": "cc", "CC": "cc",
    "Pimekoopia": "bcc", "Bcc": "bcc", "BCC": "bcc",
    "Teema": "subject", "Subject": "subject",
    "Manused": "attachments", "Manus": "attachments", "Attachments": "attachments",
    "Attachment": "attachments",
    "Tähtsus": "importance", "Importance": "importance",
}  # fmt: skip
_LIST_HEADERS = frozenset({"recipients", "cc", "bcc", "attachments"})
# A header label at a line start or after whitespace, followed by ':' and a space or the end.
# Case-sensitive on purpose: "to:" inside a subject is not a header.
_HEADER_RE = re.compile(
    r"(?:(?<=\s)|^)("
    + "|".join(sorted(map(re.escape, _HEADER_LABELS), key=len, reverse=True))
    + r")\s?:(?=\s|$)"
)
_LOOKAHEAD_LINES = 2


@dataclass
class LetterHeaders:
    """Result of :func:`parse_letter_headers`.

    ``lines`` are the headers as ``Label: value`` with the letter's own labels (continuation
    lines joined); ``end`` is the offset in the parsed text where the body starts.
    """

    letter: Letter
    lines: list[str] = field(default_factory=list)
    end: int = 0


def split_list(value: str) -> list[str]:
    """Split a recipients/cc/attachments header on ';'."""
    return [item for item in (clean_value(p) for p in value.split(";")) if item]


def parse_letter_headers(text: str) -> LetterHeaders | None:
    """Parse the header block at the top of a letter ("Saatja: … Saadetud: … Teema: …").

    Headers may stand several to a line (a scraped register view) or one per line with
    wrapped continuation lines and blank lines between them (a converted attachment). A
    line without a label continues the previous header when that header ends in ``;``,
    ``,`` or ``-``, when it is a list and the line looks like list items, or when a header
    not yet seen follows within two lines. Returns None unless the block has at least two
    distinct headers (so "Teema:" in an ordinary text is not a letter).
    """
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    fields: list[list[str]] = []  # [key, label, value]
    seen: set[str] = set()
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i == len(lines) or not _HEADER_RE.match(lines[i].strip()):
        return None
    end = offsets[i]
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        prefix, found = _split_headers(stripped, seen)
        if found and not prefix:
            pass
        elif fields and (found or _continues(fields[-1], stripped, lines[i + 1 :], seen)):
            _append(fields[-1], prefix if found else stripped)
        else:
            break
        for key, label, value in found:
            seen.add(key)
            fields.append([key, label, value])
        i += 1
        end = offsets[i]
    if len(seen) < 2:
        return None
    letter = Letter()
    out_lines = []
    for key, label, value in fields:
        value = clean_value(value)
        out_lines.append(f"{label}: {value}")
        if key == "sender":
            letter.sender = value or None
        elif key == "sent":
            letter.sent = parse_datetime(value)
        elif key == "subject":
            letter.subject = value or None
        elif key in ("recipients", "cc", "attachments"):
            setattr(letter, key, split_list(value))
    return LetterHeaders(letter=letter, lines=out_lines, end=end)


def _split_headers(line: str, seen: set[str]) -> tuple[str, list[tuple[str, str, str]]]:
    """Split a line at header labels not yet seen.

    Returns the text before the first such label and ``[(key, label, value)]``.
    """
    found: list[tuple[str, str, int, int]] = []
    keys = set(seen)
    for m in _HEADER_RE.finditer(line):
        key = _HEADER_LABELS[m.group(1)]
        if key in keys:
            continue
        keys.add(key)
        found.append((key, m.group(1), m.start(), m.end()))
    if not found:
        return line, []
    out = []
    for n, (key, label, _start, stop) in enumerate(found):
        value_end = found[n + 1][2] if n + 1 < len(found) else len(line)
        out.append((key, label, line[stop:value_end].strip()))
    return line[: found[0][2]].strip(), out


def _continues(current: list[str], line: str, following: list[str], seen: set[str]) -> bool:
    """Whether a label-less ``line`` continues the header ``current`` (see parse_letter_headers)."""
    key, _label, value = current
    if value.rstrip().endswith((";", ",", "-")):
        return True
    if key in _LIST_HEADERS and (
        ";" in line
        or re.fullmatch(r"<?[^\s<>]+@[^\s<>]+>?", line)
        or (key == "attachments" and re.fullmatch(r"\S+\.\w{2,5}", line))
    ):
        return True
    ahead = [ln.strip() for ln in following if ln.strip()][:_LOOKAHEAD_LINES]
    return any(_split_headers(ln, seen)[1] for ln in ahead)


def _append(current: list[str], more: str) -> None:
    """Join a continuation line; a list item broken at a hyphen ("Outlook-" / "Icon.png")
    is rejoined without a space."""
    value = current[2].rstrip()
    if current[0] in _LIST_HEADERS and value.endswith("-") and not value.endswith(" -"):
        current[2] = value + more
    else:
        current[2] = f"{value} {more}" if value else more
