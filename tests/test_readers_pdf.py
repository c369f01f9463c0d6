"""PDF text quality, the second extractor, and the true reason for a PDF without text.

The PDFs are written here byte by byte (a few objects and an xref table), so each case
is exactly the kind it names: a font without a Unicode map, a blank page, a page of
vector drawing only, a page holding an image and no text. OCR stays off in this quick
layer (tests/test_readers_ocr.py runs it).
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from ingest.model import SECTION_PAGE, ReadError
from ingest.readers import pdf as pdf_reader
from ingest.readers import read_bytes
from ingest.readers._quality import GARBAGE_BELOW, is_garbage, score

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIIT_OCR", "0")


# --------------------------------------------------------------------------- PDF writer


def pdf(objects: list[bytes]) -> bytes:
    """A PDF of these objects (1 = catalog); offsets in a classic xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{off:010d} 00000 n \n".encode() for off in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
TEXT = b"BT /F1 12 Tf 72 760 Td (Tallinna linnavalitsuse otsus ehitusloa kohta.) Tj ET"
DRAWING = b"2 w 72 72 m 500 700 l S 100 100 200 150 re f 0.5 g 300 300 m 400 500 l 450 320 l h f"
GRAY_IMAGE = stream(
    zlib.compress(bytes(range(256)) * 16),
    b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray "
    b"/BitsPerComponent 8 /Filter /FlateDecode",
)


def pages_pdf(contents: list[bytes], image: bool = False) -> bytes:
    """One page per content stream; font F1 (Helvetica) and, if asked, image Im1."""
    n = len(contents)
    first_page = 3
    font_obj = first_page + 2 * n
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n)).encode()
    resources = b"<< /Font << /F1 %d 0 R >>" % font_obj
    if image:
        resources += b" /XObject << /Im1 %d 0 R >>" % (font_obj + 1)
    resources += b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n),
    ]
    for i, content in enumerate(contents):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s "
            b"/Contents %d 0 R >>" % (resources, first_page + 2 * i + 1)
        )
        objects.append(stream(content))
    objects.append(HELVETICA)
    if image:
        objects.append(GRAY_IMAGE)
    return pdf(objects)


def _ttf_glyph_ids(font: bytes) -> dict[int, int]:
    """Unicode -> glyph id from a TrueType font's (3,1) format-4 cmap."""
    import struct

    count = struct.unpack(">H", font[4:6])[0]
    tables = {
        font[12 + 16 * i : 16 + 16 * i]: struct.unpack(">I", font[20 + 16 * i : 24 + 16 * i])[0]
        for i in range(count)
    }
    cmap = tables[b"cmap"]
    for i in range(struct.unpack(">H", font[cmap + 2 : cmap + 4])[0]):
        pid, eid, sub = struct.unpack(">HHI", font[cmap + 4 + 8 * i : cmap + 12 + 8 * i])
        if (pid, eid) == (3, 1):
            at = cmap + sub
            break
    segs = struct.unpack(">H", font[at + 6 : at + 8])[0] // 2

    def array(start: int, fmt: str = "H") -> tuple[int, ...]:
        return struct.unpack(f">{segs}{fmt}", font[start : start + 2 * segs])

    ends, starts = array(at + 14), array(at + 16 + 2 * segs)
    deltas, offsets = array(at + 16 + 4 * segs, "h"), array(at + 16 + 6 * segs)
    ro_at = at + 16 + 6 * segs
    out = {}
    for k in range(segs):
        for c in range(starts[k], ends[k] + 1):
            if offsets[k] == 0:
                g = (c + deltas[k]) & 0xFFFF
            else:
                p = ro_at + 2 * k + offsets[k] + 2 * (c - starts[k])
                g = struct.unpack(">H", font[p : p + 2])[0]
                g = (g + deltas[k]) & 0xFFFF if g else 0
            if g and c != 0xFFFF:
                out[c] = g
    return out


def font_without_unicode_map(lines: list[str], good_page_first: bool = False) -> bytes:
    """Text in an embedded TrueType font addressed by glyph id (Identity-H) with no
    ToUnicode map: what some generators write. Extractors see glyph ids, not letters.
    ``good_page_first`` adds a page of ordinary Helvetica text before it."""
    font = FONT.read_bytes()
    gids = _ttf_glyph_ids(font)
    content = b"BT /F1 12 Tf 72 760 Td 16 TL\n"
    for line in lines:
        content += b"<" + "".join(f"{gids[ord(c)]:04X}" for c in line).encode() + b"> Tj T*\n"
    content += b"ET"
    kids = b"[9 0 R 3 0 R] /Count 2" if good_page_first else b"[3 0 R] /Count 1"
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids %s >>" % kids,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            stream(content),
            b"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSans /Encoding /Identity-H "
            b"/DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSans /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R "
            b"/DW 600 /CIDToGIDMap /Identity >>",
            b"<< /Type /FontDescriptor /FontName /DejaVuSans /Flags 32 /FontBBox [-1021 -463 "
            b"1793 1232] /ItalicAngle 0 /Ascent 928 /Descent -236 /CapHeight 729 /StemV 80 "
            b"/FontFile2 8 0 R >>",
            stream(zlib.compress(font), b"/Filter /FlateDecode /Length1 %d" % len(font)),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 11 0 R >> >> /Contents 10 0 R >>",
            stream(TEXT),
            HELVETICA,
        ]
    )


BROKEN_LINES = ["Computer Science and the Estonian register", "Tallinna linnavalitsus otsustas"]

# --------------------------------------------------------------------------- quality


