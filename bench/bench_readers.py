"""PDF extractors on hard fonts, and what OCR costs a page (README notes of issue 14).

    PYTHONPATH=. python bench/bench_readers.py

Prints a Markdown table per measurement. The extractor table compares pypdf (the first
reader), poppler's pdftotext (the second) and pypdfium2 (if installed; it is not a
dependency) on the sample PDFs and on PDFs made with hard fonts (tests/test_readers_pdf.py
and below): "found" means the expected phrase came out, q is the quality score of
ingest/readers/_quality.py. The OCR table times ingest/ocr.py (pdftoppm at 300 dpi, then
Tesseract est+eng) on a scanned letter and a dense text page, first run and cached.
"""

from __future__ import annotations

import io
import logging
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
SAMPLES = ROOT.parent / "shared" / "samples"

from test_readers_ocr import PAGE_1, PAGE_2, scanned_pdf  # noqa: E402
from test_readers_pdf import BROKEN_LINES, font_without_unicode_map  # noqa: E402

from ingest import ocr  # noqa: E402
from ingest.readers._quality import score  # noqa: E402

logging.disable(logging.CRITICAL)


def _pypdf(data: bytes) -> str:
    from pypdf import PdfReader

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)


def _pdftotext(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(data)
        fh.flush()
        cmd = ["pdftotext", "-q", "-enc", "UTF-8", fh.name, "-"]
        return subprocess.run(cmd, capture_output=True, check=False).stdout.decode()


def _pdfium(data: bytes) -> str:
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    return "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))


def _type3_numeric_names(line: str) -> bytes:
    """A Type 3 font whose /Differences name glyphs /aNN by their character code (as old
    dvips output does), codes shifted by 31; no ToUnicode."""
    from test_readers_pdf import pdf, stream

    chars = sorted(set(line) - {" "})
    code = {c: ord(c) - 31 for c in chars} | {" ": 1}
    glyph = stream(b"600 0 0 0 500 700 d1 50 0 400 700 re f")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        stream(b"BT /F1 14 Tf 72 760 Td (" + bytes(code[c] for c in line) + b") Tj ET"),
        b"",  # the font, below
        b"<< "
        + b" ".join(b"/a%d %d 0 R" % (ord(c), 7 + i) for i, c in enumerate(chars))
        + b" /space %d 0 R >>" % (7 + len(chars)),
    ]
    objects += [glyph] * len(chars) + [stream(b"600 0 0 0 0 0 d1")]
    diffs = b" ".join(b"%d /a%d" % (code[c], ord(c)) for c in chars)
    last = max(code.values())
    objects[4] = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 600 700] /FontMatrix [0.001 0 0 "
        b"0.001 0 0] /CharProcs 6 0 R /Encoding << /Type /Encoding /Differences [1 /space "
        + diffs
        + b"] >> /FirstChar 1 /LastChar %d /Widths [%s] /Resources << >> >>"
        % (last, b" ".join([b"600"] * last))
    )
    return pdf(objects)


