"""File readers (PDF, e-mail, Outlook, ASiC-E, DOCX) on real files and built hard cases.

Real samples live in ../shared (read-only, also present in CI). Every sample file in
samples/pdf and samples/email has an expected outcome below, so a new sample cannot be
added without deciding what the reader must do with it.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

import docx
import pytest

from ingest.model import SECTION_BODY, SECTION_PAGE, Document, ReadError
from ingest.readers import asice, read_bytes, read_path
from ingest.readers import pdf as pdf_reader
from ingest.readers._clean import join_hyphenated, tidy

SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "samples"
REGISTER = SAMPLES / "register"
ASICE_FILE = REGISTER / "8-22262 20.03.2024 Väljaminev kiri.asice"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples not present")


def sample(*parts: str) -> Path:
    return SAMPLES.joinpath(*parts)


def assert_reason(path_or_bytes: Path | bytes, name: str | None, *fragments: str) -> str:
    """Reading must fail with a one-line reason containing every fragment."""
    with pytest.raises(ReadError) as info:
        if isinstance(path_or_bytes, Path):
            read_path(path_or_bytes)
        else:
            assert name is not None
            read_bytes(path_or_bytes, name)
    reason = str(info.value)
    assert "\n" not in reason
    for fragment in fragments:
        assert fragment in reason
    return reason


def assert_citable(doc: Document) -> None:
    """Section text is final: normalised once, so any quote of it is an exact substring."""
    for section in doc.sections:
        assert section.text == tidy(section.text)
        assert "\ufb01" not in section.text and "\u00ad" not in section.text
    assert doc.text == "\n\n".join(s.text for s in doc.sections)


# --------------------------------------------------------------------------- all samples

PDF_EXPECTED = {
    "pdflatex-4-pages.pdf": "ok",
    "multicolumn.pdf": "ok",
    "zen_of_python_corrupted.pdf": "ok",  # pypdf recovers the whole text
    "libreoffice-writer-password.pdf": "encrypted PDF (password required)",
    # with OCR off (the quick layer); tests/test_readers_ocr.py reads it with OCR on
    "imagemagick-images.pdf": (
        "image-only PDF: no text layer (needs OCR; OCR is turned off (VIIT_OCR=0))"
    ),
}
EMAIL_EXPECTED = {
    "attachment_nonascii_filename.eml": "ok",
    "attachment_pdf.eml": "ok",
    "bad_date_header.eml": "ok",
    "japanese_shift_jis.eml": "ok",
    "missing_body.eml": "ok",
}


@pytest.mark.parametrize(("folder", "expected"), [("pdf", PDF_EXPECTED), ("email", EMAIL_EXPECTED)])
def test_every_sample_has_an_outcome(
    folder: str, expected: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIIT_OCR", "0")
    files = {p.name for p in sample(folder).iterdir() if not p.name.startswith("LICENSE")}
    assert files == set(expected)
    for file_name, outcome in expected.items():
        if outcome == "ok":
            doc = read_path(sample(folder, file_name))
            assert doc.text.strip()
            assert_citable(doc)
        else:
            assert assert_reason(sample(folder, file_name), None) == outcome


# --------------------------------------------------------------------------- PDF


def test_pdf_four_pages_numbered() -> None:
    doc = read_path(sample("pdf", "pdflatex-4-pages.pdf"))
    assert doc.format == "pdf"
    assert [s.page for s in doc.sections] == [1, 2, 3, 4]
    assert all(s.kind == SECTION_PAGE for s in doc.sections)
    assert doc.sections[0].text.startswith("Hello, here is some text without a meaning.")
    assert doc.title


def test_pdf_multicolumn_reads_column_by_column() -> None:
    doc = read_path(sample("pdf", "multicolumn.pdf"))
    page1 = doc.sections[0].text
    assert doc.title == "Two-Column Document with Lorem Ipsum"
    # line-end hyphenation undone and ligatures spelt out, so words can be found
    assert "Lorem ipsum dolor sit amet, consectetuer adipiscing elit." in page1
    assert "two columns filled" in page1
    # left column before right column; no line mixes the two (layout mode would put
    # "Abstract" beside the right column's "pellentesque ante.")
    assert "Abstract\nThis is a sample document with two columns filled\n" in page1
    assert page1.index("Nam dui ligula") < page1.index("Fusce mauris")
    assert [s.page for s in doc.sections] == [1, 2, 3]


def test_pdf_register_decision() -> None:
    doc = read_path(REGISTER / "julg.pdf")
    assert "13.02.2029" in doc.text
    assert doc.sections[0].page == 1
    assert doc.title == "OTSUS"


def test_pdf_corrupted_sample_recovers_text() -> None:
    doc = read_path(sample("pdf", "zen_of_python_corrupted.pdf"))
    assert "Beautiful is better than ugly.\nExplicit is better than implicit." in doc.text
    assert [s.page for s in doc.sections] == [1]
    assert doc.title == "zen_of_python.txt"  # the PDF's own metadata title


def test_library_noise_stays_off_the_console() -> None:
    """pypdf and extract-msg log font and structure notes; an app that configures logging
    (or none) must not print them. Run apart, as pytest hooks every logger itself."""
    script = (
        "import logging, sys, warnings\n"
        "logging.basicConfig(level=logging.DEBUG)\n"
        "warnings.simplefilter('default')\n"
        "from pathlib import Path\n"
        "from ingest.readers import read_path\n"
        "for p in sys.argv[1:]:\n"
        "    read_path(Path(p))\n"
    )
    files = [sample("pdf", "zen_of_python_corrupted.pdf"), REGISTER / "Vastus.msg"]
    result = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    noisy = [line for line in result.stderr.splitlines() if "pypdf" in line or "msg" in line]
    assert noisy == []
    assert "fontTools" not in result.stderr


def test_pdf_password_and_image_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIIT_OCR", "0")
    assert_reason(sample("pdf", "libreoffice-writer-password.pdf"), None, "encrypted PDF")
    reason = assert_reason(sample("pdf", "imagemagick-images.pdf"), None)
    assert reason == PDF_EXPECTED["imagemagick-images.pdf"]


def test_pdf_damaged_xref_is_repaired_with_warning() -> None:
    data = sample("pdf", "pdflatex-4-pages.pdf").read_bytes()
    start = data.rindex(b"startxref")
    damaged = data[:start] + b"startxref\n999\n%%EOF\n"
    doc = read_bytes(damaged, "damaged.pdf")
    assert [s.page for s in doc.sections] == [1, 2, 3, 4]
    assert any("damaged PDF" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty file"),
        (bytes(range(256)) * 40, "corrupted PDF: no PDF header"),
        (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "corrupted PDF"),
    ],
)
def test_pdf_rejects_non_pdf(data: bytes, fragment: str) -> None:
    assert_reason(data, "x.pdf", fragment)


def test_pdf_truncated_is_corrupted() -> None:
    data = sample("pdf", "pdflatex-4-pages.pdf").read_bytes()
    assert_reason(data[: len(data) // 2], "half.pdf", "corrupted PDF")


def test_join_hyphenated_keeps_real_hyphens() -> None:
    assert join_hyphenated("adip-\niscing elit") == "adipiscing elit"
    assert join_hyphenated("soft\u00ad\nhyphen") == "softhyphen"
    for kept in ("Regionaal-\nja Põllumajandus", "Erg-\nScacchetti", "§-\ns 2", "e-\nkiri"):
        assert join_hyphenated(kept) == kept


# --------------------------------------------------------------------------- e-mail


def test_eml_register_letter_latin1() -> None:
    doc = read_path(REGISTER / "ekiri.eml")
    assert doc.format == "eml"
    assert doc.letter is not None
    assert doc.letter.subject == "NK protokollid"
    assert doc.letter.sender == "Kristel Kivikas <kristel.kivikas@cr14.ee>"
    assert doc.letter.sent == dt.datetime(2024, 8, 27, 16, 2, 56, tzinfo=doc.letter.sent.tzinfo)
    assert doc.letter.sent.utcoffset() == dt.timedelta(hours=3)
    assert doc.letter.attachments == []  # the inline signature logo is not an attachment
    assert [s.kind for s in doc.sections] == [SECTION_BODY]
    text = doc.text
    assert text.startswith("Saatja: Kristel Kivikas <kristel.kivikas@cr14.ee>\n")
    assert "Saadetud: 27.08.2024 16:02" in text
    assert "Teema: NK protokollid" in text
    assert "Ak piirangut" in text
    assert "Tähelepanu! Tegemist on välisvõrgust saabunud kirjaga." in text
    assert "\n\n\n" not in text
    assert_citable(doc)


def test_eml_pdf_attachment_sample_is_truncated_but_mail_reads() -> None:
    doc = read_path(sample("email", "attachment_pdf.eml"))
    assert doc.letter is not None
    assert doc.letter.subject == "Another PDF with 🎉 Unicode chars in it 🍿"
    assert doc.letter.attachments == ["broken.pdf"]
    assert "Just attaching another PDF" in doc.text
    # the attached file is cut off after 1 KB in the sample: a warning, not a failure
    assert doc.parts == []
    assert any("broken.pdf" in w and "corrupted PDF" in w for w in doc.warnings)


def test_eml_pdf_attachment_becomes_part_with_pages() -> None:
    pdf = sample("pdf", "pdflatex-4-pages.pdf").read_bytes()
    msg = EmailMessage()
    msg["From"] = "Mari Maasikas <mari@example.ee>"
    msg["To"] = "info@example.ee, Jüri <jyri@example.ee>"
    msg["Cc"] = "Koopia Saaja <cc@example.ee>"
    msg["Subject"] = "Määrus ülevaatamiseks"
    msg["Date"] = "Tue, 05 Mar 2024 09:15:00 +0200"
    msg.set_content("Tere,\n\nlisatud määruse eelnõu.\n")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename="Määrus ülevaade.pdf")
    doc = read_bytes(msg.as_bytes(), "kiri.eml")
    assert doc.letter is not None
    assert doc.letter.attachments == ["Määrus ülevaade.pdf"]
    assert doc.letter.recipients == ["info@example.ee", "Jüri <jyri@example.ee>"]
    assert doc.letter.cc == ["Koopia Saaja <cc@example.ee>"]
    (part,) = doc.parts
    assert part.name == "Määrus ülevaade.pdf" and part.format == "pdf"
    assert [s.page for s in part.sections] == [1, 2, 3, 4]
    assert "Hello, here is some text" in part.text
    lines = doc.text.split("\n")
    assert lines[:6] == [
        "Saatja: Mari Maasikas <mari@example.ee>",
        "Saadetud: 05.03.2024 09:15",
        "Adressaat: info@example.ee; Jüri <jyri@example.ee>",
        "Koopia: Koopia Saaja <cc@example.ee>",
        "Teema: Määrus ülevaatamiseks",
        "Manused: Määrus ülevaade.pdf",
    ]
    assert "lisatud määruse eelnõu." in doc.text


def test_eml_nonascii_attachment_name() -> None:
    doc = read_path(sample("email", "attachment_nonascii_filename.eml"))
    assert doc.letter is not None
    assert doc.letter.attachments == ["ciële.txt"]
    assert [p.name for p in doc.parts] == ["ciële.txt"]
    assert "Hi there." in doc.parts[0].text
    assert "This is the first part." in doc.text


def test_eml_encoded_word_attachment_name() -> None:
    raw = (
        b"From: a@example.ee\r\nSubject: =?utf-8?q?K=C3=BCsimus?=\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSisu\r\n"
        b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b'Content-Disposition: attachment; filename="=?utf-8?b?w5xsZXZhYXRlLnR4dA==?="\r\n'
        b"\r\nLisa tekst\r\n--b--\r\n"
    )
    doc = read_bytes(raw, "x.eml")
    assert doc.letter is not None and doc.letter.subject == "Küsimus"
    assert doc.letter.attachments == ["Ülevaate.txt"]


def test_eml_raw_8bit_headers_and_flowed_text() -> None:
    """Unencoded Estonian in headers (UTF-8 or Windows-1252) and format=flowed bodies."""
    raw = (
        b"From: J\xfcri Tamm <j@example.ee>\r\nSubject: M\xe4\xe4rus\r\n"
        b"To: =?utf-8?q?K=C3=BClli?= <k@example.ee>,\r\n L\xc3\xa4\xc3\xa4ne <l@example.ee>\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n"
        b"See on pikk rida, mis \r\nj\xc3\xa4tkub siin.\r\n"
        b"--b\r\nContent-Type: text/plain\r\n"
        b'Content-Disposition: attachment; filename="Otsus \xf5ige.txt"\r\n\r\nTekst\r\n--b--\r\n'
    )
    doc = read_bytes(raw, "x.eml")
    assert doc.letter is not None
    assert doc.letter.sender == "Jüri Tamm <j@example.ee>"
    assert doc.letter.subject == "Määrus"
    assert doc.letter.recipients == ["Külli <k@example.ee>", "Lääne <l@example.ee>"]
    assert doc.letter.attachments == ["Otsus õige.txt"]
    assert "See on pikk rida, mis jätkub siin." in doc.text


def test_eml_bad_date_header() -> None:
    doc = read_path(sample("email", "bad_date_header.eml"))
    assert doc.letter is not None and doc.letter.sent is None
    assert any("Date" in w for w in doc.warnings)
    assert "Saadetud:" not in doc.text
    assert "Teema: You may_be Eligible" in doc.text


def test_eml_missing_body_keeps_headers() -> None:
    doc = read_path(sample("email", "missing_body.eml"))
    assert doc.letter is not None and doc.letter.subject == "REDACTED"
    assert doc.text.split("\n")[0] == "Saatja: SCS_2 <redacted@attglobal.net>"
    assert doc.text.endswith("Teema: REDACTED")


def test_eml_shift_jis() -> None:
    doc = read_path(sample("email", "japanese_shift_jis.eml"))
    assert "このメールはテスト用のメールです。" in doc.text
    assert not doc.warnings


def test_eml_unknown_charset_is_guessed_with_warning() -> None:
    body = "Põhjendus: õigusakti täitmine ja ühtlustamine. " * 5
    raw = (
        b"From: a@example.ee\r\nSubject: x\r\nDate: Mon, 1 Jan 2024 10:00:00 +0200\r\n"
        b"Content-Type: text/plain; charset=x-no-such-charset\r\n\r\n" + body.encode("utf-8")
    )
    doc = read_bytes(raw, "x.eml")
    assert "õigusakti täitmine" in doc.text
    assert any("unknown charset" in w for w in doc.warnings)


def test_eml_html_only_body_and_utf8_mislabelled_latin1() -> None:
    html = "<html><head><style>p{}</style></head><body><p>Tere&nbsp;<b>Mari</b>!</p>"
    html += "<div>Otsus on tehtud õigesti.<br>Lugupidamisega</div></body></html>"
    raw = (
        b"From: a@example.ee\r\nSubject: x\r\n"
        b"Content-Type: text/html; charset=iso-8859-1\r\n\r\n" + html.encode("utf-8")
    )
    doc = read_bytes(raw, "x.eml")
    body = doc.text.split("\n\n", 1)[1]
    assert body == "Tere Mari!\nOtsus on tehtud õigesti.\nLugupidamisega"
    assert doc.warnings == ["text/html body: declared charset 'iso-8859-1' but text is UTF-8"]


def test_eml_rejects_non_mail() -> None:
    assert_reason(bytes(range(256)) * 4, "x.eml", "not an e-mail")


# --------------------------------------------------------------------------- Outlook


def test_msg_register_letter() -> None:
    doc = read_path(REGISTER / "Vastus.msg")
    assert doc.format == "msg"
    assert doc.letter is not None
    assert doc.letter.subject == "FW: palun registreerida kiri"
    assert doc.letter.sender == "MKM info"
    assert doc.letter.recipients == ["MKM info"]
    assert doc.letter.sent is not None
    assert doc.letter.sent.astimezone(dt.UTC) == dt.datetime(2024, 3, 21, 10, 6, 59, tzinfo=dt.UTC)
    assert doc.letter.attachments == []  # three inline pictures, none attached
    assert doc.text.startswith("Saatja: MKM info\nSaadetud: 21.03.2024 12:06\n")
    assert "Kliimaministeerium" in doc.text
    assert_citable(doc)


def test_msg_rejects_damaged() -> None:
    data = (REGISTER / "Vastus.msg").read_bytes()
    assert_reason(data[:5000], "x.msg", "corrupted .msg file")
    assert_reason(b"not an ole file at all", "x.msg", "not an Outlook .msg file")


# --------------------------------------------------------------------------- ASiC-E


def test_asice_register_container() -> None:
    doc = read_path(ASICE_FILE)
    assert doc.format == "asice"
    assert doc.sections == []
    (part,) = doc.parts
    assert "määruse" in part.name and part.name.endswith(".pdf")
    assert "Kuressaare" in part.text
    assert doc.title == Path(part.name).stem


def _zip(members: dict[str, bytes], *, utf8_flag: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", b"application/vnd.etsi.asic-e+zip", zipfile.ZIP_STORED)
        for name, content in members.items():
            z.writestr(name, content)
    data = buffer.getvalue()
    if not utf8_flag:  # as some signing tools write: UTF-8 names, flag bit 11 unset
        data = _clear_utf8_flag(data)
    return data


def _clear_utf8_flag(data: bytes) -> bytes:
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = out.find(signature)
        while pos != -1:
            out[pos + offset + 1] &= ~0x08 & 0xFF  # flag bit 11 = bit 3 of the high byte
            pos = out.find(signature, pos + 4)
    return bytes(out)


def test_asice_repairs_unflagged_utf8_names() -> None:
    pdf = sample("pdf", "pdflatex-4-pages.pdf").read_bytes()
    data = _zip({"Õiend ja määrus.pdf": pdf, "META-INF/signatures0.xml": b"<x/>"}, utf8_flag=False)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "Õiend ja määrus.pdf" not in z.namelist()  # Python alone reads cp437 mojibake
    doc = read_bytes(data, "konteiner.bdoc")
    assert [p.name for p in doc.parts] == ["Õiend ja määrus.pdf"]
    assert doc.title == "Õiend ja määrus"


def test_asice_bad_inner_file_is_a_warning_when_others_read() -> None:
    pdf = sample("pdf", "pdflatex-4-pages.pdf").read_bytes()
    data = _zip({"a.pdf": pdf, "b.pdf": b"%PDF-1.4 broken"})
    doc = read_bytes(data, "x.asice")
    assert [p.name for p in doc.parts] == ["a.pdf"]
    assert any("'b.pdf'" in w and "corrupted PDF" in w for w in doc.warnings)


def test_asice_rejections() -> None:
    assert_reason(b"PK\x03\x04 not really a zip", "x.asice", "corrupted container")
    whole = ASICE_FILE.read_bytes()
    assert_reason(whole[: len(whole) // 2], "x.asice", "corrupted container")
    assert_reason(_zip({"META-INF/signatures0.xml": b"<x/>"}), "x.asice", "no documents")
    reason = assert_reason(_zip({"scan.pdf": b"%PDF-1.4 broken"}), "x.asice")
    assert reason.startswith("no readable documents in container: 'scan.pdf': corrupted PDF")


def test_asice_zip_bomb_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(asice, "MAX_TOTAL_BYTES", 1024 * 1024)
    data = _zip({"pomm.txt": b"0" * (2 * 1024 * 1024)})
    assert len(data) < 20_000
    assert_reason(data, "pomm.asice", "zip bomb")


# --------------------------------------------------------------------------- DOCX


def _docx(tmp_path: Path) -> Path:
    word = docx.Document()
    word.add_heading("Otsus nr 5", level=1)
    word.add_paragraph("Esimene lõik Kuressaare haigla kohta.")
    table = word.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [["Nimi", "Kuupäev", "Viit"], ["Kiri", "01.02.2024", "5-1/54-1"], ["Lisa", "", ""]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(2, 1).merge(table.cell(2, 2)).text = "vt kiri"
    word.add_heading("Põhjendus", level=2)
    word.add_paragraph("Viimane lõik.")
    outer = word.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "Kooskõlastajad"
    inner = outer.cell(0, 1).add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "Justiitsministeerium"
    inner.cell(1, 0).text = "Sotsiaalministeerium"
    path = tmp_path / "otsus.docx"
    word.save(str(path))
    return path


def test_docx_paragraphs_tables_headings(tmp_path: Path) -> None:
    doc = read_path(_docx(tmp_path))
    assert doc.format == "docx"
    assert doc.title == "Otsus nr 5"
    assert [s.kind for s in doc.sections] == [SECTION_BODY]
    assert doc.text == (
        "Otsus nr 5\n"
        "Esimene lõik Kuressaare haigla kohta.\n\n"
        "Nimi; Kuupäev; Viit\n"
        "Kiri; 01.02.2024; 5-1/54-1\n"
        "Lisa; vt kiri\n\n"
        "Põhjendus\n"
        "Viimane lõik.\n\n"
        "Kooskõlastajad; Justiitsministeerium Sotsiaalministeerium"
    )


def test_docx_rejections() -> None:
    assert_reason(b"garbage that is not a zip", "x.docx", "corrupted DOCX")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert_reason(ole, "x.docx", "encrypted DOCX")
    assert_reason(_zip({"a.txt": b"x"}), "x.docx", "corrupted DOCX")


def test_pdf_reader_direct_empty_bytes() -> None:
    with pytest.raises(ReadError, match="corrupted PDF"):
        pdf_reader.read(b"", "x.pdf")
