"""Containers (ASiC-E/BDOC, ASiC-S, DDOC), e-mail saved as text, office formats (ODT, ODS,
XLSX, RTF, DOC, TNEF), XML data files and the dispatcher's routing: one test per kind,
with fixtures made here by the formats' own libraries (the .doc is a real file, see
tests/fixtures/README.md). OCR stays off in this quick layer."""

from __future__ import annotations

import base64
import io
import struct
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from ingest.model import SECTION_BODY, ReadError
from ingest.readers import MAX_DEPTH, Unsupported, read_bytes, read_path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LETTER = "Tallinna Linnavalitsus teatab: ehitusluba nr 1234 on väljastatud. Õue töö jätkub."


@pytest.fixture(autouse=True)
def _no_ocr(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIIT_OCR", "0")


def _sample_pdf() -> bytes:
    return (SAMPLES / "pdf" / "pdflatex-4-pages.pdf").read_bytes()


# --------------------------------------------------------------------------- containers


def asic(members: dict[str, bytes], mimetype: bytes = b"application/vnd.etsi.asic-e+zip") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", mimetype, zipfile.ZIP_STORED)
        for name, content in members.items():
            z.writestr(name, content)
    return buffer.getvalue()


XML_DATA = (
    "<?xml version='1.0' encoding='UTF-8'?>\n<taotlus xmlns='urn:x'><Pealkiri>Ehitusloa "
    "taotlus</Pealkiri><Sisu>Palun väljastada ehitusluba Kuressaare haigla juurdeehitusele."
    "</Sisu></taotlus>"
).encode()
SIGNATURE = (
    b"<?xml version='1.0'?><XAdESSignatures><Signature>MIIB...</Signature></XAdESSignatures>"
)


def test_container_with_only_an_xml_data_file_reads_it() -> None:
    data = asic({"taotlus.xml": XML_DATA, "META-INF/signatures0.xml": SIGNATURE,
                 "META-INF/manifest.xml": b"<manifest/>"})  # fmt: skip
    doc = read_bytes(data, "taotlus.asice")
    (part,) = doc.parts
    assert part.name == "taotlus.xml" and part.format == "xml"
    assert "Pealkiri: Ehitusloa taotlus" in part.text
    assert "Kuressaare haigla juurdeehitusele" in part.text
    assert "MIIB" not in part.text and doc.warnings == []


@pytest.mark.parametrize("name", ["x.bdoc", "x.asice", "x.sce", "x.edoc"])
def test_container_keeps_xml_beside_pdf_and_names_what_it_cannot_read(name: str) -> None:
    data = asic({"kiri.pdf": _sample_pdf(), "lisa.xml": XML_DATA, "pilt.bmp": b"BM...",
                 "META-INF/signatures0.xml": SIGNATURE})  # fmt: skip
    doc = read_bytes(data, name)
    assert doc.format == "asice"
    assert [p.name for p in doc.parts] == ["kiri.pdf", "lisa.xml"]
    assert doc.warnings == ["not read: 'pilt.bmp': unsupported file type '.bmp'"]


def ddoc(files: list[tuple[str, str, bytes, str]]) -> bytes:
    """A DigiDoc 1.3 container: (Filename, MimeType, content, ContentType) per data file."""
    parts = []
    for n, (name, mime, content, kind) in enumerate(files):
        body = (
            base64.encodebytes(content).decode() if kind == "EMBEDDED_BASE64" else content.decode()
        )
        parts.append(
            f'<DataFile ContentType="{kind}" Filename="{name}" Id="D{n}" MimeType="{mime}" '
            f'Size="{len(content)}">{body}</DataFile>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<SignedDoc format="DIGIDOC-XML" version="1.3" xmlns="http://www.sk.ee/DigiDoc/v1.3.0#">'
        + "".join(parts)
        + '<Signature Id="S0"><SignedInfo>...</SignedInfo><SignatureValue>QUJD</SignatureValue>'
        "</Signature></SignedDoc>"
    ).encode()


def test_ddoc_data_files_are_decoded_and_read() -> None:
    data = ddoc([
        ("otsus.pdf", "application/pdf", _sample_pdf(), "EMBEDDED_BASE64"),
        ("kiri", "text/plain", LETTER.encode(), "EMBEDDED_BASE64"),  # no extension: by type
        ("märkus.txt", "text/plain", "Märkus tekstina.".encode(), "EMBEDDED"),
    ])  # fmt: skip
    doc = read_bytes(data, "otsus.ddoc")
    assert doc.format == "ddoc"
    assert [p.name for p in doc.parts] == ["otsus.pdf", "kiri.txt", "märkus.txt"]
    assert [s.page for s in doc.parts[0].sections] == [1, 2, 3, 4]
    assert "ehitusluba nr 1234" in doc.parts[1].text
    assert doc.parts[2].text == "Märkus tekstina."
    assert doc.title == "otsus"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<SignedDoc/>", "DigiDoc container holds no data files"),
        (b"<Other/>", "not a DigiDoc container"),
        (b"<SignedDoc", "not well-formed XML"),
        (
            ddoc([("a.pdf", "application/pdf", b"", "DETACHED")]),
            "no readable documents in container: 'a.pdf': detached data file",
        ),
        (
            b'<SignedDoc><DataFile Filename="a.txt" ContentType="EMBEDDED_BASE64">@@@'
            b"</DataFile></SignedDoc>",
            "'a.txt': damaged Base64 content",
        ),
    ],
)
def test_ddoc_refusals_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        read_bytes(data, "x.ddoc")


