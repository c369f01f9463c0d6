"""Scanned paper as images (.png, .jpg, .jpeg, .tif, .tiff), read by OCR (ingest/ocr.py).

Each frame is one section of kind :data:`~ingest.model.SECTION_OCR` with its page number
(a multi-page TIFF is a scanned letter of several pages), so that a citation can name the
page and say the text comes from a scan. A picture with no text (a photo, a logo) is
refused with that reason rather than indexed empty.
"""

from __future__ import annotations

from ingest import ocr
from ingest.model import SECTION_OCR, Document, ReadError, Section
from ingest.readers._clean import first_line_title, join_hyphenated, tidy


def read(data: bytes, name: str) -> Document:
    try:
        frames = ocr.image_frames(data)
    except ocr.OcrUnavailable as exc:
        raise ReadError(f"image (a scan?) not read: {exc}") from exc
    except ValueError as exc:
        raise ReadError(f"image not read: {exc}") from exc
    doc = Document(name=name, format="image")
    for number, raw in enumerate(frames, start=1):
        text = tidy(join_hyphenated(raw))
        if text:
            doc.sections.append(Section(text=text, kind=SECTION_OCR, page=number))
    if not doc.sections:
        raise ReadError("image: OCR found no text (a picture without writing?)")
    pages = "page" if len(frames) == 1 else "pages"
    doc.warnings.append(f"scanned image: text read by OCR ({len(frames)} {pages}), may hold errors")
    doc.title = first_line_title(doc.sections[0].text)
    return doc
