"""Scanned paper: a letter in Estonian rendered to images and to an image-only PDF, read by
Tesseract, indexed, and cited with its page by `viit ask --json`.

The OCR runs are slow-marked (seconds a page); what happens without Tesseract is quick.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import ocr
from ingest.model import SECTION_OCR, ReadError
from ingest.readers import read_bytes

ROOT = Path(__file__).resolve().parents[1]
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SHARED = ROOT.parent / "shared" / "samples"

PAGE_1 = [
    "Kalevipoja Kool",
    "Kooli tn 5, 93812 Kuressaare",
    "",
    "Saaremaa Vallavalitsus",
    "Tallinna mnt 10, Kuressaare",
    "",
    "Teie 02.04.2025 nr 7-1/118",
    "Meie 09.04.2025 nr 1-9/25",
    "",
    "Vastus teabenõudele",
    "",
    "Lugupeetud vallavanem",
    "",
    "Täname Teid pöördumise eest. Kool vastab",
    "küsimustele järgmisel lehel.",
]
PAGE_2 = [
    "Tuletõrjeõppus toimub kolmapäeval,",
    "14. mail 2025 kell 10.00 kooli spordisaalis.",
    "Õppusel osalevad kõik õpilased ja õpetajad.",
    "Evakuatsiooni juhib päästeameti",
    "vanemkomissar Jüri Mägi.",
    "",
    "Lugupidamisega",
    "Õie Tamm, direktor",
]


def page_image(lines: list[str]):
    """An A4 page at 200 dpi, black text on white, as a scanner would give it."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    y = 200
    for line in lines:
        draw.text((180, y), line, fill=0, font=font)
        y += 62
    return image


def scanned_pdf(pages: list[list[str]]) -> bytes:
    images = [page_image(lines).convert("RGB") for lines in pages]
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def png(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    page_image(lines).save(buffer, "PNG")
    return buffer.getvalue()


needs_tesseract = pytest.mark.skipif(
    ocr.unavailable() is not None and os.environ.get("VIIT_OCR", "1") != "0",
    reason="tesseract with est+eng data not installed",
)


# --------------------------------------------------------------------------- without OCR


def test_missing_tesseract_is_a_one_line_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIIT_OCR", raising=False)
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    ocr._tesseract.cache_clear()
    try:
        pdf = (SHARED / "pdf" / "imagemagick-images.pdf").read_bytes()
        with pytest.raises(ReadError) as info:
            read_bytes(pdf, "scan.pdf")
        assert str(info.value) == (
            "image-only PDF: no text layer (needs OCR; OCR not available: tesseract is not "
            "installed (Debian: apt-get install tesseract-ocr))"
        )
        with pytest.raises(ReadError, match=r"^image \(a scan\?\) not read: OCR not available"):
            read_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png")
        assert ocr.describe() == "ocr unavailable"
    finally:
        ocr._tesseract.cache_clear()


@pytest.mark.parametrize("value", ["0", "off", "no", "false"])
def test_ocr_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("VIIT_OCR", value)
    assert ocr.unavailable() == "OCR is turned off (VIIT_OCR=0)"
    assert ocr.describe() == "ocr off"


# --------------------------------------------------------------------------- with OCR


@pytest.mark.slow
@needs_tesseract
def test_scanned_pdf_pages_are_read_with_their_numbers(monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("VIIT_OCR", raising=False)
    data = scanned_pdf([PAGE_1, PAGE_2])
    with ocr.cache_in(tmp_path / "ocr"):
        doc = read_bytes(data, "vastus.pdf")
    assert [(s.kind, s.page) for s in doc.sections] == [(SECTION_OCR, 1), (SECTION_OCR, 2)]
    assert "Vastus teabenõudele" in doc.sections[0].text
    assert "14. mail 2025 kell 10.00" in doc.sections[1].text
    assert "Jüri Mägi" in doc.sections[1].text
    assert doc.warnings == ["scanned page(s) 1-2: text read by OCR, may hold errors"]
    # a second read takes both pages from the cache: Tesseract is not run again
    monkeypatch.setattr(ocr, "_run", lambda image: pytest.fail("OCR ran twice"))
    with ocr.cache_in(tmp_path / "ocr"):
        assert read_bytes(data, "other name.pdf").text == doc.text


@pytest.mark.slow
@needs_tesseract
def test_image_files_and_multipage_tiff(monkeypatch) -> None:
    monkeypatch.delenv("VIIT_OCR", raising=False)
    doc = read_bytes(png(PAGE_2), "skaneering.png")
    assert doc.format == "image" and doc.sections[0].kind == SECTION_OCR
    assert "Tuletõrjeõppus toimub kolmapäeval" in doc.text
    buffer = io.BytesIO()
    first, second = page_image(PAGE_1), page_image(PAGE_2)
    first.save(buffer, "TIFF", save_all=True, append_images=[second], compression="tiff_lzw")
    tiff = read_bytes(buffer.getvalue(), "kiri.tif")
    assert [s.page for s in tiff.sections] == [1, 2]
    assert "Jüri Mägi" in tiff.sections[1].text
    with pytest.raises(ReadError, match="OCR found no text"):
        from PIL import Image

        blank = io.BytesIO()
        Image.new("L", (600, 800), 255).save(blank, "JPEG")
        read_bytes(blank.getvalue(), "tühi.jpg")


@pytest.mark.slow
@needs_tesseract
def test_scanned_letter_is_answered_with_its_page(tmp_path) -> None:
    reg = tmp_path / "register"
    reg.mkdir()
    (reg / "vastus teabenõudele.pdf").write_bytes(scanned_pdf([PAGE_1, PAGE_2]))
    (reg / "muu.txt").write_text("Eelarve kinnitati märtsis.\n", encoding="utf-8")
    idx = tmp_path / "index"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VIIT_OCR": "0"}
    env.pop("VIIT_LLM_URL", None)

    def viit(*args: object, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "viit_cli", *map(str, args)], capture_output=True,
            text=True, cwd=ROOT, env={**env, **extra}, timeout=900, check=False,
        )  # fmt: skip

    # OCR off: the scan is refused with that reason ...
    off = viit("index", reg, "--index", idx)
    assert off.returncode == 0, off.stderr
    assert (
        "vastus teabenõudele.pdf: image-only PDF: no text layer (needs OCR; OCR is turned off"
        in off.stdout
    )
    # ... and read as soon as OCR is on, although the file did not change
    on = viit("index", reg, "--index", idx, VIIT_OCR="1")
    assert on.returncode == 0, on.stderr
    assert "scanned page(s) 1-2: text read by OCR" in on.stdout
    assert len(list((idx / "cache" / "ocr").rglob("*.txt"))) == 2  # one per page
    answer = viit("ask", "Kes juhib õppusel evakuatsiooni?", "--index", idx, "--json", "--no-llm")
    assert answer.returncode == 0, answer.stderr
    citations = json.loads(answer.stdout)["citations"]
    cited = [(c["file"], c["page"]) for c in citations]
    assert ("vastus teabenõudele.pdf", 2) in cited, cited
    quote = next(c["quote"] for c in citations if c["page"] == 2)
    assert any(line and line in quote for line in PAGE_2), quote  # quoted from page 2
