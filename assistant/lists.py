"""Questions over the whole catalog: lists and counts of entries, answered from metadata.

"Milliseid kirju on ECPAT meile saatnud?", "Which entries are restricted, and until when?",
"mitu kirja tuli 2024. aastal?", "which of the documents linked to 5-1/54-1 involve the
Government Office?": the catalog holds every fact such a question needs, and a text search
cannot answer it (no passage says "these are all the letters of 2024"). The question is
parsed into dimensions (period, type, series, file, function, access, correspondent or
title words, relation to a named entry), run as SQL over the entries, related and
documents tables, and each listed item is cited.

A file without a register entry counts as an item of its own, keyed by its file name, dated
by its letter (or the date in its name or heading) and with its letter's correspondents.

Access: a restricted entry reaches a public user only as its public registration record
(reference, title, type, registration date, series, file, function, access level and
basis): it is listed as ``ref 🔒 title (…)`` and can be found only by those fields, never
by its correspondents or content. A cleared user sees it whole, marked 🔒.

Every word of the question must be accounted for by some dimension: a question with words
that are neither list vocabulary nor any item's correspondent or title is not a catalog
question ("Which documents mention the helpline?") and is left to the text search.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

from assistant.model import Answer, Citation, Conversation
from assistant.privacy import User, for_user
from index.access import entry_restricted, sql_in_force
from index.catalog import letter_from_json
from index.text import STOP_EN, STOP_ET, detect_lang, find_refs, fold
from ingest.fields import format_date, parse_date
from ingest.periods import Period, find_period, fold_keep_length

MAX_LISTED = 10  # longer lists say how many there are and show the first MAX_LISTED

# --------------------------------------------------------------------------- vocabulary
# All matched on folded text (lower case, no diacritics).

_COUNT = re.compile(r"\b(?:mitu|mitme|kui palju|how many|how much|number of|count)\b")
_LIST_OPENER = re.compile(
    r"\b(?:which|what|whichever|show|list|give|find|display|any|all|"
    r"milli\w*|mis|missugu\w*|naita\w*|nayta\w*|loetle\w*|anna|leia|otsi|koik\w*)\b"
)
# a plural or collective word for register items ("kirju", "entries", "dokumentide")
_ITEMS = re.compile(
    r"\b(?:entries|documents|letters|records|items|files|e-?mails|messages|contracts|"
    r"decisions|replies|requests|dokumen(?:did|te|tide|tidest|tidel|tideks)|kirj(?:ad|u|ade|"
    r"adest|adele|e|ed|eid|eks)|kand(?:ed|eid|ete)|faile|failid|lepingu(?:d|id|te)|lepinguid|"
    r"otsuse(?:d|id)|otsuseid|vastuseid|vastused|taotlus(?:ed|i)|poordumis(?:ed|i)|asju|"
    r"restrictions|piirangu(?:d|id|te)|piiranguid)\b"
)
_COUNTED = re.compile(r"\b(?:dokumenti|kirja|kannet|faili|lepingut|otsust|vastust|e-?kirja)\b")
# verbs of arriving, sending and registering: "what came in", "mis saabus"
_ARRIVALS = re.compile(
    r"\b(?:came in|come in|arrived|received|registered|sent|send|went|filed|logged|got|"
    r"saabu\w*|tuli|tulid|tulnud|laeku\w*|registreer\w*|saat\w*|saade\w*)\b"
)

# Words of list questions themselves: they ask, but say nothing about which items.
_VOCAB = frozenset(
    fold(w)
    for w in """
    party parties participant participants osapool osapooled osapoolena osapoolt osaline
    osalised kuulub kuuluvad kuuluvat belong belongs belonging contain contains hold holds
    went go gone going which what whichever show list give find display any all every there
    here me us we
    our ours have has had did do does done is are was were be been being came come
    coming in into arrived arrive received receive registered register registry
    registered sent send sending filed logged got get gotten from to by of for with
    about the a an and or entries entry documents document letters letter records record
    items item files file how many much
    number count total please can could would you tell them those these that it its one
    ones so far yet ever already currently now still until when dates date end ends
    ending due made make issued issue signed adopted written wrote created prepared
    concluded drafted tehtud tehti teinud antud anti andnud koostatud koostati koostas
    allkirjastatud allkirjastati valjastatud valjastati solmitud solmiti voetud vastu
    involve involves involving concern concerns concerning mention include
    including milliseid millised milline millist millega millel mis missuguseid
    missugused mida mitu mitme kui palju kokku naita naidake nayta loetle loetlege anna
    andke leia otsi koik koiki koigi on oli olid olnud ole meile meie meid meilt meil
    teile mulle dokumenti dokumendid dokumente dokumentide dokumendi dokument kirjad kirju kirjade
    kiri kirja kanded kandeid kanne kandeid faile failid fail registris registrist
    registrisse register registri saabus saabusid saabunud tuli tulid tulnud laekus
    laekusid laekunud registreeriti registreeritud registreerinud saatnud saatis saatsid
    saadeti saadetud asju asjad kuni millal mis ajani kehtib kehtivad kehtivus ja ning
    ka
    """.split()  # noqa: SIM905
)

# Types of document, in both languages, to stems of the register's Liik values.
_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "incoming": ("sissetulev", "saabunud", "incoming"),
    "inbound": ("sissetulev", "saabunud", "incoming"),
    "sissetulev": ("sissetulev", "saabunud"),
    "outgoing": ("valjaminev", "valjasaadetud", "outgoing"),
    "outbound": ("valjaminev", "valjasaadetud", "outgoing"),
    "valjaminev": ("valjaminev", "valjasaadetud"),
    "valjasaadetud": ("valjaminev", "valjasaadetud"),
    "contract": ("leping",), "agreement": ("leping",), "leping": ("leping",),
    "decision": ("otsus",), "otsus": ("otsus",),
    "order": ("kaskkiri", "korraldus"), "directive": ("kaskkiri",),
    "kaskkiri": ("kaskkiri",), "korraldus": ("korraldus",),
    "regulation": ("maarus",), "maarus": ("maarus",),
    "draft": ("eelnou",), "eelnou": ("eelnou",),
    "reply": ("vastus",), "answer": ("vastus",), "response": ("vastus",),
    "request": ("taotlus", "teabenoue", "poordumine"), "application": ("taotlus", "avaldus"),
    "taotlus": ("taotlus",), "teabenoue": ("teabenoue",), "poordumine": ("poordumine",),
    "memo": ("memo", "teenistuskiri"), "protocol": ("protokoll",), "minutes": ("protokoll",),
    "protokoll": ("protokoll",), "invoice": ("arve",), "complaint": ("kaebus",),
    "kaebus": ("kaebus",), "procurement": ("hange",), "hange": ("hange",),
    "act": ("akt",), "akt": ("akt",),
}  # fmt: skip

_RESTRICTED = re.compile(
    r"\b(?:restricted|restriction\w*|confidential|classified|internal use|not public|"
    r"non-public|ak|asutusesise\w*|piiratud|piirangu\w*|piirang|juurdepaasupiirangu\w*|"
    r"juurdepaasupiirang|salajas\w*|salastat\w*|mitteavalik\w*)\b"
)
_PUBLIC = re.compile(r"\b(?:public|publicly|avalik|avalikud|avalikke|avalikult|open to all)\b")
_RESTRICTION_FILLER = re.compile(
    r"\b(?:to internal use|for internal use|internal|use|kasutamiseks|kasutuseks|access|"
    r"juurdepaas\w*|kasutus\w*)\b"
)

_CODE = r"(\d+(?:[.-]\d+)*(?:/\d{4})?)"
_SERIES = re.compile(rf"\b(?:series|sar(?:i|ja|jas|jast|jasse|jaga))\s+{_CODE}")
_FILE = re.compile(rf"\b(?:case file|file|toimik\w*)\s+{_CODE}")
_FUNCTION = re.compile(rf"\b(?:function|funktsioon\w*)\s+{_CODE}")

_RELATION = re.compile(
    r"\b(?:linked|related|connected|associated|relating|thread|"
    r"same (?:matter|case|issue|question|subject)|seotud|seostatud|seos\w*|"
    r"samas (?:kusimuses|asjas)|alusdokument\w*|base document)\b"
)
_DEADLINE = re.compile(
    r"\b(?:deadlines?|due(?: date)?|tahtaeg\w*|tahtaj\w*|lahendamise tahtaj\w*)\b"
)
# what follows "restricted" to say the period is when the restriction ends
_ENDS = re.compile(
    r"\b(?:until|till|ends?|ending|expires?|expiring|kuni|lopeb|lopevad|lopp\w*|aegub|aeguvad)\b"
)
_RELATION_FILLER = re.compile(
    r"\b(?:to|with|as|on|of|among|hulgas|hulgast|seas|-ga|ga|dokumendiga|kirjaga)\b"
)

# a list with no dimension lists the whole register only when asked for it
_EVERYTHING = re.compile(r"\b(?:all|every|whole|entire|koik\w*|kogu|registr\w*|register)\b")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_ET_ENDINGS = sorted(
    "sse ga ks ni na ta st lt le l s t d de te i e a u id ile ide lle".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)


# words only an Estonian list question uses: detect_lang weighs stop words, and "on", "mis"
# or "ECPAT" tell nothing ("milliseid kirju on ECPAT meile saatnud")
_ET_LIST_WORDS = re.compile(
    r"\b(?:milli\w+|mitu|mitme|missugu\w+|kirj(?:u|ad|ade)|dokumen(?:did|te|tide)|meile|"
    r"saatnud|saatis|saadeti|tuli|tulid|saabus\w*|laekus\w*|registreeriti|naita\w*|loetle\w*)\b"
)


def question_lang(question: str) -> str:
    """The language of a list question: Estonian list words decide, else detect_lang."""
    return "et" if _ET_LIST_WORDS.search(fold(question)) else detect_lang(question)


def is_list_question(question: str) -> bool:
    """A question over many register items, not about one: a list or a count."""
    q = fold(question)
    items = _ITEMS.search(q)
    if _COUNT.search(q):
        # "mitu dokumenti", "mitu kirja": a count takes the partitive singular
        return bool(items or _ARRIVALS.search(q) or _COUNTED.search(q))
    if items and any(p.search(q) for p in (_SERIES, _FILE, _FUNCTION)):
        return True  # "kirjad toimikus 5-1/2023"
    if items and _ARRIVALS.search(q):
        return True  # "2024. aasta märtsis registreeritud kirjad"
    if items and (
        find_period(question, dt.date.today()) or any(_type_stems(w) for w in _WORD.findall(q))
    ):
        return True  # "väljaminevad kirjad 2024", "outgoing decisions"
    if not _LIST_OPENER.search(q):
        return False
    # "milliseid memorandumeid on 2024. aastal": words the catalog cannot place make it no
    # list question later (see _select)
    period = find_period(question, dt.date.today(), future=True)
    return bool(items or _ARRIVALS.search(q) or period)


# --------------------------------------------------------------------------- word matching


@lru_cache(maxsize=65536)
def _strip_ending(word: str) -> str:
    for end in _ET_ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= 4:
            return word[: -len(end)]
    return word


def _grade(word: str) -> str:
    """Estonian consonant gradation folded away (liidu/liit, lepingu/lepink)."""
    return word.translate(str.maketrans("dgb", "tkp"))


@lru_cache(maxsize=262144)  # the same names recur on thousands of entries
def word_matches(q: str, v: str) -> bool:
    """Whether question word ``q`` is a form of word ``v`` (ECPATi ~ ECPAT, Liidu ~ Liit)."""
    if q == v:
        return True
    if len(v) >= 3 and q.startswith(v) and q[len(v) :].lstrip("-") in _ET_ENDINGS:
        return True  # ECPATi, ECPAT-ile, RIAle
    stem = _strip_ending(_strip_ending(q))
    if len(stem) >= 4 and v.startswith(stem):
        return True
    return len(stem) >= 4 and len(v) >= len(stem) - 1 and _grade(v[: len(stem)]) == _grade(stem)


def words(text: str | None) -> list[str]:
    return list(_words(text or ""))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def phrase_matches(phrase: list[str], text_words: list[str]) -> bool:
    return bool(phrase) and all(any(word_matches(q, v) for v in text_words) for q in phrase)


# --------------------------------------------------------------------------- the question


@dataclass
class Query:
    """What a list question asks for."""

    count: bool = False
    period: Period | None = None
    types: tuple[str, ...] = ()  # stems of Liik values
    type_words: tuple[str, ...] = ()  # as the question wrote them
    series: str | None = None
    file: str | None = None
    function: str | None = None
    access: str | None = None  # "restricted" | "public"
    relation: str | None = None  # the reference whose related documents are listed
    names: list[list[str]] = field(default_factory=list)  # alternatives, each all-of
    shown_names: list[str] = field(default_factory=list)  # the same, as the question wrote them
    names_only: bool = False  # the words must name correspondents, not title words
    role: str | None = None  # "from" | "to": the correspondent sent it, or received it
    date_field: str = "registered"  # which date the period is on: registered|deadline|access_end

    def dimensions(self) -> bool:
        return self.date_field != "registered" or any(
            (self.period, self.types, self.series, self.file, self.function, self.access,
             self.relation, self.names)
        )  # fmt: skip


def parse(question: str, today: dt.date, ref: str | None = None) -> Query | None:
    """The dimensions of a list question, or None if it is not one.

    ``ref``: the entry the conversation is about (assistant.followup.follow_up_entry), the
    default subject of a relation question naming none ("which documents are linked to it?").
    """
    q = fold_keep_length(" ".join(question.split()))
    refs = find_refs(q)
    rel = _RELATION.search(q)
    listing = is_list_question(question)
    if not listing and not (rel and (refs or ref)):
        return None
    query = Query(count=bool(_COUNT.search(q)))
    rest = q
    # a future period is asked for too: a deadline, a restriction's end, or none at all
    period = find_period(q, today, future=True)
    if period is not None:
        query.period = period
        rest = _blank(rest, *period.span)
    for pattern, attr in ((_SERIES, "series"), (_FILE, "file"), (_FUNCTION, "function")):
        if m := pattern.search(rest):
            setattr(query, attr, m.group(1))
            rest = _blank(rest, *m.span())
    refs = find_refs(rest)
    if rel and (refs or ref):
        query.relation = refs[0] if refs else ref
        rest = _blank(rest, *rel.span())
        for r in refs[:1]:
            i = rest.find(r)
            rest = _blank(rest, i, i + len(r))
        rest = _RELATION_FILLER.sub(lambda m: " " * len(m.group()), rest)
    elif refs:
        return None  # a question about a named entry, not over the register
    elif rel:
        # "documents related to ECPAT": a correspondent; "entries related to the open
        # letter on encryption" describes a document, which the text search finds
        query.names_only = True
        rest = _blank(rest, *rel.span())
        rest = _RELATION_FILLER.sub(lambda m: " " * len(m.group()), rest)
    if m := _DEADLINE.search(rest):
        query.date_field = "deadline"
        rest = _blank(rest, *m.span())
    if m := _RESTRICTED.search(rest):
        query.access = "restricted"
        if period is not None and _ENDS.search(q[m.end() : period.span[1]]):
            query.date_field = "access_end"  # "restricted until 2030", "piirang lõpeb 2026"
        rest = _blank(rest, *m.span())
        rest = _RESTRICTION_FILLER.sub(lambda m: " " * len(m.group()), rest)
        rest = _ENDS.sub(lambda m: " " * len(m.group()), rest)
    elif m := _PUBLIC.search(rest):
        query.access = "public"
        rest = _blank(rest, *m.span())
    types: list[str] = []
    for m in list(_WORD.finditer(rest)):
        w = m.group()
        stems = _type_stems(w)
        if stems:
            types += stems
            query.type_words += (" ".join(question.split())[m.start() : m.end()],)
            rest = _blank(rest, *m.span())
    query.types = tuple(dict.fromkeys(types))
    query.names, query.shown_names = _names(rest, question)
    query.role = _role(rest, query.names)
    if not listing and not query.relation:
        return None
    return query


# an e-mail: by its Liik ("E-kiri"), the way it came (Saabumis/saatmisviis "e-post"), or a
# file that is one (.eml, .msg, a letter with mail headers)
_EMAIL = re.compile(r"e-?(?:mail|meil|kiri|kirj|post)\w*|emails?|mails?|messages?")
EMAIL = "e-kiri"


def _type_stems(word: str) -> tuple[str, ...]:
    if _EMAIL.fullmatch(word):
        return (EMAIL,)
    for key, stems in _TYPE_WORDS.items():
        if word == key or (len(key) >= 5 and word_matches(word, key)):
            return stems
    return _TYPE_WORDS.get(_singular(word), ())


def _singular(word: str) -> str:
    """An English plural's singular (replies, contracts, minutes stays)."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _blank(text: str, a: int, b: int) -> str:
    return text[:a] + " " * (b - a) + text[b:]