def test_asics_holding_a_ddoc_is_read_through() -> None:
    inner = ddoc([("vana otsus.txt", "text/plain", LETTER.encode(), "EMBEDDED_BASE64")])
    data = asic(
        {"vana otsus.ddoc": inner, "META-INF/timestamp.tst": b"\x30\x82\x01\x00"},
        mimetype=b"application/vnd.etsi.asic-s+zip",
    )
    doc = read_bytes(data, "vana otsus.asics")
    assert doc.format == "asics"
    (ddoc_part,) = doc.parts
    assert ddoc_part.format == "ddoc"
    assert "ehitusluba nr 1234" in ddoc_part.parts[0].text


def test_nesting_stops_at_the_depth_limit() -> None:
    data = LETTER.encode()
    name = "kiri.txt"
    for level in range(MAX_DEPTH + 1):
        data, name = asic({name: data}), f"tase{level}.asice"
    with pytest.raises(ReadError, match=f"nested more than {MAX_DEPTH} containers deep"):
        read_bytes(data, name)
    ok = asic({"kiri.txt": LETTER.encode()})
    assert read_bytes(asic({"a.asice": ok}), "b.asice").parts[0].parts[0].text == LETTER


# --------------------------------------------------------------------------- e-mail as text


def _mime_message() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Mari Maasikas <mari@example.ee>"
    msg["To"] = "info@tallinn.ee"
    msg["Subject"] = "Ehitusloa küsimus"
    msg["Date"] = "Wed, 20 Mar 2024 10:00:00 +0200"
    msg.set_content(LETTER, cte="quoted-printable")
    msg.add_attachment(LETTER.encode("utf-8"), maintype="text", subtype="plain",
                       filename="lisa.txt", cte="base64")  # fmt: skip
    return msg.as_bytes()


@pytest.mark.parametrize("name", ["kiri.txt", "KIRI.TXT", "kiri"])
def test_mime_message_saved_as_text_is_read_as_email(name: str) -> None:
    data = _mime_message()
    assert b"=C3=B5" in data or b"=C3=A4" in data  # the body really is quoted-printable
    doc = read_bytes(data, name)
    assert doc.format == "eml"
    assert doc.letter.subject == "Ehitusloa küsimus"
    assert LETTER in doc.text and "=C3" not in doc.text
    assert [p.name for p in doc.parts] == ["lisa.txt"] and doc.parts[0].text == LETTER


