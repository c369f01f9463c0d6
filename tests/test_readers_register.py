"""Register readers (text export, HTML entry pages, JSON records) on the shared real files,
plus the malformed inputs staff will drop into the register folder."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from index.access import in_force
from ingest.fields import (
    REF_RE,
    build_entry,
    canonical_field,
    parse_date,
    parse_datetime,
    parse_letter_headers,
    parse_restriction_note,
)
from ingest.model import SECTION_BODY, SECTION_METADATA, SECTION_RELATED, ReadError
from ingest.readers import read_bytes, read_path

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
REGISTER = SHARED / "samples" / "register"


def section(doc, kind):
    (found,) = [s for s in doc.sections if s.kind == kind]
    return found.text


# --------------------------------------------------------------------------- seed 000


@pytest.fixture(scope="module")
def export():
    return read_path(SEEDS / "000_f2f91bb77c0c7eec.txt")


def test_export_metadata_fields(export):
    e = export.entry
    assert e.ref == "5-1/54-1"
    assert e.registered == dt.date(2023, 11, 10)
    assert e.synced == dt.date(2025, 12, 5)
    assert e.doc_type == "Sissetulev kiri"
    assert e.function == "5 EL otsustusprotsess ja rahvusvaheline koostöö"
    assert e.series == "5-1 Euroopa Liidu otsustusprotsessi dokumendid (AV)"
    assert e.file == "5-1/2023"
    assert e.access.level == "Avalik"
    assert e.access.basis is None
    assert not e.access.restricted
    assert e.addressee == "ECPAT International"
    assert e.channel == "ECPAT International"
    assert e.responsible == (
        "Barbara Haage (kantsleri juhtimisala, sisejulgeoleku asekantsleri valdkond, "
        "korrakaitse- ja kriminaalpoliitika osakond)"
    )
    assert e.organisation == "Siseministeerium"
    assert e.title is None  # the export has no Pealkiri; the document title is the subject
    assert export.title == (
        "CSAR: 80+Child Rights Orgs Urge EU leaders Not to Step Back in Protecting Children Online"
    )
    assert export.format == "txt"
    assert export.warnings == []


def test_export_letter(export):
    letter = export.letter
    assert letter.sender == "Isaline Wittorski <[email protected]>"
    assert letter.sent == dt.datetime(2023, 11, 9, 18, 3)
    assert letter.recipients == ["SiM info <[email protected]>"]
    assert letter.cc == []
    assert letter.subject == export.title
    assert letter.attachments == [f"image00{n}.png" for n in range(1, 9)]


def test_export_related_table(export):
    related = export.entry.related
    assert len(related) == 13
    first, second, third = related[:3]
    assert (first.ref, first.restricted) == ("2-2/1068-2", True)
    assert (second.ref, second.restricted) == ("2-2/1068-1", True)
    assert first.title == "Vastus pöördumisele"
    assert first.date == dt.date(2025, 12, 9)
    assert first.days_before_sync == 1
    assert first.doc_type == "Väljaminev kiri"
    assert first.org == "sisemin"
    assert first.parties == "P. R."
    assert third.ref == "5-1/50-2"
    assert third.date == dt.date(2023, 11, 2)
    assert third.days_before_sync == 764
    assert third.parties == (
        "Senior Director for European Government and Regulatory Affairs David Frautschy"
    )
    assert not any(r.restricted for r in related[2:])
    last = related[-1]
    assert (last.ref, last.date, last.days_before_sync) == ("5-1/29-1", dt.date(2022, 5, 26), 1289)
    assert last.parties.startswith("Politsei- ja Piirivalveamet, Kaitsepolitseiamet")
    assert last.parties.endswith("Riigi Infosüsteemi Amet")


def test_export_sections(export):
    assert [s.kind for s in export.sections] == [SECTION_METADATA, SECTION_BODY, SECTION_RELATED]
    meta = section(export, SECTION_METADATA)
    assert "Viit: 5-1/54-1" in meta.splitlines()
    assert "Registreeritud: 10.11.2023" in meta.splitlines()
    assert "Vastutaja: Barbara Haage (kantsleri juhtimisala," in meta
    # access lives only in entry.access, so lifting a restriction changes no text
    assert "Juurdepääsupiirang" not in meta and "Avalik" not in meta
    assert "Ava uues aknas" not in meta  # a link label, not data

    body = section(export, SECTION_BODY)
    assert body.startswith(
        "Saatja: Isaline Wittorski <[email protected]>\nSaadetud: 09.11.2023 18:03\n"
    )
    assert "Teema: CSAR: 80+Child Rights Orgs" in body
    assert "we saw a drop of 58% in reporting" in body
    assert body.rstrip().endswith("For more information visit us at:")
    assert "| Nimi |" not in body

    rel = section(export, SECTION_RELATED)
    assert "|" not in rel
    assert rel.splitlines()[1] == (
        "Seotud dokument 5-1/50-1 (Sissetulev kiri, 18.10.2023): MEPs and Internet Society open "
        "letter - Support for strong end-to-end encryption. Osapooled: Senior Director for "
        "European Government and Regulatory Affairs David Frautschy."
    )
    assert len(rel.splitlines()) == 11
    # restricted rows stay in entry.related only
    assert "2-2/1068" not in rel and "Vastus pöördumisele" not in rel
    assert "Selgitustaotlus" not in export.text


# --------------------------------------------------------------------------- seed 001


@pytest.fixture(scope="module")
def letter_doc():
    return read_path(SEEDS / "001_57d17f6c24bc326f.txt")


def test_letter_headers(letter_doc):
    letter = letter_doc.letter
    assert letter_doc.entry is None
    assert letter.sender == "Isaline Wittorski <isalinew@ecpat.org>"
    assert letter.sent == dt.datetime(2024, 7, 1, 14, 24)
    assert letter.recipients == [
        "SiM info <info@siseministeerium.ee>",
        "<kaja.kallas@riigikantselei.ee>",
        "<gerit.maesalu@riigikantselei.ee>",
        "<permrep.eu@mfa.ee>",
        "<aivo.orav@mfa.ee>",
    ]
    assert letter.cc == [
        "Barbara Haage <barbara.haage@siseministeerium.ee>",
        "<Anni.Aleksandrov@mfa.ee>",
        "<lesli.hommik@mfa.ee>",
        "<birgit.paal@mfa.ee>",
    ]
    assert letter.subject == "Urgent: Stop the Child Sexual Abuse Crisis"
    assert letter_doc.title == "Urgent: Stop the Child Sexual Abuse Crisis"
    assert len(letter.attachments) == 8
    assert letter.attachments[0] == "Outlook-2ow2wxh2.png"
    assert "Outlook-Icon_Linke.png" in letter.attachments  # rejoined across the line break
    assert letter.attachments[-1] == "Outlook-eeqrq25.png"


def test_letter_body_is_clean_text(letter_doc):
    (body,) = letter_doc.sections
    assert body.kind == SECTION_BODY
    assert body.text.startswith("Saatja: Isaline Wittorski <isalinew@ecpat.org>\n")
    assert "**" not in body.text and "](#)" not in body.text
    assert "found 20,254 AI-generated images on just one dark web forum" in body.text
    assert "That's 3 images or videos of child sexual abuse being shared online every second" in (
        body.text
    )
    assert "Legislation Advocacy Group (ECLAG) is a coalition" in body.text
    assert "ECLAG Steering Group*" in body.text  # a lone footnote star is text, not markup
    assert "\n\n\n" not in body.text


# --------------------------------------------------------------------------- HTML pages


def test_adr_entry_page():
    doc = read_path(REGISTER / "som_document_18270648.html")
    e = doc.entry
    assert e.ref == "5.1-2/3233-1"
    assert e.registered == dt.date(2025, 12, 23)
    assert e.doc_type == "Sissetulev kiri"
    assert e.title == doc.title == "Pöördumine"
    assert e.function == "5.1 Tervisekaitse, haiguste ennetamise ja tervise edendamise korraldamine"
    assert e.series.startswith("5.1-2 Tervisekaitse ja tervisliku elukeskkonna")
    assert e.file == "5.1-2/2025"
    assert e.access.level == "Avalik" and not e.access.restricted
    assert e.sender_ref == "8-2/10302"
    assert e.addressee == "Justiits- ja Digiministeerium"
    assert e.channel == "DVK"
    assert e.responsible == (
        "Anniki Lai (Sotsiaalministeerium, Kantsleri vastutusvaldkond, "
        "Terviseala asekantsleri vastutusvaldkond)"
    )
    assert e.deadline == dt.date(2026, 1, 22)
    assert e.files == ["8-210302 23.12.2025 Väljaminev kiri.asice"]
    assert e.related == []
    meta = section(doc, SECTION_METADATA)
    assert "Lahendamise tähtaeg: 22.01.2026" in meta.splitlines()
    assert "Registreerimise kpv: 23.12.2025" in meta.splitlines()
    assert "Juurdepääsupiirang" not in meta


def test_adr_page_with_search_form():
    doc = read_path(REGISTER / "doc_page.html")
    e = doc.entry
    assert e.ref == "2-1/2801"
    assert e.registered == dt.date(2024, 3, 19)
    assert e.title == "Vastus"
    assert e.doc_type == "Väljaminev kiri"
    assert "LEVIN" in e.addressee
    assert e.channel == "e-post"
    assert e.responsible.endswith("Justiitshalduspoliitika osakond, Kohtute talitus)")
    assert "\n" not in e.responsible
    assert e.extra == {"Välja saatmise kuupäev": "20.03.2024 08:19"}
    assert e.files == ["2-12801 19.03.2024 Väljaminev kiri.asice"]
    # the search form's labels (Teine osapool, Saatja viit, Juurdepääs ...) are not metadata
    assert e.sender_ref is None and e.deadline is None
    meta = section(doc, SECTION_METADATA)
    assert "Teine osapool" not in meta and "Otsingu" not in meta
    assert meta.splitlines()[0] == "Viit: 2-1/2801"
    (rel,) = e.related
    assert (rel.ref, rel.doc_type, rel.title, rel.relation) == (
        "2-1/2801",
        "Sissetulev kiri",
        "Teabenõue",
        "alusdokument",
    )
    assert section(doc, SECTION_RELATED) == (
        "Seotud dokument 2-1/2801 (Sissetulev kiri): Teabenõue. Seos: alusdokument."
    )


def test_tallinn_restricted_page():
    doc = read_path(REGISTER / "tallinn_document_5601037.html")
    e = doc.entry
    assert e.ref == "7-5/1401-2"
    assert e.registered == dt.date(2025, 5, 30)
    assert e.doc_type == "Väljasaadetud kiri"
    assert e.title == "Sotsiaalhoolekandelise abi otsus"
    assert e.organisation == "Lasnamäe Linnaosa Valitsus"
    assert e.sender == "Regina Truman (osakonna juhataja)"
    assert e.channel == "elektroonselt (läbi Postipoisi)"
    assert e.access.level == "Asutusesiseseks kasutamiseks"
    assert e.access.restricted is True
    assert e.access.basis == "AvTS § 35 lg 1 p 12"
    assert e.access.start == dt.date(2025, 5, 30)
    assert e.access.end == dt.date(2100, 5, 30)
    assert in_force(e.access.restricted, e.access.end, dt.date(2026, 1, 1))
    assert e.extra == {"ID": "254630", "Lisainfo": "Isik:O.Z."}
    meta = section(doc, SECTION_METADATA)
    assert "Reg nr: 7-5/1401-2" in meta.splitlines()
    assert "AvTS" not in doc.text and "Asutusesiseseks" not in doc.text
    # the page's own item in "Dokumendid samas küsimuses" is not a related document
    (rel,) = e.related
    assert (rel.date, rel.doc_type, rel.relation, rel.ref) == (
        dt.date(2025, 3, 21),
        "Saabunud kiri",
        "samas küsimuses",
        None,
    )
    assert "Jaanuar" not in doc.text and "Kiirotsing" not in doc.text  # calendar, search box


def test_html_without_entry_is_plain_text():
    page = (
        b"<html><head><title>Teadaanne</title><style>p{color:red}</style></head><body>"
        b"<nav>Avaleht | Otsing</nav><h1>Vastuv\xc3\xb5tuaeg</h1>"
        b"<p>Vastuv\xc3\xb5tt toimub <b>esmasp\xc3\xa4eviti</b>.<br>Palun registreeru.</p>"
        b"<table><tr><th>P\xc3\xa4ev</th><td>E</td></tr></table>"
        b"<script>var x = 1;</script><footer>\xc2\xa9 Amet</footer></body></html>"
    )
    doc = read_bytes(page, "teade.html")
    assert doc.entry is None
    assert doc.title == "Teadaanne"
    assert (
        doc.text == "Vastuvõtuaeg\n\nVastuvõtt toimub esmaspäeviti.\nPalun registreeru.\n\nPäev E"
    )


@pytest.mark.parametrize(
    "body",
    [
        "<dl><dt>Reg nr</dt><dd>1-2/3-4</dd><dt>Reg kpv</dt><dd>01.02.2024</dd>"
        "<dt>Pealkiri</dt><dd>Taotlus</dd><dt>Juurdepääsupiirang</dt><dd>AK</dd>"
        "<dt>Juurdepääsu lõpu kpv</dt><dd>01.02.2029</dd><dt>Menetlusosa</dt><dd>II</dd></dl>",
        "<ul><li>Reg nr: 1-2/3-4</li><li>Reg kpv: 01.02.2024</li><li>Pealkiri: Taotlus</li>"
        "<li>Juurdepääsupiirang: AK</li><li>Juurdepääsu lõpu kpv: 01.02.2029</li></ul>",
    ],
)
def test_other_entry_page_layouts(body):
    doc = read_bytes(f"<html><body><h1>Dokument</h1>{body}</body></html>".encode(), "e.html")
    e = doc.entry
    assert (e.ref, e.registered, e.title) == ("1-2/3-4", dt.date(2024, 2, 1), "Taotlus")
    assert (e.access.level, e.access.end, e.access.restricted) == ("AK", dt.date(2029, 2, 1), True)
    assert section(doc, SECTION_METADATA).startswith("Reg nr: 1-2/3-4\nReg kpv: 01.02.2024")
    assert "AK" not in doc.text


def test_html_letter_mentioning_a_reference_is_not_an_entry():
    page = "<html><body><p>Viit: 2-1/2801</p><p>Lugupeetud härra, vastame teie kirjale.</p>"
    doc = read_bytes(f"{page}</body></html>".encode(), "kiri.html")
    assert doc.entry is None
    assert doc.text == "Viit: 2-1/2801\n\nLugupeetud härra, vastame teie kirjale."


def test_html_with_no_text_is_rejected():
    with pytest.raises(ReadError, match="no visible text"):
        read_bytes(b"<html><body><script>alert(1)</script></body></html>", "tyhi.html")


# --------------------------------------------------------------------------- JSON


def test_rmk_json_record():
    doc = read_path(REGISTER / "rmk_document_410948.json")
    e = doc.entry
    assert e.ref == "3-1.1/8419"  # doc_proc_marker/doc_number, no doc_reference
    assert e.title == doc.title == "20251812_A_DIV_StSiP_Piirsalu_LISA1"
    assert e.registered == dt.date(2025, 12, 22)
    assert e.doc_type == "Väljaminev kiri"
    assert e.series == "3-1.1 Metsahalduse / Maakasutuse alane kirjavahetus"
    assert e.addressee == "Kaitsevägi"
    assert e.channel == "e-post"
    assert e.access.level == "Asutusesiseseks kasutamiseks"
    assert e.access.restricted
    assert e.access.basis.startswith("AvTS § 35 lg 1 p 3 (1) Struktuuriüksuse koosseisu")
    assert e.access.basis.endswith("salastatud teabe kaitset")
    assert e.access.start == dt.date(2025, 12, 18)
    assert e.access.end == dt.date(2030, 12, 18)
    assert e.files == ["20251812_A_DIV_StSiP_Piirsalu_LISA1.pdf", "FW_ Piirsalu väljaõpeala.pdf"]
    assert e.extra["Allkirjastaja"] == "Margus Emberg"
    assert e.extra["Välja saatmise kuupäev"] == "22.12.2025"
    assert "id" not in e.extra and "ID" not in e.extra
    assert "AvTS" not in doc.text and "piirang" not in doc.text.casefold()
    assert "Viit: 3-1.1/8419" in section(doc, SECTION_METADATA).splitlines()


def test_json_list_gives_one_part_per_record():
    records = [
        {"doc_number": "12", "doc_proc_marker": "1-2", "doc_headline": "Esimene"},
        {"doc_reference": "2-3/4-1", "doc_number": "4", "doc_headline": "Teine"},
        {"note": "not a record"},
    ]
    doc = read_bytes(json.dumps({"data": records}).encode(), "list.json")
    assert [p.entry.ref for p in doc.parts] == ["1-2/12", "2-3/4-1"]
    assert [p.title for p in doc.parts] == ["Esimene", "Teine"]
    assert doc.entry is None


def test_json_record_keyed_by_register_labels():
    rec = {"Viit": "7-1/5", "Pealkiri": "Taotlus", "Juurdepääsupiirang": "AK kuni 01.01.2030"}
    doc = read_bytes(json.dumps([rec]).encode(), "labels.json")
    assert doc.entry.ref == "7-1/5" and doc.title == "Taotlus"
    assert doc.entry.access.level == "AK"
    assert doc.entry.access.end == dt.date(2030, 1, 1)
    assert doc.text == "Viit: 7-1/5\nPealkiri: Taotlus"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'{"data": {"doc_number": "1",', r"invalid JSON: .*line 1"),
        (b"\xff\xfe{", "invalid JSON: not UTF-8"),
        (b'{"status": false, "message": "Dokumenti ei leitud"}', "Dokumenti ei leitud"),
        (b"[1, 2, 3]", "not a register record"),
    ],
)
def test_json_rejected_with_reason(data, reason):
    with pytest.raises(ReadError, match=reason):
        read_bytes(data, "bad.json")


# --------------------------------------------------------------------------- malformed text

ESTONIAN = "Žürii otsus: šokolaad ja õunad jäävad. Töö lõpeb 10.11.2023.\n\nTeine lõik: Šotimaa."


def test_truncated_export_table_keeps_what_it_can():
    data = b"| Viit | 5-1/54-1 |\n| Liik | Sissetulev kiri |\n| Registreeritud | 10.1"
    doc = read_bytes(data, "katkine.txt")
    assert doc.entry.ref == "5-1/54-1"
    assert doc.entry.doc_type == "Sissetulev kiri"
    assert doc.entry.registered is None
    assert doc.entry.extra == {"Registreeritud": "10.1"}
    assert doc.warnings == ["'Registreeritud' is not a date: '10.1'"]


def test_export_with_heading_before_table():
    data = b"# Dokument\n\n| Viit | 7-1/5 |\n| Pealkiri | Taotlus |\n\nKirja sisu."
    doc = read_bytes(data, "heading.md")
    assert doc.entry.ref == "7-1/5" and doc.title == "Taotlus"
    assert section(doc, SECTION_BODY) == "# Dokument\n\nKirja sisu."


def test_markdown_table_that_is_no_register_table_stays_text():
    data = b"| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n"
    doc = read_bytes(data, "tabel.md")
    assert doc.entry is None and doc.warnings == []
    assert doc.text == data.decode().strip()


def test_export_table_without_reference_is_read_as_text():
    data = b"| Viit |\n| Liik | Sissetulev kiri |\n\nKirja sisu."
    doc = read_bytes(data, "segane.txt")
    assert doc.entry is None
    assert "metadata table has no reference (Viit); read as plain text" in doc.warnings
    assert doc.text.endswith("Kirja sisu.")


def test_empty_export_table_is_rejected():
    with pytest.raises(ReadError, match="no text in file"):
        read_bytes(b"| | |\n|---|---|\n| | |\n", "tyhi.txt")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_txt_is_rejected(data):
    with pytest.raises(ReadError, match="binary or unknown encoding"):
        read_bytes(data, "pilt.txt")


@pytest.mark.parametrize("encoding", ["cp1257", "iso8859_15", "cp1252", "utf-16", "utf-16-le"])
def test_legacy_and_utf16_text(encoding):
    doc = read_bytes(ESTONIAN.encode(encoding), "vana.txt")
    assert doc.text == ESTONIAN
    assert doc.title == "Žürii otsus: šokolaad ja õunad jäävad. Töö lõpeb 10.11.2023."
    assert [s.kind for s in doc.sections] == [SECTION_BODY]


def test_utf8_bom_and_crlf():
    doc = read_bytes(("\ufeff" + ESTONIAN.replace("\n", "\r\n")).encode(), "bom.md")
    assert doc.text == ESTONIAN
    assert doc.format == "md"


# --------------------------------------------------------------------------- fields helpers


def test_ref_re():
    text = "viited 5-1/54-1, 5.1-2/3233-1; 2-1/2801. 7-5/1401-2 🔒 ja 3-1.1/8419"
    assert REF_RE.findall(text) == [
        "5-1/54-1",
        "5.1-2/3233-1",
        "2-1/2801",
        "7-5/1401-2",
        "3-1.1/8419",
    ]
    assert REF_RE.findall("10.11.2023 24/7 1/2 2023-11-10 5-1/54-12a") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10.11.2023", dt.datetime(2023, 11, 10)),
        ("09.11.2023 18:03", dt.datetime(2023, 11, 9, 18, 3)),
        ("20.03.2024 08:19", dt.datetime(2024, 3, 20, 8, 19)),
        ("2023-11-10T18:03:00", dt.datetime(2023, 11, 10, 18, 3)),
        ("9. november 2023", dt.datetime(2023, 11, 9)),
        ("Thursday, November 9, 2023 6:03 PM", dt.datetime(2023, 11, 9, 18, 3)),
        ("31.02.2024", None),
        ("", None),
    ],
)
def test_parse_datetime(text, expected):
    assert parse_datetime(text) == expected


def test_label_synonyms():
    assert canonical_field("Reg nr") == canonical_field("Viit:") == "ref"
    assert canonical_field(" Registreerimise  kpv: ") == canonical_field("Reg kpv") == "registered"
    assert canonical_field("Juurdepääsu lõpu kpv") == "access.end"
    assert canonical_field("Saatja/saaja viit") == "sender_ref"
    assert canonical_field("Dokumendiregister") == canonical_field("Asutus") == "organisation"
    assert canonical_field("Lemmikvärv") is None


def test_build_entry_second_access_row_holds_basis():
    entry = build_entry(
        [
            ("Viit", "1-2/3"),
            ("Juurdepääsupiirang", "AK"),
            ("Juurdepääsupiirang", "AvTS § 35 lg 1 p 12; piirangu kehtivus: 01.02.2024-01.02.2029"),
            ("Lemmikvärv", "sinine"),
        ]
    )
    assert entry.access.level == "AK"
    assert entry.access.basis == "AvTS § 35 lg 1 p 12"
    assert (entry.access.start, entry.access.end) == (dt.date(2024, 2, 1), dt.date(2029, 2, 1))
    assert entry.extra == {"Lemmikvärv": "sinine"}
    assert build_entry([("Pealkiri", "Ilma viiteta")]) is None


def test_restriction_note():
    assert parse_restriction_note("AvTS § 35 lg 1 p 12 kuni 30.05.2100") == (
        "AvTS § 35 lg 1 p 12",
        None,
        dt.date(2100, 5, 30),
    )
    assert parse_date("piirangu kehtivus: 18.12.2025-18.12.2030") == dt.date(2025, 12, 18)


def test_english_letter_headers_one_per_line():
    text = (
        "From: John Smith <john@example.org>\nSent: Thursday, November 9, 2023 6:03 PM\n"
        "To: A <a@example.org>; B <b@example.org>\nSubject: Consultation reply,\n"
        "second part\nAttachments: reply.pdf\n\nDear colleagues,\nTo: this line is body."
    )
    headers = parse_letter_headers(text)
    letter = headers.letter
    assert letter.sender == "John Smith <john@example.org>"
    assert letter.sent == dt.datetime(2023, 11, 9, 18, 3)
    assert letter.recipients == ["A <a@example.org>", "B <b@example.org>"]
    assert letter.subject == "Consultation reply, second part"
    assert letter.attachments == ["reply.pdf"]
    assert text[headers.end :].strip() == "Dear colleagues,\nTo: this line is body."
    assert parse_letter_headers("Teema: üksik rida\n\nSisu") is None
