"""PDF reader (pypdf): one page section per page that has text.

Text is taken with pypdf's plain extraction, which follows the content stream: for
column layouts produced by word processors and TeX that is reading order, column after
column. The "layout" mode was tried and rejected: it lays the columns side by side on
each output line, so sentences from two columns interleave and cannot be quoted.

Only text placed inside the visible page counts. Some generators put labels outside
the page box (ImageMagick writes the layer name "Background" above every image); such a
file is still a scan with no text layer and must say so instead of indexing the label.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from ingest.model import SECTION_PAGE, Document, ReadError, Section
from ingest.readers._clean import first_line_title, join_hyphenated, tidy

# pypdf reports recoverable oddities (missing fontTools, repaired xref tables) through
# its logger; staff cannot act on them, so they must not reach the console.
_PYPDF_LOG = logging.getLogger("pypdf")
_PYPDF_LOG.addHandler(logging.NullHandler())
_PYPDF_LOG.propagate = False

# Slack around the page box for glyph origins, in points (1/72 inch).
_EDGE = 1.0
# A generator's file name is not a title worth showing.
_TITLE_PREFIXES = ("Microsoft Word - ", "Microsoft PowerPoint - ")


class _Repairs(logging.Handler):
    """Collects what pypdf's reader module logs while it repairs a damaged file."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith("pypdf._reader"):
            self.messages.append(record.getMessage())


@contextmanager
def _quiet() -> Iterator[_Repairs]:
    repairs = _Repairs()
    _PYPDF_LOG.addHandler(repairs)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield repairs
    finally:
        _PYPDF_LOG.removeHandler(repairs)


def read(data: bytes, name: str) -> Document:
    """Read a PDF; raise ReadError for encrypted, image-only or unreadable files."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError("corrupted PDF: no PDF header (not a PDF file?)")
    with _quiet() as repairs:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            _decrypt(reader)
            doc = Document(name=name, format="pdf")
            doc.sections, failed, scanned = _pages(reader)
            title = _metadata_title(reader)
        except ReadError:
            raise
        except Exception as exc:  # pypdf fails in many ways on damaged files; all mean this
            raise ReadError(f"corrupted PDF: {_short(exc)}") from exc
    if not doc.sections:
        if failed:
            raise ReadError(f"corrupted PDF: no page could be read ({failed[0]})")
        raise ReadError("image-only PDF: no text layer (needs OCR)")
    doc.title = title or first_line_title(doc.sections[0].text)
    if repairs.messages:
        doc.warnings.append(f"damaged PDF, read after repair: {repairs.messages[0]}")
    doc.warnings.extend(failed)
    if scanned:
        doc.warnings.append(f"no text layer on page(s) {_ranges(scanned)} (scanned; needs OCR)")
    return doc


def _decrypt(reader: PdfReader) -> None:
    """Open files encrypted with an empty user password; refuse the rest."""
    if not reader.is_encrypted:
        return
    try:
        ok = reader.decrypt("")
    except DependencyError as exc:
        raise ReadError(f"encrypted PDF: cannot decrypt ({_short(exc)})") from exc
    except (PdfReadError, NotImplementedError, ValueError) as exc:
        raise ReadError(f"encrypted PDF: unsupported encryption ({_short(exc)})") from exc
    if not ok:
        raise ReadError("encrypted PDF (password required)")


def _pages(reader: PdfReader) -> tuple[list[Section], list[str], list[int]]:
    """Page sections, per-page failures, and numbers of text-less pages holding images."""
    sections: list[Section] = []
    failed: list[str] = []
    scanned: list[int] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = _page_text(page)
        except FileNotDecryptedError as exc:
            raise ReadError("encrypted PDF (password required)") from exc
        except Exception as exc:  # one bad page must not lose the others
            failed.append(f"page {number}: text not readable ({_short(exc)})")
            continue
        if text:
            sections.append(Section(text=text, kind=SECTION_PAGE, page=number))
        elif _has_images(page):
            scanned.append(number)
    return sections, failed, scanned


def _page_text(page) -> str:  # pypdf's PageObject
    """The page's text if any of it lies on the visible page, cleaned once for quoting."""
    box = page.cropbox
    left, bottom = float(min(box.left, box.right)), float(min(box.bottom, box.top))
    right, top = float(max(box.left, box.right)), float(max(box.bottom, box.top))
    visible = False

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        nonlocal visible
        if visible or not text.strip():
            return
        # glyph origin in user space = text matrix x current transformation matrix
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        visible = left - _EDGE <= x <= right + _EDGE and bottom - _EDGE <= y <= top + _EDGE

    raw = page.extract_text(visitor_text=visit)
    if not visible:
        return ""
    return tidy(join_hyphenated(raw))


def _has_images(page) -> bool:  # pypdf's PageObject
    try:
        xobjects = page["/Resources"].get_object().get("/XObject") or {}
        return any(
            x.get_object().get("/Subtype") == "/Image" for x in xobjects.get_object().values()
        )
    except Exception:  # only decides whether to add a warning
        return False


def _metadata_title(reader: PdfReader) -> str | None:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # a broken info dictionary only costs the title
        return None
    if not isinstance(title, str):
        return None
    title = " ".join(title.replace("\x00", " ").split())
    for prefix in _TITLE_PREFIXES:
        title = title.removeprefix(prefix)
    return title or None


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
