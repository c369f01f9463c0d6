"""Plain text and Markdown (.txt, .md): register exports, letters as text, anything else.

Three kinds of text reach this reader:

(a) a register entry exported from a public view: a ``| field | value |`` metadata table,
    the e-mailed letter (headers and body), then a related-documents table;
(b) a letter without register metadata (an attachment converted to text): headers, body;
(c) any other text, kept as its paragraphs.

Text files come from many machines, so decoding is deliberately forgiving (BOMs, UTF-16
without BOM, Baltic and Western code pages) but refuses what looks binary.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

import charset_normalizer

from ingest.fields import (
    RELATED_LABELS,
    build_entry,
    build_related,
    metadata_section,
    normalize_label,
    parse_letter_headers,
    related_section,
)
from ingest.model import SECTION_BODY, Document, Entry, Letter, ReadError, Related, Section

# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte code pages an Estonian file may be in; they differ mainly on š and ž.
_ESTONIAN_CODEPAGES = ("cp1257", "iso8859_15", "cp1252")
_ESTONIAN_LETTERS = frozenset("šžŠŽõÕäÄöÖüÜ")
# What a wrong single-byte guess typically produces in Estonian text (š/ž as ð, þ, ¨, ¸ ...).
_MOJIBAKE = frozenset("ðþÐÞ¨¸Øø´¤¦") | frozenset(chr(c) for c in range(0x80, 0xA0))
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def decode_text(data: bytes) -> str:
    """Decode a text file's bytes; raise ReadError for what looks binary.

    Order: BOM, UTF-16 without BOM (NULs in every other byte), UTF-8, then a charset
    guess; when the guess is a Latin single-byte code page, cp1257 / ISO-8859-15 / cp1252
    are compared so that Estonian š and ž come out right.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(f"binary or unknown encoding: invalid {encoding} text") from exc
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise ReadError("binary or unknown encoding: the file contains NUL bytes")
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ReadError(f"binary or unknown encoding: invalid {encoding} text") from exc
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data)
    if _looks_binary(text):
        raise ReadError("binary or unknown encoding: the text is mostly control characters")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / len(sample[0::2])
    odd = sample[1::2].count(0) / len(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_legacy(data: bytes) -> str:
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise ReadError("binary or unknown encoding: no character set fits the bytes")
    candidates = [(best.encoding, str(best))]
    latin = best.encoding.startswith(("cp125", "iso8859", "latin", "mac_", "cp8"))
    if latin:
        for encoding in _ESTONIAN_CODEPAGES:
            try:
                candidates.append((encoding, data.decode(encoding)))
            except UnicodeDecodeError:
                continue
    # max() keeps the first of equal scores, i.e. the detector's own guess.
    return max(candidates, key=lambda c: _estonian_score(c[1]))[1]


def _estonian_score(text: str) -> int:
    return sum(ch in _ESTONIAN_LETTERS for ch in text) - 5 * sum(ch in _MOJIBAKE for ch in text)


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    bad = sum(
        1
        for ch in text
        if ch == "\ufffd" or (unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    )
    return bad / len(text) > 0.02


# --------------------------------------------------------------------------- cleaning

_MD_LINK = re.compile(r"!?\[((?:[^\[\]\\]|\\.)*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_ESCAPE = re.compile(r"\\([()\[\]*_#|`])")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))


def clean_markup(text: str) -> str:
    """Make Markdown readable and citable: ``[text](url)`` -> ``text``, ``**x**`` -> ``x``,
    ``\\(`` -> ``(``. Other text (``[email protected]``, a lone ``*``) is left as it is."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    return _MD_ESCAPE.sub(r"\1", text)


def tidy(text: str) -> str:
    """Uniform line ends, no trailing spaces, whitespace-only lines empty, at most one
    blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    lines = [line.rstrip() if line.strip() else "" for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------- tables

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_SEPARATOR_ROW = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") else line
    return [c.strip().replace("\\|", "|") for c in _CELL_SPLIT.split(line)]


def _segments(text: str) -> list[tuple[str, list[str]]]:
    """Split text into ("table", lines) runs of ``|`` lines and ("text", lines) runs."""
    segments: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        kind = "table" if line.lstrip().startswith("|") else "text"
        if segments and segments[-1][0] == kind:
            segments[-1][1].append(line)
        else:
            segments.append((kind, [line]))
    return segments


def _table_rows(lines: list[str]) -> list[list[str]]:
    return [_cells(line) for line in lines if not _SEPARATOR_ROW.match(line.strip())]


def _is_related_header(row: list[str]) -> bool:
    return sum(normalize_label(c) in RELATED_LABELS for c in row) >= 3


def _related_rows(rows: list[list[str]], warnings: list[str]) -> list[Related]:
    header, out = rows[0], []
    for row in rows[1:]:
        if len(row) != len(header):
            warnings.append(f"related-documents row with {len(row)} cells, expected {len(header)}")
        related = build_related(zip(header, row, strict=False))
        if related is not None:
            out.append(related)
    return out


# --------------------------------------------------------------------------- reader


def read(data: bytes, name: str) -> Document:
    """Read a text file into a Document (register export, letter, or plain text)."""
    text = tidy(decode_text(data))
    fmt = Path(name).suffix.lower().lstrip(".") or "txt"
    if not text:
        raise ReadError("no text in file")
    segments = _segments(text)
    warnings: list[str] = []
    if segments[0][0] == "table":
        rows = _table_rows(segments[0][1])
        pairs = []
        for row in rows:
            if len(row) < 2:
                warnings.append(f"metadata row without a value: {'|'.join(row)!r}")
                continue
            pairs.append((row[0], " | ".join(c for c in row[1:] if c)))
        entry = build_entry(pairs, warnings)
        if entry is not None:
            return _export_document(name, fmt, pairs, entry, segments[1:], warnings)
        rest = "\n".join(line for _, lines in segments[1:] for line in lines).strip()
        if not rest and not any(value for _, value in pairs):
            raise ReadError("register table is empty: no reference (Viit) and no text")
        warnings.append("metadata table has no reference (Viit); read as plain text")
    return _text_document(name, fmt, text, warnings)


def _export_document(
    name: str,
    fmt: str,
    pairs: list[tuple[str, str]],
    entry: Entry,
    segments: list[tuple[str, list[str]]],
    warnings: list[str],
) -> Document:
    """(a) A register export: metadata, then the letter, then related documents."""
    body_lines: list[str] = []
    for kind, lines in segments:
        rows = _table_rows(lines) if kind == "table" else []
        if rows and _is_related_header(rows[0]):
            entry.related.extend(_related_rows(rows, warnings))
        else:
            body_lines.extend(lines)
    body, letter = _letter_body(clean_markup("\n".join(body_lines)))
    sections = [metadata_section(pairs)]
    if body:
        sections.append(Section(text=body, kind=SECTION_BODY))
    related = related_section(entry.related)
    if related is not None:
        sections.append(related)
    title = entry.title or (letter.subject if letter else None) or entry.ref
    return Document(
        name=name,
        format=fmt,
        sections=sections,
        title=title,
        entry=entry,
        letter=letter,
        warnings=warnings,
    )


def _letter_body(text: str) -> tuple[str, Letter | None]:
    """The body section text: header lines ("Saatja: …") then the body; and the Letter."""
    headers = parse_letter_headers(text)
    if headers is None:
        return tidy(text), None
    body = tidy(text[headers.end :])
    return "\n".join(headers.lines) + (f"\n\n{body}" if body else ""), headers.letter


def _text_document(name: str, fmt: str, text: str, warnings: list[str]) -> Document:
    """(b) a letter with headers, or (c) plain text as one body section."""
    body, letter = _letter_body(clean_markup(text))
    if letter is not None:
        title = letter.subject
    else:
        first = next((ln.strip().lstrip("#").strip() for ln in body.split("\n") if ln.strip()), "")
        title = first if 0 < len(first) <= 120 else None
    return Document(
        name=name,
        format=fmt,
        sections=[Section(text=body, kind=SECTION_BODY)],
        title=title,
        letter=letter,
        warnings=warnings,
    )
