"""Excel workbooks (.xlsx, .xlsm) with openpyxl: each sheet one section of row lines.

A row becomes one line with its non-empty cells joined by "; " (as tables in the other
readers), headed by the sheet's name. Values are the ones Excel last computed (formulas
are not re-evaluated); dates are written the Estonian way (dd.mm.yyyy). Workbooks can
be vast, so reading stops at :data:`MAX_CELLS` with a warning.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from ingest.fields import format_date
from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy

MAX_CELLS = 1_000_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read(data: bytes, name: str) -> Document:
    # openpyxl warns about every workbook feature it drops ("Data Validation extension is
    # not supported"); staff cannot act on it, and the text is read all the same
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read(data, name)


def _read(data: bytes, name: str) -> Document:
    if data.startswith(_OLE_MAGIC):
        raise ReadError("encrypted workbook (password required) or old binary .xls file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ReadError(f"corrupted XLSX: {exc}") from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReadError(f"XLSX expands beyond {MAX_UNPACKED_BYTES // (1024 * 1024)} MiB")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"corrupted XLSX: {exc}") from exc
    doc = Document(name=name, format="xlsx")
    budget = MAX_CELLS
    try:
        for sheet in book.worksheets:
            lines: list[str] = []
            for row in sheet.iter_rows(values_only=True):
                budget -= len(row)
                if budget < 0:
                    break
                cells = [_cell(v) for v in row]
                line = "; ".join(c for c in cells if c)
                if line:
                    lines.append(line)
            text = tidy("\n".join(lines))
            if text:
                doc.sections.append(Section(text=f"{sheet.title}\n{text}", kind=SECTION_BODY))
            if budget < 0:
                doc.warnings.append(f"workbook larger than {MAX_CELLS} cells: the rest not read")
                break
        title = (book.properties.title or "").strip() if book.properties else ""
    finally:
        book.close()
    doc.title = title or (first_line_title(doc.sections[0].text) if doc.sections else None)
    return doc


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):  # datetimes too: with their time where they have one
        return format_date(value, with_time=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())
