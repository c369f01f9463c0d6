"""Generic XML (.xml): a data file (often the signed document inside a container, or a
structured export) read as the text of its elements, one line per element with text.

No schema is assumed, so nothing is lost: each line is ``tag: text`` for a leaf element
(the tag names a field, as in ``<Pealkiri>Otsus</Pealkiri>``) and the bare text for
mixed content. The parser never loads external entities or DTDs (hostile files).
"""

from __future__ import annotations

from lxml import etree

from ingest.model import SECTION_BODY, Document, ReadError, Section
from ingest.readers._clean import first_line_title, tidy

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False
)


def parse(data: bytes) -> etree._Element:
    """The document's root element; raises ReadError for what is not well-formed XML."""
    try:
        return etree.fromstring(data, parser=_PARSER)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"not well-formed XML: {exc}") from exc


def local(tag: object) -> str:
    """An element's name without its namespace ('' for comments and processing
    instructions)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def read(data: bytes, name: str) -> Document:
    root = parse(data)
    lines: list[str] = []
    for element in root.iter():
        tag = local(element.tag)
        if not tag:
            continue
        own = " ".join((element.text or "").split())
        if own:
            leaf = len(element) == 0
            lines.append(f"{tag}: {own}" if leaf and len(own) < 200 else own)
        for child in element:
            tail = " ".join((child.tail or "").split())
            if tail:
                lines.append(tail)
    text = tidy("\n".join(lines))
    doc = Document(name=name, format="xml")
    if text:
        doc.sections = [Section(text=text, kind=SECTION_BODY)]
        doc.title = first_line_title(text)
    return doc
