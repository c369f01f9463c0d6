"""What the e-mail readers (.eml, .msg) share: charset decoding, HTML bodies, the header
block of the letter section, and reading attachments through the dispatcher.

Both readers give the same shape, so that a letter reads the same whichever way it was
saved: one body section that starts with the Estonian header lines a register shows
(Saatja, Saadetud, Adressaat, Koopia, Teema, Manused), then the body text.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import mimetypes
import re
from pathlib import PurePath

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, ProcessingInstruction
from charset_normalizer import from_bytes

from ingest.model import SECTION_BODY, Document, Letter, ReadError, Section
from ingest.readers._clean import collapse_spaces, tidy

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: dt.tzinfo | None = ZoneInfo("Europe/Tallinn")
except Exception:  # no tz database: keep the sender's own offset
    LOCAL_TZ = None

# Declared charsets whose real-world senders use a superset: decoding with the superset
# gives the same text for valid input and the right characters for the usual "misuse"
# (Windows quotes in ISO-8859-1 mail, NEC/IBM extensions in Shift_JIS).
_SUPERSETS = {
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "utf-8",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "iso8859_9": "cp1254",
}

# Legacy one-byte charsets, in which any byte string decodes without error.
_SINGLE_BYTE = {
    "latin_1",
    "iso8859_1",
    "cp1252",
    "iso8859_15",
    "iso8859_4",
    "iso8859_13",
    "cp1257",
    "iso8859_2",
    "cp1250",
}

_NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)
_WHITESPACE = re.compile(r"\s+")
_BOUNDARY = "\x1e"  # stands for "a block starts or ends here" until the text is built
_BOUNDARY_RUN = re.compile(r"[ \t]*\x1e[\x1e \t]*")

# Block elements end a line when an HTML body is turned into text.
_BLOCK_TAGS = [
    *("p", "div", "br", "tr", "li", "ul", "ol", "table", "blockquote", "pre", "hr"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "address", "section", "article", "header"),
    *("footer", "dt", "dd"),
]


def decode_text(payload: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode body bytes; returns the text and a warning when the charset had to be guessed.

    Never fails: an unknown or wrong charset falls back to detection, then to replacement
    characters, because a letter with a few odd characters is better than no letter.
    """
    label = (declared or "").strip().strip("\"'")
    codec = _codec(label) if label else "ascii"
    if codec is not None and codec in _SINGLE_BYTE and not payload.isascii():
        try:  # UTF-8 mail labelled with a legacy charset; latin text is never valid UTF-8
            return payload.decode("utf-8"), f"declared charset '{label}' but text is UTF-8"
        except UnicodeDecodeError:
            pass
    if codec is not None:
        try:
            return payload.decode(_SUPERSETS.get(codec, codec)), None
        except UnicodeDecodeError:
            pass
        if codec == "cp1252" or _SUPERSETS.get(codec) == "cp1252":
            return payload.decode("latin-1"), None  # every byte is valid ISO-8859-1
    if codec is None:
        problem = f"unknown charset '{label}'"
    elif label:
        problem = f"text not valid in declared charset '{label}'"
    else:
        problem = "no charset declared and text is not UTF-8"
    best = from_bytes(payload).best()
    if best is not None:
        return str(best), f"{problem}; decoded as {best.encoding}"
    text = payload.decode(_SUPERSETS.get(codec or "", codec or "utf-8"), errors="replace")
    return text, f"{problem}; undecodable bytes replaced"


def unflow(text: str, delsp: bool) -> str:
    """Undo RFC 3676 format=flowed: a line ending in a space continues on the next line.

    Without this, flowed mail arrives cut into 72-character lines mid-sentence.
    """
    out: list[str] = []
    carry = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(" "):  # space-stuffing
            line = line[1:]
        if line.endswith(" ") and line != "-- ":
            carry += line[:-1] if delsp else line
            continue
        out.append(carry + line)
        carry = ""
    if carry:
        out.append(carry)
    return "\n".join(out)


