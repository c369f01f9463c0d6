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
from pathlib import PurePath

from bs4 import BeautifulSoup
from charset_normalizer import from_bytes

from ingest.model import SECTION_BODY, Document, Letter, ReadError, Section
from ingest.readers._clean import collapse_spaces, tidy

try:
    from zoneinfo import ZoneInfo

    LOCAL_TZ: dt.tzinfo | None = ZoneInfo("Europe/Tallinn")
except Exception:  # noqa: BLE001 - no tz database: keep the sender's own offset
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
_SINGLE_BYTE = {"latin_1", "iso8859_1", "cp1252", "iso8859_15", "iso8859_4", "iso8859_13",
                "cp1257", "iso8859_2", "cp1250"}

# Block elements end a line when an HTML body is turned into text.
_BLOCK_TAGS = (
    "p div br tr li ul ol table h1 h2 h3 h4 h5 h6 blockquote pre hr address section "
    "article header footer dt dd"
).split()


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
    best = from_bytes(payload).best()
    if best is not None:
        guessed = str(best)
        what = f"unknown charset '{label}'" if label and codec is None else "undeclared charset"
        if label and codec is not None:
            what = f"text not valid in declared charset '{label}'"
        return guessed, f"{what}; decoded as {best.encoding}"
    fallback = codec or "utf-8"
    return (
        payload.decode(fallback, errors="replace"),
        f"charset '{label or 'none'}' could not be decided; undecodable bytes replaced",
    )


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
    """Readable text of an HTML body: block elements on their own lines, no markup."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head", "title", "template"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        if tag.name == "br":
            tag.replace_with("\n")
        else:
            tag.insert_before("\n")
            tag.insert_after("\n")
    for cell in soup.find_all(["td", "th"]):
        cell.insert_after(" ")
    return tidy(collapse_spaces(soup.get_text()))


def header_text(value: object) -> str:
    """A header as clean text; raw 8-bit bytes (surrogate-escaped) are decoded as UTF-8
    or, failing that, Windows-1252."""
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raw = text.encode("utf-8", "surrogateescape")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    return " ".join(text.split())


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
    from ingest.readers import read_bytes, supported

    if not supported(name):
        if not (mimetypes.guess_type(name)[0] or "").startswith("image/"):
            doc.warnings.append(f"attachment '{name}' not read: unsupported file type")
        return
    try:
        doc.parts.append(read_bytes(data, name))
    except ReadError as exc:
        doc.warnings.append(f"attachment '{name}' not read: {exc}")