def _type1_builtin_encoding(line: str) -> bytes:
    """An embedded Type 1 font whose own encoding maps code c-31 to glyph c; the PDF gives
    no /Encoding and no ToUnicode (TeX's subset fonts are of this kind)."""
    from test_readers_pdf import pdf, stream

    chars = sorted(set(line) - {" "})
    code = {c: ord(c) - 31 for c in chars} | {" ": 1}
    glyph_names = {" ": "space"}
    encoding = "".join(f"dup {code[c]} /{glyph_names.get(c, c)} put\n" for c in [" ", *chars])
    clear = (
        "%!PS-AdobeFont-1.0: XXAAAA+Broken 1.0\n11 dict begin\n/FontName /XXAAAA+Broken def\n"
        "/PaintType 0 def\n/FontType 1 def\n/FontMatrix [0.001 0 0 0.001 0 0] readonly def\n"
        "/FontBBox {0 0 600 700} readonly def\n/Encoding 256 array\n"
        "0 1 255 {1 index exch /.notdef put} for\n" + encoding + "readonly def\n"
        "currentdict end\ncurrentfile eexec\n"
    ).encode()
    private = (
        b"\0\0\0\0dup /Private 8 dict dup begin /RD{string currentfile exch readstring pop}"
        b"executeonly def /ND{noaccess def}executeonly def /NP{noaccess put}executeonly def "
        b"/password 5839 def /BlueValues [] ND /Subrs 0 array ND /CharStrings 1 dict dup "
        b"begin /.notdef 4 RD \0\0\0\0 ND end end readonly put noaccess put dup/FontName get "
        b"exch definefont pop mark currentfile closefile\n"
    )
    r, binary = 55665, bytearray()  # eexec encryption
    for byte in private:
        c = byte ^ (r >> 8)
        r = ((c + r) * 52845 + 22719) & 0xFFFF
        binary.append(c)
    trailer = ("0" * 64 + "\n") * 8 + "cleartomark\n"
    font = clear + bytes(binary) + trailer.encode()
    last = max(code.values())
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(b"BT /F1 14 Tf 72 760 Td (" + bytes(code[c] for c in line) + b") Tj ET"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /XXAAAA+Broken /FirstChar 1 "
            b"/LastChar %d /Widths [%s] /FontDescriptor 6 0 R >>"
            % (last, b" ".join([b"600"] * last)),
            b"<< /Type /FontDescriptor /FontName /XXAAAA+Broken /Flags 4 /FontBBox [0 0 600 "
            b"700] /ItalicAngle 0 /Ascent 700 /Descent 0 /CapHeight 700 /StemV 80 "
            b"/FontFile 7 0 R >>",
            stream(font, b"/Length1 %d /Length2 %d /Length3 %d"
                   % (len(clear), len(binary), len(trailer))),
        ]
    )  # fmt: skip


def extractors() -> None:
    cases = {
        "pdflatex-4-pages.pdf": (SAMPLES / "pdf/pdflatex-4-pages.pdf", "Hello, here is some text"),
        "multicolumn.pdf": (SAMPLES / "pdf/multicolumn.pdf", "Lorem ipsum dolor sit amet"),
        "zen_of_python_corrupted.pdf": (
            SAMPLES / "pdf/zen_of_python_corrupted.pdf",
            "Beautiful is better than ugly.",
        ),
        "julg.pdf": (SAMPLES / "register/julg.pdf", "Julgestusinstruktori"),
        "Type3 font, numeric glyph names": (
            _type3_numeric_names("Computer Science and the register"),
            "Computer Science",
        ),
        "Type1 font, built-in encoding": (
            _type1_builtin_encoding("Computer Science and the register"),
            "Computer Science",
        ),
        "Type0 font, no ToUnicode": (font_without_unicode_map(BROKEN_LINES), "Computer Science"),
    }
    runs = {"pypdf": _pypdf, "pdftotext": _pdftotext}
    try:
        import pypdfium2  # noqa: F401

        runs["pypdfium2"] = _pdfium
    except ImportError:
        pass
    print("| PDF | " + " | ".join(runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for name, (source, phrase) in cases.items():
        data = source.read_bytes() if isinstance(source, Path) else source
        cells = []
        for run in runs.values():
            t0 = time.perf_counter()
            text = run(data)
            ms = 1000 * (time.perf_counter() - t0)
            found = "found" if phrase in " ".join(text.split()) else "MISSING"
            cells.append(f"{found}, q={score(text):.2f}, {ms:.0f} ms")
        print(f"| {name} | " + " | ".join(cells) + " |")


def ocr_cost() -> None:
    if ocr.unavailable():
        print(f"OCR not measured: {ocr.unavailable()}")
        return
    cases = {
        "scanned letter, 2 pages (~30 words a page)": (scanned_pdf([PAGE_1, PAGE_2]), [1, 2]),
        "dense text, pdflatex-4-pages.pdf (~650 words a page)": (
            (SAMPLES / "pdf/pdflatex-4-pages.pdf").read_bytes(),
            [1, 2, 3, 4],
        ),
    }
    print(f"\n{ocr.describe()}\n")
    print("| pages | first run, s/page | cached, ms/page |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp, ocr.cache_in(Path(tmp)):
        for name, (data, pages) in cases.items():
            t0 = time.perf_counter()
            for page in pages:
                ocr.pdf_page(data, page)
            first = (time.perf_counter() - t0) / len(pages)
            t0 = time.perf_counter()
            for page in pages:
                ocr.pdf_page(data, page)
            cached = 1000 * (time.perf_counter() - t0) / len(pages)
            print(f"| {name} | {first:.1f} | {cached:.1f} |")


if __name__ == "__main__":
    extractors()
    ocr_cost()
