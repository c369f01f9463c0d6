"""E-mail reader (.eml, RFC 5322/MIME) on the standard library's ``email`` package.

Mail in a register is often old, foreign or damaged, so nothing in a message may fail
the whole letter: an unknown charset is guessed, a bad Date header leaves ``sent``
empty, a message without a body still yields its headers, and an attachment that cannot
be read becomes a warning. Each problem is noted in ``doc.warnings`` for staff.
"""

from __future__ import annotations

import datetime as dt
import email
import email.utils
from collections.abc import Iterator
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message

from ingest.model import Document, Letter, ReadError
from ingest.readers._mail import (
    add_attachment,
    attachment_name,
    decode_text,
    header_text,
    html_to_text,
    letter_section,
    local_time,
    parse_addresses,
    unflow,
)

# A file with none of these is not an e-mail, whatever its name says.
_MAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")


def read(data: bytes, name: str) -> Document:
    """Read an RFC 5322 message: headers into a Letter, body into one section, attachments
    into parts."""
    msg = email.message_from_bytes(data, policy=policy.default)
    if not any(key.lower() in _MAIL_HEADERS for key in msg.keys()):
        raise ReadError("not an e-mail message: no mail headers found")
    doc = Document(name=name, format="eml")
    letter = _letter(msg, doc.warnings)
    doc.letter = letter
    doc.title = letter.subject

    plain, html = _body_part(msg, "plain"), _body_part(msg, "html")
    body = _part_text(plain, doc.warnings) if plain is not None else ""
    if not body.strip() and html is not None:
        body = html_to_text(_part_text(html, doc.warnings))
    body_parts = {id(plain), id(html)}

    extra_text: list[str] = []
    for index, (part, parent) in enumerate(_leaves(msg), start=1):
        if id(part) in body_parts:
            continue
        if _is_attachment(part):
            _attach(doc, part, index)
        elif part.get_content_type() == "text/plain" and parent != "multipart/alternative":
            extra_text.append(_part_text(part, doc.warnings))  # body split around files
    body = "\n\n".join(t for t in [body, *extra_text] if t.strip())

    doc.sections = [letter_section(letter, body)]
    return doc


def _letter(msg: EmailMessage, warnings: list[str]) -> Letter:
    sender = parse_addresses(_header(msg, "from"))
    return Letter(
        sender=sender[0] if sender else None,
        sent=_sent(msg, warnings),
        recipients=parse_addresses(_header(msg, "to")),
        cc=parse_addresses(_header(msg, "cc")),
        subject=_header(msg, "subject") or None,
    )


def _header(msg: Message, name: str) -> str | None:
    """A header's decoded text; a header the parser chokes on is decoded from its raw form."""
    try:
        value = msg.get(name)
        return header_text(value) if value is not None else None
    except Exception:  # noqa: BLE001 - malformed header: fall back to the raw value
        for key, raw in msg.raw_items():
            if key.lower() == name:
                try:
                    return header_text(make_header(decode_header(str(raw))))
                except Exception:  # noqa: BLE001
                    return header_text(raw)
        return None


def _sent(msg: EmailMessage, warnings: list[str]) -> dt.datetime | None:
    raw = None
    for key, value in msg.raw_items():
        if key.lower() == "date":
            raw = " ".join(str(value).split())
            break
    if raw is None:
        return None
    try:
        return local_time(email.utils.parsedate_to_datetime(raw))
    except (ValueError, TypeError, IndexError, OverflowError):
        warnings.append(f"unreadable Date header '{raw[:80]}'; sending time unknown")
        return None


def _body_part(msg: EmailMessage, subtype: str) -> Message | None:
    try:
        return msg.get_body(preferencelist=(subtype,))
    except Exception:  # noqa: BLE001 - broken MIME tree: the walk below still finds parts
        return None


def _part_text(part: Message, warnings: list[str]) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    text, warning = decode_text(payload, part.get_content_charset())
    if warning:
        warnings.append(f"{part.get_content_type()} body: {warning}")
    if part.get_content_type() == "text/plain" and _param(part, "format") == "flowed":
        text = unflow(text, delsp=_param(part, "delsp") == "yes")
    return text


def _param(part: Message, key: str) -> str:
    value = part.get_param(key)
    return str(value).strip().lower() if isinstance(value, str) else ""


def _leaves(part: Message, parent: str = "") -> Iterator[tuple[Message, str]]:
    """Non-multipart parts with their parent's type; attached messages are not opened."""
    if part.is_multipart() and part.get_content_maintype() == "multipart":
        for child in part.get_payload():
            if isinstance(child, Message):
                yield from _leaves(child, part.get_content_type())
    else:
        yield part, parent


def _is_attachment(part: Message) -> bool:
    disposition = part.get_content_disposition()
    if part.get_content_maintype() == "image" and disposition != "attachment":
        return False  # inline pictures: signature logos, pasted screenshots
    return (
        disposition == "attachment"
        or bool(part.get_filename())
        or part.get_content_type() == "message/rfc822"
    )


def _attach(doc: Document, part: Message, index: int) -> None:
    """List the attachment on the letter and read it into doc.parts if its type is known."""
    assert doc.letter is not None
    filename = part.get_filename()
    if filename and "=?" in filename:  # encoded-words inside a quoted parameter
        try:
            filename = str(make_header(decode_header(filename)))
        except Exception:  # noqa: BLE001 - keep the name as written
            pass
    if part.get_content_type() == "message/rfc822":
        data = _attached_message(part)
        if not filename and data:
            inner = email.message_from_bytes(data, policy=policy.default)
            filename = f"{_header(inner, 'subject') or f'kiri-{index}'}.eml"
        name = attachment_name(filename, "message/rfc822", index)
    else:
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else None
        name = attachment_name(filename, part.get_content_type(), index)
    doc.letter.attachments.append(name)
    if not data:
        doc.warnings.append(f"attachment '{name}' not read: empty or undecodable")
        return
    add_attachment(doc, data, name)


def _attached_message(part: Message) -> bytes | None:
    try:
        inner = part.get_payload(0)
        return inner.as_bytes(policy=policy.default) if isinstance(inner, Message) else None
    except Exception:  # noqa: BLE001 - a message that cannot be re-serialised is skipped
        return None