def _names(rest: str, question: str) -> tuple[list[list[str]], list[str]]:
    """Words left after the dimensions, as alternatives ("Government Office (Riigikantselei)").

    Returned folded for matching and as the question wrote them, for the answer.
    """
    out, shown = [], []
    pos = 0
    question = " ".join(question.split())
    for part in re.split(r"([()]|\b(?:or|voi|ehk|aka)\b)", rest):
        kept = [
            m for m in _WORD.finditer(part)
            if m.group() not in _VOCAB and m.group() not in _FOLDED_STOP
            and not _QUESTION_WORD.fullmatch(m.group())
            and not m.group().isdigit() and len(m.group()) > 1
        ]  # fmt: skip
        if kept:
            out.append([m.group() for m in kept])
            shown.append(" ".join(question[pos + m.start() : pos + m.end()] for m in kept))
        pos += len(part)
    return out, shown


# who sent whom: "what has ECPAT sent us", "mis kirjad tulid Kaitseväelt" (ablative: from),
# "what did we send to ECPAT", "saadeti Riigikantseleile" (allative: to)
_ROLE_FROM = re.compile(
    r"\b(?:sent (?:to )?us|to us|from|by|received|got|meile|meilt|mulle|saatis|saatnud|"
    r"saatsid|saabu\w*|tuli|tulid|tulnud|laeku\w*)\b"
)
_ROLE_TO = re.compile(
    r"\b(?:to|went|gone|addressed|we sent|we have sent|did we send|have we sent|we send|we wrote|"
    r"saatsime|saadeti|saadetud|kellele|adresseeri\w*|oleme saatnud)\b"
)
_NOT_ALLATIVE = frozenset({"meile", "teile", "mulle", "talle", "neile", "sulle"})