@pytest.mark.parametrize(
    ("text", "good"),
    [
        ("Tallinna linnavalitsus otsustas väljastada ehitusloa.", True),
        ("The quick brown fox jumps over the lazy dog.", True),
        ("Решение городского совета о выдаче разрешения.", True),
        ("OTSUS 14.02.2024 nr 1.1-2/24/22 Viit: 5-1/54-1", True),
        ("Summa; 1 234,56 €; 12%; 2024-03-20; (a), [b], §-s 5", True),
        ("Country Population (millions) GDP\nEstonia 1.3 38.1\nLatvia 1.9 40.0", True),
        ("$PNQVUFS4DJFODF BOE UIF &TUPOJBO SFHJTUFS", False),  # shifted font codes
        ("&RPSXWHU6FLHQFH DQG WKH (VWRQLDQ UHJLVWHU", False),  # glyph ids as characters
        ("\ufffd\ufffd\ufffd \ufffd\ufffd \ufffd\ufffd\ufffd\ufffd", False),
        ("\ue000\ue001\ue002 \ue003\ue004", False),  # private-use code points
        ("PÃ¤evakord: Ãµppus ja tuletÃµrje", False),  # UTF-8 read as Windows-1252
    ],
)
def test_quality_separates_words_from_garbage(text: str, good: bool) -> None:
    assert is_garbage(text) is not good, score(text)


def test_quality_of_the_sample_pdfs_is_far_above_the_cut() -> None:
    for name in ("pdflatex-4-pages.pdf", "multicolumn.pdf", "zen_of_python_corrupted.pdf"):
        doc = read_bytes((SHARED / "pdf" / name).read_bytes(), name)
        assert score(doc.text) > GARBAGE_BELOW + 0.25, name


# --------------------------------------------------------------------------- broken map


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font (fonts-dejavu-core) not installed")
def test_font_without_unicode_map_is_never_indexed_as_garbage() -> None:
    data = font_without_unicode_map(BROKEN_LINES)
    import io

    from pypdf import PdfReader

    raw = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert is_garbage(raw)  # what pypdf makes of it
    with pytest.raises(ReadError) as info:
        read_bytes(data, "katki.pdf")
    reason = str(info.value)
    assert reason == (
        "PDF text is garbled (fonts without a Unicode map): neither pypdf nor pdftotext reads "
        "it as words, and OCR could not either (OCR is turned off (VIIT_OCR=0))"
    )


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font (fonts-dejavu-core) not installed")
def test_garbled_page_beside_a_good_one_is_left_out_with_a_warning() -> None:
    doc = read_bytes(font_without_unicode_map(BROKEN_LINES, good_page_first=True), "x.pdf")
    assert [s.page for s in doc.sections] == [1]
    assert doc.sections[0].text == "Tallinna linnavalitsuse otsus ehitusloa kohta."
    assert doc.warnings == [
        "page 2: text garbled (fonts without a Unicode map), not indexed "
        "(OCR is turned off (VIIT_OCR=0))"
    ]


def test_pypdf_failure_falls_back_to_pdftotext(monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF pypdf cannot open is read by pdftotext, and the warning says so."""

    class Refuses:
        def __init__(self, *args, **kwargs):
            raise ValueError("invalid literal for int() with base 10: b'xref'")

    monkeypatch.setattr(pdf_reader, "PdfReader", Refuses)
    data = pages_pdf([TEXT, TEXT.replace(b"otsus", b"vastus")])
    doc = read_bytes(data, "x.pdf")
    assert [s.page for s in doc.sections] == [1, 2]
    assert "vastus ehitusloa" in doc.sections[1].text
    assert doc.warnings == [
        "pypdf could not open this PDF (invalid literal for int() with base 10: b'xref'); "
        "read with pdftotext"
    ]


def test_unreadable_by_both_is_corrupted() -> None:
    with pytest.raises(ReadError, match=r"^corrupted PDF"):
        read_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "x.pdf")


# --------------------------------------------------------------------------- no text


@pytest.mark.parametrize(
    ("contents", "image", "reason"),
    [
        ([b""], False, "PDF has no text: its pages are blank or hold only drawings"),
        ([b"", b""], False, "PDF has no text: its pages are blank or hold only drawings"),
        ([DRAWING], False, "PDF has no text: its pages are blank or hold only drawings"),
        ([b"", DRAWING], False, "PDF has no text: its pages are blank or hold only drawings"),
        ([b"q 200 0 0 200 72 500 cm /Im1 Do Q"], True, "image-only PDF: no text layer (needs OCR"),
        ([b"q 200 0 0 200 72 500 cm /Im1 Do Q", DRAWING], True, "image-only PDF"),
    ],
)
def test_true_reason_for_a_pdf_without_text(contents, image, reason) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(pages_pdf(contents, image=image), "x.pdf")
    assert str(info.value).startswith(reason)
    if not image:
        assert "OCR" in str(info.value)  # says there is nothing to OCR
        assert "needs OCR" not in str(info.value)


def test_blank_and_drawing_pages_beside_text_give_no_warning() -> None:
    doc = read_bytes(pages_pdf([TEXT, b"", DRAWING, TEXT]), "x.pdf")
    assert [(s.page, s.kind) for s in doc.sections] == [(1, SECTION_PAGE), (4, SECTION_PAGE)]
    assert doc.warnings == []


def test_scanned_page_beside_text_is_named_in_a_warning() -> None:
    scan = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
    doc = read_bytes(pages_pdf([TEXT, scan, b""], image=True), "x.pdf")
    assert [s.page for s in doc.sections] == [1]
    assert doc.warnings == ["no text layer on page(s) 2 (scanned; OCR is turned off (VIIT_OCR=0))"]