def _codec(label: str) -> str | None:
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def html_to_text(html: str | bytes) -> str:
    """Readable text of an HTML body, laid out as a mail client shows it.

    Source line breaks mean nothing in HTML; ``<br>`` and block elements make lines.
    Adjacent block boundaries count once, so ``<p>a</p><p>b</p>`` gives two lines while
    an empty paragraph (``<p>&nbsp;</p>``, ``<div><br></div>``) still gives a blank line.
    """
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title", "template"]):
        tag.decompose()
    for node in soup.find_all(string=lambda s: isinstance(s, _NOT_TEXT)):
        node.extract()  # a doctype or comment would otherwise come out as text
    for string in soup.find_all(string=True):
        if string.find_parent("pre") is None:
            string.replace_with(_WHITESPACE.sub(" ", str(string)))
    for tag in soup.find_all(_BLOCK_TAGS):
        if tag.name == "br":
            tag.replace_with("\n")
        else:
            tag.insert_before(_BOUNDARY)
            tag.insert_after(_BOUNDARY)
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" ")
    text = _BOUNDARY_RUN.sub("\n", soup.get_text())
    return tidy(collapse_spaces(text))


def header_text(value: object) -> str:
    """A header value on one line, with single spaces."""
    return " ".join(str(value).split())


def unescape_8bit(raw: str) -> str:
    """Raw 8-bit header bytes (kept by the parser as surrogate escapes) as real text.

    Mail software often writes Estonian names in headers unencoded; the standard
    parser turns such bytes into U+FFFD. They are UTF-8 in new mail and Windows-1252
    in old mail, so decode as UTF-8 and fall back to Windows-1252.
    """
    if not any("\udc80" <= ch <= "\udcff" for ch in raw):
        return raw
    data = raw.encode("utf-8", "surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def format_address(name: str | None, address: str | None) -> str:
    """'Name <addr>' as registers print it; either part alone when the other is missing."""
    name = " ".join((name or "").split()).strip("\"'")
    address = (address or "").strip()
    if address and "@" in address and address.casefold() != name.casefold():
        return f"{name} <{address}>" if name else address
    return name or address


def parse_addresses(value: str | None) -> list[str]:
    """Split an address header into formatted addresses."""
    if not value:
        return []
    out = [format_address(n, a) for n, a in email.utils.getaddresses([value])]
    return [a for a in out if a]


def local_time(when: dt.datetime | None) -> dt.datetime | None:
    """Aware times in Estonian local time, as staff read them in the register."""
    if when is None or when.tzinfo is None or LOCAL_TZ is None:
        return when
    return when.astimezone(LOCAL_TZ)


def letter_section(letter: Letter, body: str) -> Section:
    """The letter's one section: header lines, a blank line, the body."""
    lines = []
    if letter.sender:
        lines.append(f"Saatja: {letter.sender}")
    if letter.sent:
        lines.append(f"Saadetud: {letter.sent:%d.%m.%Y %H:%M}")
    if letter.recipients:
        lines.append(f"Adressaat: {'; '.join(letter.recipients)}")
    if letter.cc:
        lines.append(f"Koopia: {'; '.join(letter.cc)}")
    if letter.subject:
        lines.append(f"Teema: {letter.subject}")
    if letter.attachments:
        lines.append(f"Manused: {'; '.join(letter.attachments)}")
    text = "\n".join(lines)
    body = tidy(body)
    if body:
        text = f"{text}\n\n{body}" if text else body
    return Section(text=text, kind=SECTION_BODY)


def attachment_name(filename: str | None, content_type: str | None, index: int) -> str:
    """The attachment's own name, or 'manus-N.ext' with the extension its type implies."""
    name = header_text(filename).replace("/", "_").replace("\\", "_") if filename else ""
    if name and PurePath(name).suffix:
        return name
    ext = mimetypes.guess_extension((content_type or "").split(";")[0].strip().lower()) or ""
    return f"{name or f'manus-{index}'}{ext}"


def add_attachment(doc: Document, data: bytes, name: str) -> None:
    """Read one attachment into doc.parts; a failure becomes a warning on the letter."""
    from ingest.readers import IGNORED_SUFFIXES, Unsupported, read_bytes

    try:
        doc.parts.append(read_bytes(data, name))
    except Unsupported:
        suffix = PurePath(name).suffix.lower()
        is_image = (mimetypes.guess_type(name)[0] or "").startswith("image/")
        if not is_image and suffix not in IGNORED_SUFFIXES:  # pictures, signatures: no news
            doc.warnings.append(f"attachment '{name}' not read: unsupported file type")
    except ReadError as exc:
        doc.warnings.append(f"attachment '{name}' not read: {exc}")