def _role(rest: str, names: list[list[str]]) -> str | None:
    """Whether the named correspondent sent the items, received them, or either."""
    words_ = [w for alt in names for w in alt]
    if any(w.endswith("lt") and len(w) > 4 for w in words_):
        return "from"
    if any(w.endswith("le") and len(w) > 4 and w not in _NOT_ALLATIVE for w in words_):
        return "to"
    came = _ROLE_FROM.search(rest)
    went = _ROLE_TO.search(_ROLE_FROM.sub(lambda m: " " * len(m.group()), rest))
    if came and not went:
        return "from"
    if went and not came:
        return "to"
    return None


_QUESTION_WORD = re.compile(r"milli\w*|missugu\w*|kelle\w*|mille\w*")
_FOLDED_STOP = frozenset(fold(w) for w in STOP_EN | STOP_ET)


# --------------------------------------------------------------------------- the catalog


@dataclass
class Item:
    """One entry, one file without an entry, or one row of a related-documents table."""

    key: str  # what a citation names: the reference, else the file's base name
    ref: str | None
    title: str
    date: dt.date | None
    doc_type: str = ""
    correspondent: str = ""  # shown, when the user may see it
    names: str = ""  # searchable correspondents (sender, addressee, letter headers)
    names_from: str = ""  # those the item came from (an incoming letter's counterpart)
    names_to: str = ""  # those it was sent to
    restricted: bool = False  # restricted on the day asked
    level: str = ""
    basis: str = ""
    end: dt.date | None = None
    is_file: bool = False
    cite_key: str | None = None  # for a related row: the entry whose table lists it
    public_record: bool = True  # False: a related row of an entry restricted for the public
    path: str = ""  # a file's path in the register folder (two files may share a name)
    from_table: bool = False  # known only from another entry's related-document table
    kind: str = ""  # what a file is, for type questions only ("e-kiri"); never shown


