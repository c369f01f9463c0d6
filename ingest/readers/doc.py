"""Old binary Word documents (.doc, Word 97-2003 and earlier) with antiword.

No maintained Python library reads the binary Word format, so the Debian tools do:
antiword (text in reading order, tables as rows, UTF-8 output) and catdoc when antiword
refuses a file (Word 6/95 variants, fast-saved files). Both read from a temporary file
and are given a time limit; what they write to stderr becomes the reason.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy

TIMEOUT = 120
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TOOLS = (
    ("antiword", ["-m", "UTF-8.txt", "-w", "0"]),
    ("catdoc", ["-d", "utf-8", "-w"]),
)


def read(data: bytes, name: str) -> Document:
    if not data.startswith(_OLE_MAGIC):
        raise ReadError("not a Word .doc file (no OLE2 header)")
    if not any(shutil.which(tool) for tool, _ in _TOOLS):
        raise ReadError(
            "old Word .doc not read: antiword is not installed (apt-get install antiword)"
        )
    errors: list[str] = []
    with tempfile.TemporaryDirectory(prefix="viit-doc-") as tmp:
        src = Path(tmp) / "in.doc"
        src.write_bytes(data)
        for tool, args in _TOOLS:
            exe = shutil.which(tool)
            if exe is None:
                continue
            try:
                result = subprocess.run(
                    [exe, *args, str(src)], capture_output=True, timeout=TIMEOUT, check=False
                )
            except subprocess.TimeoutExpired:
                errors.append(f"{tool}: no result in {TIMEOUT} s")
                continue
            text = tidy(result.stdout.decode("utf-8", "replace"))
            if result.returncode == 0 and text:
                doc = Document(name=name, format="doc")
                doc.sections = [Section(text=text, kind=SECTION_BODY)]
                doc.title = first_line_title(text)
                if errors:
                    doc.warnings.append(f"read with {tool} ({'; '.join(errors)})")
                return doc
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            errors.append(f"{tool}: {message[-1] if message else 'no text'}")
    reason = "; ".join(errors)
    if "encrypt" in reason.lower() or "password" in reason.lower():
        raise ReadError(f"encrypted Word .doc (password required): {reason}")
    raise ReadError(f"old Word .doc could not be read: {reason}")
