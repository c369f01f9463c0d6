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
    canonical_field,
    metadata_section,
    normalize_label,
    parse_letter_headers,
    related_section,
)
from ingest.model import SECTION_BODY, Document, Entry, Letter, ReadError, Related, Section
from ingest.readers._clean import tidy

# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte code pages an Estonian file may be in, most likely first; they differ
# mainly on š and ž (and on Baltic vs Western accented letters).
_ESTONIAN_CODEPAGES = ("cp1257", "iso8859_15", "cp1252")
_ESTONIAN_LETTERS = frozenset("šžŠŽõÕäÄöÖüÜ")
# Accented letters that are plausible in a Baltic register (Latvian, Lithuanian, Western
# names); neither rewarded nor penalised.
_PLAUSIBLE = frozenset("āēīūļņķģčąęėįųłĀĒĪŪĻŅĶĢČĄĘĖĮŲŁéèàáâêëîïôóòûúùçñßåæøÉÈÀÁÇÑÅÆØ")
_PUNCTUATION = frozenset("„“”‘’‚–—…€§°«»·•×\u00a0")
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
    """Pick the decoding that reads most like Estonian text.

    Charset detectors guess poorly on short Estonian text (cp775, mac_latin2), so the
    Estonian code pages are always tried too and the detector's guess only wins where
    they read worse (Cyrillic, CJK). Ties go to the earlier candidate, cp1257 first.
    """
    candidates = []
    for encoding in _ESTONIAN_CODEPAGES:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data).best()
    if best is not None:
        candidates.append(str(best))
    if not candidates:
        raise ReadError("binary or unknown encoding: no character set fits the bytes")
    return max(candidates, key=_estonian_score)


def legacy_codepage(data: bytes) -> str:
    """The Estonian or Western Windows code page that reads ``data`` most like Estonian
    (cp1257 on a tie): for bytes too short for a detector, such as a file name."""
    return max(_ESTONIAN_CODEPAGES, key=lambda cp: _estonian_score(data.decode(cp, "replace")))


def _estonian_score(text: str) -> int:
    """+1 per Estonian letter, -1 per other Latin letter, -5 per stray symbol or control."""
    score = 0
    for ch in text:
        if ch.isascii() or ch in _PLAUSIBLE or ch in _PUNCTUATION:
            continue
        if ch in _ESTONIAN_LETTERS:
            score += 1
        elif ch.isalpha():
            score -= unicodedata.name(ch, "").startswith("LATIN")
        else:
            score -= 5
    return score


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
_MD_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")  # not __x__: "__init__" is text
_MD_ESCAPE = re.compile(r"\\([()\[\]*_#|`])")


def clean_markup(text: str) -> str:
    """Make Markdown readable and citable: ``[text](url)`` -> ``text``, ``**x**`` -> ``x``,
    ``\\(`` -> ``(``. Other text (``[email protected]``, a lone ``*``) is left as it is."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\1", text)
    return _MD_ESCAPE.sub(r"\1", text)


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
    if not _has_content(text):
        raise ReadError("no text in file (at most an empty table)")
    segments = _segments(text)
    warnings: list[str] = []
    # Only the first table can be an entry's metadata (a heading may stand before it).
    first = next((n for n, (kind, _) in enumerate(segments) if kind == "table"), None)
    if first is not None:
        pairs = _metadata_pairs(_table_rows(segments[first][1]), warnings)
        if pairs is not None:
            entry = build_entry(pairs, warnings)
            if entry is not None:
                rest = segments[:first] + segments[first + 1 :]
                return _export_document(name, fmt, pairs, entry, rest, warnings)
            warnings.append("metadata table has no reference (Viit); read as plain text")
    return _text_document(name, fmt, text, warnings)


def _has_content(text: str) -> bool:
    """Any text outside tables, or any non-empty table cell."""
    for line in text.split("\n"):
        if line.lstrip().startswith("|"):
            if not _SEPARATOR_ROW.match(line.strip()) and any(_cells(line)):
                return True
        elif line.strip():
            return True
    return False


def _metadata_pairs(rows: list[list[str]], warnings: list[str]) -> list[tuple[str, str]] | None:
    """``(label, value)`` pairs of a ``| field | value |`` table; None if the table is not
    one (mostly other widths, or no register label at all)."""
    two_wide = sum(len(row) == 2 for row in rows)
    if not rows or two_wide * 2 < len(rows) or not any(canonical_field(r[0]) for r in rows):
        return None
    pairs = []
    for row in rows:
        if len(row) < 2:
            warnings.append(f"metadata row without a value: {'|'.join(row)!r}")
            continue
        pairs.append((row[0], " | ".join(c for c in row[1:] if c)))
    return pairs


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
        lines = (ln.strip() for ln in body.split("\n"))
        first = next((ln.lstrip("#").strip() for ln in lines if ln and ln[0] != "|"), "")
        title = first if 0 < len(first) <= 120 else None
    return Document(
        name=name,
        format=fmt,
        sections=[Section(text=body, kind=SECTION_BODY)],
        title=title,
        letter=letter,
        warnings=warnings,
    )