_ENTRY_SQL = """
SELECT * FROM (
  SELECT e.*, (SELECT group_concat(d.letter, char(31)) FROM documents d
               WHERE d.ref = e.ref AND d.synthetic = 0 AND d.letter IS NOT NULL) AS letters,
         (SELECT d.title FROM documents d WHERE d.ref = e.ref AND d.synthetic = 0
               AND d.title IS NOT NULL ORDER BY d.own_ref IS NULL, d.id LIMIT 1) AS doc_title
  FROM entries e WHERE {where}
) WHERE {names} ORDER BY registered DESC, ref
"""
# what the names of a question are looked for in, for the SQL pre-selection
_ENTRY_HAYSTACK = (
    "(ifnull(title, '') || ' ' || ifnull(addressee, '') || ' ' || ifnull(sender, '') || ' ' "
    "|| ifnull(channel, '') || ' ' || ifnull(letters, '') || ' ' || ifnull(doc_title, ''))"
)
# letters a word may have lost or changed in the question: diacritics (ä, õ, ö, ü, š, ž
# are typed a, o, u, s, z) and consonant gradation (Liit, Liidu)
_LOOSE = str.maketrans(dict.fromkeys("aouszdtgkbp", "_"))


def names_condition(query: Query, haystack: str) -> tuple[str, list[str]]:
    """A cheap SQL pre-selection for the name words: each word's stem, loosely, occurs.

    Only narrows what Python then matches exactly (``word_matches``): a LIKE pattern of
    the first letters of each word's stem, with letters that diacritics or gradation may
    change left open.
    """
    alts = []
    args: list[str] = []
    for alt in query.names:
        pats = []
        for w in alt:
            stem = _strip_ending(_strip_ending(w))
            if len(stem) >= 3:
                pats.append("%" + stem[:6].translate(_LOOSE) + "%")
        if not pats:
            return "1", []  # a phrase of short words: no pre-selection
        alts.append("(" + " AND ".join([f"{haystack} LIKE ?"] * len(pats)) + ")")
        args += pats
    return ("(" + " OR ".join(alts) + ")", args) if alts else ("1", [])


# files whose documents belong to no entry: one item per file, its main part first
_FILE_SQL = """
SELECT d.file_path, d.part, d.title, d.letter, substr(d.text, 1, 400) AS head
FROM documents d WHERE d.synthetic = 0
  AND (d.ref IS NULL OR d.ref NOT IN (SELECT ref FROM entries)) AND {where}
ORDER BY d.file_path, d.part != '', d.id
"""
# a letter sent outside the period rules its file out in SQL; files dated otherwise (by
# their name or heading) are dated in Python
_FILE_PERIOD = """d.file_path IN (SELECT file_path FROM documents WHERE part = '' AND (
    letter IS NULL OR json_extract(letter, '$.sent') IS NULL
    OR substr(json_extract(letter, '$.sent'), 1, 10) BETWEEN ? AND ?))"""


def entry_conditions(query: Query, today: dt.date) -> tuple[str, list]:
    """SQL conditions on ``entries e`` for the structured dimensions (all but names)."""
    conds, args = ["1"], []
    col = f"e.{query.date_field}"  # a fixed column name, never text of the question
    if query.period is not None:
        if query.period.start is not None:
            conds.append(f"{col} >= ?")
            args.append(query.period.start.isoformat())
        conds.append(f"{col} <= ?")
        args.append(query.period.end.isoformat())
    elif query.date_field != "registered":
        conds.append(f"{col} IS NOT NULL")  # "which entries have a deadline?"
    sql_types = [t for t in query.types if t != EMAIL]  # an e-mail is told in Python
    if sql_types:
        # matched on the folded Liik and title: a SQL function keeps the rule in one place
        conds.append("viit_type_matches(e.doc_type, e.title, ?)")
        args.append(json.dumps(sql_types))
    for col, code in (("series", query.series), ("file", query.file), ("function", query.function)):
        if code:
            conds.append(f"(e.{col} = ? OR e.{col} LIKE ?)")
            args += [code, f"{code} %"]
    if query.access == "restricted":
        conds.append(sql_in_force("e"))
        args.append(today.isoformat())
    elif query.access == "public":
        conds.append(f"NOT {sql_in_force('e')}")
        args.append(today.isoformat())
    return " AND ".join(conds), args


def _sql_functions(con) -> None:
    """The Python rules SQL conditions call (registered per connection, cheap)."""
    con.create_function("viit_type_matches", 3, _type_sql, deterministic=True)


# stems of the Liik values that say a direction; other type stems say a kind of document
_DIRECTIONS = frozenset(
    {"sissetulev", "saabunud", "incoming", "valjaminev", "valjasaadetud", "outgoing"}
)


def type_matches(doc_type: str | None, title: str | None, stems) -> bool:
    """Of the asked types: a direction by its Liik ("Väljasaadetud kiri"), a kind of
    document by its Liik or, where the Liik says only "kiri", its title ("… abi otsus")."""
    direction = [s for s in stems if s in _DIRECTIONS]
    kinds = [s for s in stems if s not in _DIRECTIONS]
    liik = words(doc_type)
    if EMAIL in kinds:
        kinds += ["e-post", "e-mail", "email", "ekiri"]
    if direction and not any(w.startswith(s) for w in liik for s in direction):
        return False
    return not kinds or any(w.startswith(s) for w in liik + words(title) for s in kinds)


def _type_sql(doc_type: str | None, title: str | None, stems_json: str) -> int:
    return int(type_matches(doc_type, title, json.loads(stems_json)))


