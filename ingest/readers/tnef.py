"""Outlook's TNEF attachments (``winmail.dat``, ``application/ms-tnef``) with tnefparse.

Outlook sends rich-text mail to other mail programs as a TNEF blob: the message body
(plain, HTML, or compressed RTF) and the real attachments are inside it, and a mail
program that cannot open it shows only "winmail.dat". The body becomes this document's
text; the attachments are read through the dispatcher into ``doc.parts``.
"""

from __future__ import annotations

import logging

from tnefparse import TNEF

from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy
from ingest.readers._mail import add_attachment, decode_text, html_to_text

# tnefparse logs every unknown attribute; staff cannot act on it
logging.getLogger("tnefparse").addHandler(logging.NullHandler())
logging.getLogger("tnefparse").propagate = False


def read(data: bytes, name: str) -> Document:
    try:
        tnef = TNEF(data, do_checksum=False)
    except Exception as exc:  # tnefparse raises plain ValueError/struct.error on damage
        raise ReadError(f"corrupted TNEF (winmail.dat): {exc}") from exc
    doc = Document(name=name, format="tnef")
    body = _body(tnef, doc.warnings)
    if body:
        doc.sections = [Section(text=body, kind=SECTION_BODY)]
    subject = next(
        (_text(p.data) for p in tnef.msgprops if p.name == TNEF.ATTSUBJECT and p.data), ""
    )
    for number, att in enumerate(getattr(tnef, "attachments", []) or [], start=1):
        att_name = _attachment_name(att, number, tnef.codepage)
        if f"cid:{att_name}".casefold() in body.casefold():
            continue  # a picture shown in the body (a signature logo)
        data_ = getattr(att, "data", None)
        if not isinstance(data_, bytes) or not data_:
            doc.warnings.append(f"attachment '{att_name}' not read: empty")
            continue
        add_attachment(doc, data_, att_name)
    if not doc.sections and not doc.parts and not doc.warnings:
        raise ReadError("TNEF (winmail.dat) holds no body and no attachments")
    doc.title = subject or (first_line_title(body) if body else None)
    if not doc.title and doc.parts:
        doc.title = doc.parts[0].title
    return doc


def _text(value: object, codepage: str | None = None) -> str:
    if isinstance(value, bytes):
        return decode_text(value, codepage)[0].strip("\x00 \n")
    return str(value).strip("\x00 \n") if value else ""


def _body(tnef: TNEF, warnings: list[str]) -> str:
    plain = getattr(tnef, "body", None)
    if plain:
        text = _text(plain, tnef.codepage)
        is_html = text.lstrip()[:200].lower().startswith(("<!doctype", "<html"))
        return html_to_text(text) if is_html else tidy(text)
    html = getattr(tnef, "htmlbody", None)
    if html:
        return html_to_text(_text(html))
    try:
        rtf = getattr(tnef, "rtfbody", None)
    except Exception as exc:  # compressed RTF that does not decompress
        warnings.append(f"message body not read: {exc}")
        return ""
    if rtf:
        from striprtf.striprtf import rtf_to_text

        raw = rtf if isinstance(rtf, bytes) else str(rtf).encode("latin-1", "replace")
        return tidy(rtf_to_text(raw.decode("latin-1"), errors="replace"))
    return ""


def _attachment_name(att: object, number: int, codepage: str | None) -> str:
    """The attachment's long name, else its short one in the message's code page
    (tnefparse decodes short names as UTF-8, which Outlook's 8-bit names are not)."""
    name = ""
    try:
        name = _text(att.long_filename(), codepage)
    except (UnicodeDecodeError, AttributeError):
        name = _text(getattr(att, "_name", b""), codepage)
    name = name.replace("/", "_").replace("\\", "_")
    return name or f"manus-{number}"