@pytest.mark.parametrize(
    "text",
    [
        "From: Mari\nTo: Jaan\nSubject: Kiri\n\nTere!",  # a letter typed with headers
        "Saatja: Mari\nTeema: Kiri\n\nTere!",
        "| Viit | 5-1/54-1 |\n|---|---|\n| Pealkiri | Kiri |",
    ],
)
def test_text_that_is_no_saved_message_stays_text(text: str) -> None:
    assert read_bytes(text.encode(), "kiri.txt").format == "txt"


def test_obsolete_header_syntax_is_email() -> None:
    data = (
        b"From  : Mari Maasikas <mari@example.ee>\r\nTo  : info@tallinn.ee\r\n"
        b"Subject  : Vana kiri\r\nDate  : 20 Mar 94 10:00 +0200\r\n\r\nSisu.\r\n"
    )
    doc = read_bytes(data, "vana.eml")
    assert doc.letter.sender == "Mari Maasikas <mari@example.ee>"
    assert doc.letter.subject == "Vana kiri"
    assert doc.text.endswith("Sisu.")


# --------------------------------------------------------------------------- office


def test_odt_headings_paragraphs_tables() -> None:
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, P

    odt = OpenDocumentText()
    odt.text.addElement(H(outlinelevel=1, text="Otsus nr 5"))
    odt.text.addElement(P(text="Esimene lõik Kuressaare haigla kohta."))
    table = Table(name="Tabel1")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    for row_values in (["Nimi", "Viit"], ["Kiri", "5-1/54-1"]):
        row = TableRow()
        for value in row_values:
            cell = TableCell()
            cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    odt.text.addElement(table)
    buffer = io.BytesIO()
    odt.write(buffer)
    doc = read_bytes(buffer.getvalue(), "otsus.odt")
    assert doc.format == "odt" and doc.title == "Otsus nr 5"
    assert doc.text == (
        "Otsus nr 5\nEsimene lõik Kuressaare haigla kohta.\n\nNimi; Viit\nKiri; 5-1/54-1"
    )


def test_ods_sheets_rows_and_repeats() -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    ods = OpenDocumentSpreadsheet()
    for sheet_name, rows in (("Eelarve", [["Kulu", "Summa"], ["Remont", "1500"]]),
                             ("Tühi", [])):  # fmt: skip
        sheet = Table(name=sheet_name)
        for values in rows:
            row = TableRow()
            for value in values:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=value))
                row.addElement(cell)
            row.addElement(TableCell(numbercolumnsrepeated=1000))  # empty tail
            sheet.addElement(row)
        sheet.addElement(TableRow(numberrowsrepeated=1048000))  # the unused rows
        ods.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    ods.write(buffer)
    doc = read_bytes(buffer.getvalue(), "eelarve.ods")
    assert doc.text == "Eelarve\n\nKulu; Summa\nRemont; 1500"


def test_xlsx_sheets_values_dates() -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(["Viit", "Kuupäev", "Pealkiri", "Summa"])
    sheet.append(["5-1/54-1", dt.datetime(2024, 3, 20), "Ehitusloa taotlus", 1500.0])
    sheet.append([None, None, None, None])
    book.create_sheet("Teine").append(["Märkus", "õige"])
    buffer = io.BytesIO()
    book.save(buffer)
    doc = read_bytes(buffer.getvalue(), "register.xlsx")
    assert [s.text for s in doc.sections] == [
        "Register\nViit; Kuupäev; Pealkiri; Summa\n5-1/54-1; 20.03.2024; Ehitusloa taotlus; 1500",
        "Teine\nMärkus; õige",
    ]


RTF = (
    rb"{\rtf1\ansi\ansicpg1257\deff0{\fonttbl{\f0 Times New Roman;}}"
    rb"\pard Tallinna linnavalitsus: ehitusluba v\'e4ljastatud, \'f5ue t\'f6\'f6d.\par "
    rb"Teine rida \u352?ampoon.\par}"
)


@pytest.mark.parametrize("name", ["otsus.rtf", "otsus.doc"])  # Word saves RTF as .doc too
def test_rtf_code_page_and_unicode(name: str) -> None:
    doc = read_bytes(RTF, name)
    assert doc.format == "rtf"
    assert doc.text == (
        "Tallinna linnavalitsus: ehitusluba väljastatud, õue tööd.\nTeine rida Šampoon."
    )