def _entries(reader, query: Query, user: User, today: dt.date) -> list[Item]:
    _sql_functions(reader.con)
    where, args = entry_conditions(query, today)
    names, name_args = names_condition(query, _ENTRY_HAYSTACK)
    items = []
    sql = _ENTRY_SQL.format(where=where, names=names)
    for r in reader.con.execute(sql, [*args, *name_args]):
        letters = [letter_from_json(t) for t in (r["letters"] or "").split("\x1f") if t]
        if EMAIL in query.types and not _is_email(r, letters, user, today):
            continue
        # registers write an incoming letter's sender and an outgoing one's recipient in
        # the same field (Adressaat, Saabumis/saatmisviis): the Liik tells which it is
        counterpart = [r["addressee"], r["channel"]]
        came = [r["sender"], *(x.sender for x in letters)]
        went = [p for x in letters for p in (*x.recipients, *x.cc)]
        way = direction(r["doc_type"])
        if way != "out":
            came += counterpart
        if way != "in":
            went += counterpart
        items.append(
            Item(
                key=r["ref"], ref=r["ref"], title=r["title"] or r["doc_title"] or "",
                date=_iso(r["registered"]), doc_type=r["doc_type"] or "",
                correspondent=r["addressee"] or r["sender"] or "",
                names=_join(came + went), names_from=_join(came), names_to=_join(went),
                restricted=entry_restricted(r, today),
                level=r["access_level"] or "", basis=r["access_basis"] or "",
                end=_iso(r["access_end"]),
            )
        )  # fmt: skip
    return items


def _is_email(r, letters, user: User, today: dt.date) -> bool:
    """An entry that is an e-mail: its Liik says so, or (where this user may see how it
    came) it came by e-mail or its letter carries mail headers."""
    if type_matches(r["doc_type"], None, (EMAIL,)):
        return True
    if entry_restricted(r, today) and not user.cleared:
        return False  # the channel and the letter are not in the public record
    by_mail = type_matches(None, r["channel"], (EMAIL,))
    return by_mail or any(x.sender and (x.recipients or x.sent) for x in letters)


def _by_direction(doc_type: str | None, parties: str | None) -> dict[str, str]:
    """A related row's parties as those it came from or went to, by its Liik."""
    way = direction(doc_type)
    return {
        "names_from": "" if way == "out" else parties or "",
        "names_to": "" if way == "in" else parties or "",
    }


def _join(names) -> str:
    return " ".join(n for n in names if n)


def direction(doc_type: str | None) -> str | None:
    """ "in" or "out" as a Liik says it ("Sissetulev kiri", "Väljasaadetud kiri")."""
    liik = words(doc_type)
    if any(w.startswith(s) for w in liik for s in _TYPE_WORDS["incoming"]):
        return "in"
    if any(w.startswith(s) for w in liik for s in _TYPE_WORDS["outgoing"]):
        return "out"
    return None


def _files(reader, query: Query) -> list[Item]:
    """Files without a register entry, one item each.

    Dated by the letter of the file's main part, else the date in its name ("8-22262
    20.03.2024 Väljaminev kiri.asice"), else the first date in its heading (a decision's
    "14.02.2024 nr 1.1-2/24/22").
    """
    if not _files_can_match(query):
        return []
    where, args = "1", []
    if query.period is not None:
        where = _FILE_PERIOD
        args = [(query.period.start or dt.date.min).isoformat(), query.period.end.isoformat()]
    items: dict[str, Item] = {}
    for r in reader.con.execute(_FILE_SQL.format(where=where), args):
        letter = letter_from_json(r["letter"])
        path = r["file_path"]
        item = items.get(path)
        main = item is None
        if main:
            name = PurePosixPath(path).name
            item = items[path] = Item(key=name, ref=None, title="", date=None, is_file=True)
            item.path = path
            sent = letter.sent.date() if letter is not None and letter.sent else None
            item.date = sent or parse_date(name) or parse_date(r["head"])
        if letter is not None and letter.sender and (letter.recipients or letter.sent):
            item.kind = EMAIL  # .eml, .msg, or a letter with its mail headers
        if letter is not None:
            item.title = item.title or letter.subject or ""
            item.correspondent = item.correspondent or letter.sender or ""
            went = _join([*letter.recipients, *letter.cc])
            item.names_from = _join([item.names_from, letter.sender])
            item.names_to = _join([item.names_to, went])
            item.names = _join([item.names_from, item.names_to])
        item.title = item.title or r["title"] or ""
    return [i for i in items.values() if _file_in_dims(i, query)]


def _related(reader, query: Query, today: dt.date) -> list[Item]:
    """The related documents of ``query.relation``, both ways (index.records thread)."""
    owner = reader.catalog.entry(query.relation)
    owner_hidden = owner is not None and owner.restricted_on(today)
    items = []
    for r in reader.catalog.thread(query.relation, today):
        entry = reader.catalog.entry(r.ref) if r.ref else None
        items.append(
            Item(
                key=r.ref or query.relation, ref=r.ref,
                title=r.title or (entry.title if entry else "") or "",
                date=_iso(r.date), doc_type=r.doc_type or "",
                correspondent=r.parties or "",
                names=_join([r.parties, r.org]),
                **_by_direction(r.doc_type, r.parties),
                restricted=r.restricted,
                level=(entry.access_level if entry else "") or "",
                basis=(entry.access_basis if entry else "") or "",
                end=_iso(entry.access_end) if entry else None,
                cite_key=query.relation, public_record=not owner_hidden,
            )
        )  # fmt: skip
    return items


_LISTED_SQL = """
SELECT r.ref AS owner, r.rel_ref, r.title, r.date, r.doc_type, r.org, r.parties, r.restricted
FROM related r JOIN entries e ON e.ref = r.ref
WHERE r.rel_ref IS NOT NULL AND r.rel_ref NOT IN (SELECT ref FROM entries) AND {where}
ORDER BY r.ref, r.pos
"""


def _known_from_tables(reader, query: Query, user: User, today: dt.date) -> list[Item]:
    """Documents the register knows only from entries' related-document tables.

    ("5-1/31-1 COM(2022) 209 Proposal …, Riigikantselei" is listed by 5-1/54-1 and has no
    entry of its own here.) Cited by the line of the entry that lists them; not shown
    from the table of an entry restricted for this user.
    """
    if query.series or query.file or query.function or query.date_field != "registered":
        return []
    where, args = "1", []
    if not user.cleared:
        _sql_functions(reader.con)
        where = f"NOT {sql_in_force('e')}"
        args.append(today.isoformat())
    seen: dict[str, Item] = {}
    for r in reader.con.execute(_LISTED_SQL.format(where=where), args):
        if r["rel_ref"] in seen:
            continue
        item = seen[r["rel_ref"]] = Item(
            key=r["rel_ref"], ref=r["rel_ref"], title=r["title"] or "", date=_iso(r["date"]),
            doc_type=r["doc_type"] or "", correspondent=r["parties"] or "",
            names=_join([r["parties"], r["org"]]),
            **_by_direction(r["doc_type"], r["parties"]),
            restricted=bool(r["restricted"]), cite_key=r["owner"],
        )  # fmt: skip
        item.from_table = True
    return [i for i in seen.values() if _in_dims(i, query, user)]


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


