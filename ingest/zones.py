"""The parts of a letter that are not its message.

A registered letter carries much besides what it says: the mail header block
(Saatja/Saadetud/Teema, From/Sent/Subject), the quoted or forwarded earlier message, a
signature with titles and phone numbers, the mail system's warning ("TÄHELEPANU! Tegemist
on väljastpoolt asutust saabunud kirjaga"), confidentiality disclaimers, link and image
lines, the list of signatories; a web page adds its menus, banners and headings. All of it
stays searchable, but an answer quotes the message unless the question asks for what
these parts hold (a phone number, who signed). :func:`mark` finds them by their form, not
by any one letter's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.fields import parse_letter_headers

MESSAGE = "message"
HEADER = "header"  # a mail header block: sender, date, recipients, subject
QUOTED = "quoted"  # an earlier message quoted or forwarded below this one
SIGNATURE = "signature"  # closing formula, name, title, organisation
CONTACT = "contact"  # phone, e-mail, web address, postal address lines
NOTICE = "notice"  # mail system warnings, disclaimers, web banners
LINK = "link"  # a line that is only a link, an image or an attachment name
LISTING = "listing"  # a long list of names (signatories, member organisations)
HEADING = "heading"  # a title or FAQ heading: names a topic, states nothing

#: What a question must ask for before a sentence of each part answers it.
ASKS_FOR = {
    SIGNATURE: r"allkirj|sign|kes kirjut|alla ?kirjut|who wrote|ametinimetus|ametikoht|job title"
    r"|position"
    r"|organisatsioon|organi[sz]ation|asutus",
    CONTACT: r"telefon|phone|e-?mail|e-?post|meil|aadress|address|contact|kontakt|website"
    r"|veebi|koduleh",
    LISTING: r"allkirj|sign|organisatsioon|organi[sz]ation|liikme|member|list|nimekiri"
    r"|milli(?:sed|st)|which|who",
    HEADER: r"saat|sent\b|teema|subject|adressaat|kellele|to whom|koopia|\bcc\b"
    r"|manus|attach",
    QUOTED: r"eelmi|previous|earlier|algne|original|forward|edasta",
    NOTICE: r"hoiatus|warning|disclaimer|konfidents|confidential",
}


@dataclass(frozen=True)
class Zone:
    start: int
    end: int
    kind: str


_CLOSING = re.compile(
    r"^\s*(?:lugupidamisega|parimate soovidega|heade soovidega|tervitades|tervitusega|"
    r"parimat|kõike head|koike head|aitäh|tänan|(?:with )?(?:best|kind|warm)(?:est)? "
    r"(?:regards|wishes)|regards|sincerely|yours (?:sincerely|faithfully|truly)|"
    r"respectfully|cheers|thank you|thanks|met vriendelijke groet|mit freundlichen grüßen|"
    r"cordialement|vastust (?:ootama jäädes|oodates)|looking forward to (?:your|hearing)[^.]*|"
    # a decision or order has no closing formula: the digital signature mark opens the block
    r"[(/]?\s*(?:allkirjastatud digitaalselt|digitaalselt allkirjastatud|digitally signed|"
    r"signed digitally)\s*[)/]?)"
    r"[\s,.!]*$",
    re.I,
)
_SIG_DASHES = re.compile(r"^\s*--(?:\s|$)")
_QUOTE_START = re.compile(
    r"^\s*(?:-{2,}\s*(?:original message|forwarded message|edastatud kiri|algne kiri|"
    r"algne sõnum|originaalsõnum)\s*-{2,}|(?:on|kuupäeval) .{5,120}(?:wrote|kirjutas)\s*:"
    r"|.{5,120}\s(?:wrote|kirjutas)\s*:\s*$|begin forwarded message\s*:"
    r"|(?:from|saatja|kellelt)\s?:\s.+(?:\n|\s+)(?:sent|date|saadetud|kuupäev)\s?:)",
    re.I | re.M,
)
_QUOTE_LINE = re.compile(r"^\s*>")
_NOTICE = re.compile(
    r"tähelepanu!|tahelepanu!|tegemist on väljastpoolt|väljastpoolt asutust|"
    r"confidential(?:ity)? (?:notice|note)|this (?:e-?mail|message)(?: and any attachments)?"
    r" (?:is|are|may be|contains?) (?:confidential|intended|privileged)|disclaimer|"
    r"käesolev (?:e-?kiri|kiri) (?:ja selle manused )?(?:võib|on) |"
    r"skip to (?:main )?content|an official website of|here'?s how you know|"
    r"(?:secure|official) websites use|captcha|enable javascript|javascript is disabled|"
    r"we use cookies|kasutame küpsiseid|sign up for (?:email|e-mail) updates|"
    r"share sensitive information only|back to top|print this page|"
    r"please consider the environment|mõtle keskkonnale",
    re.I,
)
_PHONE = re.compile(
    r"(?:\+\d{3}|\btel\b\.?|\btelefon|\bmob\b\.?|\bphone\b|\bfax\b)[\s:.]*[\d ()+-]{5,}", re.I
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\[email[^\]]*protected\]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_LINK_LINE = re.compile(
    r"^\s*(?:\[[^\]]{0,120}\](?:\([^)]*\))?|<[^>]+>|!\[[^\]]*\]\([^)]*\)|\[?cid:\S+\]?|"
    r"\[image:[^\]]*\]|[\w.-]+\.(?:png|jpe?g|gif|bmp|pdf|docx?|xlsx?|asice|bdoc)(?:;\s*[\w.-]+)*)\s*$",
    re.I,
)
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,3}[.)]|[-•*–])\s+\S")
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = re.compile(r"[.!:;]\s*$")
# a run of this many short list items is a listing of names, not points of the message
LISTING_RUN = 5
LISTING_WORDS = 16
# a signature's lines are short, and follow each other closely
SIGNATURE_WORDS = 12
SIGNATURE_GAP = 400


def mark(text: str, body_start: int = 0) -> list[Zone]:
    """The parts of ``text`` that are not the message, sorted by start.

    ``body_start`` is where the letter starts in ``text`` (after register metadata), so
    that its mail header block is found. A quoted or forwarded message is one
    :data:`QUOTED` zone, and its own header, signature and the like are marked inside it
    too: the most specific part wins (:func:`kind_at`). A signature is one zone from the
    closing formula over the short lines after it (name, title, organisation, contacts),
    so that "what is X's job title" can quote the whole block.
    """
    zones: list[Zone] = []
    heads = parse_letter_headers(text[body_start:])
    if heads is not None and heads.end > 0:
        zones.append(Zone(body_start, body_start + heads.end, HEADER))
    own_start = body_start + (heads.end if heads else 0)
    starts = quoted_letters(text, own_start)
    if starts and _thin(text[own_start : starts[0]]):
        # a forward with nothing of its own: the forwarded message is the message, its
        # header block a header, and only what it quotes in turn is quoted
        inner = parse_letter_headers(text[starts[0] :])
        if inner is not None:
            zones.append(Zone(starts[0], starts[0] + inner.end, HEADER))
            starts = [q for q in starts if q >= starts[0] + inner.end]
    for n, q in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        zones.append(Zone(q, len(text), QUOTED))
        inner = parse_letter_headers(text[q:end])
        if inner is not None and inner.end:
            zones.append(Zone(q, q + inner.end, HEADER))
    headers = [z for z in zones if z.kind == HEADER]
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", text) if m.end() > m.start()]
    signature: list[int] | None = None  # [start, end] of the signature block being read
    run: list[tuple[int, int]] = []

    def flush_run() -> None:
        if len(run) >= LISTING_RUN:
            zones.append(Zone(run[0][0], run[-1][1], LISTING))
        run.clear()

    def flush_signature() -> None:
        nonlocal signature
        if signature is not None:
            zones.append(Zone(signature[0], signature[1], SIGNATURE))
        signature = None

    for s, e in lines:
        if s in starts:
            flush_signature()
        if any(z.start <= s < z.end for z in headers):
            continue
        line = text[s:e]
        words = _WORD.findall(line)
        if not line.strip():
            continue
        if _SIG_DASHES.match(line) or _CLOSING.match(line):
            if signature is not None and e - signature[1] < SIGNATURE_GAP:
                signature[1] = e  # "Lugupidamisega" over "(allkirjastatud digitaalselt)"
            else:
                flush_signature()
                signature = [s, e]
            continue
        if signature is not None:
            if len(words) <= SIGNATURE_WORDS and e - signature[1] < SIGNATURE_GAP:
                signature[1] = e
                continue
            flush_signature()
        kind = None
        if _QUOTE_LINE.match(line):
            kind = QUOTED
        elif _NOTICE.search(line):
            kind = NOTICE
        elif _LINK_LINE.match(line):
            kind = LINK
        elif (_PHONE.search(line) or _EMAIL.search(line) or _URL.search(line)) and len(
            words
        ) <= SIGNATURE_WORDS:
            kind = CONTACT
        if (
            _LIST_ITEM.match(line)
            and len(words) <= LISTING_WORDS
            and not _SENTENCE_END.search(line)
        ):
            run.append((s, e))
        else:
            flush_run()
        if kind is not None:
            zones.append(Zone(s, e, kind))
    flush_run()
    flush_signature()
    zones.sort(key=lambda z: (z.start, -(z.end - z.start)))
    return zones


def _thin(text: str) -> bool:
    """Hardly any words of its own (a bare forward, a greeting)."""
    return len(_WORD.findall(text)) < 12


def quoted_letters(text: str, start: int = 0) -> list[int]:
    """Offsets where quoted or forwarded messages start, in order."""
    out = []
    while (m := _QUOTE_START.search(text, start)) is not None:
        out.append(m.start() + len(m.group()) - len(m.group().lstrip()))
        start = m.end()
    return out


def kind_at(zones: list[Zone], start: int, end: int) -> str:
    """The part that holds most of ``[start, end)``: a specific part (signature, header
    ...) before the quoted message around it; :data:`MESSAGE` if none holds half of it."""
    if not zones or end <= start:
        return MESSAGE
    best, best_len, quoted = MESSAGE, 0, 0
    for z in zones:
        if z.start >= end:
            break
        overlap = min(end, z.end) - max(start, z.start)
        if overlap <= 0:
            continue
        if z.kind == QUOTED:
            quoted = max(quoted, overlap)
        elif overlap > best_len:
            best, best_len = z.kind, overlap
    if best_len * 2 >= end - start:
        return best
    return QUOTED if quoted * 2 >= end - start else MESSAGE


def quoted(zones: list[Zone], start: int) -> bool:
    """Whether ``start`` lies in a quoted or forwarded earlier message."""
    return any(z.kind == QUOTED and z.start <= start < z.end for z in zones)


def blocks(zones: list[Zone], kind: str) -> list[Zone]:
    return [z for z in zones if z.kind == kind]


def own_signature(zones: list[Zone]) -> Zone | None:
    """The letter's own signature block: the last one outside the messages it quotes."""
    own = [z for z in zones if z.kind == SIGNATURE and not quoted(zones, z.start)]
    return own[-1] if own else None


def signer_lines(block: str) -> list[str]:
    """The lines of a signature block that name the signer: its name, title and
    organisation, without the closing formula, the signature mark, contact lines or the
    lines of numbers a letter puts there ("Meie 20.03.2024 nr 8-2/2262"): names and
    titles hold no digits."""
    lines = (line.strip() for line in block.splitlines())
    return [x for x in lines if x and not _CLOSING.match(x) and not _SIG_DASHES.match(x)
            and not is_contact(x) and not re.search(r"\d", x)]  # fmt: skip


def is_contact(line: str) -> bool:
    """A letterhead or contact line: an address, a phone number, an e-mail or web address."""
    return bool(_PHONE.search(line) or _EMAIL.search(line) or _URL.search(line))


def is_heading(sentence: str) -> bool:
    """A title or FAQ heading: short, no verb-carrying punctuation, or a bare question."""
    s = sentence.strip()
    words = _WORD.findall(s)
    if not words:
        return True
    if s.endswith("?"):
        return True
    return len(words) <= 8 and not _SENTENCE_END.search(s) and not re.search(r"\d", s)