def test_word97_doc() -> None:
    doc = read_path(FIXTURES / "word97.doc")
    assert doc.format == "doc"
    assert doc.text == "Test OLE file, saved as Word 97-2003 Document."
    as_docx = read_bytes((FIXTURES / "word97.doc").read_bytes(), "misnamed.docx")
    assert as_docx.text == doc.text  # a .doc saved under .docx is still read


def tnef(subject: str, body: str, attachments: list[tuple[str, bytes]]) -> bytes:
    """A winmail.dat: TNEF attributes (level, id, type, length, data, checksum)."""

    def attr(level: int, name: int, kind: int, data: bytes) -> bytes:
        return (
            struct.pack("<BHHI", level, name, kind, len(data))
            + data
            + struct.pack("<H", sum(data) & 0xFFFF)
        )

    out = struct.pack("<IH", 0x223E9F78, 1)
    out += attr(1, 0x9006, 8, struct.pack("<I", 0x10000))  # TNEF version
    out += attr(1, 0x9007, 6, struct.pack("<II", 1252, 0))  # OEM code page
    out += attr(1, 0x8004, 1, subject.encode("cp1252") + b"\0")
    out += attr(1, 0x800C, 2, body.encode("cp1252") + b"\0")
    for name, data in attachments:
        out += attr(2, 0x9002, 6, b"\x01\x00\xff\xff\xff\xff" + b"\0" * 8)  # starts one
        out += attr(2, 0x8010, 1, name.encode("cp1252") + b"\0")
        out += attr(2, 0x800F, 6, data)
    return out


def test_tnef_winmail_dat_body_and_attachments() -> None:
    data = tnef("Ehitusluba", "Tere! Manuses on otsus ja märkus.", [
        ("otsus.pdf", _sample_pdf()), ("märkus.txt", LETTER.encode("utf-8")),
    ])  # fmt: skip
    for name in ("winmail.dat", "WINMAIL.DAT", "manus.bin"):
        if name == "manus.bin":
            with pytest.raises(Unsupported):
                read_bytes(data, name)
            continue
        doc = read_bytes(data, name)
        assert doc.format == "tnef" and doc.title == "Ehitusluba"
        assert doc.text == "Tere! Manuses on otsus ja märkus."
        assert [p.name for p in doc.parts] == ["otsus.pdf", "märkus.txt"]
        assert doc.parts[1].text == LETTER


def test_tnef_inside_an_email_is_opened() -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "a@b.ee", "c@d.ee", "Outlooki kiri"
    msg.set_content("Vt manust.")
    winmail = tnef("S", "Sisu tekst.", [("lisa.txt", LETTER.encode())])
    msg.add_attachment(winmail, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    doc = read_bytes(msg.as_bytes(), "kiri.eml")
    (winmail,) = doc.parts
    assert winmail.format == "tnef" and winmail.parts[0].text == LETTER


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"PK\x03\x04 broken", "x.odt", "corrupted OpenDocument"),
        (b"garbage", "x.xlsx", "corrupted XLSX"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "x.xlsx", "encrypted workbook"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "x.doc",
            "old Word .doc could not be read",
        ),
        (b"plain text, not a Word file", "x.doc", "not a Word .doc file"),
        (b"\x78\x9f\x3e\x22\x01\x00\x01", "winmail.dat", "TNEF"),
        (b"\x00\x01binary", "README", "no file extension, and not text"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png", "OCR is turned off"),
        (b"anything", "x.xyz", "unsupported file type '.xyz'"),
    ],
)
def test_refusals_say_why(data: bytes, name: str, reason: str) -> None:
    with pytest.raises(ReadError, match=reason.replace(".", r"\.").replace("(", r"\(")):
        read_bytes(data, name)


def test_extensionless_text_is_read() -> None:
    doc = read_bytes("Tähtis märkus registrile.\n".encode(), "README")
    assert doc.text == "Tähtis märkus registrile." and doc.sections[0].kind == SECTION_BODY