# --------------------------------------------------------------------------- filtering


def _title_visible(item: Item, user: User) -> bool:
    """An entry's title is public registration data; a 🔒 row of a related table, or any
    row of a restricted entry's table, shows no title to the public."""
    if user.cleared or not (item.restricted or not item.public_record):
        return True
    return item.public_record and (not item.cite_key or bool(item.level))


def _visible_fields(
    item: Item, user: User, relation: bool, role: str | None = None
) -> tuple[list[str], list[str]]:
    """(correspondent words, title words) this user may search the item by."""
    hidden = not user.cleared and (item.restricted or not item.public_record)
    title = words(item.title) if _title_visible(item, user) else []
    if relation:
        title += words(item.doc_type)
    people = {"from": item.names_from, "to": item.names_to}.get(role or "", item.names)
    names = [] if hidden else words(people)
    return names, title


def _select(items: list[Item], query: Query, user: User) -> list[Item] | None:
    """Items matching the name/title words; None when the words match no item at all.

    Alternatives ("the Government Office (Riigikantselei)") that match nothing are left
    out. Words about the relation itself ("the reply's base document") match no related
    row and are left out too; in a plain list a phrase matching nothing means the question
    asks for something the catalog does not hold (and the text search should answer it).
    """
    relation = query.relation is not None
    if relation:
        items = [i for i in items if _in_dims(i, query, user)]
    if not query.names:
        return items
    fields = [(i, *_visible_fields(i, user, relation, query.role)) for i in items]
    if query.names_only:
        fields = [(i, n, []) for i, n, _t in fields]
    if query.role and not any(phrase_matches(a, n + t) for a in query.names for _, n, t in fields):
        # nothing came from (went to) them, but something involves them: list that, and
        # say "involving" rather than claim a direction the register may not record
        query.role = None
        fields = [(i, *_visible_fields(i, user, relation)) for i in items]
        if query.names_only:
            fields = [(i, n, []) for i, n, _t in fields]
    usable = [
        alt for alt in query.names
        if any(phrase_matches(alt, n + t) for _, n, t in fields)
    ]  # fmt: skip
    if query.names_only and len(usable) < len(query.names):
        return None
    if not usable:
        if relation:
            query.names, query.shown_names = [], []  # words about the relation itself
            return items
        return None
    query.shown_names = [
        sh for alt, sh in zip(query.names, query.shown_names, strict=True) if alt in usable
    ]
    query.names = usable
    chosen = [(i, t) for i, n, t in fields if any(phrase_matches(alt, n + t) for alt in usable)]
    if relation:
        # a row whose own title names what was asked before one that only lists it among
        # its parties ("Lastekaitse Liidu arvamused": the Liit's opinions, then the letter
        # asking nineteen parties for theirs)
        in_title = lambda t: max(sum(any(word_matches(q, v) for v in t) for q in a) for a in usable)  # noqa: E731
        chosen.sort(key=lambda it: -in_title(it[1]))
    return [i for i, _t in chosen]


def _in_dims(item: Item, query: Query, user: User) -> bool:
    """The structured dimensions, for related rows (entries are filtered in SQL).

    A kind of document may be read from the title only where the user may see the title:
    filtering by a hidden title would tell what it says.
    """
    if query.period is not None and (item.date is None or item.date not in query.period):
        return False
    title = item.title if _title_visible(item, user) else ""
    if query.types and not type_matches(item.doc_type, title, query.types):
        return False
    if query.access == "restricted" and not item.restricted:
        return False
    return not (query.access == "public" and item.restricted)


def _files_can_match(query: Query) -> bool:
    """A file has no series, file, function, restriction or deadline."""
    if query.series or query.file or query.function or query.access == "restricted":
        return False
    return query.date_field == "registered"


def _file_in_dims(item: Item, query: Query) -> bool:
    """A file's period, and a type its name or title states ("OTSUS") or it is (an
    e-mail)."""
    # a direction only as the file's name states it ("… Väljaminev kiri.asice")
    if query.types and not type_matches(item.key, f"{item.title} {item.kind}", query.types):
        return False
    return query.period is None or (item.date is not None and item.date in query.period)


# --------------------------------------------------------------------------- the answer

_NOUN = {
    "et": ("dokument", "dokumenti"),
    "en": ("document", "documents"),
}
_TEXT = {
    "et": {
        "none": "Registrist ei leitud ühtegi dokumenti{desc}.",
        "count": "{n} {noun}{desc}.",
        "first": "Esimesed {k}:",
        "more": "… ja veel {m} (küsige „järgmised” või täpsustage perioodi, liiki või sarja).",
        "page": "Dokumendid {a}-{b}:",
        "all_shown": "Kõik {n} on juba näidatud{desc}.",
        "period": "periood {label} (registreerimise kuupäev; registrikandeta failil kirja kuupäev)",
        "period_rel": "periood {label}",
        "period_deadline": "lahendamise tähtaeg {label}",
        "period_access_end": "piirangu lõpp: {label}",
        "has_deadline": "lahendamise tähtajaga",
        "type": "liik {v}",
        "series": "sari {v}",
        "file": "toimik {v}",
        "function": "funktsioon {v}",
        "restricted": "juurdepääsupiiranguga",
        "public": "avalikud",
        "names": "seotud: {v}",
        "names_from": "saatja: {v}",
        "names_to": "saaja: {v}",
        "relation": "dokumendiga {v} seotud",
        "basis": "alus",
        "until": "kuni",
        "no_ref": "viiteta",
    },
    "en": {
        "none": "The register holds no documents{desc}.",
        "count": "{n} {noun}{desc}.",
        "first": "The first {k}:",
        "more": "… and {m} more (ask for “next”, or narrow the period, type or series).",
        "page": "Items {a}-{b}:",
        "all_shown": "All {n} have been shown{desc}.",
        "period": "period {label} (registration date; for a file without an entry, its "
        "letter's date)",
        "period_rel": "period {label}",
        "period_deadline": "deadline {label}",
        "period_access_end": "restriction end: {label}",
        "has_deadline": "with a deadline",
        "type": "type {v}",
        "series": "series {v}",
        "file": "file {v}",
        "function": "function {v}",
        "restricted": "restricted",
        "public": "public",
        "names": "involving {v}",
        "names_from": "from {v}",
        "names_to": "to {v}",
        "relation": "related to {v}",
        "basis": "basis",
        "until": "until",
        "no_ref": "no reference",
    },
}


