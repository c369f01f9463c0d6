"""Outlook .msg reader on extract-msg; gives the same letter shape as the .eml reader.

extract-msg is lenient (``strict=False``, errors suppressed) so that meeting requests,
odd message classes and broken attachments still give a letter; whatever it could not
read becomes a warning. Its loggers are silenced: staff see doc.warnings instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import extract_msg
from extract_msg.enums import AttachmentType, ErrorBehavior, RecipientType
from extract_msg.exceptions import ExMsgBaseException

from ingest.model import Document, Letter, ReadError
from ingest.readers._mail import (
    add_attachment,
    attachment_name,
    format_address,
    header_text,
    html_to_text,
    letter_section,
    local_time,
    parse_addresses,
)

for _name in ("extract_msg", "olefile", "RTFDE"):
    _log = logging.getLogger(_name)
    _log.addHandler(logging.NullHandler())
    _log.propagate = False


def read(data: bytes, name: str) -> Document:
    """Read an Outlook message; the OLE file is always closed, also on error."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ReadError("not an Outlook .msg file (no OLE2 signature)")
    try:
        msg = extract_msg.openMsg(data, strict=False, errorBehavior=ErrorBehavior.SUPPRESS_ALL)
    except (ExMsgBaseException, OSError, ValueError, KeyError) as exc:
        raise ReadError(f"corrupted .msg file: {exc}") from exc
    try:
        return _document(msg, name)
    finally:
        msg.close()


def _document(msg: Any, name: str) -> Document:
    doc = Document(name=name, format="msg")
    html = _get(msg, "htmlBody", doc.warnings)
    letter = Letter(
        sender=_sender(msg, doc.warnings),
        sent=_sent(msg, doc.warnings),
        subject=header_text(_get(msg, "subject", doc.warnings) or "") or None,
    )
    _recipients(msg, letter, doc.warnings)
    doc.letter, doc.title = letter, letter.subject

    body = _get(msg, "body", doc.warnings) or ""
    if not body.strip() and html:
        body = html_to_text(html)
    html_text = html.decode("utf-8", "replace") if isinstance(html, bytes) else str(html or "")
    for att in _get(msg, "attachments", doc.warnings) or []:
        try:
            _attach(doc, att, len(letter.attachments) + 1, html_text)
        except Exception as exc:  # one damaged attachment must not cost the letter
            doc.warnings.append(f"an attachment could not be read: {exc}")
    doc.sections = [letter_section(letter, body)]
    return doc


def _get(msg: Any, attr: str, warnings: list[str]) -> Any:
    """A message property; a property extract-msg cannot decode costs only that property."""
    try:
        return getattr(msg, attr, None)
    except Exception as exc:  # library error on one damaged stream
        warnings.append(f"could not read the message's {attr}: {exc}")
        return None


def _sender(msg: Any, warnings: list[str]) -> str | None:
    found = parse_addresses(_get(msg, "sender", warnings))
    return found[0] if found else None


def _sent(msg: Any, warnings: list[str]) -> dt.datetime | None:
    when = _get(msg, "date", warnings)
    if isinstance(when, dt.datetime):
        return local_time(when)
    if when:
        warnings.append(f"unreadable sending time '{when}'; sending time unknown")
    return None


def _recipients(msg: Any, letter: Letter, warnings: list[str]) -> None:
    """To and Cc from the recipient table, which has names and addresses apart."""
    recipients = _get(msg, "recipients", warnings) or []
    for r in recipients:
        text = format_address(getattr(r, "name", None), getattr(r, "email", None))
        kind = getattr(r, "type", None)
        if not text or kind == RecipientType.BCC:
            continue
        (letter.cc if kind == RecipientType.CC else letter.recipients).append(text)
    if not recipients:  # no table: fall back to the display strings
        letter.recipients = parse_addresses(_get(msg, "to", warnings))
        letter.cc = parse_addresses(_get(msg, "cc", warnings))


def _attach(doc: Document, att: Any, index: int, html: str) -> None:
    assert doc.letter is not None
    kind = getattr(att, "type", None)
    if kind == AttachmentType.MSG:
        inner = att.data
        subject = getattr(inner, "subject", None) or f"kiri-{index}"
        name = attachment_name(f"{header_text(subject)}.msg", None, index)
        doc.letter.attachments.append(name)
        try:
            data = inner.exportBytes()
        except Exception as exc:  # embedded message the library cannot rebuild
            doc.warnings.append(f"attachment '{name}' not read: {exc}")
            return
        add_attachment(doc, data, name)
        return
    filename = att.longFilename or att.shortFilename or getattr(att, "displayName", None)
    name = attachment_name(filename, getattr(att, "mimetype", None), index)
    if _inline_image(att, name, html):
        return
    doc.letter.attachments.append(name)
    data = att.data if kind == AttachmentType.DATA else None
    if not isinstance(data, bytes) or not data:
        doc.warnings.append(f"attachment '{name}' not read: unsupported or broken attachment")
        return
    add_attachment(doc, data, name)


def _inline_image(att: Any, name: str, html: str) -> bool:
    """Pictures shown in the body (signature logos): hidden, or referenced by cid."""
    mimetype = getattr(att, "mimetype", None) or ""
    is_image = mimetype.startswith("image/") or name.lower().endswith(
        (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emz", ".wmz")
    )
    cid = getattr(att, "contentId", None)
    return is_image and (bool(getattr(att, "hidden", False)) or bool(cid and f"cid:{cid}" in html))
