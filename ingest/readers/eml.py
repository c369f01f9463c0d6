"""E-mail reader (.eml, RFC 5322/MIME) on the standard library's ``email`` package.

Mail in a register is often old, foreign or damaged, so nothing in a message may fail
the whole letter: an unknown charset is guessed, a bad Date header leaves ``sent``
empty, a message without a body still yields its headers, and an attachment that cannot
be read becomes a warning. Each problem is noted in ``doc.warnings`` for staff.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.utils
import re
from collections.abc import Iterator
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from typing import Any

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
    unescape_8bit,
    unflow,
)

# A file with none of these is not an e-mail, whatever its name says.
_MAIL_HEADERS = ("from", "to", "subject", "date", "message-id", "received", "mime-version")
# Headers that only a mail system writes: a text file starting with a block of header
# lines holding one of these is a saved message, not a letter typed with "From:" lines.
_TRANSPORT_HEADERS = {
    *("mime-version", "content-type", "content-transfer-encoding", "received"),
    *("message-id", "return-path", "delivered-to", "dkim-signature", "x-mailer"),
}
# RFC 822 allowed white space between a header's name and its colon ("From  : x"); RFC
# 5322 calls it obsolete syntax that readers must still accept.
_OBS_HEADER = re.compile(rb"^([\x21-\x39\x3b-\x7e]+)[ \t]+:", re.MULTILINE)
_HEADER_LINE = re.compile(rb"^(?:([\x21-\x39\x3b-\x7e]+)[ \t]*:|[ \t]+\S)")


def _split_head(data: bytes) -> tuple[bytes, bytes]:
    """The header block (up to the first empty line) and the rest."""
    match = re.search(rb"\r?\n\r?\n", data)
    if match is None:
        return data, b""
    return data[: match.start()], data[match.start() :]


def looks_like_message(data: bytes) -> bool:
    """Whether the bytes start with a mail header block written by a mail system.

    Every line up to the first empty one must be a header or a continuation, with at
    least two mail headers and one transport header (mbox's "From " line allowed first).
    """
    head, _ = _split_head(data)
    lines = head.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[0].startswith(b"From ") and b":" not in lines[0][:12]:
        lines = lines[1:]
    names: set[str] = set()
    for line in lines:
        m = _HEADER_LINE.match(line)
        if m is None:
            return False
        if m.group(1):
            names.add(m.group(1).decode("ascii").lower())
    return len(names & set(_MAIL_HEADERS)) >= 2 and bool(names & _TRANSPORT_HEADERS)


def _repair_head(data: bytes) -> bytes:
    """Obsolete "Name  :" headers made current, so the parser does not take "From  :"
    for an mbox separator and lose the header block."""
    head, rest = _split_head(data)
    fixed = _OBS_HEADER.sub(rb"\1:", head)
    return data if fixed == head else fixed + rest


def read(data: bytes, name: str) -> Document:
    """Read an RFC 5322 message: headers into a Letter, body into one section, attachments
    into parts."""
    msg = email.message_from_bytes(_repair_head(data), policy=policy.default)
    if not any(key.lower() in _MAIL_HEADERS for key in msg):
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
    for part, parent in _leaves(msg):
        if id(part) in body_parts:
            continue
        if _is_attachment(part):
            try:
                _attach(doc, part, index=len(letter.attachments) + 1)
            except Exception as exc:  # one damaged attachment must not cost the letter
                doc.warnings.append(f"an attachment could not be read: {exc}")
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


def _raw_header(part: Message, name: str) -> str | None:
    """A header as written (unfolded), with unencoded 8-bit text decoded."""
    for key, value in part.raw_items():
        if key.lower() == name:
            return unescape_8bit("".join(str(value).splitlines()))
    return None


def _parsed_header(part: Message, name: str) -> Any:
    """The policy's parsed header object, made from the repaired raw value."""
    raw = _raw_header(part, name)
    return None if raw is None else policy.default.header_factory(name, raw)


def _header(msg: Message, name: str) -> str | None:
    """A header's decoded text (encoded-words, raw 8-bit); the raw text if it won't parse."""
    try:
        value = _parsed_header(msg, name)
    except Exception:  # malformed beyond the parser: show it as written
        value = _raw_header(msg, name)
    return header_text(value) if value is not None else None


def _filename(part: Message) -> str | None:
    """The attachment's file name: RFC 2231, encoded-words and raw 8-bit names decoded."""
    try:
        filename = part.get_filename()
        if filename and "\ufffd" in filename:  # unencoded 8-bit name: reparse repaired
            for header, param in (("content-disposition", "filename"), ("content-type", "name")):
                parsed = _parsed_header(part, header)
                fixed = parsed.params.get(param) if parsed is not None else None
                if fixed:
                    filename = fixed
                    break
    except Exception:  # a broken parameter costs the name, not the attachment
        return None
    if filename and "=?" in filename:  # encoded-words inside a quoted parameter
        with contextlib.suppress(Exception):  # undecodable: keep the name as written
            filename = str(make_header(decode_header(filename)))
    return filename


def _sent(msg: EmailMessage, warnings: list[str]) -> dt.datetime | None:
    raw = _raw_header(msg, "date")
    if raw is None:
        return None
    raw = header_text(raw)
    try:
        return local_time(email.utils.parsedate_to_datetime(raw))
    except (ValueError, TypeError, IndexError, OverflowError):
        warnings.append(f"unreadable Date header '{raw[:80]}'; sending time unknown")
        return None


def _body_part(msg: EmailMessage, subtype: str) -> Message | None:
    try:
        return msg.get_body(preferencelist=(subtype,))
    except Exception:  # broken MIME tree: the walk below still finds parts
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
        or bool(_filename(part))
        or part.get_content_type() == "message/rfc822"
    )


def _attach(doc: Document, part: Message, index: int) -> None:
    """List the attachment on the letter and read it into doc.parts if its type is known."""
    assert doc.letter is not None
    filename = _filename(part)
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
    except Exception:  # a message that cannot be re-serialised is skipped
        return None