def _describe(query: Query, lang: str, kinds: list[str] | None = None) -> str:
    t = _TEXT[lang]
    parts = []
    if query.relation:
        parts.append(t["relation"].format(v=query.relation))
    if query.access:
        parts.append(t[query.access])
    if query.type_words:
        parts.append(t["type"].format(v=", ".join(kinds or query.type_words)))
    for attr in ("series", "file", "function"):
        if getattr(query, attr):
            parts.append(t[attr].format(v=getattr(query, attr)))
    if query.names:
        key = f"names_{query.role}" if query.role else "names"
        parts.append(t[key].format(v=" / ".join(query.shown_names)))
    if query.period is not None:
        key = "period_rel" if query.relation else "period"
        if query.date_field != "registered":
            key = f"period_{query.date_field}"
        parts.append(t[key].format(label=query.period.label(lang)))
    elif query.date_field == "deadline":
        parts.append(t["has_deadline"])
    return (": " + "; ".join(parts)) if parts else ""


def _line(item: Item, user: User, lang: str) -> str:
    """One listed item; a restricted one as its public registration data for the public."""
    t = _TEXT[lang]
    head = item.ref or (item.path if item.is_file else f"({t['no_ref']})")
    hidden = not user.cleared and (item.restricted or not item.public_record)
    show_title = _title_visible(item, user)
    bits = [format_date(item.date) if item.date else "", item.doc_type]
    if not hidden:
        bits.append(_short(item.correspondent))
    if item.restricted:
        bits += [item.level, item.basis and f"{t['basis']} {_short_basis(item.basis)}"]
        bits.append(item.end and f"{t['until']} {format_date(item.end)}")
    lock = " 🔒" if item.restricted else ""
    title = f" {item.title}" if item.title and show_title else ""
    shown = ", ".join(b for b in bits if b)
    return (
        f"- {head}{lock}{title}"
        + (f" ({shown})" if shown else "")
        + f" [{item.cite_key or item.key}]"
    )


# the law a basis cites ("AvTS § 35 lg 1 p 3"), before the register's explanation of it
_LAW = re.compile(r"^\w+\s*§\s*\d+\w*(?:\s*(?:lg|lõige|p|punkt|pt)\s*\d+\w*)*(?:\s*\(\d+\))?")


def _short_basis(basis: str) -> str:
    """A long basis as the law it cites; the entry's record holds the full text."""
    m = _LAW.match(basis)
    return m.group() if m and len(basis) > 60 else basis


def _short(names: str, keep: int = 3) -> str:
    """A long list of parties as its first few and how many more (never cut silently)."""
    parts = [p.strip() for p in names.split(",") if p.strip()]
    if len(parts) <= keep + 1:
        return names
    return ", ".join(parts[:keep]) + f" … (+{len(parts) - keep})"


def list_answer(
    reader,
    question: str,
    lang: str | None,
    user: User,
    today: dt.date,
    cite: Callable[[str], Citation | None] | None = None,
    ref: str | None = None,
    conversation: Conversation | None = None,
) -> Answer | None:
    """A cited list or count answering ``question`` from the catalog; None if not one.

    ``cite(key)`` gives the citation of an entry's registration record (or a file's
    document) as this user may see it; a related row is cited by the line of the entry's
    own document that lists it. ``ref``: the entry a follow-up leans on (see
    :func:`assistant.followup.follow_up_entry`), for "which documents are linked to it?".
    ``conversation``: lets "next"/"järgmised" show the next page of the last list.
    """
    question = " ".join(question.split())
    offset = 0
    asked = question
    if conversation is not None and (paged := next_page(question, conversation)) is not None:
        asked, offset, ref = paged
    elif conversation is not None and (narrowed := narrow(question, conversation)) is not None:
        asked = narrowed
    lang = lang or question_lang(asked)
    found = find_items(reader, asked, user, today, ref)
    if found is None:
        return None
    query, chosen = found
    return _render(reader, question, lang, user, today, query, chosen, cite, offset)


# "next", "show more", "järgmised", "ülejäänud": the next page of the last list
_MORE = re.compile(
    r"^\W*(?:and |ja |aga )?(?:show |list |give |naita |naidake |anna )?(?:me )?(?:the )?"
    r"(?:next|more|rest|remaining|others|the others|jargmised|jargmine|ulejaanud|"
    r"ulejaanud|veel|edasi)\b(?:\s+\w+){0,3}\W*$"
)
_LISTED_LINE = re.compile(r"^- .*\[[^\]]+\]$", re.M)


# "which of them", "neist", "nende hulgast": a question about the items of the last list
_OF_THEM = re.compile(
    r"\b(?:of them|of these|of those|among them|among these|those|these|them|neist|nendest|"
    r"nende (?:hulgast|seast|hulgas|seas)|nende|neid)\b"
)


def narrow(question: str, conversation: Conversation) -> str | None:
    """The last list question with this one's conditions added ("and which of them are
    from 2025?"), or None if this question does not narrow a list."""
    turns = conversation.turns
    if not turns or not _narrows(question) or not _LISTED_LINE.search(turns[-1].answer):
        return None
    if _MORE.match(fold(turns[-1].question)):
        return None
    return f"{_asked(turns, len(turns) - 1)} {_own(question)}"


def _narrows(question: str) -> bool:
    return _OF_THEM.search(fold_keep_length(question)) is not None


def _own(question: str) -> str:
    m = _OF_THEM.search(fold_keep_length(question))
    return " ".join((question[: m.start()] + " " + question[m.end() :]).split())


def _asked(turns, i: int) -> str:
    """What turn ``i`` asked in full: a narrowing question with the list it narrowed."""
    q = turns[i].question
    if i > 0 and _narrows(q) and _LISTED_LINE.search(turns[i - 1].answer):
        return f"{_asked(turns, i - 1)} {_own(q)}"
    return q


def next_page(question: str, conversation: Conversation) -> tuple[str, int, str | None] | None:
    """(the list question, items already shown, its related entry) for "next", else None."""
    if not _MORE.match(fold(question)):
        return None
    shown = 0
    turns = conversation.turns
    for i in range(len(turns) - 1, -1, -1):
        listed = len(_LISTED_LINE.findall(turns[i].answer))
        if not listed:
            return None
        shown += listed
        if not _MORE.match(fold(turns[i].question)):
            asked = _asked(turns, i)
            refs = find_refs(asked)
            return asked, shown, refs[0] if refs else None
    return None


