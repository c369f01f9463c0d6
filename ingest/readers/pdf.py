"""PDF reader: one page section per page that has text.

Text is taken with pypdf's plain extraction, which follows the content stream: for
column layouts produced by word processors and TeX that is reading order, column after
column. The "layout" mode was tried and rejected: it lays the columns side by side on
each output line, so sentences from two columns interleave and cannot be quoted.

Only text placed inside the visible page counts. Some generators put labels outside
the page box (ImageMagick writes the layer name "Background" above every image); such a
file is still a scan with no text layer and must say so instead of indexing the label.

pypdf is not the last word. A page whose text fails the quality check
(``_quality.py``: fonts without a Unicode map give ``$PNQVUFS4DJFODF``), a page pypdf
cannot read, and a file pypdf cannot open at all are read again with poppler's
``pdftotext`` (README: why pdftotext); a page that neither reads as words, and a page
that carries an image and no text (a scan), is rendered and read by OCR
(``ingest/ocr.py``), marked :data:`~ingest.model.SECTION_OCR`. Blank pages and
vector drawings have nothing to OCR and are passed over without a word. Whatever
happened is said in ``doc.warnings``, or in the reason when no text is left.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

from ingest import ocr
from ingest.model import SECTION_OCR, SECTION_PAGE, Document, ReadError, Section
from ingest.readers._clean import first_line_title, join_hyphenated, tidy
from ingest.readers._quality import is_garbage, score

# pypdf reports recoverable oddities (missing fontTools, repaired xref tables) through
# its logger; staff cannot act on them, so they must not reach the console.
_PYPDF_LOG = logging.getLogger("pypdf")
_PYPDF_LOG.addHandler(logging.NullHandler())
_PYPDF_LOG.propagate = False

# Slack around the page box for glyph origins, in points (1/72 inch).
_EDGE = 1.0
# A generator's file name is not a title worth showing.
_TITLE_PREFIXES = ("Microsoft Word - ", "Microsoft PowerPoint - ")
_PDFTOTEXT_TIMEOUT = 300
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")
_INLINE_IMAGE = re.compile(rb"(?:^|\s)BI\s.*?\sID\s", re.DOTALL)


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
    """Read a PDF; raise ReadError for encrypted, unreadable or text-less files."""
    if b"%PDF-" not in data[:1024]:
        raise ReadError("corrupted PDF: no PDF header (not a PDF file?)")
    doc = Document(name=name, format="pdf")
    with _quiet() as repairs:
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            _decrypt(reader)
            pages = _pages(reader)
            doc.title = _metadata_title(reader)
            open_error = None
        except ReadError:
            raise
        except Exception as exc:  # pypdf fails in many ways on damaged files; all mean this
            pages, open_error = [], _short(exc)
    if open_error is not None:
        pages = _other_extractor(data, open_error)
        doc.warnings.append(f"pypdf could not open this PDF ({open_error}); read with pdftotext")
    else:
        _second_opinion(data, pages, doc.warnings)
    _ocr_scans(data, pages, doc.warnings)
    for page in pages:
        if page.text:
            doc.sections.append(Section(text=page.text, kind=page.kind, page=page.number))
    if not doc.sections:
        raise ReadError(_why_no_text(pages))
    doc.title = doc.title or first_line_title(doc.sections[0].text)
    if repairs.messages:
        doc.warnings.insert(0, f"damaged PDF, read after repair: {repairs.messages[0]}")
    doc.warnings.extend(f"page {p.number}: {p.error}" for p in pages if p.error)
    return doc


@dataclass
class _Page:
    """One page as read so far: its text, where the text came from, why it has none."""

    number: int
    text: str = ""
    kind: str = SECTION_PAGE
    error: str | None = None  # why the page's text could not be read
    images: bool = False  # carries an image (a scan) and no text
    garbled: bool = False  # the only text found failed the quality check


def _why_no_text(pages: list[_Page]) -> str:
    """The true reason a PDF gave no text."""
    if not pages:
        return "PDF has no pages"
    failed = [p for p in pages if p.error and not p.images and not p.garbled]
    if len(failed) == len(pages):
        return f"corrupted PDF: no page could be read ({failed[0].error})"
    reason = ocr.unavailable()
    if any(p.garbled for p in pages):
        why = reason or next(p.error for p in pages if p.garbled)
        return (
            "PDF text is garbled (fonts without a Unicode map): neither pypdf nor pdftotext "
            f"reads it as words, and OCR could not either ({why})"
        )
    if any(p.images for p in pages):
        if reason:
            return f"image-only PDF: no text layer (needs OCR; {reason})"
        failures = [p.error for p in pages if p.images and p.error and "OCR failed" in p.error]
        if failures:
            return f"image-only PDF: {failures[0]}"
        return "image-only PDF: OCR found no text on its scanned pages"
    return "PDF has no text: its pages are blank or hold only drawings (nothing to OCR)"


def _other_extractor(data: bytes, open_error: str) -> list[_Page]:
    """Pages read by pdftotext from a PDF pypdf cannot open; ReadError if it cannot either."""
    texts = _pdftotext(data)
    if texts is None:
        raise ReadError(f"corrupted PDF: {open_error}")
    pages = [_Page(n, text=_clean(t)) for n, t in enumerate(texts, start=1)]
    for page in pages:
        if page.text and is_garbage(page.text):
            page.text, page.garbled = "", True
            page.error = "text garbled (fonts without a Unicode map)"
    if not any(p.text for p in pages) and not any(p.garbled for p in pages):
        # no text layer pypdf could look into: render and OCR every page if OCR runs
        for page in pages:
            page.images = True
    return pages


def _second_opinion(data: bytes, pages: list[_Page], warnings: list[str]) -> None:
    """Pages pypdf read as garbage or not at all are read again with pdftotext."""
    suspect = [p for p in pages if p.error or (p.text and is_garbage(p.text))]
    if not suspect:
        return
    texts = _pdftotext(data) or []
    fixed: list[int] = []
    for page in suspect:
        other = _clean(texts[page.number - 1]) if page.number <= len(texts) else ""
        if other and not is_garbage(other) and (page.error or score(other) > score(page.text)):
            page.text, page.error = other, None
            fixed.append(page.number)
        elif page.text:  # neither extractor gives words: try OCR, else leave it out
            page.text, page.garbled = "", True
            page.error = "text garbled (fonts without a Unicode map), not indexed"
    if fixed:
        warnings.append(
            f"page(s) {_ranges(fixed)}: pypdf's text was unreadable, read with pdftotext"
        )


def _ocr_scans(data: bytes, pages: list[_Page], warnings: list[str]) -> None:
    """OCR the pages that carry a scan and no text, and the garbled ones."""
    todo = [p for p in pages if not p.text and (p.images or p.garbled)]
    if not todo:
        return
    reason = ocr.unavailable()
    if reason:
        for page in todo:
            if page.garbled:
                page.error = f"{page.error} ({reason})"
        scans = [p.number for p in todo if p.images]
        if scans and len(scans) < len(pages):
            warnings.append(f"no text layer on page(s) {_ranges(scans)} (scanned; {reason})")
        return
    done: list[int] = []
    unmapped: list[int] = []
    for page in todo:
        try:
            text = _clean(ocr.pdf_page(data, page.number))
        except (ValueError, ocr.OcrUnavailable) as exc:
            page.error = f"OCR failed: {exc}"
            continue
        if text and not is_garbage(text):
            (unmapped if page.garbled else done).append(page.number)
            page.text, page.kind, page.error, page.garbled = text, SECTION_OCR, None, False
        elif page.images and not page.garbled:
            page.error = "scanned page: OCR found no text"
    if done:
        warnings.append(f"scanned page(s) {_ranges(done)}: text read by OCR, may hold errors")
    if unmapped:
        warnings.append(
            f"page(s) {_ranges(unmapped)}: fonts without a Unicode map, text read by OCR "
            "from the rendered page, may hold errors"
        )


def _pdftotext(data: bytes) -> list[str] | None:
    """Each page's text by poppler's pdftotext, or None if it is missing or fails."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="viit-pdf-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(data)
        try:
            result = subprocess.run(
                [exe, "-q", "-enc", "UTF-8", str(src), "-"],
                capture_output=True, timeout=_PDFTOTEXT_TIMEOUT, check=False,
            )  # fmt: skip
        except (OSError, subprocess.SubprocessError):
            return None
    if result.returncode != 0:
        return None
    pages = result.stdout.decode("utf-8", "replace").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    return pages


