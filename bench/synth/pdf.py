"""PDF attachments: a minimal writer, enough for a text layer that pypdf extracts.

Written by hand rather than with a PDF library so that the generator needs no
third-party package and stays fast: core fonts only, nothing embedded, a few KB a page.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Sequence

from bench.synth.formats import cap, fmt_date, wrap
from bench.synth.parties import job_title, official_name, staff_role
from bench.synth.scheme import OWNER, direction_of
from bench.synth.sentences import Writer
from bench.synth.templates import PDF_HEADINGS_EN, PDF_HEADINGS_ET
from bench.synth.vocabulary import ASPECTS

PAGE_W, PAGE_H = 595, 842
MARGIN_X, TOP_Y, BOTTOM_Y = 56, 770, 60
WRAP_CHARS = 92  # ~Helvetica 10 pt across 483 pt of text width


def _pdf_str(text: str) -> bytes:
    """A literal string in cp1252, the WinAnsi encoding the fonts are declared with."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _pdf_text_string(text: str) -> bytes:
    """An Info-dictionary string: UTF-16BE with a BOM, written as hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def write_pdf(
    pages: Sequence[Sequence[tuple[str, float, float, float, str]]], title: str, created: dt.date
) -> bytes:
    """Serialise pages of text runs ``(font, size, x, y, text)`` into a PDF file.

    Fonts are the core Helvetica and Helvetica-Bold with WinAnsi encoding (it covers
    Estonian õ, ä, ö, ü, š, ž), so nothing is embedded and a page costs a few KB.
    """
    objs: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # Pages, filled below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        # The producer string is part of every file's bytes: a new one would make registers
        # generated with the same seed differ from those already measured.
        b"<< /Title " + _pdf_text_string(title) + b" /Producer (Viit bench make_register) "
        b"/CreationDate (D:" + created.strftime("%Y%m%d").encode() + b"120000Z) >>",
    ]
    kids = []
    for runs in pages:
        content = bytearray(b"BT\n")
        for font, size, x, y, text in runs:
            content += b"/%s %g Tf 1 0 0 1 %g %g Tm " % (font.encode(), size, x, y)
            content += _pdf_str(text) + b" Tj\n"
        content += b"ET\n"
        data = zlib.compress(bytes(content), 6)
        objs.append(
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
        )
        content_no = len(objs)
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font "
            b"<< /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (PAGE_W, PAGE_H, content_no)
        )
        kids.append(len(objs))
    objs[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % k for k in kids)
        + b"] /Count %d >>" % len(kids)
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        xref,
    )
    return bytes(out)


def render_pdf(w: Writer, name: str, pages: int) -> bytes:
    """A formal document of about ``pages`` pages on the entry's topic."""
    e, rng, lang = w.entry, w.rng, w.lang
    topic = w.series.topics[e.topic]
    title = f"{name}: {topic.en if lang == 'en' else topic.et}"
    blocks: list[tuple[str, float, float, float, str]] = []  # font, size, leading, gap, text
    blocks.append(("F2", 14, 20, 0, cap(title)))
    blocks.append(
        (
            "F1",
            10,
            13,
            4,
            f"{OWNER if lang == 'et' else 'Ministry of the Interior'}"
            f", {fmt_date(e.registered)} nr {e.ref}",
        )
    )
    headings = PDF_HEADINGS_EN if lang == "en" else PDF_HEADINGS_ET
    budget = (pages - 1) * (TOP_Y - BOTTOM_Y) + rng.uniform(0.3, 0.9) * (TOP_Y - BOTTOM_Y)
    used = 40.0
    section = 0
    while used < budget:
        if section < len(headings) and (section == 0 or rng.random() < 0.35):
            section += 1
            blocks.append(("F2", 11, 16, 10, f"{section}. {headings[section - 1]}"))
            used += 26
        if rng.random() < 0.1:
            year = e.registered.year
            blocks.append(
                (
                    "F1",
                    10,
                    13,
                    6,
                    f"{'Indicator' if lang == 'en' else 'Näitaja':<40}{year - 1:>10}{year:>10}",
                )
            )
            for label in rng.sample(ASPECTS, 3):
                blocks.append(
                    (
                        "F1",
                        10,
                        13,
                        0,
                        f"{cap(label[0]):<40}"
                        f"{rng.randint(10, 9999):>10}"
                        f"{rng.randint(10, 9999):>10}",
                    )
                )
            used += 58
        para = w.paragraph(3, 6)
        for i, line in enumerate(wrap(para, WRAP_CHARS)):
            blocks.append(("F1", 10, 13, 6 if i == 0 else 0, line))
            used += 13 + (6 if i == 0 else 0)
    if direction_of(e.doc_type) == "in":
        signer = w.party.name if w.party.private else w.new_name()
        role = job_title(rng, lang)
    else:
        signer = official_name(e.responsible)
        role = staff_role(signer)
    for line in (signer, role):
        blocks.append(("F1", 10, 13, 12, line))
    laid: list[list[tuple[str, float, float, float, str]]] = [[]]
    y = TOP_Y
    for font, size, leading, gap, text in blocks:
        if y - gap - leading < BOTTOM_Y:
            laid.append([])
            y, gap = TOP_Y, 0
        y -= gap + leading
        laid[-1].append((font, size, MARGIN_X, y, text))
    n = len(laid)
    header = f"{OWNER} | {e.ref}"
    for i, runs in enumerate(laid, 1):
        runs.insert(0, ("F1", 8, MARGIN_X, 810, header))
        runs.append(("F1", 8, PAGE_W - 100, 30, f"{i} ({n})"))
    return write_pdf(laid, title, e.registered)