# words of a Liik that say nothing about the kind: nearly everything is a letter
_GENERIC_LIIK = frozenset({"kiri", "dokument", "document", "letter", "muu", "other"})


def _liik_words(reader, query: Query) -> None:
    """Question words naming a Liik the catalog holds ("memorandumid" for a register with
    "Memorandum" entries) become a type, even if the type table does not know them."""
    if not query.names:
        return
    rows = reader.con.execute(
        "SELECT DISTINCT doc_type FROM entries UNION SELECT DISTINCT doc_type FROM related"
    )
    liik = {w for (value,) in rows for w in words(value) if len(w) >= 4} - _GENERIC_LIIK
    kept, shown = [], []
    for alt, sh in zip(query.names, query.shown_names, strict=True):
        own = [w for w in alt if not any(word_matches(w, v) for v in liik)]
        for w in alt:
            for v in liik:
                if w not in own and word_matches(w, v) and v not in query.types:
                    query.types += (v,)
                    query.type_words += (w,)
        if own:
            kept.append(own)
            shown.append(sh if len(own) == len(alt) else " ".join(own))
    query.names, query.shown_names = kept, shown


def find_items(
    reader, question: str, user: User, today: dt.date, ref: str | None = None
) -> tuple[Query, list[Item]] | None:
    """The parsed question and every item it lists (all of them, in the order shown)."""
    query = parse(question, today, ref)
    if query is None:
        return None
    _liik_words(reader, query)
    everything = _EVERYTHING.search(fold(question)) and _ITEMS.search(fold(question))
    if not query.dimensions() and not everything:
        return None  # "which documents are linked to it?" with no "it" known
    if query.relation:
        if reader.catalog.entry(query.relation) is None:
            return None  # the answerer says the reference is unknown
        items = _related(reader, query, today)
    else:
        items = _entries(reader, query, user, today) + _files(reader, query)
        items += _known_from_tables(reader, query, user, today)
    chosen = _select(items, query, user)
    if chosen is None:
        return None

    if not query.relation:
        chosen.sort(key=lambda i: (i.date is None, -(i.date.toordinal() if i.date else 0), i.key))
    return query, chosen


def _render(reader, question, lang, user, today, query, chosen, cite, offset=0) -> Answer:
    t = _TEXT[lang]
    kinds = None
    if query.types and set(query.types) <= _DIRECTIONS:
        kinds = list(dict.fromkeys(i.doc_type for i in chosen if i.doc_type))
    desc = _describe(query, lang, kinds)
    if not chosen:
        return Answer(question, t["none"].format(desc=desc), lang, found=False)
    n = len(chosen)
    if offset >= n:
        return Answer(question, t["all_shown"].format(n=n, desc=desc), lang, found=False)
    noun = _NOUN[lang][0 if n == 1 else 1]
    head = t["count"].format(n=n, noun=noun, desc=desc)
    shown = chosen[offset : offset + MAX_LISTED]
    if offset:
        head += " " + t["page"].format(a=offset + 1, b=offset + len(shown))
    elif n > MAX_LISTED:
        head += " " + t["first"].format(k=MAX_LISTED)
    lines = [head, *(_line(i, user, lang) for i in shown)]
    if n > offset + len(shown):
        lines.append(t["more"].format(m=n - offset - len(shown)))
    answer = Answer(question, for_user("\n".join(lines), user), lang)
    cite = cite or catalog_citer(reader, user, today)
    seen: set[tuple] = set()
    for item in shown:
        if item.cite_key and (item.public_record or user.cleared):
            # a related row: the line of the entry's own document that lists it
            needle = item.ref or (format_date(item.date) if item.date else None)
            # a 🔒 row is not in the entry's text: the entry itself is cited
            cit = line_citation(reader, item.cite_key, needle) or cite(item.cite_key)
        else:
            # an entry, a file, or a row of an entry restricted for this user: cited by the
            # entry's registration record
            cit = cite(item.cite_key or item.path or item.key)
        if cit is None or (cit.doc_id, cit.start) in seen:
            continue
        seen.add((cit.doc_id, cit.start))
        cit.quote, cit.title = for_user(cit.quote, user), for_user(cit.title, user)
        answer.citations.append(cit)
        if item.restricted and item.ref:
            answer.restricted_refs.append(item.ref)
    return answer


# --------------------------------------------------------------------------- citations


def catalog_citer(reader, user: User, today: dt.date) -> Callable[[str], Citation | None]:
    """``cite(key)`` for this user: an entry's registration data, or a file's first lines.

    A restricted entry is cited, for a public user, by its public registration record only.
    """

    def cite(key: str) -> Citation | None:
        entry = reader.catalog.entry(key)
        if entry is not None:
            hidden = entry.restricted_on(today)
            docs = reader.catalog.documents_of(key)
            if hidden and not user.cleared:
                docs = [d for d in docs if d.synthetic]
            else:
                docs = [d for d in docs if not d.synthetic]
            for d in docs:
                row = reader.catalog.document(d.id)
                # the whole public record, or the line of the entry's text naming it
                start, end = (0, len(row.text)) if d.synthetic else _line_span(row.text, key)
                cit = Citation.of(reader.catalog, row, start, end)
                cit.restricted = hidden and user.cleared
                return cit
            return None
        for d in reader.catalog.documents_by_file(key):
            if d.ref and reader.catalog.entry(d.ref) is not None:
                return None
            row = reader.catalog.document(d.id)
            if not row.text.strip():
                continue
            start, end = _line_span(row.text, None)
            return Citation.of(reader.catalog, row, start, end)
        return None

    return cite


def line_citation(reader, ref: str, needle: str | None) -> Citation | None:
    """The line of the entry's own document that holds ``needle`` (a related row)."""
    entry = reader.catalog.entry(ref)
    if entry is None or not needle:
        return None
    for d in reader.catalog.documents_of(ref):
        if d.synthetic:
            continue
        row = reader.catalog.document(d.id)
        for m in re.finditer(re.escape(needle), row.text):
            start = row.text.rfind("\n", 0, m.start()) + 1
            end = row.text.find("\n", m.end())
            end = len(row.text) if end < 0 else end
            return Citation.of(reader.catalog, row, start, end)
    return None


def _line_span(text: str, needle: str | None) -> tuple[int, int]:
    """The line holding ``needle``, else the first non-empty line."""
    pos = text.find(needle) if needle else -1
    if pos < 0:
        pos = len(text) - len(text.lstrip())
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end