def _clean(raw: str) -> str:
    return tidy(join_hyphenated(raw))


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


def _pages(reader: PdfReader) -> list[_Page]:
    """Each page's text by pypdf; a text-less page notes whether it carries an image."""
    pages: list[_Page] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = _page_text(page)
        except FileNotDecryptedError as exc:
            raise ReadError("encrypted PDF (password required)") from exc
        except Exception as exc:  # one bad page must not lose the others
            pages.append(_Page(number, error=f"text not readable ({_short(exc)})"))
            continue
        pages.append(_Page(number, text=text, images=not text and _has_images(page)))
    return pages


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
    return _clean(raw)


def _has_images(page) -> bool:  # pypdf's PageObject
    """Whether the page draws an image: an image XObject it paints (also inside a form
    XObject), or an inline image. Images merely listed in shared resources do not count."""
    try:
        return _draws_image(page.get_contents(), page.get("/Resources"), depth=0)
    except Exception:  # only decides whether the page is a scan
        return False


def _draws_image(contents, resources, depth: int) -> bool:
    if contents is None or depth > 5:
        return False
    data = contents.get_data()
    if _INLINE_IMAGE.search(data):
        return True
    names = {m.decode("latin-1") for m in _DO.findall(data)}
    if not names or resources is None:
        return False
    xobjects = resources.get_object().get("/XObject") or {}
    xobjects = xobjects.get_object()
    for name in names:
        xobject = xobjects.get(f"/{name}")
        if xobject is None:
            continue
        xobject = xobject.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _draws_image(
            xobject, xobject.get("/Resources") or resources, depth + 1
        ):
            return True
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
